"""The closed set of functions an answer may call.

Anything not listed here cannot be called, which is what keeps student text
from reaching arbitrary Python or sympy machinery.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import sympy


class sigmoid(sympy.Function):  # noqa: N801 - reads like the math in feedback
    """The logistic function, kept unevaluated so feedback can show it as written."""

    nargs = 1

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        s = sigmoid(self.args[0])
        return s * (1 - s)

    def _eval_rewrite_as_exp(self, arg: sympy.Expr, **kwargs: object) -> sympy.Expr:
        return 1 / (1 + sympy.exp(-arg))

    def _eval_is_real(self) -> bool | None:
        return self.args[0].is_real

    def _eval_is_positive(self) -> bool | None:
        return True if self.args[0].is_real else None


Builder = Callable[[Sequence[sympy.Basic]], sympy.Basic]


@dataclass(frozen=True)
class FunctionSpec:
    """How one callable name becomes sympy, and how many arguments it takes."""

    name: str
    build: Builder
    min_args: int
    max_args: int | None


def _one(fn: Callable[[sympy.Basic], sympy.Basic]) -> Builder:
    return lambda args: fn(args[0])


def _log(args: Sequence[sympy.Basic]) -> sympy.Basic:
    return sympy.log(args[0]) if len(args) == 1 else sympy.log(args[0], args[1])


def _heaviside(args: Sequence[sympy.Basic]) -> sympy.Basic:
    return sympy.Heaviside(*args)


def _piecewise(args: Sequence[sympy.Basic]) -> sympy.Basic:
    return sympy.Piecewise(*args)


def _delta(args: Sequence[sympy.Basic]) -> sympy.Basic:
    """delta(x) is Dirac's point mass, delta(i, j) Kronecker's."""
    return sympy.DiracDelta(args[0]) if len(args) == 1 else sympy.KroneckerDelta(*args)


def _product(args: Sequence[sympy.Basic]) -> sympy.Basic:
    """np.dot(A, B): the product in the order written."""
    return args[0] * args[1]


def _matrix_product(args: Sequence[sympy.Basic]) -> sympy.Basic:
    """np.matmul(A, B) and A @ B multiply matrices, never numbers."""
    if all(a.is_commutative for a in args):
        raise ValueError("@ and matmul multiply matrices")
    return args[0] * args[1]


_SPECS: tuple[FunctionSpec, ...] = (
    FunctionSpec("exp", _one(sympy.exp), 1, 1),
    FunctionSpec("log", _log, 1, 2),
    FunctionSpec("sqrt", _one(sympy.sqrt), 1, 1),
    FunctionSpec("sigmoid", _one(sigmoid), 1, 1),
    FunctionSpec("Heaviside", _heaviside, 1, 2),
    FunctionSpec("Max", lambda a: sympy.Max(*a), 2, None),
    FunctionSpec("Min", lambda a: sympy.Min(*a), 2, None),
    FunctionSpec("relu", _one(lambda v: sympy.Max(0, v)), 1, 1),
    FunctionSpec("Abs", _one(sympy.Abs), 1, 1),
    FunctionSpec("sign", _one(sympy.sign), 1, 1),
    FunctionSpec("KroneckerDelta", lambda a: sympy.KroneckerDelta(a[0], a[1]), 2, 2),
    FunctionSpec("Piecewise", _piecewise, 1, None),
    FunctionSpec("sin", _one(sympy.sin), 1, 1),
    FunctionSpec("cos", _one(sympy.cos), 1, 1),
    FunctionSpec("tan", _one(sympy.tan), 1, 1),
    FunctionSpec("sinh", _one(sympy.sinh), 1, 1),
    FunctionSpec("cosh", _one(sympy.cosh), 1, 1),
    FunctionSpec("tanh", _one(sympy.tanh), 1, 1),
    FunctionSpec("sech", _one(sympy.sech), 1, 1),
    FunctionSpec("csch", _one(sympy.csch), 1, 1),
    FunctionSpec("coth", _one(sympy.coth), 1, 1),
    FunctionSpec("DiracDelta", _one(sympy.DiracDelta), 1, 1),
    FunctionSpec("delta", _delta, 1, 2),
    FunctionSpec("dot", _product, 2, 2),
    FunctionSpec("matmul", _matrix_product, 2, 2),
    FunctionSpec("transpose", _one(sympy.transpose), 1, 1),
)

FUNCTIONS: dict[str, FunctionSpec] = {spec.name: spec for spec in _SPECS}

# Spellings students use for the same functions.
ALIASES: dict[str, str] = {
    "ln": "log",
    "sigma": "sigmoid",
    "logistic": "sigmoid",
    "expit": "sigmoid",
    "heaviside": "Heaviside",
    "H": "Heaviside",
    "step": "Heaviside",
    "theta": "Heaviside",
    "max": "Max",
    "min": "Min",
    "ReLU": "relu",
    "Relu": "relu",
    "abs": "Abs",
    "sgn": "sign",
    "dirac": "DiracDelta",
    "Dirac": "DiracDelta",
    "kronecker": "KroneckerDelta",
    "piecewise": "Piecewise",
}


def lookup(name: str) -> FunctionSpec | None:
    """Resolve a callable name or alias; None means the name may not be called."""
    return FUNCTIONS.get(ALIASES.get(name, name))


def is_function_name(name: str) -> bool:
    return lookup(name) is not None
