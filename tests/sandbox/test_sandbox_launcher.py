"""The zygote: found once per process, restarted when it dies, replaced by a fresh
interpreter when a command prefix asks for one."""

from __future__ import annotations

import os
import signal

import pytest

from grader.sandbox import (
    Limits,
    SandboxError,
    SympyText,
    isolation_report,
    launcher,
    open_session,
)

FAST = Limits(cell_timeout_s=1, call_timeout_s=1, notebook_timeout_s=5)
pytestmark = pytest.mark.skipif(not launcher.SUPPORTED, reason="the zygote needs Linux")


def answer(**kwargs: object) -> object:
    with open_session(FAST, **kwargs) as session:  # type: ignore[arg-type]
        report = session.run([(0, "import os\nx = 6 * 7\npid = os.getpid()")], ["x", "pid"])
    assert report.status == "ok" and report.values["x"] == 42
    return report.values["pid"]


def test_isolation_is_found_once_per_process() -> None:
    first = isolation_report()
    zygote = launcher.shared_zygote()
    assert isolation_report() is first or isolation_report() == first
    assert launcher.shared_zygote() is zygote
    assert first.mode in ("namespaces", "limits-only") and first.reason


def test_a_dead_zygote_is_replaced() -> None:
    zygote = launcher.shared_zygote()
    assert zygote is not None
    os.kill(zygote.proc.pid, signal.SIGKILL)
    zygote.proc.wait()
    answer()
    again = launcher.shared_zygote()
    assert again is not None and again is not zygote and again.alive()


def test_a_forked_grader_starts_its_own_zygote() -> None:
    """Sharing the parent's zygote socket would mix two processes' requests."""
    parent = launcher.shared_zygote()
    assert parent is not None
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            ours = launcher.shared_zygote()
            answer()
            code = 0 if ours is not parent and ours is not None and ours.owner == os.getpid() \
                else 2
            ours.close()
        finally:
            os._exit(code)
    assert os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0
    assert launcher.shared_zygote() is parent and parent.alive()
    answer()


def test_a_command_prefix_starts_a_fresh_interpreter() -> None:
    """Not forked from the zygote: the child's parent is the grader itself."""
    with open_session(FAST, command_prefix=("env",)) as session:
        report = session.run([(0, "import os\nparent = os.getppid()")], ["parent"])
    assert report.values["parent"] == os.getpid()


def test_a_zygote_that_cannot_start_is_an_error() -> None:
    with pytest.raises(SandboxError, match="did not start"):
        launcher.Zygote(command_prefix=("sh", "-c", "exit 3", "sh"))


def test_spawning_from_a_closed_zygote_is_an_error() -> None:
    zygote = launcher.Zygote(namespaces=False)
    zygote.close()
    with pytest.raises(SandboxError):
        zygote.spawn(FAST, (), isolate=False)


STATUSES = [
    ({"exit": 3}, "the process exited with code 3"),
    ({"signal": int(signal.SIGSEGV)}, "the process was killed by SIGSEGV"),
    ({"signal": int(signal.SIGXCPU)}, "the process exceeded its CPU time limit"),
    ({"signal": 200}, "the process was killed by signal 200"),
    ({"error": "mount /tmp: denied"}, "the sandbox could not be set up: mount /tmp: denied"),
]


@pytest.mark.parametrize(("message", "words"), STATUSES)
def test_how_a_child_ended_in_words(message: dict, words: str) -> None:
    assert launcher.describe_status(message) == words


def test_the_environment_is_scrubbed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "hunter2")
    env = launcher.child_environment("/tmp")
    assert "AWS_SECRET_ACCESS_KEY" not in env and env["HOME"] == "/tmp"
    assert env["PATH"] == "/usr/local/bin:/usr/bin:/bin"  # no path of the grader's own


LOADED = "('sym' + 'py') in __import__('sys').modules"  # never spells the name out
SPELLED = f"import sympy\nx = sympy.Symbol('x')\nloaded = {LOADED}"
UNSPELLED = f"module = __import__('sym' + 'py')\nx = module.Symbol('x')\nloaded = {LOADED}"
PLAIN = f"import numpy as np\nloaded = {LOADED}\nx = np.float64(2)"


@pytest.mark.parametrize(("source", "light", "x"), [
    (PLAIN, True, 2.0),
    (SPELLED, False, SympyText("x")),
    (UNSPELLED, True, SympyText("x")),  # imports sympy itself, and still works
])
def test_notebooks_that_never_mention_sympy_get_the_light_zygote(source, light, x) -> None:
    roomy = Limits(cell_timeout_s=20, notebook_timeout_s=30)  # a sympy import of its own
    with open_session(roomy) as session:
        report = session.run([(0, f"before = {LOADED}"),
                              (1, source)], ["before", "loaded", "x"])
        assert report.status == "ok", report.detail
        assert session.light is light
    assert report.values["before"] is not light  # preloaded only in the full zygote
    assert report.values["loaded"] is (source != PLAIN)
    assert report.values["x"] == x


def test_the_two_zygotes_are_distinct_and_a_test_zygote_serves_both() -> None:
    full, light = launcher.shared_zygote(), launcher.shared_zygote(light=True)
    assert full is not None and light is not None and full is not light
    assert light.isolation == full.isolation
    previous = launcher.replace_shared(full)
    try:
        assert previous is full
        assert launcher.shared_zygote(light=True) is full
    finally:
        launcher.replace_shared(previous)
    again = launcher.shared_zygote(light=True)
    assert again is not None and again.alive()
