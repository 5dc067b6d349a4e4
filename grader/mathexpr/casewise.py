"""Compare expressions with cases (Piecewise, Heaviside, Max, Min, Abs, sign) case by case.

Between switch points every case expression is analytic, so one branch comparison per
interval decides the whole interval (switches.py finds the points, nested cases such as
`Max(0, sign(x))` included). At a switch point the answer must have the reference's value,
unless the part declares the reference undefined there (`undefined:` in its spec, the
ReLU derivative at 0): then any value in the declared range (by default, between the
reference's one-sided limits) is right, and so is no value at all (the point left out of
the cases, or said to be undefined).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

import sympy

from .evaluate import MP, ShapeMismatch, Undefined, Unsupported, Value, evaluate, number
from .numeric import close, compare, describe_point, fmt, sample_point
from .results import Equivalence, SymbolContext, UndefinedAt
from .switches import TooComplex, branch, intervals, points, switch_functions

BRANCH_POINTS = 4
"""Points per region for a branch compared at a fixed value of the cases' variable."""

Prover = Callable[[sympy.Basic, sympy.Basic], bool | None]


@dataclass(frozen=True)
class _Cut:
    variable: sympy.Symbol
    points: tuple[sympy.Expr, ...]


def find_cut(ref: sympy.Basic, ans: sympy.Basic) -> _Cut | None:
    """The one variable the cases depend on and its switch points; None if not that simple."""
    functions = [f for f in switch_functions(ref) + switch_functions(ans) if f.free_symbols]
    variables = set().union(*(f.free_symbols for f in functions)) if functions else set()
    if len(variables) != 1:
        return None
    (variable,) = variables
    try:
        return _Cut(variable, points(functions, variable))
    except (TooComplex, TypeError, ValueError, Undefined):
        return None


def compare_cases(
    ref: sympy.Basic, ans: sympy.Basic, ctx: SymbolContext, seed: int, prove: Prover
) -> Equivalence | None:
    """A casewise verdict, or None when the cases are too complex to split this way."""
    cut = find_cut(ref, ans)
    if cut is None:
        return None
    try:
        return _decide(ref, ans, ctx, seed, prove, cut)
    except (Undefined, Unsupported, ShapeMismatch, TypeError, ValueError):
        return None


def _decide(
    ref: sympy.Basic, ans: sympy.Basic, ctx: SymbolContext, seed: int, prove: Prover, cut: _Cut
) -> Equivalence:
    var = cut.variable
    branches = []
    undecided = False
    for _, _, at in intervals(cut.points):
        ref_b, ans_b = branch(ref, var, at), branch(ans, var, at)
        branches.append(ref_b)
        if ref_b == ans_b:
            continue
        numeric = compare(ref_b, ans_b, ctx, seed, fixed={var: MP.mpf(float(at))},
                          per_region=BRANCH_POINTS)
        if numeric.status == "mismatch":
            return Equivalence("different", "casewise",
                           f"Your answer has the wrong value for {var} near {float(at):g}.",
                           numeric.point, numeric.expected, numeric.actual)
        if prove(ref_b, ans_b) is not True:
            undecided = True
    kink = _check_switch_points(ref, ans, ctx, seed, cut, branches)
    if kink is not None:
        return kink
    if undecided:
        return Equivalence("undecided", "casewise",
                       "Your answer agrees in every case numerically but could not be proven "
                       "equal; it will be checked by hand.")
    return Equivalence("equal", "casewise", "Your answer matches the expected value in every case.")


def _check_switch_points(
    ref: sympy.Basic, ans: sympy.Basic, ctx: SymbolContext, seed: int, cut: _Cut,
    branches: list[sympy.Basic],
) -> Equivalence | None:
    var = cut.variable
    rng = random.Random(seed)
    for k, point in enumerate(cut.points):
        env = sample_point(ctx, rng, k, fixed={var: MP.mpf(float(point))})
        actual = _value(ans, env)
        declared = _declared(ctx, var, point)
        if declared is not None:
            left, right = evaluate(branches[k], env), evaluate(branches[k + 1], env)
            low, high = _range(declared, left, right)
            inside = actual is None or (low <= actual <= high or close(actual, low)
                                        or close(actual, high))
            expected = f"between {fmt(low)} and {fmt(high)}, or no value"
        else:
            wanted = _value(ref, env)
            inside = wanted is None or (actual is not None and close(actual, wanted))
            expected = fmt(wanted) if wanted is not None else "anything"
        if not inside:
            return Equivalence("different", "casewise",
                           f"Your answer has the wrong value at {var} = {float(point):g}.",
                           describe_point(env, ref.free_symbols | ans.free_symbols), expected,
                           "undefined" if actual is None else fmt(actual))
    return None


def _value(expr: sympy.Basic, env: dict[sympy.Basic, Value]) -> Value | None:
    try:
        return evaluate(expr, env)
    except (Undefined, ZeroDivisionError):
        return None


def _declared(ctx: SymbolContext, var: sympy.Symbol, point: sympy.Expr) -> UndefinedAt | None:
    for entry in ctx.undefined:
        if entry.variable == var.name and sympy.Rational(entry.at) == point:
            return entry
    return None


def _range(declared: UndefinedAt, left: Value, right: Value) -> tuple[Value, Value]:
    low = number(sympy.Rational(declared.low)) if declared.low is not None else min(left, right)
    high = number(sympy.Rational(declared.high)) if declared.high is not None else max(
        left, right)
    return low, high
