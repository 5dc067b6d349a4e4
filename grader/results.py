"""Grading results as plain frozen data, and their JSON form.

Reports (terminal table, feedback files, LMS exports) read these; nothing here formats for
people. The JSON form is versioned and described by schemas/results.schema.json.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

SCHEMA_VERSION = "1.0"

Verdict = Literal[
    "correct", "incorrect", "partial", "missing", "error", "needs_review", "pending_manual"
]
Status = Literal[
    "graded", "timeout", "crashed", "invalid_notebook", "error", "not_a_notebook", "duplicate"
]
"""`not_a_notebook`: a file that is not a `.ipynb` is all a student handed in; `duplicate`:
graded, but the same student handed in more than one notebook (see `detail`)."""
IsolationMode = Literal["namespaces", "limits-only"]
LimitsMode = Literal["per-submission", "per-process"]
GradedBy = Literal["grader", "person"]

VERDICTS: tuple[str, ...] = Verdict.__args__  # type: ignore[attr-defined]
STATUSES: tuple[str, ...] = Status.__args__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class PartResult:
    id: str
    kind: str
    score: float
    max_score: float
    verdict: Verdict
    feedback: str
    misconception: str | None = None
    answer: str | None = None
    """What the grader read as the answer, quoted so a misread is visible at once."""
    graded_by: GradedBy = "grader"
    """Who set the score: the grader's checks, or a person (`grade manual import`)."""


@dataclass(frozen=True)
class ExerciseResult:
    id: str
    title: str
    score: float
    max_score: float
    parts: tuple[PartResult, ...]


@dataclass(frozen=True)
class CellIssue:
    """A notebook cell that raised, timed out or was skipped while running."""

    cell: int
    status: str
    error: str | None


@dataclass(frozen=True)
class SubmissionResult:
    submission: str
    """The notebook's path relative to the submissions folder."""
    student: str
    status: Status
    score: float
    max_score: float
    exercises: tuple[ExerciseResult, ...]
    detail: str | None = None
    """Why the status is not `graded`, in one sentence."""
    cells: tuple[CellIssue, ...] = ()


@dataclass(frozen=True)
class BatchResult:
    course: str
    grader_version: str
    submissions: tuple[SubmissionResult, ...]
    schema_version: str = SCHEMA_VERSION
    isolation: IsolationMode | None = None
    """How student code was kept apart: `namespaces` (no network, nothing of the course or
    other students visible) or `limits-only` (resource limits only); None if not recorded."""
    limits: LimitsMode | None = None
    """What the resource limits bounded: `per-submission` (a control group per sandbox held
    memory, processes and CPU share for all of a submission's processes together) or
    `per-process` (each process's own rlimits only); None if not recorded."""


def to_dict(batch: BatchResult) -> dict[str, Any]:
    data = asdict(batch)
    return {"schema_version": data.pop("schema_version"), **data}


def from_dict(data: dict[str, Any]) -> BatchResult:
    """Rebuild results from their JSON form (for `grade report`, `grade export`, re-grading)."""
    return BatchResult(
        course=data["course"],
        grader_version=data["grader_version"],
        schema_version=data["schema_version"],
        submissions=tuple(_submission(s) for s in data["submissions"]),
        isolation=data.get("isolation"),
        limits=data.get("limits"),
    )


def _submission(data: dict[str, Any]) -> SubmissionResult:
    return SubmissionResult(
        submission=data["submission"],
        student=data["student"],
        status=data["status"],
        score=data["score"],
        max_score=data["max_score"],
        detail=data.get("detail"),
        cells=tuple(CellIssue(**c) for c in data.get("cells", ())),
        exercises=tuple(
            ExerciseResult(
                id=e["id"],
                title=e["title"],
                score=e["score"],
                max_score=e["max_score"],
                parts=tuple(PartResult(**p) for p in e["parts"]),
            )
            for e in data["exercises"]
        ),
    )
