"""Grade a folder: every submission in, one result out for each, in a stable order."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from grader import __version__
from grader.pipeline.discover import find_submissions, student_of
from grader.pipeline.gradebook import Gradebook
from grader.pipeline.submission import grade_notebook
from grader.results import BatchResult, SubmissionResult


def grade_folder(
    folder: Path, gradebook: Gradebook,
    on_result: Callable[[SubmissionResult], None] | None = None,
) -> BatchResult:
    results = []
    for result in iter_grades(find_submissions(folder), folder, gradebook):
        results.append(result)
        if on_result is not None:
            on_result(result)
    return BatchResult(course=gradebook.course.title, grader_version=__version__,
                       submissions=tuple(results))


def iter_grades(
    paths: list[Path], folder: Path, gradebook: Gradebook
) -> Iterator[SubmissionResult]:
    for path in paths:
        yield grade_notebook(path, gradebook, name=str(path.relative_to(folder)),
                             student=student_of(path, folder))
