"""Grade a folder: every submission in, one result out for each, in a stable order.

Submissions are graded by an executor (executors.py: in this process; workers.py: in
local grading processes; dask_executor.py: on a cluster), each in its own sandbox.
Results come back in the order they finish, for progress, and are put back into the
folder's order, so a batch is the same whatever the executor and the number of jobs.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from grader import __version__
from grader.notebook.template import template_fingerprint
from grader.pipeline.discover import (
    find_submissions,
    flag_copies,
    flag_duplicates,
    student_of,
)
from grader.pipeline.executors import Executor, Graded, Task
from grader.pipeline.faults import GraderFault
from grader.pipeline.gradebook import Gradebook
from grader.pipeline.timing import Timing
from grader.pipeline.workers import LocalWorkers
from grader.results import BatchResult, SubmissionResult
from grader.sandbox import isolation_report
from grader.sandbox.reports import weakest

T = TypeVar("T")


def grade_folder(
    folder: Path, gradebook: Gradebook,
    on_result: Callable[[SubmissionResult], None] | None = None,
    *, jobs: int = 1, paths: Sequence[Path] | None = None,
    executor: Executor | None = None,
    on_timing: Callable[[Timing], None] | None = None,
    on_fault: Callable[[GraderFault], None] | None = None,
) -> BatchResult:
    """`paths` (default: every notebook under `folder`) lets a caller that already listed
    the folder, to size a progress bar, grade exactly what it counted. `executor` (default:
    `jobs` local workers) says where grading happens; `on_timing` hears how long each
    submission took, which results never record; `on_fault` hears of each exception the
    grader's own code raised (its part is `error`; see faults.py)."""
    paths = find_submissions(folder) if paths is None else list(paths)
    order = {str(path.relative_to(folder)): index for index, path in enumerate(paths)}
    results = []
    seen: dict[str, set[Any]] = {field: set() for field in ISOLATION_FIELDS}
    fingerprints: dict[str, str | None] = {}
    shared = Sharing()
    for graded in iter_graded(paths, folder, gradebook, executor or LocalWorkers(jobs)):
        results.append(shared(graded.result))
        for field, values in seen.items():
            values.add(getattr(graded, field))
        fingerprints[graded.result.submission] = graded.fingerprint
        if on_result is not None:
            on_result(graded.result)
        if on_timing is not None:
            on_timing(graded.timing)
        if on_fault is not None:
            for fault in graded.faults:
                on_fault(fault)
    results.sort(key=lambda r: order[r.submission])
    flagged = flag_copies(flag_duplicates(results), fingerprints,
                          ignore={template_fingerprint(gradebook.course)})
    return BatchResult(course=gradebook.course.title, grader_version=__version__,
                       submissions=tuple(flagged),
                       **{field: _weakest(values, field) for field, values in seen.items()})


ISOLATION_FIELDS = ("isolation", "limits", "network", "writes")
"""What `Graded` and `BatchResult` both say of how student code was kept apart."""


def iter_graded(paths: Sequence[Path], folder: Path, gradebook: Gradebook,
                executor: Executor) -> Iterator[Graded]:
    """Each submission graded, as soon as it is: in `paths` order in this process, in
    finishing order with workers."""
    tasks = [Task(path, str(path.relative_to(folder)), student_of(path, folder))
             for path in paths]
    return executor.run(tasks, gradebook)


def iter_grades(paths: Sequence[Path], folder: Path, gradebook: Gradebook, *,
                jobs: int = 1) -> Iterator[SubmissionResult]:
    """Each submission's result as soon as it is graded (see iter_graded)."""
    return (g.result for g in iter_graded(paths, folder, gradebook, LocalWorkers(jobs)))


class Sharing:
    """Keeps one copy of equal parts and exercises across a batch's results.

    Many students earn exactly the same part result (same answer, verdict and feedback),
    but each arrives as its own copy from a worker; results are frozen, so sharing equal
    ones is safe, and it keeps a large class's results small while they are collected.
    """

    def __init__(self) -> None:
        self.seen: dict[object, object] = {}

    def __call__(self, result: SubmissionResult) -> SubmissionResult:
        exercises = tuple(self._one(dataclasses.replace(
            e, parts=tuple(self._one(p) for p in e.parts))) for e in result.exercises)
        return dataclasses.replace(result, exercises=exercises)

    def _one(self, item: T) -> T:
        return self.seen.setdefault(item, item)  # type: ignore[return-value]


def _weakest(seen: set[Any], field: str) -> Any:
    """The batch is only as isolated as its least isolated sandbox, and as limited as its
    least limited one; with no sandbox at all, what this machine would have given (the
    isolation report's `field`)."""
    seen.discard(None)
    if not seen:
        report = isolation_report()
        return report.mode if field == "isolation" else getattr(report, field)
    return weakest(seen, field)
