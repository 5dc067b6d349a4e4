"""Judging in the checking worker: the same judgements, and a deadline that holds."""

from __future__ import annotations

import time

import pytest

from grader.mathexpr import bounded, judge, parse_reference, pool
from grader.mathexpr.judge import Judged, Unchecked

from .cases import CONTEXTS, ROWS

SLOW = "Max(" + ", ".join(f"x^{k}" for k in range(1, 91)) + ")"
"""Within every size bound, but sympy compares a Max's arguments pairwise as it builds it:
about ten seconds of parsing on the development machine."""


@pytest.mark.parametrize(("reference", "answer", "context", "expected"), ROWS[::9])
def test_the_worker_judges_as_the_grader_process_would(reference: str, answer: str,
                                                       context: str, expected: str) -> None:
    ctx = CONTEXTS[context]
    ref = parse_reference(reference, ctx)
    assert bounded.judge(answer, ref, (), ctx) == judge.judge(answer, ref, (), ctx)


def test_an_answer_too_slow_to_judge_is_too_expensive_and_the_next_one_is_judged() -> None:
    ctx = CONTEXTS["relu"]
    ref = parse_reference("Heaviside(x)", ctx)
    started = time.monotonic()
    judged = bounded.judge(SLOW, ref, (), ctx)
    took = time.monotonic() - started
    assert isinstance(judged, Unchecked) and "too expensive to check" in judged.reason
    # the budget counts the worker's CPU time; the wall clock only backs it up
    assert took < bounded.deadline(0, 2.0) * pool.WALL_FACTOR + 2.0
    after = bounded.judge("Heaviside(x)", ref, (), ctx)
    assert isinstance(after, Judged) and after.verdict.outcome == "equal"


def test_readable_is_false_for_what_cannot_be_read_in_time() -> None:
    ctx = CONTEXTS["relu"]
    assert bounded.readable("x^2 + 1", ctx)
    assert not bounded.readable("x^^2", ctx)
    started = time.monotonic()
    assert not bounded.readable(SLOW, ctx)
    assert time.monotonic() - started < bounded.READABLE_S * pool.WALL_FACTOR + 2.0
