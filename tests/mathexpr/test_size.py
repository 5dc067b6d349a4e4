"""Answers are bounded by the value they denote after folding, not by their literals."""

from __future__ import annotations

import time

import pytest

from grader.mathexpr import ParseFailure, parse

from .cases import CONTEXTS, ROWS

# (answer, context, what the refusal says)
TOO_LARGE = [
    ("(((W2^100)^100)^100)^100*W1", "linear", "exponent of 10,000"),
    ("(W2^20)^60*W1", "linear", "exponent of 1,200"),
    ("sigmoid(x)*(1-sigmoid(x)) + Heaviside((((x+1)^2)^100)^100) - 1", "sigmoid",
     "exponent of 20,000"),
    ("((x+1)^10 + 1)^100 * (x+2)^100", "relu", "degree about 1,100"),
    ("sin(exp(exp(16)))", "sigmoid", "10^3,859,189"),
    ("exp(exp(x^2))", "relu", "its value reaches"),
    ("x^(x^(x^x))", "relu", "its value reaches"),
    (r"\sin\left(e^{e^{16}}\right)", "sigmoid", "its value reaches"),
]
ALLOWED = ["x^100", "(x^10)^100", "((x+1)^10 + 1)^100", "exp(x^7)", "exp(exp(2*x))",
           "sin(exp(x^3))", "x^x", "10^100*10^100*x", "exp((x+5*(x+3))^2)"]


@pytest.mark.parametrize(("answer", "context", "says"), TOO_LARGE)
def test_answers_denoting_huge_values_are_refused_at_once(answer: str, context: str,
                                                          says: str) -> None:
    started = time.monotonic()
    result = parse(answer, CONTEXTS[context])
    assert isinstance(result, ParseFailure)
    assert "too expensive to check" in result.message and says in result.message
    assert time.monotonic() - started < 0.5


@pytest.mark.parametrize("answer", ALLOWED)
def test_large_but_ordinary_answers_are_read(answer: str) -> None:
    assert not isinstance(parse(answer, CONTEXTS["relu"]), ParseFailure)


def test_every_reference_and_answer_of_the_table_is_within_the_bounds() -> None:
    refused = [answer for _, answer, context, _ in ROWS
               if "too expensive" in getattr(parse(answer, CONTEXTS[context]), "message", "")]
    assert refused == []
