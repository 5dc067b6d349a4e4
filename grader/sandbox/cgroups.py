"""Kernel-enforced limits for a whole sandbox: one control group per submission.

Loaded by path in the zygote (see ``zygote.py``), like ``jail.py``: it must not import the
grader package, only the standard library.

Resource limits bound each process: four children of 1 GiB hold 4 GiB between them, and
200 busy processes take 200 shares of the CPU from a classmate graded at the same time.
A control group bounds what all of a submission's processes hold together
(``memory.max``, ``pids.max``) and gives every submission the CPU weight of one process
however many processes it runs. The rlimits stay too: they turn one process's runaway
allocation into a ``MemoryError`` rather than a kill, and they are all there is where no
group can be made.

Layout, in the group the zygote started in (or that group's parent, when an earlier
zygote of the same grader moved it into ``grader-leaf``)::

    GROUP/grader-leaf/          cgroup v2, only when GROUP held processes and is not the
                                root: they are moved here, because v2 hands controllers
                                down only from a group without processes
    GROUP/grader-box-Z-N/       sandbox N of zygote Z: its keeper, its student's process
                                and everything they start

The boxes sit right beside the grader's own processes (with v1, beside whatever else runs
in that group): a busy box weighs one process there, and an idle one nothing, as the
submission's process did before it had a group. Where the controllers are bound to
cgroup v1 hierarchies (a "hybrid" host), the boxes are made in each of the memory, pids
and cpu hierarchies, in this process's group there.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import signal
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

CONTROLLERS = ("memory", "pids", "cpu")
LEAF = "grader-leaf"
BOX = re.compile(r"grader-box-(\d+)-\d+")
# controller -> (file, value from memory bytes and process count, optional), per version.
# Every box gets the default CPU weight, that of one process.
SETTINGS = {
    2: {"memory": (("memory.max", "{memory}", False), ("memory.swap.max", "0", True)),
        "pids": (("pids.max", "{processes}", False),),
        "cpu": (("cpu.weight", "100", False),)},
    1: {"memory": (("memory.limit_in_bytes", "{memory}", False),
                   ("memory.memsw.limit_in_bytes", "{memory}", True)),
        "pids": (("pids.max", "{processes}", False),),
        "cpu": (("cpu.shares", "1024", False),)},
}


class CgroupError(Exception):
    """No group can be made, or one could not be set up; ``path`` says where."""

    def __init__(self, path: str, reason: str, message: str | None = None) -> None:
        super().__init__(message or f"{reason} at {path}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class Mount:
    """A mounted cgroup hierarchy, from ``/proc/self/mountinfo``."""

    version: int
    point: str
    root: str
    """The hierarchy's folder mounted there (not ``/`` when a container sees only its own)."""
    controllers: frozenset[str]
    """cgroup v1: the controllers this hierarchy carries (v2 lists them in a file)."""

    def folder(self, group: str) -> str | None:
        """Where ``group`` (a path from ``/proc/self/cgroup``) is, if under this mount."""
        root = self.root.rstrip("/")
        if group != root and not group.startswith(root + "/"):
            return None
        return os.path.normpath(self.point + "/" + group[len(root):])


def mounts(text: str) -> list[Mount]:
    """The cgroup mounts in a ``/proc/self/mountinfo`` text."""
    found = []
    for line in text.splitlines():
        left, _, right = line.partition(" - ")
        fields, tail = left.split(), right.split()
        if len(fields) < 5 or len(tail) < 3 or tail[0] not in ("cgroup", "cgroup2"):
            continue
        point, root = (_unescape(f) for f in (fields[4], fields[3]))
        carried = frozenset(tail[2].split(",")) & set(CONTROLLERS)
        found.append(Mount(2 if tail[0] == "cgroup2" else 1, point, root,
                           frozenset() if tail[0] == "cgroup2" else carried))
    return found


def own_groups(text: str) -> dict[str, str]:
    """Controller -> this process's group, from ``/proc/self/cgroup`` ("" is v2's)."""
    groups = {}
    for line in text.splitlines():
        parts = line.split(":", 2)
        if len(parts) == 3:
            for name in parts[1].split(",") if parts[1] else [""]:
                groups[name] = parts[2]
    return groups


def _unescape(text: str) -> str:
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), text)


def _read(path: str) -> str:
    with open(path) as file:
        return file.read()


def _write(path: str, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CLOEXEC)
    try:
        os.write(fd, text.encode())
    finally:
        os.close(fd)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass(frozen=True)
class Box:
    """One sandbox's group: a folder per hierarchy (one with cgroup v2)."""

    folders: tuple[str, ...]
    join_file: str = "cgroup.procs"
    """cgroup v1: ``tasks``, see ``join``."""

    def join(self) -> None:
        """Move the calling process into the group; what it starts from now on is in it.

        It must have one thread, as a fresh fork does. cgroup v1 can then move it as a
        thread (``tasks``), which skips the lock that moving a whole process takes: that
        lock waits for an RCU grace period, milliseconds on a busy machine, for every
        sandbox. cgroup v2 moves only whole processes of a domain group, and pays it.
        """
        for folder in self.folders:
            _write(f"{folder}/{self.join_file}", "0")

    def pids(self) -> list[int]:
        try:
            return [int(pid) for pid in _read(self.folders[0] + "/cgroup.procs").split()]
        except FileNotFoundError:
            return []

    def kill(self) -> None:
        """Kill every process in the group. Without cgroup v2's ``cgroup.kill`` (Linux
        5.14 on), which also catches processes forked meanwhile, one round of SIGKILL:
        whoever calls this again once those have died (their SIGCHLD) gets the rest,
        without waiting here."""
        with contextlib.suppress(OSError):
            _write(self.folders[0] + "/cgroup.kill", "1")
            return
        for pid in self.pids():
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)

    def remove(self) -> bool:
        """Remove the group if it holds no process any more; True once it is gone."""
        for folder in self.folders:
            try:
                os.rmdir(folder)
            except FileNotFoundError:
                pass
            except OSError:
                return False
        return True


class Tree:
    """Where one zygote makes its sandboxes' groups: a group per hierarchy (one with v2)."""

    def __init__(self, version: int, groups: dict[str, str],
                 required: tuple[str, ...]) -> None:
        self.version = version
        self.groups = groups
        """Controller ("" for all of cgroup v2) -> the group the boxes are made in."""
        self.required = required
        self.owner = os.getpid()
        self.made = 0

    def describe_tree(self) -> str:
        folders = ", ".join(sorted(set(self.groups.values())))
        return f"a cgroup v{self.version} group per sandbox under {folders}"

    def create(self, memory_bytes: int, processes: int) -> Box:
        """A new, empty group with the submission's limits."""
        self.made += 1
        name = f"grader-box-{self.owner}-{self.made}"
        box = self._box(name)
        values = {"memory": memory_bytes, "processes": processes}
        try:
            for folder in box.folders:
                os.mkdir(folder)
            for controller in self.required:
                folder = f"{self.groups['' if self.version == 2 else controller]}/{name}"
                for file, value, optional in SETTINGS[self.version][controller]:
                    try:
                        _write(f"{folder}/{file}", value.format(**values))
                    except FileNotFoundError:
                        if not optional:
                            raise
        except OSError as exc:
            box.remove()
            raise CgroupError(exc.filename or box.folders[0], exc.strerror or str(exc)) from None
        return box

    def sweep_stale(self) -> int:
        """Remove the groups of zygotes that died without removing them; how many."""
        names: set[str] = set()
        for group in set(self.groups.values()):
            with contextlib.suppress(OSError):
                names.update(os.listdir(group))
        removed = 0
        for name in sorted(names):
            match = BOX.fullmatch(name)
            if match and int(match.group(1)) != self.owner and not _alive(int(match.group(1))):
                removed += _kill_and_remove(self._box(name), 1.0)
        return removed

    def _box(self, name: str) -> Box:
        return Box(tuple(dict.fromkeys(f"{group}/{name}" for group in self.groups.values())),
                   "cgroup.procs" if self.version == 2 else "tasks")


class Boxes:
    """One zygote's open groups, each removed as soon as its sandbox has ended.

    Without namespaces a sandbox's keeper is the zygote's own child: when it ends, the
    group is *ending*: whatever is left in it is killed, again each time the zygote
    reaps one of those (they are its orphans now), until the group can go. With
    namespaces everything ends with the PID namespace, so the group goes once it is
    empty; it is never empty before that, because its first process joins before
    ``spawn`` returns. Nothing here waits: the zygote calls it between requests.
    """

    def __init__(self) -> None:
        self.keepers: dict[Box, int | None] = {}
        """Open box -> the keeper to wait for, or None: remove it once empty."""
        self.ending: set[Box] = set()

    def add(self, box: Box, keeper: int | None) -> None:
        self.keepers[box] = keeper

    def ended(self, pids: Iterable[int]) -> None:
        """These children of the zygote have ended: finish off their sandboxes."""
        gone = set(pids)
        for box, keeper in list(self.keepers.items()):
            if keeper in gone:
                del self.keepers[box]
                self.ending.add(box)

    def tidy(self) -> None:
        """Remove the groups whose sandboxes have ended."""
        for box, keeper in list(self.keepers.items()):
            if keeper is None and box.remove():
                del self.keepers[box]
        for box in list(self.ending):
            if box.remove():
                self.ending.discard(box)
            else:
                box.kill()

    def close(self, seconds: float, reap: Callable[[], set[int]]) -> None:
        """Wait up to ``seconds`` for the open sandboxes to end (their graders have
        gone), then kill what is left: no group outlives its zygote."""
        deadline = time.monotonic() + seconds
        while self.keepers and time.monotonic() < deadline:
            self.ended(reap())
            self.tidy()
            time.sleep(0.01)
        for box in [*self.keepers, *self.ending]:
            if _kill_and_remove(box, 1.0, reap):
                self.keepers.pop(box, None)
                self.ending.discard(box)


def _kill_and_remove(box: Box, seconds: float,
                     reap: Callable[[], set[int]] = lambda: set()) -> bool:
    """Kill what is in ``box`` until it can be removed, for up to ``seconds``."""
    deadline = time.monotonic() + seconds
    while not box.remove():
        if time.monotonic() > deadline:
            return False
        box.kill()
        reap()
        time.sleep(0.002)
    return True


# ------------------------------------------------------------------ finding a tree


def find_tree(required: tuple[str, ...] = CONTROLLERS, mountinfo: str | None = None,
              cgroup: str | None = None) -> Tree:
    """This process's tree for sandbox groups; CgroupError says why there is none.

    cgroup v2 first; then cgroup v1, whose controllers a hybrid host binds to separate
    hierarchies (they are then missing from v2). ``mountinfo`` and ``cgroup`` stand for
    ``/proc/self/mountinfo`` and ``/proc/self/cgroup`` (tests).
    """
    found = mounts(mountinfo if mountinfo is not None else _read("/proc/self/mountinfo"))
    own = own_groups(cgroup if cgroup is not None else _read("/proc/self/cgroup"))
    problems: list[CgroupError] = []
    for mount in (m for m in found if m.version == 2):
        try:
            return _unified(mount, own, required, found)
        except CgroupError as exc:
            problems.append(exc)
        except OSError as exc:
            problems.append(CgroupError(exc.filename or mount.point, exc.strerror or str(exc)))
    if required and any(m.version == 1 for m in found):  # v1 groups are per controller
        try:
            return _split(found, own, required)
        except CgroupError as exc:
            problems.append(exc)
        except OSError as exc:
            problems.append(CgroupError(exc.filename or "cgroup v1", exc.strerror or str(exc)))
    if not problems:
        raise CgroupError("/proc/self/mountinfo", "no cgroup file system is mounted",
                          "no cgroup file system is mounted")
    raise CgroupError(", ".join(p.path for p in problems), "; ".join(p.reason for p in problems),
                      "; ".join(map(str, problems)))


def _unified(mount: Mount, own: dict[str, str], required: tuple[str, ...],
             found: list[Mount]) -> Tree:
    group = mount.folder(own.get("", "")) if "" in own else None
    if group is None:
        raise CgroupError(mount.point, "this process's cgroup v2 group is not under the mount")
    if os.path.basename(group) == LEAF:
        group = os.path.dirname(group)
    offered = _read(group + "/cgroup.controllers").split()
    missing = [c for c in required if c not in offered]
    if missing:
        elsewhere = [c for c in missing if any(c in m.controllers for m in found)]
        note = f" ({', '.join(elsewhere)}: bound to cgroup v1)" if elsewhere else ""
        raise CgroupError(group, f"cgroup v2 offers no {', '.join(missing)} controller{note}")
    if not os.access(group + "/cgroup.procs", os.W_OK):
        raise CgroupError(group, "cgroup v2 is not writable (not delegated to the grader)")
    if not set(required) <= set(_read(group + "/cgroup.subtree_control").split()):
        _delegate(group, required)
    return Tree(2, {"": group}, required)


def _delegate(group: str, required: tuple[str, ...]) -> None:
    """Let ``group`` hand controllers down: its processes move to ``grader-leaf`` first
    (the root group is exempt from that rule; a container's or a delegated scope's is
    not). They stay inside ``group``, so every limit set on it still holds for them."""
    control = " ".join(f"+{c}" for c in required)
    is_root = not os.path.exists(group + "/cgroup.type")
    for _ in range(10):
        try:
            _write(group + "/cgroup.subtree_control", control)
            return
        except OSError as exc:
            if exc.errno != errno.EBUSY or is_root:
                raise
        leaf = f"{group}/{LEAF}"
        with contextlib.suppress(FileExistsError):
            os.mkdir(leaf)
        for pid in _read(group + "/cgroup.procs").split():
            with contextlib.suppress(ProcessLookupError):
                _write(leaf + "/cgroup.procs", pid)
    raise CgroupError(group, "its processes could not all be moved into " + LEAF)


def _split(found: list[Mount], own: dict[str, str], required: tuple[str, ...]) -> Tree:
    groups = {}
    for controller in required:
        mount = next((m for m in found if m.version == 1 and controller in m.controllers),
                     None)
        if mount is None:
            raise CgroupError("cgroup v1", "no hierarchy carries it",
                              f"no cgroup v1 hierarchy carries the {controller} controller")
        group = mount.folder(own.get(controller, ""))
        if group is None:
            raise CgroupError(mount.point, f"this process's {controller} group is not under "
                                           "the mount")
        if not os.access(group + "/cgroup.procs", os.W_OK):
            raise CgroupError(group, "cgroup v1 is not writable")
        groups[controller] = group
    return Tree(1, groups, required)
