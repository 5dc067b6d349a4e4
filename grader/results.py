"""Grading results as plain frozen data, and their JSON form.

Reports (terminal table, feedback files, LMS exports) read these; nothing here formats for
people. The JSON form is versioned and described by schemas/results.schema.json.
"""

from __future__ import annotations

import re
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
IsolationMode = Literal["namespaces", "unprivileged-uid", "limits-only"]
NetworkMode = Literal["cut", "open"]
WritesMode = Literal["own-folder", "unconfined"]
LimitsMode = Literal["per-submission", "per-process"]
GradedBy = Literal["grader", "person"]

VERDICTS: tuple[str, ...] = Verdict.__args__  # type: ignore[attr-defined]
STATUSES: tuple[str, ...] = Status.__args__  # type: ignore[attr-defined]

NEEDS_ATTENTION: frozenset[str] = frozenset({"needs_review", "error"})
"""Verdicts of parts the grader could not decide (`needs_review`) or failed on (`error`):
the terminal's review column, and exit code 1."""
AWAITING_PERSON: frozenset[str] = frozenset({"pending_manual", "needs_review"})
"""Verdicts whose score is not final until a person grades the part: exports say so, and
LMS scores are sent as pending."""
NEEDS_PERSON: frozenset[str] = AWAITING_PERSON | NEEDS_ATTENTION
"""Verdicts a person may replace (`grade manual`, the review app, the report's queue);
automatic verdicts are the grader's to give. `error` is a part the grader itself failed
on: a person grades it instead."""


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
    detail: str | None = None
    """For people, never shown to the student: with verdict `error`, the exception the
    grader raised on this answer (`ExceptionClass: message`). Left out of the JSON form
    when None."""


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

    @property
    def missing_module(self) -> str | None:
        """The top-level module an import could not find, when that stopped the cell."""
        found = MISSING_MODULE.match(self.error or "")
        return found.group(1).split(".")[0] if found else None


MISSING_MODULE = re.compile(r"^ModuleNotFoundError: No module named '([^']{1,200})'")


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
    """The first cells that raised, timed out or were skipped (pipeline.submission says
    how many)."""
    cells_omitted: int = 0
    """How many more cells did, left out of `cells` so that one notebook of 190,000
    failing cells does not fill results.json and its feedback."""
    same_as: tuple[str, ...] = ()
    """Other students' submissions whose notebook says the same: the same code and
    markdown cells in the same order, outputs, metadata and cell ids aside (at most 20)."""

    @property
    def parts(self) -> tuple[PartResult, ...]:
        """Every part of every exercise, in order."""
        return tuple(p for e in self.exercises for p in e.parts)

    def parts_in(self, verdicts: frozenset[str]) -> tuple[PartResult, ...]:
        """The parts whose verdict is one of these (e.g. NEEDS_PERSON)."""
        return tuple(p for p in self.parts if p.verdict in verdicts)


@dataclass(frozen=True)
class BatchResult:
    course: str
    grader_version: str
    submissions: tuple[SubmissionResult, ...]
    schema_version: str = SCHEMA_VERSION
    isolation: IsolationMode | None = None
    """How student code was kept apart, in the least isolated of the batch's sandboxes:
    `namespaces` (no network, nothing of the course or other students visible),
    `unprivileged-uid` (no namespaces, but run as nobody with no groups and no
    capabilities: only what anyone may read is visible) or `limits-only` (resource limits
    only); None if not recorded."""
    limits: LimitsMode | None = None
    """What the resource limits bounded: `per-submission` (a control group per sandbox held
    memory, processes and CPU share for all of a submission's processes together) or
    `per-process` (each process's own rlimits only); None if not recorded."""
    network: NetworkMode | None = None
    """`cut` if no sandbox of the batch could open a socket that reaches a network (the
    network namespace, or without one the system-call filter), else `open`; None if not
    recorded."""
    writes: WritesMode | None = None
    """`own-folder` if no sandbox of the batch could write outside its working folder (the
    namespace's read-only root, or without one Landlock), else `unconfined`; None if not
    recorded."""


OPTIONAL: dict[str, Any] = {"cells_omitted": 0, "same_as": ()}
"""Submission fields written only when they differ from these defaults, so that a
results.json without them reads the same as before they existed."""


def to_dict(batch: BatchResult) -> dict[str, Any]:
    data = asdict(batch)
    data["submissions"] = [submission_dict(s) for s in batch.submissions]
    return {"schema_version": data.pop("schema_version"), **data}


def submission_dict(result: SubmissionResult) -> dict[str, Any]:
    """One submission's JSON form; the fields in OPTIONAL only when they say something,
    and a part's `detail` only where there is one, so results without them read as they
    always have."""
    data = asdict(result)
    for key, default in OPTIONAL.items():
        if data[key] == default:
            del data[key]
    for exercise in data["exercises"]:
        for part in exercise["parts"]:
            if part["detail"] is None:
                del part["detail"]
    return data


def from_dict(data: dict[str, Any]) -> BatchResult:
    """Rebuild results from their JSON form (for `grade report`, `grade export`, re-grading)."""
    return BatchResult(
        course=data["course"],
        grader_version=data["grader_version"],
        schema_version=data["schema_version"],
        submissions=tuple(_submission(s) for s in data["submissions"]),
        isolation=data.get("isolation"),
        limits=data.get("limits"),
        network=data.get("network"),
        writes=data.get("writes"),
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
        cells_omitted=data.get("cells_omitted", 0),
        same_as=tuple(data.get("same_as", ())),
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
