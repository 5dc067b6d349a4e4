"""Grade a folder: every submission in, one result out for each, in a stable order.

With `jobs > 1` submissions are graded in worker processes, each still opening its own
sandbox per submission. Workers are spawned, not forked, and get the prepared gradebook as
plain pickled data: a forked worker would inherit the parent's open pipes (such as idle
proof workers) and share them with its siblings. Results come back in the order they
finish, for progress, and are put back into the folder's order, so a batch is the same
whatever `jobs` is.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from pathlib import Path

from grader import __version__
from grader.pipeline.discover import find_submissions, flag_duplicates, student_of
from grader.pipeline.gradebook import Gradebook
from grader.pipeline.submission import grade_notebook
from grader.results import BatchResult, SubmissionResult
from grader.sandbox import isolation_report

Task = tuple[Path, str, str]
"""One submission to grade: its path, its name in the results, its student."""


def grade_folder(
    folder: Path, gradebook: Gradebook,
    on_result: Callable[[SubmissionResult], None] | None = None,
    *, jobs: int = 1, paths: Sequence[Path] | None = None,
) -> BatchResult:
    """`paths` (default: every notebook under `folder`) lets a caller that already listed
    the folder, to size a progress bar, grade exactly what it counted."""
    paths = find_submissions(folder) if paths is None else list(paths)
    order = {str(path.relative_to(folder)): index for index, path in enumerate(paths)}
    results = []
    for result in iter_grades(paths, folder, gradebook, jobs=jobs):
        results.append(result)
        if on_result is not None:
            on_result(result)
    results.sort(key=lambda r: order[r.submission])
    return BatchResult(course=gradebook.course.title, grader_version=__version__,
                       submissions=tuple(flag_duplicates(results)),
                       isolation=isolation_report().mode)


def iter_grades(
    paths: Sequence[Path], folder: Path, gradebook: Gradebook, *, jobs: int = 1
) -> Iterator[SubmissionResult]:
    """Each submission's result as soon as it is graded: in `paths` order with one job,
    in finishing order with more."""
    tasks = [(path, str(path.relative_to(folder)), student_of(path, folder)) for path in paths]
    if jobs <= 1 or len(tasks) <= 1:
        for task in tasks:
            yield _grade(task, gradebook)
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), mp_context=context,
                             initializer=_start_worker, initargs=(gradebook,)) as pool:
        futures: list[Future[SubmissionResult]] = [pool.submit(_grade_in_worker, t)
                                                   for t in tasks]
        try:
            for future in as_completed(futures):
                yield future.result()
        finally:
            for future in futures:
                future.cancel()


def _grade(task: Task, gradebook: Gradebook) -> SubmissionResult:
    path, name, student = task
    return grade_notebook(path, gradebook, name=name, student=student)


_worker_gradebook: Gradebook | None = None
"""The gradebook of this worker process, set once when the worker starts."""


def _start_worker(gradebook: Gradebook) -> None:
    global _worker_gradebook
    _worker_gradebook = gradebook


def _grade_in_worker(task: Task) -> SubmissionResult:
    assert _worker_gradebook is not None, "worker started without a gradebook"
    return _grade(task, _worker_gradebook)
