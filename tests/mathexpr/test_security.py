"""Hostile answers: nothing may run, every one fails fast with a ParseFailure."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from grader.mathexpr import ParseFailure, SymbolContext, parse, parse_reference, verify

CTX = SymbolContext(variables=("x",), functions=("sigmoid",))
MARKER = Path("/tmp/PWNED_x")

HOSTILE = [
    "__import__('os').system('touch /tmp/PWNED_x')",
    "__import__(\"os\").system(\"touch /tmp/PWNED_x\")",
    "().__class__.__base__",
    "().__class__.__base__.__subclasses__()",
    "x.__class__",
    "x._x",
    "lambda: 1",
    "(lambda: __import__('os'))()",
    "[c for c in ()]",
    "{c for c in ()}",
    "open('f')",
    "eval('1')",
    "exec",
    "getattr(x, 'y')",
    "9**9**9**9",
    "10**100000",
    "2**2**2**2**2**2**2",
    "((2**100)**100)**100",
    "1e999",
    "99999999999999999999999999",
    "x" * 100_000,
    "(" * 10_000 + "x" + ")" * 10_000,
    "(" * 200 + "x" + ")" * 200,
    "-" * 1_500 + "x",
    "exp(" * 300 + "x" + ")" * 300,
    "x.real",
    "x if 1 else 2",
    "'touch'",
    "b'x'",
    "1j*x",
    "x; import os",
    "x\nimport os",
    "Piecewise((x, __import__('os').system('touch /tmp/PWNED_x')))",
    "Symbol('x')",
    "sympify('x')",
    "S('x')",
    "exp(x=1)",
    "exp(**{})",
    "...",
    r"\input{/etc/passwd}",
    r"\def\x{1}",
    r"\write18{touch /tmp/PWNED_x}",
    r"\text{__import__}",
    "$__import__('os')$",
    "x @ x",
    "x := 1",
    "`x`",
]


@pytest.fixture(autouse=True)
def _no_marker() -> None:
    MARKER.unlink(missing_ok=True)
    yield
    assert not MARKER.exists()


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_input_fails_fast_and_runs_nothing(text: str) -> None:
    started = time.monotonic()
    result = parse(text, CTX)
    assert isinstance(result, ParseFailure)
    assert result.message
    assert time.monotonic() - started < 1.0
    assert not MARKER.exists()


def test_reference_parser_is_just_as_strict() -> None:
    with pytest.raises(ValueError):
        parse_reference("__import__('os').system('touch /tmp/PWNED_x')", CTX)


def test_huge_but_legal_expression_is_bounded_by_the_budget() -> None:
    ctx = SymbolContext(variables=("x1", "x2", "x3", "x4"))
    ref = parse_reference("(x1+x2+x3+x4)**100", ctx)
    answer = parse("(x1+x2+x3+x4)**99*(x1+x2+x3+x4)", ctx)
    assert not isinstance(answer, ParseFailure)
    started = time.monotonic()
    verdict = verify(ref, answer.expr, ctx, budget_s=0.5)
    assert verdict.outcome in ("equal", "undecided")
    assert time.monotonic() - started < 3.0


def test_nested_exponentials_are_refused_by_the_value_they_denote() -> None:
    """exp(exp(exp(exp(x)))) is short, but its value has more digits than atoms exist."""
    started = time.monotonic()
    answer = parse("exp(exp(exp(exp(x)))) + 1", CTX)
    assert isinstance(answer, ParseFailure)
    assert "too expensive to check" in answer.message
    assert time.monotonic() - started < 1.0


def test_nested_exponentials_within_the_bounds_do_not_hang_the_evaluator() -> None:
    ref = parse_reference("exp(exp(2*x))", CTX)
    answer = parse("exp(exp(2*x)) + 1", CTX)
    assert not isinstance(answer, ParseFailure)
    started = time.monotonic()
    verdict = verify(ref, answer.expr, CTX, budget_s=0.5)
    assert verdict.outcome != "equal"
    assert time.monotonic() - started < 3.0
