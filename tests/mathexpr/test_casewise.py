"""Cases: where the part declares the reference undefined (the ReLU derivative at 0), any
value in the declared range is right, and so is no value; elsewhere the reference's own."""

from __future__ import annotations

import pytest

from grader.mathexpr import ParseSuccess, parse, parse_reference, verify

from .cases import CONTEXTS


def decide(reference: str, answer: str, context: str = "relu") -> tuple[str, str, str | None]:
    ctx = CONTEXTS[context]
    parsed = parse(answer, ctx)
    assert isinstance(parsed, ParseSuccess)
    verdict = verify(parse_reference(reference, ctx), parsed.expr, ctx)
    return verdict.outcome, verdict.step, verdict.expected_value


@pytest.mark.parametrize("at_zero", ["0", "1", "1/2", "0.25", "1.0"])
def test_any_value_in_the_jump_is_accepted(at_zero: str) -> None:
    answer = f"Piecewise((0, x < 0), ({at_zero}, Eq(x, 0)), (1, True))"
    assert decide("Heaviside(x)", answer)[:2] == ("equal", "casewise")


@pytest.mark.parametrize("at_zero", ["-0.1", "1.5", "7"])
def test_values_outside_the_jump_are_rejected(at_zero: str) -> None:
    answer = f"Piecewise((0, x < 0), ({at_zero}, Eq(x, 0)), (1, True))"
    outcome, step, expected = decide("Heaviside(x)", answer)
    assert (outcome, step) == ("different", "casewise")
    assert expected == "between 0.0 and 1.0, or no value"


@pytest.mark.parametrize("answer", [
    "Piecewise((1, x > 0), (0, x < 0))",
    r"\begin{cases} 1 & x > 0 \\ 0 & x < 0 \end{cases}",
    "(x + Abs(x))/(2*x)",
])
def test_leaving_a_declared_point_out_is_right(answer: str) -> None:
    assert decide("Heaviside(x)", answer)[0] == "equal"


@pytest.mark.parametrize(("answer", "outcome"), [
    ("Heaviside(x)", "equal"), ("Heaviside(x, 1/2)", "equal"), ("Heaviside(x, 1)", "different"),
    ("Piecewise((1, x > 0), (0, x < 0))", "different"),
])
def test_without_a_declaration_the_reference_value_counts(answer: str, outcome: str) -> None:
    assert decide("Heaviside(x)", answer, "x")[0] == outcome


def test_continuous_reference_needs_the_exact_value_at_an_answer_switch() -> None:
    assert decide("Max(0, x)", "Piecewise((0, x < 0), (x, True))", "x")[0] == "equal"
    outcome, step, _ = decide("Max(0, x)", "Piecewise((0, x < 0), (1, Eq(x, 0)), (x, True))",
                              "x")
    assert (outcome, step) == ("different", "casewise")


def test_wrong_switch_point_is_found_between_cases() -> None:
    outcome, step, _ = decide("Heaviside(x)", "Heaviside(x - 1/1000)")
    assert outcome == "different"
    assert step in ("numeric", "casewise")  # the samples near 0 find it first


def test_abs_and_max_are_cases_too() -> None:
    assert decide("Abs(x)", "Max(x, -x)")[0] == "equal"
    assert decide("Abs(x)", "x*sign(x)")[0] == "equal"


@pytest.mark.parametrize(("answer", "outcome"), [
    ("Max(0, sign(x))", "equal"), ("Min(1, Max(0, sign(x)))", "equal"),
    ("Max(0, -sign(-x))", "equal"), ("(1 + sign(x))/2", "equal"),
    ("Min(1, Max(0, x))", "different"), ("Max(0, sign(x - 1))", "different"),
    ("Min(0, sign(x))", "different"), ("Abs(sign(x))", "different"),
])
def test_nested_cases_are_split_and_proved(answer: str, outcome: str) -> None:
    assert decide("Heaviside(x)", answer)[0] == outcome
