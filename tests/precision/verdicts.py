"""What a row's expectation means for an outcome, shared by the tests and the bench."""

from __future__ import annotations

from grader.checks.base import Outcome


def meets(outcome: Outcome, expected: str) -> bool:
    if expected == "right":
        return outcome.verdict == "correct" and outcome.credit >= 1.0
    if expected == "review":
        return outcome.verdict == "needs_review" and outcome.credit < 1.0
    return outcome.credit < 1.0 and outcome.verdict not in ("correct", "missing")


def false_accept(outcome: Outcome, expected: str) -> bool:
    """A wrong answer (or one a person must decide) given full credit."""
    return expected != "right" and outcome.credit >= 1.0
