"""Evaluate a (trusted, already built) expression at one point with mpmath.

A hand-written evaluator instead of ``lambdify``: it needs arbitrary precision
(``exp((x1+5*x2+15)**2)`` overflows float64 at ordinary points), matrices whose
products keep their order, Kronecker deltas over integer indices, and it must
say *undefined here* (log of a negative, division by zero) rather than return
nan or a complex number.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import mpmath
import numpy as np
import sympy

from .functions import sigmoid

MP = mpmath.MPContext()
MP.dps = 40
MAX_SUM_TERMS = 16
MAX_EXPONENT_ARG = 10**7  # exp of more than this is treated as "does not fit" at this point
MAX_PERIODIC_ARG = MP.mpf(2) ** 4096
"""sin, cos and tan of a larger number need that many bits of pi to reduce it: a value
the evaluator does not compute, rather than one that costs seconds."""

Value = Any  # an MP.mpf scalar or a numpy object array of them


class Undefined(Exception):
    """The expression has no real value at this point."""


class Unsupported(Exception):
    """The expression contains something the evaluator cannot compute."""


class ShapeMismatch(Exception):
    """Matrix dimensions do not fit (e.g. a 3x1 vector times a 3x3 matrix)."""


def is_matrix(value: Value) -> bool:
    return isinstance(value, np.ndarray)


def _add(a: Value, b: Value) -> Value:
    if is_matrix(a) != is_matrix(b) or (is_matrix(a) and a.shape != b.shape):
        raise ShapeMismatch("cannot add these shapes")
    return a + b


def _mul(a: Value, b: Value) -> Value:
    if is_matrix(a) and is_matrix(b):
        if a.shape[1] != b.shape[0]:
            raise ShapeMismatch("cannot multiply these shapes")
        return a @ b
    return a * b


def _scalar(value: Value) -> Any:
    if is_matrix(value):
        raise Unsupported("a matrix where a number is needed")
    return value


def _exp(arg: Value) -> Value:
    arg = _scalar(arg)
    if arg > MAX_EXPONENT_ARG:
        raise Undefined("too large")
    return MP.exp(arg)


def _log(arg: Value, base: Value | None = None) -> Value:
    arg = _scalar(arg)
    if arg <= 0 or (base is not None and (base <= 0 or base == 1)):
        raise Undefined("log of a non-positive number")
    return MP.log(arg) if base is None else MP.log(arg) / MP.log(base)


def _power(base: Value, exponent: Value) -> Value:
    exponent = _scalar(exponent)
    if is_matrix(base):
        if exponent != int(exponent) or exponent < 1 or base.shape[0] != base.shape[1]:
            raise Unsupported("matrix power")
        return _matrix_power(base, int(exponent))
    if base == 0 and exponent <= 0:
        raise Undefined("division by zero")
    if base < 0 and exponent != int(exponent):
        raise Undefined("fractional power of a negative number")
    if base != 0 and abs(exponent * MP.log(abs(base))) > MAX_EXPONENT_ARG:
        raise Undefined("too large")
    return MP.power(base, exponent)


def _matrix_power(base: Value, exponent: int) -> Value:
    """By squaring: log2(exponent) products, whatever the exponent."""
    result = None
    while exponent:
        if exponent & 1:
            result = base if result is None else result @ base
        exponent >>= 1
        if exponent:
            base = base @ base
    return result


def _periodic(function: Callable[[Any], Any]) -> Callable[[Value], Value]:
    def apply(arg: Value) -> Value:
        arg = _scalar(arg)
        if abs(arg) > MAX_PERIODIC_ARG:
            raise Unsupported("a trigonometric function of a number too large to reduce")
        return function(arg)

    return apply


def _nonzero(function: Callable[[Any], Any]) -> Callable[[Value], Value]:
    """csch and coth: no value at 0."""
    def apply(arg: Value) -> Value:
        arg = _scalar(arg)
        if arg == 0:
            raise Undefined("division by zero")
        return function(arg)

    return apply


def _dirac(arg: Value, *derivative: Value) -> Value:
    """A point mass: 0 away from its point, no value at it."""
    if _scalar(arg) == 0 or derivative:
        raise Undefined("a Dirac delta has no value at its point")
    return MP.mpf(0)


def _transpose(arg: Value) -> Value:
    return arg.T if is_matrix(arg) else arg


def _heaviside(arg: Value, at_zero: Value | None = None) -> Value:
    arg = _scalar(arg)
    if arg > 0:
        return MP.mpf(1)
    if arg < 0:
        return MP.mpf(0)
    return MP.mpf(0.5) if at_zero is None else at_zero


_FUNCTIONS: dict[type, Callable[..., Value]] = {
    sympy.exp: _exp,
    sympy.log: _log,
    sympy.sin: _periodic(MP.sin),
    sympy.cos: _periodic(MP.cos),
    sympy.tan: _periodic(MP.tan),
    sympy.sinh: lambda a: MP.sinh(_scalar(a)) if abs(a) < MAX_EXPONENT_ARG else _exp(abs(a)),
    sympy.cosh: lambda a: MP.cosh(_scalar(a)) if abs(a) < MAX_EXPONENT_ARG else _exp(abs(a)),
    sympy.tanh: lambda a: MP.tanh(_scalar(a)),
    sympy.sech: lambda a: MP.sech(_scalar(a)),
    sympy.csch: _nonzero(MP.csch),
    sympy.coth: _nonzero(MP.coth),
    sympy.DiracDelta: _dirac,
    sympy.transpose: _transpose,
    sympy.Abs: lambda a: abs(_scalar(a)),
    sympy.sign: lambda a: MP.mpf(MP.sign(_scalar(a))),
    sympy.Heaviside: _heaviside,
    sympy.Max: lambda *a: max(_scalar(v) for v in a),
    sympy.Min: lambda *a: min(_scalar(v) for v in a),
    sympy.KroneckerDelta: lambda a, b: MP.mpf(1 if a == b else 0),
    sigmoid: lambda a: 1 / (1 + _exp(-_scalar(a))),
}
_RELATIONS: dict[type, Callable[[Any, Any], bool]] = {
    sympy.StrictLessThan: lambda a, b: a < b,
    sympy.LessThan: lambda a, b: a <= b,
    sympy.StrictGreaterThan: lambda a, b: a > b,
    sympy.GreaterThan: lambda a, b: a >= b,
    sympy.Equality: lambda a, b: a == b,
    sympy.Unequality: lambda a, b: a != b,
}


def number(value: sympy.Basic) -> Any:
    if isinstance(value, sympy.Rational):
        return MP.mpf(int(value.p)) / int(value.q)
    if isinstance(value, sympy.Float):
        return MP.mpf(str(value))
    if value is sympy.pi:
        return +MP.pi
    if value is sympy.E:
        return +MP.e
    raise Undefined("not a real number")


def evaluate(expr: sympy.Basic, env: Mapping[sympy.Basic, Value]) -> Value:
    """Value of ``expr`` with symbols taken from ``env``; raises on trouble, never returns nan."""
    if expr in env:
        return env[expr]
    if expr.is_Number or expr.is_NumberSymbol:
        return number(expr)
    if isinstance(expr, sympy.Symbol):
        raise Unsupported(f"no value for {expr}")
    if isinstance(expr, sympy.Add):
        total = evaluate(expr.args[0], env)
        for arg in expr.args[1:]:
            total = _add(total, evaluate(arg, env))
        return _finite(total)
    if isinstance(expr, sympy.Mul):
        product = evaluate(expr.args[0], env)
        for arg in expr.args[1:]:
            product = _mul(product, evaluate(arg, env))
        return _finite(product)
    if isinstance(expr, sympy.Pow):
        return _finite(_power(evaluate(expr.base, env), evaluate(expr.exp, env)))
    if isinstance(expr, sympy.Sum):
        return _sum(expr, env)
    if isinstance(expr, sympy.Piecewise):
        for value, condition in expr.args:
            if truth(condition, env):
                return evaluate(value, env)
        raise Undefined("no case of the Piecewise applies")
    function = _FUNCTIONS.get(type(expr))
    if function is None:
        raise Unsupported(f"cannot evaluate {type(expr).__name__}")
    return _finite(function(*(evaluate(arg, env) for arg in expr.args)))


def _sum(expr: sympy.Sum, env: Mapping[sympy.Basic, Value]) -> Value:
    """A sum over an index across its range: the index takes each value, and each family
    member named by it (`s_k`) the member of that value (`s_1`, `s_2`, ...)."""
    if len(expr.limits) != 1:
        raise Unsupported("a sum over several indices at once")
    ((index, low, high),) = expr.limits
    start, stop = int(evaluate(low, env)), int(evaluate(high, env))
    if stop - start > MAX_SUM_TERMS:
        raise Unsupported("a sum over too many terms")
    members = [s for s in expr.function.free_symbols
               if isinstance(s, sympy.Symbol) and s.name.endswith(f"_{index.name}")]
    total = None
    for value in range(start, stop + 1):
        inner = dict(env)
        inner[index] = value
        for member in members:
            name = f"{member.name[: -len(index.name)]}{value}"
            inner[member] = env[sympy.Symbol(name, real=True)]
        term = evaluate(expr.function, inner)
        total = term if total is None else _add(total, term)
    if total is None:
        raise Undefined("an empty sum")
    return _finite(total)


def truth(condition: sympy.Basic, env: Mapping[sympy.Basic, Value]) -> bool:
    if condition is sympy.true:
        return True
    if condition is sympy.false:
        return False
    if isinstance(condition, sympy.And):
        return all(truth(c, env) for c in condition.args)
    if isinstance(condition, sympy.Or):
        return any(truth(c, env) for c in condition.args)
    if isinstance(condition, sympy.Not):
        return not truth(condition.args[0], env)
    relation = _RELATIONS.get(type(condition))
    if relation is None:
        raise Unsupported(f"cannot evaluate condition {condition}")
    left = _scalar(evaluate(condition.args[0], env))
    right = _scalar(evaluate(condition.args[1], env))
    return bool(relation(left, right))


def _finite(value: Value) -> Value:
    items = value.flat if is_matrix(value) else (value,)
    for item in items:
        if not isinstance(item, MP.mpf) or not MP.isfinite(item):
            raise Undefined("not a finite real number")
    return value
