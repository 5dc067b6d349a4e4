"""The decision ladder: which step decides, what evidence comes back, and timing."""

from __future__ import annotations

import threading
import time

import pytest
import sympy

from grader.mathexpr import Equivalence, ParseSuccess, matches, parse, parse_reference, verify

from .cases import CONTEXTS, SIG, SOFT


def check(reference: str, answer: str, context: str, **kwargs: float) -> Equivalence:
    ctx = CONTEXTS[context]
    parsed = parse(answer, ctx)
    assert isinstance(parsed, ParseSuccess), parsed
    return verify(parse_reference(reference, ctx), parsed.expr, ctx, **kwargs)


def test_structural_step() -> None:
    verdict = check(SIG, "σ(x)(1-σ(x))", "sigmoid")
    assert (verdict.outcome, verdict.step) == ("equal", "structural")


def test_numeric_step_reports_a_counterexample() -> None:
    verdict = check(SIG, "σ(x)(1+σ(x))", "sigmoid")
    assert (verdict.outcome, verdict.step) == ("different", "numeric")
    assert verdict.counterexample is not None
    assert [name for name, _ in verdict.counterexample] == ["x"]
    x = verdict.counterexample[0][1]
    s = 1 / (1 + sympy.exp(-x))
    assert float(verdict.expected_value or "nan") == pytest.approx(float(s * (1 - s)), rel=1e-4)
    assert "instead of" in verdict.reason


def test_counterexample_lists_only_used_variables() -> None:
    verdict = check("x2 - 4", "x1 - 4", "z2")
    assert {name for name, _ in verdict.counterexample or ()} == {"x1", "x2"}


def test_symbolic_step_needs_rewrite_to_exp() -> None:
    verdict = check(SIG, "1/(2+2*cosh(x))", "sigmoid")
    assert (verdict.outcome, verdict.step) == ("equal", "symbolic")


def test_no_budget_means_undecided_not_a_guess() -> None:
    verdict = check(SIG, "1/(2+2*cosh(x))", "sigmoid", budget_s=0.0)
    assert (verdict.outcome, verdict.step) == ("undecided", "symbolic")


def test_index_cases_are_split_for_the_proof() -> None:
    verdict = check(SOFT, "s_j*δ_ij - s_i*s_j", "softmax")
    assert verdict.outcome == "equal"


def test_overflowing_values_are_compared_in_high_precision() -> None:
    verdict = check("10*(x1+5*(x2+3))*exp((x1+5*(x2+3))**2)",
                    "10*(x1+5*(x2+3))*exp((x1+5*(x2+3))**2) * (1 + 1e-9)", "z3")
    assert verdict.outcome == "different"
    assert verdict.expected_value is not None and "e+" in verdict.expected_value


def test_matrix_order_matters() -> None:
    verdict = check("W2*W1", "W1*W2", "linear")
    assert verdict.outcome == "different"
    assert "order" in verdict.reason
    assert verdict.expected_value is not None and verdict.expected_value.startswith("[[")


def test_same_seed_same_verdict() -> None:
    first = check(SIG, "σ(x)(1+σ(x))", "sigmoid", seed=7)
    assert first == check(SIG, "σ(x)(1+σ(x))", "sigmoid", seed=7)


def test_misconception_probe_is_fast_when_numbers_differ() -> None:
    ctx = CONTEXTS["sigmoid"]
    misconception = parse_reference("sigmoid(x)*(1+sigmoid(x))", ctx)
    answer = parse_reference("exp(-x)/(1+exp(-x))**2", ctx)
    started = time.monotonic()
    assert not matches(misconception, answer, ctx)
    assert time.monotonic() - started < 0.2


def test_verify_works_from_threads() -> None:
    results: list[str] = []

    def run() -> None:
        results.append(check(SIG, "1/(2+2*cosh(x))", "sigmoid").outcome)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == ["equal"] * 4


def test_unevaluable_answers_are_undecided() -> None:
    ctx = CONTEXTS["sigmoid"]
    x = sympy.Symbol("x", real=True)
    verdict = verify(sympy.Function("g")(x), sympy.Function("g")(x) * 2, ctx, budget_s=0.5)
    assert verdict.outcome == "undecided"
