"""Compare expressions with cases (Piecewise, Heaviside, Max, Abs) case by case.

Between switch points every case expression is analytic, so one branch
comparison per interval decides the whole interval. At a switch point where the
reference jumps, any value between its one-sided limits is accepted: the ReLU
derivative may take any value in [0, 1] at 0, as a subgradient does; and so is no value
at all (cases that leave the point out, or say "undefined" there): at a jump the
derivative does not exist, which is what such an answer says.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

import sympy

from .canonical import CASE_TYPES
from .evaluate import MP, ShapeMismatch, Undefined, Unsupported, evaluate
from .numeric import close, compare, describe_point, fmt, sample_point
from .results import SymbolContext, Verdict
from .size import Sizer

MAX_SWITCH_POINTS = 12
MAX_DEGREE = 4
MAX_WRITTEN_DEGREE = 64
"""A switch function written with a higher degree is not expanded to find its true one:
expanding costs as much as the written degree, and such cases go to the proof instead."""

Prover = Callable[[sympy.Basic, sympy.Basic], bool | None]


@dataclass(frozen=True)
class _Cut:
    variable: sympy.Symbol
    points: tuple[sympy.Expr, ...]


def _switch_functions(expr: sympy.Basic) -> list[sympy.Expr]:
    found: list[sympy.Expr] = []
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, sympy.Heaviside | sympy.Abs | sympy.sign):
            found.append(node.args[0])
        elif isinstance(node, sympy.Max | sympy.Min):
            found += [a - b for a in node.args for b in node.args if a != b]
        elif isinstance(node, sympy.Piecewise):
            for _, condition in node.args:
                found += [r.lhs - r.rhs for r in condition.atoms(sympy.Rel)]
    return found


def find_cut(ref: sympy.Basic, ans: sympy.Basic) -> _Cut | None:
    """The one variable the cases depend on and its switch points; None if not that simple."""
    functions = [f for f in _switch_functions(ref) + _switch_functions(ans) if f.free_symbols]
    variables = set().union(*(f.free_symbols for f in functions)) if functions else set()
    if len(variables) != 1:
        return None
    (variable,) = variables
    points: set[sympy.Expr] = set()
    for function in functions:
        if not function.is_polynomial(variable):
            return None
        if Sizer().of(function).degree > MAX_WRITTEN_DEGREE:
            return None
        poly = sympy.Poly(function, variable)
        if poly.degree() > MAX_DEGREE or not all(c.is_Rational for c in poly.coeffs()):
            return None
        points.update(poly.real_roots())
    if len(points) > MAX_SWITCH_POINTS:
        return None
    return _Cut(variable, tuple(sorted(points, key=float)))


def _branch(expr: sympy.Basic, variable: sympy.Symbol, at: sympy.Expr) -> sympy.Basic:
    """``expr`` with every case construct replaced by the case active at ``variable = at``."""

    def positive(value: sympy.Basic) -> bool:
        return bool(value.subs(variable, at) > 0)

    def pick(node: sympy.Basic) -> sympy.Basic:
        if isinstance(node, sympy.Heaviside):
            return sympy.Integer(1 if positive(node.args[0]) else 0)
        if isinstance(node, sympy.Abs):
            return node.args[0] if positive(node.args[0]) else -node.args[0]
        if isinstance(node, sympy.sign):
            return sympy.Integer(1 if positive(node.args[0]) else -1)
        if isinstance(node, sympy.Max | sympy.Min):
            values = sorted(node.args, key=lambda a: float(a.subs(variable, at)))
            return values[-1] if isinstance(node, sympy.Max) else values[0]
        for value, condition in node.args:
            if condition.subs(variable, at) == sympy.true:
                return value
        raise Undefined("no case applies")

    return expr.replace(lambda n: isinstance(n, CASE_TYPES), pick)


def _samples(points: tuple[sympy.Expr, ...]) -> list[sympy.Expr]:
    if not points:
        return [sympy.Integer(0)]
    inner = [(a + b) / 2 for a, b in zip(points, points[1:], strict=False)]
    return [points[0] - 1, *inner, points[-1] + 1]


def compare_cases(
    ref: sympy.Basic, ans: sympy.Basic, ctx: SymbolContext, seed: int, prove: Prover
) -> Verdict | None:
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
) -> Verdict:
    var = cut.variable
    branches = []
    undecided = False
    for at in _samples(cut.points):
        ref_b, ans_b = _branch(ref, var, at), _branch(ans, var, at)
        branches.append(ref_b)
        if ref_b == ans_b:
            continue
        numeric = compare(ref_b, ans_b, ctx, seed, fixed={var: MP.mpf(float(at))})
        if numeric.status == "mismatch":
            return Verdict("different", "casewise",
                           f"Your answer has the wrong value for {var} near {float(at):g}.",
                           numeric.point, numeric.expected, numeric.actual)
        if prove(ref_b, ans_b) is not True:
            undecided = True
    kink = _check_switch_points(ref, ans, ctx, seed, cut, branches)
    if kink is not None:
        return kink
    if undecided:
        return Verdict("undecided", "casewise",
                       "Your answer agrees in every case numerically but could not be proven "
                       "equal; it will be checked by hand.")
    return Verdict("equal", "casewise", "Your answer matches the expected value in every case.")


def _check_switch_points(
    ref: sympy.Basic, ans: sympy.Basic, ctx: SymbolContext, seed: int, cut: _Cut,
    branches: list[sympy.Basic],
) -> Verdict | None:
    var = cut.variable
    rng = random.Random(seed)
    for k, point in enumerate(cut.points):
        env = sample_point(ctx, rng, k, fixed={var: MP.mpf(float(point))})
        left = evaluate(branches[k], env)
        right = evaluate(branches[k + 1], env)
        try:
            actual = evaluate(ans, env)
        except Undefined:
            actual = None
        low, high = min(left, right), max(left, right)
        inside = not close(left, right) if actual is None else (
            low <= actual <= high or close(actual, low) or close(actual, high)
        )
        if not inside:
            expected = fmt(left) if close(left, right) else f"between {fmt(low)} and {fmt(high)}"
            return Verdict("different", "casewise",
                           f"Your answer has the wrong value at {var} = {float(point):g}.",
                           describe_point(env, ref.free_symbols | ans.free_symbols), expected,
                           "undefined" if actual is None else fmt(actual))
    return None
