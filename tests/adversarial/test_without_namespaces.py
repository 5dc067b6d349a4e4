"""Where namespaces are unavailable the grader falls back to limits only, says so once,
and still grades every submission the same.

Namespaces are made unavailable for real: the zygote starts inside a user namespace whose
limit on nested user namespaces is 0, so its own attempt to create one fails, as it does
on hosts that forbid them.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from grader.cli import main
from grader.pipeline import Gradebook, grade_folder
from grader.results import BatchResult
from grader.sandbox import isolation_report, launcher, open_session
from tests.adversarial.conftest import LIMITS, TOKEN, by_name, same_rows
from tests.adversarial.hostile import HOSTILE, SAFE_WITHOUT_NAMESPACES, Hostile, Targets
from tests.adversarial.notebooks import GOOD, copy_good, write
from tests.conftest import EXAMPLES, ROOT

NO_NAMESPACES = ("unshare", "--user", "--map-root-user", "sh", "-c",
                 'echo 0 > /proc/sys/user/max_user_namespaces && exec "$@"', "sh")
CASES = [case for case in HOSTILE if case.name in SAFE_WITHOUT_NAMESPACES]


@pytest.fixture(scope="module")
def without_namespaces(good_alone) -> Iterator[launcher.Zygote]:
    if shutil.which("unshare") is None:
        pytest.skip("needs util-linux's unshare to take namespaces away")
    yield from shared_zygote(NO_NAMESPACES)


def shared_zygote(prefix: tuple[str, ...]) -> Iterator[launcher.Zygote]:
    """A zygote started under `prefix`, standing in for this process's own while the
    module's tests run."""
    try:
        zygote = launcher.Zygote(command_prefix=prefix)
    except launcher.SandboxError as error:
        pytest.skip(f"cannot start a zygote without namespaces here: {error}")
    previous = launcher.replace_shared(zygote)
    yield zygote
    launcher.replace_shared(previous)
    zygote.close()


@pytest.fixture(scope="module")
def limited(adversarial_gradebook: Gradebook, workspace: Path,
            without_namespaces: launcher.Zygote) -> BatchResult:
    folder = workspace / "limits-only"
    course = adversarial_gradebook.course
    targets = Targets(root=course.root, submissions=folder, out=course.config.out, port=9,
                      token=TOKEN)
    copy_good(folder)
    for case in CASES:
        write(folder / f"h_{case.name}.ipynb", case.build(targets))
    return grade_folder(folder, adversarial_gradebook)


def test_the_fallback_is_detected_and_explained(without_namespaces: launcher.Zygote) -> None:
    report = isolation_report()
    assert report.mode == "limits-only"
    assert report.reason.startswith("cannot create namespaces")
    assert "No space left on device" in report.reason


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_notebook_with_limits_only(case: Hostile, limited: BatchResult,
                                           good_alone) -> None:
    """`case.must_hold`, with resource limits only: same status and score as in namespaces,
    and the good submissions graded exactly as alone (alone: in namespaces)."""
    row = by_name(limited)[f"h_{case.name}.ipynb"]
    assert row.status in case.statuses, row.detail
    assert row.score == case.score
    same_rows(limited, good_alone)


def test_results_say_limits_only(limited: BatchResult) -> None:
    assert limited.isolation == "limits-only"


def test_the_cli_says_so_once(without_namespaces: launcher.Zygote, tmp_path: Path,
                              capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "submissions"
    folder.mkdir()
    shutil.copy(EXAMPLES / GOOD["00_good_full.ipynb"], folder / "alice.ipynb")
    shutil.copy(EXAMPLES / "blank.ipynb", folder / "bob.ipynb")
    code = main([str(folder), "--course", str(ROOT), "--out", str(tmp_path / "out")])
    printed = capsys.readouterr().out
    assert code == 0
    assert printed.count("resource limits only") == 1
    assert "No space left on device" in printed
    results = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    assert results["isolation"] == "limits-only"


@pytest.fixture(scope="module")
def docker_like() -> Iterator[launcher.Zygote]:
    """A zygote that is real root but cannot make namespaces, as in Docker's default
    profile and on Gradescope (tests/adversarial/docker_like.py)."""
    if os.geteuid() != 0:
        pytest.skip("the grader is not root here")
    try:
        import pyseccomp  # noqa: F401
    except (ImportError, OSError) as exc:
        pytest.skip(f"no libseccomp to take namespaces away: {exc}")
    from grader.sandbox import jail

    needed = jail.needed_paths([sys.prefix, sys.base_prefix], sys.path)
    if not jail.readable_by_anyone(needed):
        pytest.skip("this interpreter is not readable by nobody (it lives in root's home), "
                    "so student code stays root without capabilities")
    yield from shared_zygote((sys.executable, str(Path(__file__).with_name("docker_like.py"))))


def test_as_root_student_code_runs_as_nobody_without_network(docker_like):
    """Where namespaces are unavailable and the grader is root (Gradescope, Docker), the
    student runs as nobody, owns nothing of the course (which the autograder's setup.sh
    makes root's alone) and can open no network socket."""
    assert isolation_report().mode == "limits-only"
    course = Path(tempfile.mkdtemp(prefix="grader-course-"))
    try:
        _run_as_nobody(course)
    finally:
        shutil.rmtree(course)


def _run_as_nobody(course: Path) -> None:
    course.chmod(0o755)
    (course / "public.txt").write_text("anyone may read this")
    (course / "public.txt").chmod(0o644)
    secret = course / "solutions" / "secret.py"
    secret.parent.mkdir()
    secret.write_text("ANSWER = 'W2*W1'")
    secret.chmod(0o600)
    secret.parent.chmod(0o700)  # as the autograder's setup.sh leaves the course
    cell = (
        "import os, socket\n"
        "uid, groups = os.getuid(), os.getgroups()\n"
        f"public = open({str(course / 'public.txt')!r}).read()\n"
        f"try:\n    read = open({str(secret)!r}).read()\nexcept OSError as e:\n"
        "    read = type(e).__name__\n"
        "try:\n    socket.socket(socket.AF_INET, socket.SOCK_STREAM)\n    net = 'open'\n"
        "except OSError as e:\n    net = type(e).__name__\n"
        f"try:\n    open({str(course / 'written-by-student')!r}, 'w')\n    wrote = True\n"
        "except OSError:\n    wrote = False\n"
        "open('mine.txt', 'w').write('my own folder is fine')\nmine = open('mine.txt').read()\n"
        "a, b = socket.socketpair()\nlocal = 'unix sockets work'")
    with open_session(LIMITS) as session:
        report = session.run([(0, cell)], ["uid", "groups", "public", "read", "net", "wrote",
                                           "mine", "local"])
    assert report.values == {"uid": 65534, "groups": [], "public": "anyone may read this",
                             "read": "PermissionError",
                             "net": "PermissionError", "wrote": False,
                             "mine": "my own folder is fine", "local": "unix sockets work"}
    assert not (course / "written-by-student").exists()
