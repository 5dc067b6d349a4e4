"""One spelling per mathematical object, so equal answers compare structurally.

The sigmoid is expanded into exponentials because that is how sympy's
simplifiers (and the numeric evaluator) can see through it.
"""

from __future__ import annotations

import sympy

from .functions import sigmoid

CASE_TYPES: tuple[type, ...] = (
    sympy.Piecewise, sympy.Heaviside, sympy.Max, sympy.Min, sympy.Abs, sympy.sign
)


def canonical(expr: sympy.Basic) -> sympy.Basic:
    return expr.replace(sigmoid, lambda arg: 1 / (1 + sympy.exp(-arg)))


def has_cases(expr: sympy.Basic) -> bool:
    return expr.has(*CASE_TYPES)
