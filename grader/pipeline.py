"""Notebook -> sandbox -> checks -> results, for one submission and for a folder.

Data flows one way. The course is prepared once per batch (specs parsed, reference values
computed); each submission then runs in its own sandbox session and always yields a
SubmissionResult, whatever its notebook does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from grader import __version__
from grader.answers import Answer, CallResult, Function, Missing, Value
from grader.checks import PreparedCheck, prepare
from grader.checks.base import Outcome
from grader.course import Course, Part, load_solution
from grader.notebook import Notebook, NotebookError, markdown_answers, read_notebook
from grader.results import (
    BatchResult,
    CellIssue,
    ExerciseResult,
    PartResult,
    Status,
    SubmissionResult,
)
from grader.sandbox import FunctionRef, Limits, open_session


@dataclass(frozen=True)
class Gradebook:
    """A course ready to grade: every part's check prepared against its reference."""

    course: Course
    checks: Mapping[str, PreparedCheck]
    limits: Limits


def prepare_course(course: Course, limits: Limits | None = None) -> Gradebook:
    checks: dict[str, PreparedCheck] = {}
    for exercise in course.exercises:
        solution = load_solution(exercise)
        for part in exercise.parts:
            checks[part.id] = prepare(part, solution)
    return Gradebook(course, checks, limits or limits_from(course.limits))


def limits_from(settings: Mapping[str, Any]) -> Limits:
    return Limits(**{k: v for k, v in settings.items() if k in Limits.__dataclass_fields__})


def find_submissions(folder: Path) -> list[Path]:
    """Every notebook under the folder, in a stable order; checkpoints are not submissions."""
    return sorted(
        p for p in folder.rglob("*.ipynb")
        if ".ipynb_checkpoints" not in p.parts and p.is_file()
    )


def student_of(path: Path, folder: Path) -> str:
    """A flat folder names students by file; a folder per student names them by folder."""
    relative = path.relative_to(folder)
    return relative.parts[0] if len(relative.parts) > 1 else path.stem


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


def grade_notebook(path: Path, gradebook: Gradebook, *, name: str | None = None,
                   student: str | None = None) -> SubmissionResult:
    name = name or path.name
    student = student or path.stem
    try:
        notebook = read_notebook(path)
    except NotebookError as error:
        return _unreadable(gradebook.course, name, student, error.reason)
    return _grade_read(notebook, gradebook, name, student)


def _grade_read(notebook: Notebook, gradebook: Gradebook, name: str,
                student: str) -> SubmissionResult:
    course = gradebook.course
    code_parts = [p.id for p in course.parts if p.kind != "manual"]
    manual_parts = [p.id for p in course.parts if p.kind == "manual"]
    markdown = markdown_answers(notebook, manual_parts)
    with open_session(gradebook.limits) as session:
        run = session.run(list(notebook.code_cells), code_parts + manual_parts)

        def caller(function: str) -> Callable[[list[Any]], CallResult]:
            def call(args: list[Any]) -> CallResult:
                outcome = session.call(function, args)
                return CallResult(outcome.ok, outcome.value, outcome.error, outcome.timed_out)
            return call

        def answer_for(part: Part) -> Answer:
            if part.id in run.values:
                value = run.values[part.id]
                if isinstance(value, FunctionRef):
                    return Function(part.id, caller(part.id))
                return Value(value)
            if part.kind == "manual" and part.id in markdown:
                return markdown[part.id]
            return Missing(f"`{part.id}` is not defined")

        exercises = tuple(
            _exercise_result(e.id, e.title, [(p, gradebook.checks[p.id].grade(answer_for(p)))
                                             for p in e.parts])
            for e in course.exercises
        )
    status: Status = {"ok": "graded", "timeout": "timeout", "crashed": "crashed"}[run.status]
    cells = tuple(CellIssue(c.index, c.status, c.error) for c in run.cells if c.status != "ok")
    return SubmissionResult(
        submission=name, student=student, status=status,
        score=_round(sum(e.score for e in exercises)), max_score=course.max_score,
        exercises=exercises, detail=run.detail, cells=cells,
    )


def _exercise_result(exercise_id: str, title: str,
                     graded: list[tuple[Part, Outcome]]) -> ExerciseResult:
    parts = tuple(
        PartResult(
            id=part.id, kind=part.kind, score=_round(outcome.credit * part.points),
            max_score=part.points, verdict=outcome.verdict,
            feedback="\n".join(outcome.feedback), misconception=outcome.misconception,
            answer=outcome.answer,
        )
        for part, outcome in graded
    )
    return ExerciseResult(exercise_id, title, _round(sum(p.score for p in parts)),
                          sum(p.max_score for p in parts), parts)


def _unreadable(course: Course, name: str, student: str, reason: str) -> SubmissionResult:
    exercises = tuple(
        _exercise_result(e.id, e.title, [
            (p, Outcome(0.0, "missing", (f"The notebook could not be read: {reason}",)))
            for p in e.parts
        ])
        for e in course.exercises
    )
    return SubmissionResult(
        submission=name, student=student, status="invalid_notebook", score=0.0,
        max_score=course.max_score, exercises=exercises, detail=reason,
    )


def _round(score: float) -> float:
    return round(score, 4)
