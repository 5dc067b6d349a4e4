"""Limits that hold for a whole submission: what its processes hold together, and a fair
share of the CPU for its neighbours, however many processes it starts.

These need a control group per sandbox (cgroups.py) and skip, saying why, where the
machine gives the grader none; a control run without them shows what they stop.
"""

from __future__ import annotations

import dataclasses
import errno
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from grader.cli import main
from grader.course import Course
from grader.pipeline import Gradebook, grade_folder, prepare_course
from grader.results import SubmissionResult
from grader.sandbox import (
    Isolation,
    IsolationReport,
    Limits,
    isolation_report,
    launcher,
    open_session,
)
from tests.adversarial.conftest import to_dict_row
from tests.adversarial.notebooks import cells, correct_with, write
from tests.conftest import EXAMPLES, ROOT

MB = 256
HOLD = f"""
import os, select, time
children = {{}}
for number in range(4):
    ready_r, ready_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(ready_r)
        block = bytearray({MB} << 20)
        block[::4096] = b"x" * (len(block) // 4096)  # every page, so every page is charged
        os.write(ready_w, b"1")
        time.sleep(60)
        os._exit(0)
    os.close(ready_w)
    children[pid] = ready_r
"""
TALLY = """
holding, pending, deadline = [], dict(children), time.monotonic() + 30
while pending and time.monotonic() < deadline:
    for fd in select.select(list(pending.values()), [], [], 1)[0]:
        pid = next(p for p, f in pending.items() if f == fd)
        if os.read(fd, 1) == b"1":
            holding.append(pid)
        del pending[pid]
time.sleep(0.5)
held = [pid for pid in holding if os.waitpid(pid, os.WNOHANG) == (0, 0)]
killed = 0
for pid in children:
    try:
        os.kill(pid, 9)
    except ProcessLookupError:
        pass
for pid in children:
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        continue
    killed += pid not in held and os.WIFSIGNALED(status) and os.WTERMSIG(status) == 9
held_mb = len(held) * {mb}
""".replace("{mb}", str(MB))
MEMORY = Limits(notebook_timeout_s=60, cell_timeout_s=40, call_timeout_s=5, memory_mb=512)


def per_submission(report: IsolationReport | None = None) -> None:
    report = report or isolation_report()
    if report.limits != "per-submission":
        pytest.skip(f"no control group per sandbox here: {report.limits_reason}")


def hold_four_blocks() -> dict:
    with open_session(MEMORY, isolation=Isolation()) as session:
        report = session.run([(0, HOLD), (1, TALLY)], ["held_mb", "killed"])
    assert report.status == "ok", (report.detail, report.cells)
    return dict(report.values)


@pytest.fixture
def without_cgroups() -> Iterator[IsolationReport]:
    """This process's sandboxes without control groups; what the machine gives with them."""
    machine = isolation_report()
    zygote = launcher.Zygote(cgroups=False)
    previous = launcher.replace_shared(zygote)
    yield machine
    launcher.replace_shared(previous)
    zygote.close()


def test_four_processes_hold_no_more_than_memory_mb_together() -> None:
    """Four children of 256 MB each fit each one's own limit of 512 MB; together they are
    stopped at 512 MB: the kernel kills what goes over, the notebook goes on."""
    per_submission()
    values = hold_four_blocks()
    assert values["held_mb"] <= MEMORY.memory_mb
    assert values["killed"] >= 1


def test_without_a_group_the_same_processes_hold_four_times_as_much(
        without_cgroups: IsolationReport) -> None:
    """The control: with rlimits alone every child keeps its block (1 GiB in all)."""
    per_submission(without_cgroups)  # where groups hold, this shows what they change
    assert hold_four_blocks() == {"held_mb": 4 * MB, "killed": 0}


def test_without_groups_the_cli_says_so_once(without_cgroups: IsolationReport, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "submissions"
    folder.mkdir()
    shutil.copy(EXAMPLES / "full_marks.ipynb", folder / "alice.ipynb")
    assert main([str(folder), "--course", str(ROOT), "--out", str(tmp_path / "out")]) == 0
    assert capsys.readouterr().out.count("not for each submission as a whole") == 1
    results = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    assert results["limits"] == "per-process"


FORKS = """
import os, time
made, error = [], None
try:
    for _ in range(40):
        pid = os.fork()
        if pid == 0:
            time.sleep(30)
            os._exit(0)
        made.append(pid)
except OSError as exc:
    error = exc.errno
for pid in made:
    os.kill(pid, 9)
    os.waitpid(pid, 0)
made = len(made)
"""


@pytest.mark.parametrize("namespaces", [True, False], ids=["namespaces", "limits-only"])
def test_processes_are_counted_for_the_whole_submission(namespaces: bool) -> None:
    """Without namespaces the student's process is root's, which RLIMIT_NPROC never
    stops; the group's process limit does."""
    per_submission()
    limits = Limits(cell_timeout_s=20, notebook_timeout_s=40, max_processes=16)
    with open_session(limits, isolation=Isolation(namespaces=namespaces)) as session:
        report = session.run([(0, FORKS)], ["made", "error"])
    assert report.values["error"] == errno.EAGAIN
    assert report.values["made"] < limits.max_processes


# ---------------------------------------------------------------- the neighbour

SPIN = 0.1
"""CPU seconds the neighbour's sigmoid_derivative spends per call: a slow but correct
classmate, who keeps every mark as long as the CPU is shared fairly (a twentieth of a
core would still do, against the 5 s call limit; one share in 200 would not)."""
WAIT = "import time\ntime.sleep(4)"
"""The neighbour's first cell: its calls come once the busy processes spin."""
SLOW = f"""
import time as _time
_fast = sigmoid_derivative
def sigmoid_derivative(x):
    spent = _time.process_time() + {SPIN}
    while _time.process_time() < spent:
        pass
    return _fast(x)
"""
BUSY = """
import os, time
started = 0
for _ in range(200):
    try:
        pid = os.fork()
    except OSError:
        break
    if pid == 0:
        os.setsid()
        time.sleep(2)  # all forked first: a parent among 200 spinning children forks slowly
        while True:
            pass
    started += 1
"""
NEIGHBOURS = Limits(notebook_timeout_s=60, cell_timeout_s=20, call_timeout_s=5,
                    memory_mb=2048, max_processes=256)


@pytest.fixture(scope="module")
def neighbours_gradebook(course: Course, tmp_path_factory: pytest.TempPathFactory) -> Gradebook:
    out = tmp_path_factory.mktemp("neighbours-out")
    config = dataclasses.replace(course.config, out=out)
    return prepare_course(dataclasses.replace(course, config=config), NEIGHBOURS)


def graded_alone_and_beside(gradebook: Gradebook, folder: Path,
                            ) -> tuple[SubmissionResult, dict[str, SubmissionResult]]:
    (folder / "alone").mkdir(parents=True)
    (folder / "beside").mkdir()
    write(folder / "alone" / "slow.ipynb", correct_with(first=[WAIT], last=[SLOW]))
    alone = grade_folder(folder / "alone", gradebook, jobs=2).submissions[0]
    write(folder / "beside" / "slow.ipynb", correct_with(first=[WAIT], last=[SLOW]))
    write(folder / "beside" / "busy.ipynb", cells(
        BUSY, "time.sleep(12)", "two_layer_bias = 'evidence: ' + str(started)"))
    beside = grade_folder(folder / "beside", gradebook, jobs=2)
    return alone, {row.submission: row for row in beside.submissions}


def test_two_hundred_busy_processes_do_not_change_a_neighbour_s_grade(
        neighbours_gradebook: Gradebook, tmp_path: Path) -> None:
    """The busy notebook's 200 processes (each in a session of its own) spin for its
    whole sandbox's life, while the slow classmate is graded at the same time: that
    classmate's row is exactly what it is when graded alone."""
    per_submission()
    alone, rows = graded_alone_and_beside(neighbours_gradebook, tmp_path)
    assert alone.status == "graded" and alone.score > 0
    busy = {p.id: p.answer for e in rows["busy.ipynb"].exercises for p in e.parts}
    assert busy["two_layer_bias"] == "evidence: 200", rows["busy.ipynb"].cells
    assert to_dict_row(rows["slow.ipynb"]) == to_dict_row(alone)
