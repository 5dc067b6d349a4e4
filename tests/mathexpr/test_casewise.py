"""Cases: any value between the one-sided limits is accepted where the reference jumps."""

from __future__ import annotations

import pytest

from grader.mathexpr import ParseSuccess, parse, parse_reference, verify

from .cases import CONTEXTS


def decide(reference: str, answer: str) -> tuple[str, str, str | None]:
    ctx = CONTEXTS["relu"]
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
    assert expected == "between 0.0 and 1.0"


def test_continuous_reference_needs_the_exact_value_at_an_answer_switch() -> None:
    assert decide("Max(0, x)", "Piecewise((0, x < 0), (x, True))")[0] == "equal"
    outcome, step, _ = decide("Max(0, x)", "Piecewise((0, x < 0), (1, Eq(x, 0)), (x, True))")
    assert (outcome, step) == ("different", "casewise")


def test_wrong_switch_point_is_found_between_cases() -> None:
    outcome, step, _ = decide("Heaviside(x)", "Heaviside(x - 1/1000)")
    assert outcome == "different"
    assert step == "casewise"


def test_abs_and_max_are_cases_too() -> None:
    assert decide("Abs(x)", "Max(x, -x)")[0] == "equal"
    assert decide("Abs(x)", "x*sign(x)")[0] == "equal"
