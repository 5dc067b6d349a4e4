"""Batches: the same results, in the same order, whatever the number of worker processes."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from grader.answers import Answer
from grader.checks.base import Outcome
from grader.pipeline import grade_folder, workers
from grader.pipeline.faults import GraderFault
from grader.pipeline.timing import STAGES, Timing
from grader.pipeline.workers import LocalWorkers
from grader.reports import results_json
from tests.conftest import EXAMPLES


@pytest.mark.parametrize("executor", [
    LocalWorkers(2),  # a class this small: this process, six submissions at once
    # this process and a worker process, one at a time each: while this one waits on
    # errors.ipynb's timed-out cells (seconds), the worker takes the next submissions
    LocalWorkers(2, threads=1, per_process=1),
], ids=["jobs 2", "jobs 2 with a worker process"])
def test_parallel_grading_gives_identical_results(executor, gradebook, mixed_folder,
                                                  mixed_serial):
    seen: list[str] = []
    timings: list[Timing] = []
    parallel = grade_folder(mixed_folder, gradebook, executor=executor,
                            on_result=lambda r: seen.append(r.submission),
                            on_timing=timings.append)
    assert results_json.dumps(parallel) == results_json.dumps(mixed_serial)
    assert [s.submission for s in parallel.submissions] == sorted(
        p.name for p in mixed_folder.glob("*.ipynb"))
    assert sorted(seen) == [s.submission for s in parallel.submissions]
    assert sorted(t.submission for t in timings) == sorted(seen)
    assert len({t.worker for t in timings}) == (2 if executor.per_process == 1 else 1)
    statuses = {s.submission: s.status for s in parallel.submissions}
    assert statuses["crashing.ipynb"] == "crashed"
    looping = next(s for s in parallel.submissions if s.submission == "looping.ipynb")
    softmax = next(p for e in looping.exercises for p in e.parts if p.id == "softmax")
    assert softmax.verdict == "incorrect" and "timed out" in softmax.feedback


def test_each_submission_is_timed_outside_the_results(gradebook):
    timings: list[Timing] = []
    batch = grade_folder(EXAMPLES, gradebook, on_timing=timings.append,
                         paths=[EXAMPLES / "full_marks.ipynb"])
    (timing,) = timings
    assert timing.submission == "full_marks.ipynb"
    assert set(timing.stages) == set(STAGES)
    assert 0 < sum(timing.stages.values()) <= timing.seconds
    assert "seconds" not in results_json.dumps(batch)


class Exploding:
    """A check that fails as a grader bug would (pickled by reference into workers)."""

    def grade(self, answer: Answer) -> Outcome:
        raise RuntimeError("boom")


def test_a_grader_bug_in_a_worker_costs_only_its_part(gradebook):
    """The fault and its traceback come back from the worker process beside the result."""
    broken = dataclasses.replace(gradebook, checks={**gradebook.checks,
                                                    "softmax": Exploding()})
    paths = [EXAMPLES / "blank.ipynb", EXAMPLES / "full_marks.ipynb"]
    faults: list[GraderFault] = []
    batch = grade_folder(EXAMPLES, broken, paths=paths, on_fault=faults.append,
                         executor=LocalWorkers(2, threads=1, per_process=1))
    full = batch.submissions[1]
    softmax = next(p for e in full.exercises for p in e.parts if p.id == "softmax")
    assert (softmax.verdict, softmax.detail) == ("error", "RuntimeError: boom")
    assert full.score == 79 - 3
    assert sorted((f.submission, f.part) for f in faults) == [
        ("blank.ipynb", "softmax"), ("full_marks.ipynb", "softmax")]
    assert all("raise RuntimeError(\"boom\")" in f.traceback for f in faults)


@pytest.mark.parametrize(("jobs", "names"), [
    (1, ["blank.ipynb", "full_marks.ipynb"]),
    (4, ["blank.ipynb"]),
])
def test_one_job_or_one_submission_starts_no_worker(jobs, names, gradebook, monkeypatch):
    def no_workers(*args: object, **kwargs: object) -> None:
        raise AssertionError("a worker process was started")

    monkeypatch.setattr(workers, "run_workers", no_workers)
    batch = grade_folder(EXAMPLES, gradebook, paths=[EXAMPLES / n for n in names],
                         executor=LocalWorkers(jobs))
    assert [s.submission for s in batch.submissions] == names


def test_students_follow_the_layout(gradebook, tmp_path):
    folder = tmp_path / "canvas"
    folder.mkdir()
    shutil.copy(EXAMPLES / "blank.ipynb", folder / "smithjohn_LATE_12_34_homework.ipynb")
    shutil.copy(EXAMPLES / "blank.ipynb", folder / "doejane_56_78_homework-1.ipynb")
    batch = grade_folder(folder, gradebook)
    assert [(s.submission, s.student) for s in batch.submissions] == [
        ("doejane_56_78_homework-1.ipynb", "doejane"),
        ("smithjohn_LATE_12_34_homework.ipynb", "smithjohn"),
    ]


def test_paths_limit_what_is_graded(gradebook):
    paths = [EXAMPLES / "blank.ipynb", Path(EXAMPLES / "full_marks.ipynb")]
    batch = grade_folder(EXAMPLES, gradebook, paths=paths)
    assert [s.student for s in batch.submissions] == ["blank", "full_marks"]
