"""Bound an answer by the value it denotes, not by the literals it is written with.

A cap on each literal exponent does not bound what sympy builds from them: sympy folds
``((W2^100)^100)^100`` into ``W2**1000000``, ``(((x+1)^2)^100)^100`` is a polynomial of
degree 20,000 however short its text, and ``exp(exp(16))`` is a number of millions of
digits. Each checking step then pays for the value, not for the text: the numeric check
multiplies a matrix a million times, the casewise check expands the polynomial, the sine
of that number needs millions of digits of pi. So the builder measures every subexpression
it makes, after sympy's folding, and refuses one whose size no answer to a homework
question needs. The measures are upper bounds computed in one pass over the tree:

- the folded exponent of every power, and the degree the expression would have if every
  power were multiplied out (functions count as their argument's degree);
- the magnitude: a bound on ``ln |value|`` while every variable (or matrix entry sum)
  stays within RADIUS, which covers the points the numeric check samples.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import sympy

MAX_POWER = 1000
"""Folded exponent and polynomial degree: 1000 is ten times the literal cap."""
MAX_MAGNITUDE = 100_000.0
"""ln |value|: e^100000 has about 43,000 digits, which mpmath still handles in
milliseconds, while exp(exp(16)) (8.9 million) is out of reach."""
RADIUS = 5.0
"""Variables are sampled up to 4.1 in absolute value; matrices have entries up to 1.5."""

_LN_RADIUS = math.log(RADIUS)
_GROWING = (sympy.exp, sympy.sinh, sympy.cosh)
_BOUNDED = (sympy.sin, sympy.cos, sympy.tanh, sympy.Heaviside, sympy.sign,
            sympy.KroneckerDelta)


@dataclass(frozen=True)
class Size:
    degree: float
    magnitude: float
    """An upper bound on ln max(1, |value|) for variables within RADIUS."""


class TooLarge(Exception):
    """What made an expression too large, in words for the student."""


class Sizer:
    """Sizes of the subexpressions of one answer, each computed once."""

    def __init__(self) -> None:
        self.known: dict[sympy.Basic, Size] = {}

    def check(self, expr: sympy.Basic) -> Size:
        """The size of ``expr``; raises TooLarge when any part of it is too large."""
        size = self.of(expr)
        if size.degree > MAX_POWER:
            raise TooLarge(f"multiplied out, this is a polynomial of degree about "
                           f"{_count(size.degree)} (at most {MAX_POWER})")
        if size.magnitude > MAX_MAGNITUDE:
            digits = size.magnitude / math.log(10)
            raise TooLarge(f"its value reaches about 10^{_count(digits)} "
                           f"(at most 10^{_count(MAX_MAGNITUDE / math.log(10))})")
        return size

    def of(self, expr: sympy.Basic) -> Size:
        found = self.known.get(expr)
        if found is None:
            found = self._measure(expr)
            self.known[expr] = found
        return found

    def _measure(self, expr: sympy.Basic) -> Size:
        if isinstance(expr, sympy.Rational):
            return Size(0.0, _ln_ratio(int(expr.p), int(expr.q)))
        if isinstance(expr, sympy.Number):
            value = abs(float(expr)) if expr.is_finite else math.inf
            return Size(0.0, math.log(max(1.0, value)))
        if isinstance(expr, sympy.Symbol):
            return Size(1.0, _LN_RADIUS)
        if not expr.args:
            return Size(0.0, 1.2)  # pi, E, true, false
        if isinstance(expr, sympy.Pow):
            return self._power(expr)
        args = [self.of(arg) for arg in expr.args]
        degree = max(a.degree for a in args)
        magnitude = max(a.magnitude for a in args)
        if isinstance(expr, sympy.Mul):
            return Size(sum(a.degree for a in args), sum(a.magnitude for a in args))
        if isinstance(expr, sympy.Add):
            return Size(degree, magnitude + math.log(len(args)))
        if isinstance(expr, _GROWING):
            return Size(degree, _exp(magnitude))
        if isinstance(expr, sympy.log):
            return Size(degree, math.log(1.0 + max(magnitude, 1.0)))
        if isinstance(expr, _BOUNDED):
            return Size(degree, 0.0)
        return Size(degree, magnitude)

    def _power(self, expr: sympy.Pow) -> Size:
        base, exponent = self.of(expr.base), self.of(expr.exp)
        if expr.exp.is_Number:
            power = abs(float(expr.exp))
            if power > MAX_POWER and not expr.base.is_Number:
                raise TooLarge(f"the powers here multiply to an exponent of {_count(power)} "
                               f"(at most {MAX_POWER})")
            return Size(power * base.degree, power * base.magnitude)
        # b^e = exp(e ln b): |e ln b| <= e^(magnitude of e) * max(ln |b|, 1)
        magnitude = _exp(exponent.magnitude) * max(base.magnitude, 1.0)
        return Size(max(base.degree, exponent.degree), magnitude)


def _ln_ratio(p: int, q: int) -> float:
    if p == 0:
        return 0.0
    return max(0.0, math.log(abs(p)) - math.log(q))


def _exp(magnitude: float) -> float:
    return math.exp(magnitude) if magnitude < 700 else math.inf


def _count(value: float) -> str:
    return f"{value:,.0f}" if math.isfinite(value) else "infinity"
