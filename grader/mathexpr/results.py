"""Value types shared by the parser and the verifier.

They are frozen so that a grade, once computed, can be cached, logged and
compared without anyone mutating it on the way to the student.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import sympy

Outcome = Literal["equal", "different", "undecided"]
Step = Literal["structural", "numeric", "symbolic", "casewise"]


@dataclass(frozen=True)
class UndefinedAt:
    """A point where the reference has no value (the ReLU derivative at 0), declared by the
    part: an answer may give any value from `low` to `high` there (by default, between the
    reference's one-sided limits), say it is undefined, or leave the point out."""

    variable: str
    at: str
    """An exact number, as text ("0", "1/2")."""
    low: str | None = None
    high: str | None = None


@dataclass(frozen=True)
class SymbolContext:
    """What names an answer may use; built by the grader from an exercise spec."""

    variables: tuple[str, ...] = ()
    functions: tuple[str, ...] = ()
    matrices: tuple[str, ...] = ()
    indices: tuple[str, ...] = ()
    indexed: tuple[str, ...] = ()
    positive: tuple[str, ...] = ()
    undefined: tuple[UndefinedAt, ...] = ()
    sums: tuple[str, ...] = ()
    """Indices a sum may run over (`\\sum_k`), each across the indices' whole range."""


@dataclass(frozen=True)
class ParseSuccess:
    """A parsed answer plus the liberties the parser took, so feedback can be honest."""

    expr: sympy.Expr
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParseFailure:
    """Why an answer could not be read, phrased for the student who wrote it."""

    text: str
    offset: int | None
    message: str

    def caret(self) -> str:
        """Point at the bad spot the way PrairieLearn does, so long inputs stay readable."""
        if self.offset is None:
            return f"{self.text}\n{self.message}"
        offset = max(0, min(self.offset, len(self.text)))
        line_start = self.text.rfind("\n", 0, offset) + 1
        line_end = self.text.find("\n", offset)
        if line_end == -1:
            line_end = len(self.text)
        line = self.text[line_start:line_end]
        column = offset - line_start
        return f"{line}\n{' ' * column}^\n{self.message}"


@dataclass(frozen=True)
class Equivalence:
    """The decision on one answer and the evidence a student needs to fix it."""

    outcome: Outcome
    step: Step
    reason: str
    counterexample: tuple[tuple[str, float], ...] | None = None
    expected_value: str | None = None
    actual_value: str | None = None


class ReferenceParseError(ValueError):
    """An instructor reference did not parse; carries the data to fix the exercise spec."""

    def __init__(self, text: str, message: str, offset: int | None = None) -> None:
        super().__init__(f"cannot parse reference {text!r}: {message}")
        self.text = text
        self.message = message
        self.offset = offset
