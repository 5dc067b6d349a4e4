"""Where an expression with cases changes form, and which form holds at a point.

Heaviside, Abs, sign, Max, Min and Piecewise switch where some function of a variable
changes sign. Nested cases (`Max(0, sign(x))`) switch where the outer function changes
sign once the inner cases are resolved, interval by interval. Both the casewise rung and
the numeric rung's sampling (both sides of every switch) read the points from here.
"""

from __future__ import annotations

import sympy

from .canonical import CASE_TYPES
from .evaluate import Undefined
from .size import Sizer

MAX_SWITCH_POINTS = 12
MAX_DEGREE = 4
MAX_WRITTEN_DEGREE = 64
"""A switch function written with a higher degree is not expanded to find its true one:
expanding costs as much as the written degree, and such cases go to the proof instead."""
MAX_NESTING = 3


class TooComplex(Exception):
    """The cases cannot be split at finitely many simple points of one variable."""


def switch_functions(expr: sympy.Basic) -> list[sympy.Expr]:
    found: list[sympy.Expr] = []
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, sympy.Heaviside | sympy.Abs | sympy.sign | sympy.DiracDelta):
            found.append(node.args[0])
        elif isinstance(node, sympy.Max | sympy.Min):
            found += [a - b for a in node.args for b in node.args if a != b]
        elif isinstance(node, sympy.Piecewise):
            for _, condition in node.args:
                found += [r.lhs - r.rhs for r in condition.atoms(sympy.Rel)]
    return found


def points(functions: list[sympy.Expr], variable: sympy.Symbol,
           depth: int = 0) -> tuple[sympy.Expr, ...]:
    """Sorted real points where one of `functions` (of `variable` alone) changes sign."""
    if depth > MAX_NESTING:
        raise TooComplex("cases nested too deeply")
    found: set[sympy.Expr] = set()
    for function in functions:
        if function.has(*CASE_TYPES):
            found.update(_nested_points(function, variable, depth))
        else:
            found.update(_roots(function, variable))
        if len(found) > MAX_SWITCH_POINTS:
            raise TooComplex("too many switch points")
    return tuple(sorted(found, key=float))


def _roots(function: sympy.Expr, variable: sympy.Symbol) -> list[sympy.Expr]:
    if not function.free_symbols:
        return []
    if not function.is_polynomial(variable) or Sizer().of(function).degree > MAX_WRITTEN_DEGREE:
        raise TooComplex("not a polynomial")
    poly = sympy.Poly(function, variable)
    if poly.degree() > MAX_DEGREE or not all(c.is_Rational for c in poly.coeffs()):
        raise TooComplex("not a low-degree rational polynomial")
    return list(poly.real_roots())


def _nested_points(function: sympy.Expr, variable: sympy.Symbol,
                   depth: int) -> set[sympy.Expr]:
    """Points of the inner cases, and where the outer function changes sign between them."""
    inner = points(switch_functions(function), variable, depth + 1)
    found = set(inner)
    for low, high, at in intervals(inner):
        resolved = branch(function, variable, at)
        if resolved.has(*CASE_TYPES):
            raise TooComplex("cases that do not resolve")
        for root in _roots(resolved, variable):
            if (low is None or root > low) and (high is None or root < high):
                found.add(root)
    return found


def intervals(cut: tuple[sympy.Expr, ...]
              ) -> list[tuple[sympy.Expr | None, sympy.Expr | None, sympy.Expr]]:
    """(low, high, a point inside) for each interval between switch points."""
    if not cut:
        return [(None, None, sympy.Integer(0))]
    inner = [(a, b, (a + b) / 2) for a, b in zip(cut, cut[1:], strict=False)]
    return [(None, cut[0], cut[0] - 1), *inner, (cut[-1], None, cut[-1] + 1)]


def branch(expr: sympy.Basic, variable: sympy.Symbol, at: sympy.Expr) -> sympy.Basic:
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
        if isinstance(node, sympy.DiracDelta):
            return sympy.Integer(0)
        if isinstance(node, sympy.Max | sympy.Min):
            values = sorted(node.args, key=lambda a: float(a.subs(variable, at)))
            return values[-1] if isinstance(node, sympy.Max) else values[0]
        for value, condition in node.args:
            if condition.subs(variable, at) == sympy.true:
                return value
        raise Undefined("no case applies")

    return expr.replace(lambda n: isinstance(n, (*CASE_TYPES, sympy.DiracDelta)), pick)


def by_variable(expr: sympy.Basic) -> dict[sympy.Symbol, tuple[sympy.Expr, ...]]:
    """Each variable's switch points, from the switch functions of that variable alone."""
    grouped: dict[sympy.Symbol, list[sympy.Expr]] = {}
    for function in switch_functions(expr):
        symbols = function.free_symbols
        if len(symbols) == 1:
            (symbol,) = symbols
            if isinstance(symbol, sympy.Symbol) and symbol.is_commutative:
                grouped.setdefault(symbol, []).append(function)
    found = {}
    for symbol, functions in grouped.items():
        try:
            found[symbol] = points(functions, symbol)
        except (TooComplex, TypeError, ValueError, Undefined):
            continue
    return found
