"""Control groups for sandboxes: finding a hierarchy, the layout, and every group removed.

The layout tests run anywhere, on a fake cgroup v2 tree that keeps v2's rule that a
group with processes hands no controller down; the others need a cgroup hierarchy this
process may write to, and say so when they skip.
"""

from __future__ import annotations

import errno
import os
import signal
import time
from pathlib import Path

import pytest

from grader.sandbox import Isolation, Limits, cgroups, launcher, open_session
from grader.sandbox.cgroups import Box, Boxes, CgroupError, Mount, find_tree, mounts, own_groups
from tests.adversarial.processes import eventually

HYBRID = """\
32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu,cpuacct
35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
44 23 0:40 / /work rw - ext4 /dev/vda rw
"""
HYBRID_GROUPS = "8:pids:/\n4:memory:/jobs/one\n1:cpu,cpuacct:/\n0::/\n"


def test_mounts_and_own_groups_are_read_from_proc() -> None:
    found = mounts(HYBRID)
    assert [(m.version, m.point) for m in found] == [
        (1, "/sys/fs/cgroup/cpu"), (1, "/sys/fs/cgroup/memory"), (1, "/sys/fs/cgroup/pids"),
        (2, "/sys/fs/cgroup/unified")]
    assert found[0].controllers == {"cpu"}
    assert own_groups(HYBRID_GROUPS) == {"pids": "/", "memory": "/jobs/one", "cpu": "/",
                                         "cpuacct": "/", "": "/"}


@pytest.mark.parametrize(("root", "group", "folder"), [
    ("/", "/", "/sys/fs/cgroup"),
    ("/", "/user.slice/a.scope", "/sys/fs/cgroup/user.slice/a.scope"),
    ("/docker/abc", "/docker/abc", "/sys/fs/cgroup"),  # a container sees only its own
    ("/docker/abc", "/docker/abc/x", "/sys/fs/cgroup/x"),
    ("/docker/abc", "/elsewhere", None),
])
def test_a_group_is_found_under_the_mount_that_shows_it(root: str, group: str,
                                                        folder: str | None) -> None:
    assert Mount(2, "/sys/fs/cgroup", root, frozenset()).folder(group) == folder


# ------------------------------------------------------------ a fake cgroup v2 tree


class FakeV2:
    """A folder that behaves like cgroup v2 for what the grader writes to it."""

    def __init__(self, root: Path, controllers: str = "cpu io memory pids") -> None:
        self.root = root
        self.group = root / "container"
        self.controllers = controllers
        self.real_mkdir = os.mkdir
        self.make(self.group, procs="101\n102\n")

    def mkdir(self, path: str | Path, mode: int = 0o777) -> None:
        if not str(path).startswith(str(self.root)):
            self.real_mkdir(path, mode)
        elif Path(path).exists():
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path))
        else:
            self.make(Path(path))

    def make(self, folder: Path, procs: str = "") -> None:
        self.real_mkdir(folder)
        for name, text in (("cgroup.controllers", self.controllers), ("cgroup.type", "domain"),
                           ("cgroup.subtree_control", ""), ("cgroup.procs", procs)):
            (folder / name).write_text(text)

    def mountinfo(self) -> str:
        return f"41 31 0:38 / {self.root} rw - cgroup2 cgroup2 rw\n"

    def write(self, path: str, text: str) -> None:
        target = Path(path)
        if target.name == "cgroup.subtree_control" and (target.parent / "cgroup.procs").read_text():
            raise OSError(errno.EBUSY, os.strerror(errno.EBUSY), path)
        if target.name == "cgroup.procs":  # a process moves: out of every other group
            for procs in self.root.rglob("cgroup.procs"):
                procs.write_text("".join(f"{p}\n" for p in procs.read_text().split()
                                         if p != text))
            text = (target.read_text() + text + "\n") if target.exists() else text
        target.write_text(text)


@pytest.fixture
def fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeV2:
    tree = FakeV2(tmp_path)
    monkeypatch.setattr(cgroups, "_write", tree.write)
    monkeypatch.setattr(os, "mkdir", tree.mkdir)
    return tree


def test_v2_moves_the_group_s_processes_into_a_leaf_then_hands_controllers_down(
        fake: FakeV2) -> None:
    tree = find_tree(mountinfo=fake.mountinfo(), cgroup="0::/container\n")
    group = fake.group
    assert (group / "grader-leaf" / "cgroup.procs").read_text().split() == ["101", "102"]
    assert (group / "cgroup.procs").read_text() == ""
    assert (group / "cgroup.subtree_control").read_text() == "+memory +pids +cpu"
    box = tree.create(512 * 2**20, 64)
    folder = Path(box.folders[0])
    assert folder.parent == group  # beside the leaf: a busy box weighs one process
    assert box.join_file == "cgroup.procs"
    assert {name: (folder / name).read_text() for name in
            ("memory.max", "memory.swap.max", "pids.max", "cpu.weight")} == {
        "memory.max": str(512 * 2**20), "memory.swap.max": "0", "pids.max": "64",
        "cpu.weight": "100"}
    assert "cgroup v2" in tree.describe_tree()


def test_a_later_zygote_of_the_same_grader_starts_from_the_leaf(fake: FakeV2) -> None:
    find_tree(mountinfo=fake.mountinfo(), cgroup="0::/container\n")
    tree = find_tree(mountinfo=fake.mountinfo(), cgroup="0::/container/grader-leaf\n")
    assert tree.groups == {"": str(fake.group)}
    assert not (fake.group / "grader-leaf" / "grader-leaf").exists()


def test_v2_without_the_controllers_says_which_and_where_they_are(fake: FakeV2) -> None:
    (fake.group / "cgroup.controllers").write_text("io")
    with pytest.raises(CgroupError, match="cgroup v2 offers no memory, pids, cpu controller at"):
        find_tree(mountinfo=fake.mountinfo(), cgroup="0::/container\n")
    info = fake.mountinfo() + "35 31 0:32 / /nowhere/memory rw - cgroup cgroup rw,memory\n"
    with pytest.raises(CgroupError, match=r"\(memory: bound to cgroup v1\)"):
        find_tree(mountinfo=info, cgroup="0::/container\n4:memory:/\n")


def test_no_cgroup_file_system_is_a_reason_too() -> None:
    with pytest.raises(CgroupError, match="no cgroup file system is mounted"):
        find_tree(mountinfo="44 23 0:40 / /work rw - ext4 /dev/vda rw\n", cgroup="0::/\n")


# --------------------------------------------------------------- the real kernel


def real_tree(required: tuple[str, ...] = cgroups.CONTROLLERS) -> cgroups.Tree:
    try:
        return find_tree(required)
    except CgroupError as exc:
        wanted = ", ".join(required) or "no controller"
        pytest.skip(f"no writable cgroup hierarchy with {wanted}: {exc}")


def leftovers(owner: int) -> list[str]:
    """Groups of zygote `owner` anywhere under /sys/fs/cgroup (others' graders may run)."""
    found = []
    for top, folders, _ in os.walk("/sys/fs/cgroup"):
        found += [f"{top}/{f}" for f in folders if f.startswith(f"grader-box-{owner}-")]
        folders[:] = [f for f in folders if not cgroups.BOX.fullmatch(f)]
    return found


def joined_sleeper(box: Box) -> int:
    """A process of this test moved into `box`, sleeping until it is killed."""
    ready_r, ready_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            box.join()
            os.write(ready_w, b"1")
            time.sleep(60)
        finally:
            os._exit(0)
    os.close(ready_w)
    assert os.read(ready_r, 1) == b"1"
    os.close(ready_r)
    return pid


@pytest.mark.parametrize("required", [cgroups.CONTROLLERS, ()], ids=["limits", "bare"])
def test_a_box_holds_its_processes_and_is_removed_once_they_are_killed(
        required: tuple[str, ...]) -> None:
    """`bare` asks for no controller, so it takes cgroup v2 wherever v2 is writable, even
    without controllers: the kernel's own way to kill a whole group is tried there."""
    tree = real_tree(required)
    box = tree.create(256 * 2**20, 16)
    pid = joined_sleeper(box)
    assert box.pids() == [pid]
    assert not box.remove()  # not while a process is in it
    box.kill()
    os.waitpid(pid, 0)
    assert box.remove()
    assert all(not os.path.exists(folder) for folder in box.folders)


def test_the_registry_finishes_off_a_keeper_s_leftovers_and_removes_the_box() -> None:
    tree = real_tree()
    boxes = Boxes()
    first, second = (tree.create(256 * 2**20, 16) for _ in range(2))
    keeper, orphan = joined_sleeper(first), joined_sleeper(first)
    nested = joined_sleeper(second)
    boxes.add(first, keeper)  # without namespaces: watched through its keeper
    boxes.add(second, None)  # with namespaces: removed once empty
    boxes.tidy()
    assert set(boxes.keepers) == {first, second}
    os.kill(keeper, signal.SIGKILL)
    os.waitpid(keeper, 0)
    boxes.ended({keeper})
    boxes.tidy()
    os.waitpid(orphan, 0)  # killed by the registry, not by this test
    os.kill(nested, signal.SIGKILL)
    os.waitpid(nested, 0)
    boxes.tidy()
    assert boxes.keepers == {} and boxes.ending == set()


def test_a_closing_zygote_kills_what_is_left_and_removes_every_group() -> None:
    tree = real_tree()
    boxes = Boxes()
    box = tree.create(256 * 2**20, 16)
    pid = joined_sleeper(box)
    boxes.add(box, None)
    boxes.close(0.2, lambda: set())
    os.waitpid(pid, 0)
    assert boxes.keepers == {} and not leftovers(tree.owner)


def test_groups_of_a_zygote_that_died_are_swept_at_the_next_start() -> None:
    tree = real_tree()
    dead = os.fork()
    if dead == 0:
        os._exit(0)
    os.waitpid(dead, 0)
    tree.owner = dead
    box = tree.create(256 * 2**20, 16)  # what the dead zygote left
    fresh = real_tree()
    assert fresh.sweep_stale() >= 1
    assert all(not os.path.exists(folder) for folder in box.folders)


# ------------------------------------------------------------- through sandboxes

ENDINGS = [(0, "import os\nif os.fork() == 0:\n    os.setsid()\n    while True:\n        pass"),
           (1, "while True:\n    pass"),  # times out: the sandbox is killed and made again
           (2, "import os\nos._exit(3)"),  # ends the process: made again
           (3, "alive = True")]  # so that a sandbox is open when the test looks


def test_no_group_outlives_its_sandbox_or_its_zygote() -> None:
    """Sandboxes that end every way (closed, timed out, crashed, with a process of their
    own left spinning) leave no group behind, nor does the zygote that made them."""
    zygote = launcher.Zygote()
    if zygote.isolation.limits != "per-submission":
        zygote.close()
        pytest.skip(f"no control group per sandbox here: {zygote.isolation.limits_reason}")
    previous = launcher.replace_shared(zygote)
    limits = Limits(cell_timeout_s=1, notebook_timeout_s=20, call_timeout_s=1)

    def ours() -> list[str]:
        return leftovers(zygote.proc.pid)

    try:
        for namespaces in (True, False):
            with open_session(limits, isolation=Isolation(namespaces=namespaces)) as session:
                session.run(ENDINGS, [])
                assert ours()
            assert eventually(lambda: not ours()), ours()
        with open_session(limits) as session:
            session.run(ENDINGS[:1], [])
            assert ours()
        zygote.close()  # with a sandbox still open: it ends with its zygote
        assert not ours()
    finally:
        launcher.replace_shared(previous)
        zygote.close()
