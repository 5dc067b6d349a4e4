"""What a student's process can see and do inside the namespaces, and the mount plan."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from grader.sandbox import Isolation, Limits, RunReport, Session, isolation_report, open_session
from grader.sandbox.jail import needed_paths, plan_mounts, workdir_for

PLANS = [
    # needed, hidden, plan
    (["/usr", "/work/venv"], [], [("bind", "/usr"), ("bind", "/work/venv")]),
    (["/usr", "/usr/lib/python3/dist-packages"], [], [("bind", "/usr")]),
    (["/work/course/.venv"], ["/work/course"], [("bind", "/work/course/.venv")]),
    (["/srv/course"], ["/srv/course"], []),
    (["/usr"], ["/usr/local/course", "/home/me/course"],
     [("bind", "/usr"), ("hide", "/usr/local/course")]),
    (["/usr", "/usr/local/course/.venv"], ["/usr/local/course"],
     [("bind", "/usr"), ("hide", "/usr/local/course"), ("bind", "/usr/local/course/.venv")]),
    (["/opt/py/site-packages"], ["/opt/py/site-packages/grader", "/opt/py/site"],
     [("bind", "/opt/py/site-packages"), ("hide", "/opt/py/site-packages/grader")]),
]


WORKDIR = workdir_for(needed_paths([sys.prefix, sys.base_prefix], sys.path))

WORKDIRS = [
    # needed, working folder
    (["/usr", "/work/venv"], "/tmp"),
    (["/usr", "/tmp/checkout/.venv"], "/sandbox"),
    (["/tmp"], "/sandbox"),
    (["/tmp/a", "/sandbox/b"], "/scratch"),
]


@pytest.mark.parametrize(("needed", "workdir"), WORKDIRS)
def test_the_working_folder_never_holds_what_python_needs(needed: list[str], workdir: str):
    assert workdir_for(needed) == workdir


@pytest.mark.parametrize(("needed", "hidden", "plan"), PLANS)
def test_mount_plan(needed: list[str], hidden: list[str], plan: list[tuple[str, str]]) -> None:
    assert plan_mounts(needed, hidden) == plan


LIMITS = Limits(cell_timeout_s=2, call_timeout_s=1, notebook_timeout_s=10,
                file_bytes=4 * 1024 * 1024, max_processes=16)
VENV_FILE = Path(sys.prefix) / "pyvenv.cfg"
VENV_DIR = Path(sys.prefix) / "include"


@pytest.fixture(scope="module")
def jailed() -> Iterator[Session]:
    if isolation_report().mode != "namespaces":
        pytest.skip(f"no namespaces here: {isolation_report().reason}")
    hidden = tuple(p for p in (VENV_FILE, VENV_DIR) if p.exists())
    with open_session(LIMITS, isolation=Isolation(hide=hidden)) as session:
        yield session


def look(session: Session, source: str) -> object:
    report: RunReport = session.run([(0, "import os, resource, socket, sys\n" + source)],
                                    ["seen"])
    assert report.cells[0].status == "ok", report.cells[0].error
    return report.values["seen"]


SIGHTS = [
    ("only what Python needs is in the root",
     "seen = sorted(os.listdir('/'))",
     lambda seen: set(seen) <= {"bin", "dev", "etc", "lib", "lib32", "lib64", "libx32", "proc",
                                "sbin", "tmp", "usr", WORKDIR[1:], *Path(sys.prefix).parts[1:2],
                                *Path(sys.base_prefix).parts[1:2]}),
    ("the working folder is a fresh, empty folder",
     "seen = (os.getcwd(), os.listdir('.'), os.environ['HOME'])",
     lambda seen: seen == (WORKDIR, [], WORKDIR)),
    ("the student is an unprivileged uid with no capabilities",
     "seen = (os.getuid(), [l for l in open('/proc/self/status') if l.startswith('CapEff')])",
     lambda seen: seen == (1000, ["CapEff:\t0000000000000000\n"])),
    ("/proc shows the sandbox's two processes only",
     "seen = sorted(p for p in os.listdir('/proc') if p.isdigit())",
     lambda seen: seen == ["1", "2"]),
    ("hard limits cannot be raised again",
     "try:\n    resource.setrlimit(resource.RLIMIT_CPU, (10**6, 10**6))\n    seen = 'raised'\n"
     "except ValueError:\n    seen = resource.getrlimit(resource.RLIMIT_NPROC)",
     lambda seen: seen == (16, 16)),
    ("no namespace can be nested inside",
     "import ctypes\nseen = ctypes.CDLL(None, use_errno=True).unshare(0x10000000)",
     lambda seen: seen == -1),
    ("there is no network: no network socket can be made, and the loopback is down",
     "try:\n    s = socket.socket()\n    s.connect(('127.0.0.1', 9))\n    seen = 'connected'\n"
     "except OSError as e:\n    seen = e.errno\nimport errno",
     lambda seen: seen in (1, 101)),  # EPERM from the system-call filter, else ENETUNREACH
    ("the root and Python's files are read-only",
     "seen = []\nfor p in ('/x', '/usr/x', sys.prefix + '/x', '/etc/passwd'):\n    try:\n"
     "        open(p, 'a')\n        seen.append(p)\n    except OSError:\n        pass",
     lambda seen: seen == []),
    ("the temporary folder holds file_bytes at most",
     "try:\n    open('big', 'wb').write(b'x' * 6 * 2**20)\n    seen = 'fits'\n"
     "except OSError as e:\n    seen = e.errno",
     lambda seen: seen in (27, 28)),
    ("paths to hide inside what Python needs are empty",
     f"f, d = {str(VENV_FILE)!r}, {str(VENV_DIR)!r}\n"
     "seen = (not os.path.exists(f) or open(f).read() == '',"
     " not os.path.exists(d) or os.listdir(d) == [])",
     lambda seen: seen == (True, True)),
    ("the grader's package cannot be imported, only the self-check's stand-in",
     "import grader\nseen = [getattr(grader, '__file__', None)]\n"
     "try:\n    import grader.course\n    seen.append(grader.course.__file__)\n"
     "except ImportError:\n    pass",
     lambda seen: seen == [None]),
]


@pytest.mark.parametrize(("what", "source", "holds"), SIGHTS, ids=[s[0] for s in SIGHTS])
def test_inside_the_namespaces(jailed: Session, what: str, source: str, holds) -> None:
    seen = look(jailed, source)
    assert holds(seen), seen


def test_rlimits_stick_without_namespaces_too() -> None:
    with open_session(LIMITS, isolation=Isolation(namespaces=False)) as session:
        report = session.run([(0, "import resource\ntry:\n"
                                  "    resource.setrlimit(resource.RLIMIT_AS, (-1, -1))\n"
                                  "    raised = True\nexcept ValueError:\n    raised = False")],
                             ["raised"])
    assert report.values["raised"] is False


FORK_BOMB = "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass"
RUNNING = ("import os\ndef state(pid):\n    return open(f'/proc/{pid}/stat').read().rsplit(')')[1]"
           "\nrunning = [p for p in os.listdir('/proc') if p.isdigit() and state(p)[1] != 'Z']")


def test_a_timed_out_fork_bomb_is_swept_away() -> None:
    """Its copies never return from the cell; left running they would starve the rest of the
    notebook. (Namespaces only: as root without them, Linux would not cap the bomb.)"""
    if isolation_report().mode != "namespaces":
        pytest.skip(f"no namespaces here: {isolation_report().reason}")
    with open_session(LIMITS) as session:
        report = session.run([(0, FORK_BOMB), (1, RUNNING)], ["running"])
    assert [cell.status for cell in report.cells] == ["timeout", "ok"]
    assert sorted(report.values["running"]) == ["1", "2"]  # the keeper and the student
    # Its budget is CPU time, and the bomb's parent gets little of it among its copies:
    # the cell's timer or the wall-clock backstop ends it, and either way none survives.
