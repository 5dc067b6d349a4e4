"""The numeric rung's points cover every region of every variable, and a difference is
real only when it survives a higher precision."""

from __future__ import annotations

import random
from collections import Counter

import pytest
import sympy

from grader.mathexpr import SymbolContext, parse_reference
from grader.mathexpr.numeric import POINTS_PER_REGION, Plan, _point, compare

from .cases import CONTEXTS

X = CONTEXTS["x"]


def test_every_region_of_every_variable_gets_its_share_of_points() -> None:
    ctx = CONTEXTS["z2"]
    reference = parse_reference("x1*(x2 - 4)", ctx)
    plan = Plan.of(ctx, reference, None)
    counts: Counter[tuple[int, int]] = Counter()
    for k in range(POINTS_PER_REGION * plan.width):
        counts.update((n, plan.region(n, k)) for n in range(len(plan.regions)))
    assert len(counts) == 4 * 6 and min(counts.values()) >= POINTS_PER_REGION >= 64


def test_switch_points_add_both_sides() -> None:
    reference = parse_reference("Heaviside(x - 1/2) + Max(0, x + 3)", X)
    plan = Plan.of(X, reference, None)
    names = [name for name, _ in next(iter(plan.regions.values()))]
    assert {"just below 0.5", "just above 0.5", "just below -3", "just above -3"} <= set(names)
    rng = random.Random(0)
    below = [plan.regions[sympy.Symbol("x", real=True)][names.index("just below 0.5")][1](rng)
             for _ in range(50)]
    assert all(0 < 0.5 - v < 0.32 for v in below)


def test_points_are_the_same_from_run_to_run() -> None:
    plan = Plan.of(X, sympy.Integer(0), None)
    first = [_point(X, plan, random.Random(3), k, None) for k in range(10)]
    again = [_point(X, plan, random.Random(3), k, None) for k in range(10)]
    assert first == again


@pytest.mark.parametrize(("answer", "region"), [
    ("Min(1, Max(0, x))", (0, 1)),                 # between 0 and 1
    ("sigmoid(1000*x)", (-0.02, 0.02)),            # near 0
    ("Heaviside(x)*(1 + x**4/10**30)", (1000, 10**7)),  # large magnitudes only
])
def test_answers_wrong_in_one_region_are_found_there(answer: str, region: tuple) -> None:
    ctx = SymbolContext(variables=("x",), functions=("sigmoid",))
    result = compare(parse_reference("Heaviside(x)", ctx), parse_reference(answer, ctx), ctx)
    assert result.status == "mismatch"
    (_, at), = result.point or ()
    assert region[0] < abs(at) < region[1] or region[0] < at < region[1]


def test_rounding_is_not_a_difference() -> None:
    """σ(x)(1 − σ(x)) at x = 100 is 1 − 1 at forty digits; at more digits it is e^-100."""
    ctx = SymbolContext(variables=("x",), functions=("sigmoid",))
    result = compare(parse_reference("exp(-x)/(1 + exp(-x))**2", ctx),
                     parse_reference("sigmoid(x) - sigmoid(x)**2", ctx), ctx)
    assert result.status == "agree" and result.regions == 6
