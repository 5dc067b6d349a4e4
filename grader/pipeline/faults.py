"""The grader's own failures, kept to the part or submission they happened on.

pytest wraps every test phase so that one broken test is a failure, not a stopped run;
grading does the same for every part. An exception raised by the grader's code while
grading one part becomes that part's verdict `error` (a person looks at it), and the rest
of the submission and the batch go on. The traceback is for the people who run and
maintain the grader, never for the student: it travels beside the results, as timings
do, and the CLI writes it to OUT/grader-errors.log.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from grader.checks.base import Outcome

FAULT_FEEDBACK = ("The grader failed while checking this answer; this is the grader's "
                  "fault, not yours. A person will look at it and grade it.")
MESSAGE_CHARS = 300


@dataclass(frozen=True)
class GraderFault:
    """One exception raised by the grader's own code, where and while doing what."""

    submission: str
    part: str | None
    """The part being graded, or None when the fault ended the whole submission."""
    error: str
    """`ExceptionClass: message`, clipped: also kept in the part's `detail`."""
    traceback: str


_faults: ContextVar[list[GraderFault] | None] = ContextVar("grader_faults", default=None)
_submission: ContextVar[str] = ContextVar("grader_fault_submission", default="?")


@contextmanager
def collecting(submission: str) -> Iterator[list[GraderFault]]:
    """Record the faults raised while grading `submission` in the list yielded."""
    found: list[GraderFault] = []
    token, name = _faults.set(found), _submission.set(submission)
    try:
        yield found
    finally:
        _faults.reset(token)
        _submission.reset(name)


def describe_fault(error: BaseException) -> str:
    text = f"{type(error).__name__}: {error}"
    return text if len(text) <= MESSAGE_CHARS else text[: MESSAGE_CHARS - 1] + "…"


def record(error: BaseException, part: str | None) -> str:
    """Keep `error` for the log (when someone is collecting); returns its one-line form."""
    line = describe_fault(error)
    found = _faults.get()
    if found is not None:
        text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
        found.append(GraderFault(_submission.get(), part, line, text))
    return line


def guarded(part: str, grade: Callable[[], Outcome]) -> Outcome:
    """`grade()`, or verdict `error` when the grader itself raised while grading `part`.

    Only `Exception` is caught: KeyboardInterrupt and SystemExit still stop the run."""
    try:
        return grade()
    except Exception as error:
        return Outcome(0.0, "error", (FAULT_FEEDBACK,), detail=record(error, part))
