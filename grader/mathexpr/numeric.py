"""Compare two expressions at seeded random points.

Points spread over several scales and both signs, so a sign flip or a missing
factor shows up somewhere; index symbols are tried both equal and different,
and matrices are random and square so that ``W1*W2`` and ``W2*W1`` disagree.
Forty significant digits leave a wide margin under the 1e-12 relative tolerance,
so a reported mismatch is not a rounding artefact.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np
import sympy

from .evaluate import MP, ShapeMismatch, Undefined, Unsupported, Value, evaluate, is_matrix
from .names import family_symbol, index_symbol, matrix_symbol, variable_symbol
from .results import SymbolContext

POINTS = 12
MAX_ATTEMPTS = 60
MATRIX_SIZE = 3
RTOL = MP.mpf("1e-12")
ATOL = MP.mpf("1e-60")
_SCALES = (0.37, 1.3, 2.9, 0.83, 1.9)

Status = Literal["agree", "mismatch", "inconclusive"]


@dataclass(frozen=True)
class NumericResult:
    status: Status
    compared: int = 0
    point: tuple[tuple[str, float], ...] | None = None
    expected: str | None = None
    actual: str | None = None
    detail: str = ""


def _real(rng: random.Random, scale: float, positive: bool) -> Value:
    magnitude = scale * rng.uniform(0.6, 1.4)
    sign = 1 if positive or rng.random() < 0.5 else -1
    return MP.mpf(sign * magnitude)


def _matrix(rng: random.Random) -> Value:
    cells = [[MP.mpf(rng.uniform(-1.5, 1.5)) for _ in range(MATRIX_SIZE)]
             for _ in range(MATRIX_SIZE)]
    return np.array(cells, dtype=object)


def sample_point(
    ctx: SymbolContext, rng: random.Random, k: int, fixed: Mapping[sympy.Basic, Value] | None = None
) -> dict[sympy.Basic, Value]:
    """One random assignment; point ``k`` picks the scale and the index-equality pattern."""
    scale = _SCALES[k % len(_SCALES)]
    env: dict[sympy.Basic, Value] = {}
    for name in ctx.variables:
        env[variable_symbol(name, ctx)] = _real(rng, scale, name in ctx.positive)
    for name in ctx.matrices:
        env[matrix_symbol(name)] = _matrix(rng)
    all_equal = k % 2 == 1
    values = {name: (1 if all_equal else n + 1) for n, name in enumerate(ctx.indices)}
    for name, value in values.items():
        env[index_symbol(name)] = value
    for family in ctx.indexed:
        members = {v: _real(rng, scale, False) for v in set(values.values())}
        for name, value in values.items():
            env[family_symbol(family, name)] = members[value]
    env.update(fixed or {})
    return env


def close(a: Value, b: Value, rtol: Value = RTOL) -> bool:
    if is_matrix(a) or is_matrix(b):
        if not (is_matrix(a) and is_matrix(b)) or a.shape != b.shape:
            return False
        return all(close(x, y, rtol) for x, y in zip(a.flat, b.flat, strict=True))
    return abs(a - b) <= rtol * max(abs(a), abs(b)) + ATOL


def fmt(value: Value) -> str:
    if is_matrix(value):
        rows = ["[" + ", ".join(MP.nstr(v, 4) for v in row) + "]" for row in value.tolist()]
        return "[" + ", ".join(rows) + "]"
    return MP.nstr(value, 6)


def describe_point(
    env: Mapping[sympy.Basic, Value], used: set[sympy.Basic] | None = None
) -> tuple[tuple[str, float], ...]:
    """The scalar coordinates of a point (matrices are random and not worth printing)."""
    return tuple(
        (str(sym), float(value))
        for sym, value in env.items()
        if not is_matrix(value) and (used is None or sym in used)
    )


def compare(
    ref: sympy.Basic,
    ans: sympy.Basic,
    ctx: SymbolContext,
    seed: int = 0,
    fixed: Mapping[sympy.Basic, Value] | None = None,
) -> NumericResult:
    rng = random.Random(seed)
    used = ref.free_symbols | ans.free_symbols
    compared = 0
    for k in range(MAX_ATTEMPTS):
        if compared >= POINTS:
            break
        env = sample_point(ctx, rng, k, fixed)
        try:
            expected = evaluate(ref, env)
        except (Undefined, ZeroDivisionError):
            continue
        except (Unsupported, ShapeMismatch) as exc:
            return NumericResult("inconclusive", compared, detail=str(exc))
        try:
            actual = evaluate(ans, env)
        except (Undefined, ZeroDivisionError):
            return NumericResult("mismatch", compared, describe_point(env, used), fmt(expected),
                                 "undefined", "your answer is undefined there")
        except ShapeMismatch as exc:
            return NumericResult("mismatch", compared, describe_point(env, used), fmt(expected),
                                 "no value", f"matrix shapes do not fit: {exc}")
        except Unsupported as exc:
            return NumericResult("inconclusive", compared, detail=str(exc))
        if not close(expected, actual):
            return NumericResult("mismatch", compared, describe_point(env, used), fmt(expected),
                                 fmt(actual))
        compared += 1
    status: Status = "agree" if compared >= POINTS // 3 else "inconclusive"
    return NumericResult(status, compared, detail="" if compared else "undefined at every point")
