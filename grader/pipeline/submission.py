"""Grade one notebook: read it, run it in a sandbox session, check every part."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from grader.checks import kind_of
from grader.checks.base import Outcome
from grader.course import Course, Part
from grader.notebook import Notebook, NotebookError, markdown_answers, read_notebook
from grader.notebook.reader import refusal
from grader.notebook.template import part_heading
from grader.pipeline.answers import NotebookAnswers, names_to_collect
from grader.pipeline.discover import is_notebook
from grader.pipeline.faults import guarded, record
from grader.pipeline.gradebook import Gradebook
from grader.pipeline.stopped import explain, stopped_cells
from grader.pipeline.timing import lap
from grader.results import CellIssue, ExerciseResult, PartResult, Status, SubmissionResult
from grader.sandbox import Confinement, Isolation, SandboxError, open_session

MAX_CELL_ISSUES = 20
"""Cells listed in a result; the rest are counted (`cells_omitted`)."""
MAX_FEEDBACK = 4_000
"""Characters of one part's feedback; the checks' own messages take a few hundred."""
MAX_ANSWER = 20_000
"""Characters of one part's quoted answer: a long proof, for the person grading it."""


@dataclass(frozen=True)
class GradedFile:
    """One file's result, with what is reported beside results.json's rows, never in them."""

    result: SubmissionResult
    fingerprint: str | None = None
    """What the student wrote, as a digest (Notebook.fingerprint), by which a batch finds
    the same notebook handed in by two students; None when nothing could be read."""
    confinement: Confinement | None = None
    """How the sandbox that ran the student's code kept it apart, as that sandbox reported;
    None when no student code ran (a file that is not a notebook)."""


def grade_notebook(path: Path, gradebook: Gradebook, *, name: str | None = None,
                   student: str | None = None) -> SubmissionResult:
    return grade_file(path, gradebook, name=name, student=student).result


def grade_file(path: Path, gradebook: Gradebook, *, name: str | None = None,
               student: str | None = None) -> GradedFile:
    """Read and grade one file."""
    name = name or path.name
    student = student or path.stem
    refused = refusal(path)
    if refused is not None:
        return GradedFile(unreadable(gradebook.course, name, student, "invalid_notebook",
                                     refused))
    if not is_notebook(path):
        kind = f"a {path.suffix} file" if path.suffix else "a file without an extension"
        return GradedFile(unreadable(gradebook.course, name, student, "not_a_notebook",
                                     f"not a Jupyter notebook ({kind}); hand in the .ipynb "
                                     "file"))
    try:
        notebook = read_notebook(path)
    except NotebookError as error:
        return GradedFile(unreadable(gradebook.course, name, student, "invalid_notebook",
                                     error.reason))
    graded = grade_in_sandbox(notebook, gradebook, name=name, student=student,
                              isolation=isolation_for(path, name, gradebook.course))
    return replace(graded, fingerprint=notebook.fingerprint())


def grade_read(notebook: Notebook, gradebook: Gradebook, *, name: str, student: str,
               isolation: Isolation) -> SubmissionResult:
    """Grade a notebook already read, or made (the self-check's kernel snapshot)."""
    return grade_in_sandbox(notebook, gradebook, name=name, student=student,
                            isolation=isolation).result


def grade_in_sandbox(notebook: Notebook, gradebook: Gradebook, *, name: str, student: str,
                     isolation: Isolation) -> GradedFile:
    """Grade a notebook already read, and say how its sandbox kept its code apart."""
    try:
        result, confinement = _grade_read(notebook, gradebook, name, student, isolation)
    except SandboxError as error:  # the machine's fault, not the notebook's: say so, go on
        return GradedFile(unreadable(gradebook.course, name, student, "error",
                                     f"the sandbox failed, grade it again: {error}"))
    return GradedFile(result, confinement=confinement)


def isolation_for(path: Path, name: str, course: Course) -> Isolation:
    """What the student's code must not see: the course (specs, references), the results
    folder, and the submissions folder (every other student's work). `name` is the
    notebook's path under the submissions folder, which gives that folder back."""
    depth = len(Path(name).parts)
    folder = path.parents[depth - 1] if 0 < depth <= len(path.parents) else path.parent
    return Isolation(hide=tuple(p.resolve() for p in (course.root, course.config.out, folder)))


def _grade_read(notebook: Notebook, gradebook: Gradebook, name: str, student: str,
                isolation: Isolation) -> tuple[SubmissionResult, Confinement | None]:
    course = gradebook.course
    names = collected_names(notebook, course)
    manual = [p for p in course.parts if kind_of(p.kind).reads == "markdown"]
    markdown = markdown_answers(notebook, [p.id for p in manual],
                                {p.id: part_heading(p) for p in manual})
    lap("read")
    with open_session(gradebook.limits, isolation=isolation, files=gradebook.files) as session:
        run = session.run(list(notebook.code_cells), names)
        lap("execute")
        found = NotebookAnswers(notebook, course, run.values, markdown, session)
        cells = tuple(CellIssue(c.index, c.status, c.error) for c in run.cells
                      if c.status != "ok")
        stopped = stopped_cells(cells, dict(notebook.code_cells))
        exercises = tuple(
            exercise_result(e.id, e.title, [
                (p, explain(p.id, guarded(p.id, partial(found.grade, p,
                                                        gradebook.checks[p.id])), stopped))
                for p in e.parts
            ])
            for e in course.exercises
        )
        confinement = session.confinement
    lap("check")
    statuses: dict[str, Status] = {"ok": "graded", "timeout": "timeout", "crashed": "crashed"}
    status = statuses[run.status]
    issues = list(cells)
    return SubmissionResult(
        submission=name, student=student, status=status,
        score=_round(sum(e.score for e in exercises)), max_score=course.max_score,
        exercises=exercises, detail=run.detail, cells=tuple(issues[:MAX_CELL_ISSUES]),
        cells_omitted=max(len(issues) - MAX_CELL_ISSUES, 0),
    ), confinement


def collected_names(notebook: Notebook, course: Course) -> list[str]:
    """The names to bring back from the sandbox; if reading the notebook for function
    names fails, the part names alone (the fault is logged, grading goes on)."""
    try:
        return names_to_collect(notebook, course)
    except Exception as error:
        record(error, None)
        return [p.id for p in course.parts]


def exercise_result(exercise_id: str, title: str,
                    graded: list[tuple[Part, Outcome]]) -> ExerciseResult:
    parts = tuple(
        PartResult(
            id=part.id, kind=part.kind, score=_round(outcome.credit * part.points),
            max_score=part.points, verdict=outcome.verdict,
            feedback=_clip("\n".join(outcome.feedback), MAX_FEEDBACK),
            misconception=outcome.misconception,
            answer=None if outcome.answer is None else _clip(outcome.answer, MAX_ANSWER),
            detail=outcome.detail,
        )
        for part, outcome in graded
    )
    return ExerciseResult(exercise_id, title, _round(sum(p.score for p in parts)),
                          sum(p.max_score for p in parts), parts)


def unreadable(course: Course, name: str, student: str, status: Status,
               reason: str) -> SubmissionResult:
    """A row for a submission that could not be graded at all: every part missing."""
    exercises = tuple(
        exercise_result(e.id, e.title, [
            (p, Outcome(0.0, "missing", (f"The submission could not be graded: {reason}",)))
            for p in e.parts
        ])
        for e in course.exercises
    )
    return SubmissionResult(
        submission=name, student=student, status=status, score=0.0,
        max_score=course.max_score, exercises=exercises, detail=reason,
    )


def _round(score: float) -> float:
    return round(score, 4)


def _clip(text: str, limit: int) -> str:
    """At most `limit` characters, and how many more there were: feedback can quote what
    a student wrote, and a student can write megabytes."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… [{len(text) - limit:,} more characters]"
