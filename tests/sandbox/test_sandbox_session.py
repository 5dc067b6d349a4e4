"""Real child processes running hostile notebooks; nothing about the process is mocked.

Every test that uses the ``session`` or ``isolation`` fixture runs twice: in namespaces
(the default on Linux) and with resource limits only (the fallback elsewhere), because a
submission must be graded the same either way.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pytest

from grader.sandbox import (
    FunctionRef,
    Isolation,
    Limits,
    Opaque,
    RunReport,
    SandboxClosed,
    Session,
    SympyText,
    open_session,
)
from tests.adversarial.processes import eventually

FAST = Limits(cell_timeout_s=1, call_timeout_s=1, notebook_timeout_s=5, output_bytes=4096)


@pytest.fixture(params=[Isolation(), Isolation(namespaces=False)],
                ids=["namespaces", "limits-only"])
def isolation(request: pytest.FixtureRequest) -> Isolation:
    return request.param


@pytest.fixture
def session(isolation: Isolation) -> Iterator[Session]:
    with open_session(FAST, isolation=isolation) as s:
        yield s


def run(session: Session, *sources: str, names: Sequence[str] = ()) -> RunReport:
    return session.run(list(enumerate(sources)), names)


def statuses(report: RunReport) -> list[str]:
    return [cell.status for cell in report.cells]


def test_values_come_back_as_plain_data(session: Session) -> None:
    report = run(
        session,
        "import numpy as np\nimport sympy as sp\nx = sp.Symbol('x')",
        "n = 3\nf = 0.25\nflag = True\ns = 'text'\nnothing = None",
        "a = np.arange(4).reshape(2, 2) * 1.5\nscalar = np.float64(2.5)\nc = np.array([1j])",
        "t = (1, (2, 'x'))\nd = {'k': [1, 2], 'arr': np.ones(2)}",
        "expr = sp.diff(x**3, x)\ndef square(v):\n    return v * v\nobj = object()",
        names=["n", "f", "flag", "s", "nothing", "a", "scalar", "c", "t", "d", "expr", "square",
               "obj", "undefined"],
    )
    assert report.status == "ok" and statuses(report) == ["ok"] * 5
    v = report.values
    assert (v["n"], v["f"], v["flag"], v["s"], v["nothing"]) == (3, 0.25, True, "text", None)
    np.testing.assert_array_equal(v["a"], np.arange(4).reshape(2, 2) * 1.5)
    assert v["scalar"] == 2.5 and v["c"].dtype == np.complex128
    assert v["t"] == (1, (2, "x"))
    assert v["d"]["k"] == [1, 2] and isinstance(v["d"]["arr"], np.ndarray)
    assert v["expr"] == SympyText("3*x**2")
    assert v["square"] == FunctionRef("square")
    assert isinstance(v["obj"], Opaque) and v["obj"].type_name == "object"
    assert "undefined" not in v


def test_the_self_check_import_is_a_stub_that_does_nothing(session: Session) -> None:
    """`from grader import check` (as the README tells students) must not fail in the
    sandbox, whether or not a real grader is importable there, nor end its cell early."""
    report = run(session, "from grader import check\nimport numpy as np",
                 "check()\ncheck('softmax', notebook='x.ipynb')\ny = np.sqrt(4.0)",
                 "import grader\nstub = grader.__spec__.origin",
                 "import grader.student", names=["y", "stub"])
    assert statuses(report) == ["ok", "ok", "ok", "error"]
    assert report.values == {"y": 2.0, "stub": "grader's sandbox stub"}
    assert (report.cells[3].error or "").startswith("ModuleNotFoundError")
    assert report.stdout.count("grader.check() does nothing here") == 2


def test_failing_cell_does_not_stop_later_cells(session: Session) -> None:
    report = run(session, "a = 1", "b = 2\n\nc = 1 / 0", "d = a + 1", names=["a", "b", "d"])
    assert statuses(report) == ["ok", "error", "ok"]
    assert report.cells[1].error == "ZeroDivisionError: division by zero (line 3)"
    assert dict(report.values) == {"a": 1, "b": 2, "d": 2}
    assert report.status == "ok"


def test_syntax_error_reports_its_line(session: Session) -> None:
    report = run(session, "x = 1\ny = (")
    assert report.cells[0].status == "error"
    assert (report.cells[0].error or "").startswith("SyntaxError")


def test_ipython_syntax_is_neutralised(session: Session) -> None:
    report = run(session, "%matplotlib inline\n!ls\nimport math", "%%bash\nrm -rf /",
                 "display(1)\ny = math.sqrt(16)", names=["y"])
    assert statuses(report) == ["adjusted", "skipped", "ok"]  # ran, magics said not run
    assert report.cells[0].error == ("IPython-only line not run: `%matplotlib inline`; "
                                     "shell command refused: `!ls`")
    assert report.values["y"] == 4.0


def test_infinite_loop_cell_times_out_and_others_still_count(session: Session) -> None:
    report = run(session, "a = 1", "while True:\n    pass", "b = a + 1", names=["a", "b"])
    assert statuses(report) == ["ok", "timeout", "ok"]
    assert report.status == "timeout" and dict(report.values) == {"a": 1, "b": 2}


def test_loop_that_swallows_interrupts_is_still_bounded(session: Session) -> None:
    stubborn = "while True:\n    try:\n        while True:\n            pass\n" \
               "    except BaseException:\n        pass"
    report = run(session, "a = 1", stubborn, "b = a + 1", names=["a", "b"])
    assert statuses(report) == ["ok", "timeout", "ok"]
    assert report.status == "timeout" and dict(report.values) == {"a": 1, "b": 2}


BURN = "import time\nt = time.process_time()\nwhile time.process_time() - t < 0.7:\n    pass"


def test_notebook_time_limit_skips_remaining_cells() -> None:
    """The cells share the notebook's CPU-time budget (2.5 s, 0.5 s of it kept back for
    the values): two cells of 0.7 s run, the third runs out of it, the rest are skipped."""
    limits = Limits(cell_timeout_s=1, notebook_timeout_s=2.5)
    with open_session(limits) as s:
        report = run(s, *[BURN] * 6, "last = 1", names=["last"])
    assert report.status == "timeout"
    assert statuses(report)[:3] == ["ok", "ok", "timeout"]
    assert statuses(report)[-1] == "skipped"


def test_sleeping_is_free_until_the_wall_clock_backstop() -> None:
    """Sleep uses no CPU time: short naps pass, and a cell that sleeps for long is ended
    by the backstop (WALL_FACTOR times its budget), reported as a timeout like any other."""
    limits = Limits(cell_timeout_s=0.25, notebook_timeout_s=5)
    with open_session(limits) as s:
        report = run(s, "import time\ntime.sleep(0.5)\nnapped = 1", "time.sleep(60)",
                     "after = 2", names=["napped", "after"])
    assert statuses(report) == ["ok", "timeout", "ok"]
    assert report.cells[1].error == "timed out after 0.25 s"
    assert report.values == {"napped": 1, "after": 2}


def test_hanging_call_times_out_and_next_call_works(session: Session) -> None:
    run(session, "import numpy as np\ndef spin():\n    while True:\n        pass",
        "def stubborn():\n    while True:\n        try:\n            while True: pass\n"
        "        except BaseException: pass",
        "def norm(v):\n    return float(np.linalg.norm(v))", names=[])
    spun = session.call("spin", [])
    assert (spun.ok, spun.timed_out, spun.error) == (False, True, "timed out after 1 s")
    assert session.call("stubborn", []).timed_out
    outcome = session.call("norm", [np.array([3.0, 4.0])])
    assert outcome.ok and outcome.value == 5.0
    assert {"spin", "stubborn"} <= session.timed_out and "norm" not in session.timed_out


def test_call_errors_and_arguments(session: Session) -> None:
    run(session, "def f(a, b=2):\n    return a * b\ndef pair(m):\n    return m.shape, m.T",
        "import sympy\ndef deriv(e):\n    return sympy.diff(e, sympy.Symbol('x'))")
    assert session.call("f", [3]).value == 6
    assert session.call("f", []).error == \
        "TypeError: f() missing 1 required positional argument: 'a'"
    assert session.call("missing", []).error == "NameError: name 'missing' is not defined"
    shape, transposed = session.call("pair", [np.ones((2, 3))]).value
    assert shape == (2, 3) and transposed.shape == (3, 2)
    assert session.call("deriv", [SympyText("x**2")]).value == SympyText("2*x")


def test_sys_exit_is_a_cell_error(session: Session) -> None:
    report = run(session, "import sys\nsys.exit(2)", "after = 1", names=["after"])
    assert statuses(report) == ["error", "ok"]
    assert report.cells[0].error == "SystemExit: 2 (line 2)"
    assert report.values["after"] == 1 and report.status == "ok"


def test_os_exit_crashes_the_child_but_the_run_returns(session: Session) -> None:
    report = run(session, "a = 1", "import os\nos._exit(3)", "b = a + 1", names=["a", "b"])
    assert report.status == "crashed" and "code 3" in (report.detail or "")
    assert statuses(report) == ["ok", "error", "ok"]
    assert dict(report.values) == {"a": 1, "b": 2}
    assert session.call("a", []).error == "TypeError: 'int' object is not callable"


def test_print_flood_is_bounded(session: Session) -> None:
    flood = "import sys\nchunk = 'x' * 1_000_000\nfor _ in range(100):\n    sys.stdout.write(chunk)"
    report = run(session, "print('start')", flood, "done = True", names=["done"])
    assert statuses(report) == ["ok", "ok", "ok"] and report.values["done"] is True
    assert report.stdout.startswith("start\nxxx")
    assert len(report.stdout) < FAST.output_bytes + 100 and "dropped" in report.stdout


def test_memory_bomb_hurts_only_the_child(isolation: Isolation) -> None:
    limits = Limits(memory_mb=512, cell_timeout_s=5, notebook_timeout_s=10)
    with open_session(limits, isolation=isolation) as s:
        report = run(s, "a = 1", "hog = bytearray(2 * 1024**3)", "b = 2", names=["a", "b"])
    assert report.cells[1].status == "error" or report.status == "crashed"
    assert dict(report.values) == {"a": 1, "b": 2}


def test_matplotlib_draws_headless_when_installed(isolation: Isolation) -> None:
    """Importing pyplot costs most of a CPU second: this test is about the backend, so its
    budget is a course's, not FAST's, and holds on a busy machine too."""
    pytest.importorskip("matplotlib")
    with open_session(Limits(cell_timeout_s=10, notebook_timeout_s=20),
                      isolation=isolation) as session:
        report = run(session, "import matplotlib.pyplot as plt\nplt.plot([1, 2], [3, 4])\n"
                              "plt.savefig('plot.png')\nbackend = plt.get_backend()",
                     names=["backend"])
    assert report.cells[0].status == "ok", report.cells[0].error
    assert report.values["backend"].lower() == "agg"


def test_input_gets_end_of_file(session: Session) -> None:
    report = run(session, "input('name? ')")
    assert (report.cells[0].error or "").startswith("EOFError")


def test_forged_responses_on_stdout_have_no_effect(session: Session) -> None:
    forged = '{"id":1,"body":{"status":"ok"}}'
    cell = f"import sys\nprint({forged!r})\nsys.stdout.write('\\x00\\x00\\x00\\x1f' + {forged!r})"
    report = run(session, cell + "\n1 / 0", "x = 1", names=["x"])
    assert statuses(report) == ["error", "ok"] and report.values["x"] == 1


def test_garbage_on_the_private_channel_is_a_crash_not_a_value(session: Session) -> None:
    scribble = (
        "import os\nfor fd in range(3, 64):\n    try:\n"
        "        os.write(fd, b'\\x00\\x00\\x00\\x05junk!')\n    except OSError:\n        pass"
    )
    report = run(session, "a = 1", scribble, "b = 2", names=["a", "b"])
    assert report.status == "crashed" and report.cells[1].status == "error"
    assert dict(report.values) == {"a": 1, "b": 2}


def test_values_too_large_for_one_reply_come_back_as_too_large(session: Session) -> None:
    """One reply holds what the grader accepts (plain.Room): a value beyond it, or beyond
    what is left of it, is a note; the values that fit still arrive."""
    report = run(session, "import numpy as np\nlists = [[]] * 999000\nsmall = 3",
                 "a1, a2, a3 = (np.zeros(200_000) for _ in range(3))",
                 "wide = np.zeros((300_000, 1))",
                 names=["lists", "a1", "a2", "a3", "wide", "small"])
    values = report.values
    assert report.status == "ok" and values["small"] == 3
    assert values["a1"].shape == values["a2"].shape == (200_000,)
    assert values["lists"] == Opaque("list", "<too large>")  # more items than a reply holds
    assert values["a3"] == Opaque("ndarray", "<too large to send>")  # no room left
    assert values["wide"] == Opaque("ndarray", "<too large to send>")  # a list per row


def test_a_forged_reply_too_large_is_refused_unread(session: Session) -> None:
    """A student cell writing its own frame on the private channel: one announced larger
    than any reply, and one of the right size holding too many values. Each costs the
    child (test_sandbox_channel.py shows why each is refused)."""
    forge = (
        "import os, sys\n"
        "def forge(size, body):\n"
        "    frame = sys._getframe()\n"
        "    while 'request' not in frame.f_locals:\n"
        "        frame = frame.f_back\n"
        "    child, request = frame.f_locals['self'], frame.f_locals['request']\n"
        "    data = ('{\"id\":%d,\"body\":%s}' % (request['id'], body)).encode()\n"
        "    view = memoryview((size or len(data)).to_bytes(4, 'big') + data)\n"
        "    while view:\n"
        "        view = view[os.write(child.resp_fd, view):]\n"
        "    __import__('time').sleep(0.5)  # the grader reads the forgery before the reply\n"
    )
    empties = "'{\"status\":\"ok\",\"x\":[' + ','.join(['[]'] * 1_000_000) + ']}'"
    report = run(session, forge, "forge(40 * 2**20, '{}')", f"forge(0, {empties})", "x = 1",
                 names=["x"])
    assert [c.status for c in report.cells] == ["ok", "error", "error", "ok"]
    for cell in report.cells[1:3]:
        assert "the sandbox protocol was broken" in (cell.error or "")
    assert report.status == "crashed" and report.values == {"x": 1}


def test_hostile_objects_come_back_plain_or_opaque(session: Session) -> None:
    report = run(
        session,
        "import numpy as np\nclass Liar:\n    def __eq__(self, o): return True\n"
        "    def __array__(self, *a, **k): return np.zeros(2)\n"
        "    def __float__(self): return 1.0\nliar = Liar()",
        "class Sub(np.ndarray):\n    def tolist(self): return 'forged'\n"
        "    def __eq__(self, o): return True\nsub = np.arange(3).view(Sub)",
        names=["liar", "sub"],
    )
    liar, sub = report.values["liar"], report.values["sub"]
    assert isinstance(liar, Opaque) and liar.type_name == "Liar"
    assert type(sub) is np.ndarray and sub.tolist() == [0, 1, 2]


def test_monkeypatching_inside_the_notebook_changes_nothing(session: Session) -> None:
    patches = (
        "import json, builtins, numpy as np\n"
        "json.dumps = lambda *a, **k: '\"forged\"'\n"
        "json._default_encoder = None\n"
        "builtins.isinstance = lambda *a: False\n"
        "builtins.repr = lambda o: 'forged'\n"
        "np.array = lambda *a, **k: 'forged'\n"
    )
    report = run(session, "import numpy as np\nv = np.arange(3.0)\nt = (1, 'a')", patches,
                 "np.ndarray.tolist = lambda self: 'forged'", names=["v", "t"])
    assert statuses(report) == ["ok", "ok", "error"]
    np.testing.assert_array_equal(report.values["v"], [0.0, 1.0, 2.0])
    assert report.values["t"] == (1, "a")


def test_student_subprocesses_are_killed_on_close(isolation: Isolation) -> None:
    with open_session(FAST, isolation=isolation) as s:
        report = run(s, "import subprocess\np = subprocess.Popen(['sleep', '60.0101'])",
                     "import os\nq = subprocess.Popen(['setsid', 'sleep', '60.0102'])",
                     names=[])
        assert report.status == "ok"
        assert eventually(lambda: len(sleepers("60.0101", "60.0102")) == 2)
    assert eventually(lambda: not sleepers("60.0101", "60.0102"))
    with pytest.raises(SandboxClosed):
        s.call("pid", [])


def sleepers(*marks: str) -> list[int]:
    """Live processes (seen from the grader) running ``sleep MARK``, whatever their PID
    namespace; zombies waiting to be reaped do not count."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if b"sleep" in argv[0] and any(m.encode() in argv for m in marks) and state != "Z":
            found.append(int(entry.name))
    return found


def test_a_forked_copy_of_the_child_does_not_answer(session: Session) -> None:
    report = run(session, "import os\nforked = os.fork()", "x = 1", names=["forked", "x"])
    assert statuses(report) == ["ok", "ok"] and report.status == "ok"
    assert report.values["forked"] > 0 and report.values["x"] == 1


def test_cpu_limit_ends_the_child_with_a_reason(isolation: Isolation) -> None:
    limits = Limits(cpu_s=1, cell_timeout_s=4, notebook_timeout_s=8)
    with open_session(limits, isolation=isolation) as s:
        report = run(s, "a = 1", "while True:\n    try:\n        pass\n    except BaseException:\n"
                     "        pass", names=["a"])
    assert report.status == "crashed" and "CPU time limit" in (report.detail or "")
    assert report.values["a"] == 1


def test_all_calls_together_share_the_notebook_budget() -> None:
    """Each call has call_timeout_s of CPU time, and all of them together the notebook's
    notebook_timeout_s: a function that burns 0.4 s a call uses it up by its third, and
    nothing runs after that (the budget is checked between calls)."""
    limits = Limits(cell_timeout_s=1, call_timeout_s=0.6, notebook_timeout_s=1.0)
    burn = ("import time\ndef slow(x):\n    t = time.process_time()\n"
            "    while time.process_time() - t < 0.4:\n        pass\n    return x")
    with open_session(limits) as s:
        run(s, burn)
        outcomes = s.call_many("slow", [[1], [2], [3], [4], [5]])
        later = s.call("slow", [6])
    assert [o.ok for o in outcomes[:2]] == [True, True]
    assert len(outcomes) in (3, 4) and outcomes[-1].timed_out
    assert "hit the notebook's time limit" in (outcomes[-1].error or "")
    assert later.timed_out and "hit the notebook's time limit" in (later.error or "")


def test_the_whole_submission_has_a_wall_clock_deadline() -> None:
    """Calls that sleep use no CPU time; the submission's backstop (WALL_FACTOR times the
    notebook's budget, cells and calls together) still ends them."""
    limits = Limits(cell_timeout_s=0.5, call_timeout_s=0.5, notebook_timeout_s=1.0)
    with open_session(limits) as s:
        run(s, "import time\ndef nap(x):\n    time.sleep(1.5)\n    return x")
        started = time.monotonic()
        outcomes = s.call_many("nap", [[i] for i in range(20)])
        elapsed = time.monotonic() - started
    assert [o.ok for o in outcomes[:2]] == [True, True]  # each nap is within 4 x 0.5 s
    assert outcomes[-1].timed_out and "hit the notebook's time limit" in outcomes[-1].error
    assert elapsed < 4 * 1.0 + 3  # the backstop, not 20 naps
