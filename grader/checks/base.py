"""What every check kind returns, and the verdict rules they share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NoReturn, Protocol

from grader.answers import Answer
from grader.results import Verdict


@dataclass(frozen=True)
class Outcome:
    credit: float
    """Fraction of the part's points earned, 0 to 1."""
    verdict: Verdict
    feedback: tuple[str, ...]
    misconception: str | None = None
    answer: str | None = None
    detail: str | None = None
    """For people only (see PartResult.detail)."""


class PreparedCheck(Protocol):
    def grade(self, answer: Answer) -> Outcome: ...


def verdict_for(credit: float) -> Verdict:
    if credit >= 1.0:
        return "correct"
    return "partial" if credit > 0 else "incorrect"


def missing(reason: str) -> Outcome:
    return Outcome(credit=0.0, verdict="missing", feedback=(reason,))


def is_placeholder(value: object) -> bool:
    """The template's untouched answer: an empty string, or a dict of empty strings."""
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, dict):
        return bool(value) and all(isinstance(v, str) and not v.strip() for v in value.values())
    return False


def assert_never(value: NoReturn) -> NoReturn:
    """`typing.assert_never`, which Python 3.10 lacks: mypy proves a `match` over answer
    kinds exhaustive, so a new kind of answer is a type error in every check."""
    raise AssertionError(f"unhandled {type(value).__name__}")
