"""Compare two expressions at deterministic points that cover every variable's domain.

Each variable is tried in every region where answers go wrong: below -1, between -1 and 0,
between 0 and 1, above 1, near 0, at large magnitudes, and on both sides of every point
where the reference changes form (so `Min(1, Max(0, x))` is caught between 0 and 1, where
a few random points above 1 would never look). Every region gets at least
POINTS_PER_REGION points, assigned so that the variables' regions mix; a point where the
reference is undefined is not used (the reference decides), and "agree" is said only when
no region disagreed. Index symbols are tried both equal and different, and matrices are
random and square so that ``W1*W2`` and ``W2*W1`` disagree. Forty significant digits
leave a wide margin under the 1e-12 relative tolerance; a difference that moves when the
precision is raised is a rounding artefact, not a mismatch.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np
import sympy

from .builder import SUM_RANGE
from .evaluate import MP, ShapeMismatch, Undefined, Unsupported, Value, evaluate, is_matrix
from .names import family_symbol, index_symbol, matrix_symbol, variable_symbol
from .results import SymbolContext
from .switches import by_variable

POINTS_PER_REGION = 64
MATRIX_SIZE = 3
RTOL = MP.mpf("1e-12")
ATOL = MP.mpf("1e-60")
RECHECK_DPS = (120, 400)
"""Working precisions a disagreement is confirmed at before it is reported."""

Status = Literal["agree", "mismatch", "inconclusive"]
Sampler = Callable[[random.Random], float]


def _log_uniform(low: float, high: float, sign: int = 1) -> Sampler:
    return lambda rng: sign * 10 ** rng.uniform(low, high)


def _either_sign(low: float, high: float) -> Sampler:
    return lambda rng: (1 if rng.random() < 0.5 else -1) * 10 ** rng.uniform(low, high)


REGIONS: tuple[tuple[str, Sampler], ...] = (
    ("below -1", _log_uniform(0, 2, -1)),
    ("between -1 and 0", _log_uniform(-1.7, 0, -1)),
    ("between 0 and 1", _log_uniform(-1.7, 0)),
    ("above 1", _log_uniform(0, 2)),
    ("near 0", _either_sign(-8, -2)),
    ("large magnitudes", _either_sign(2, 6)),
)
POSITIVE_REGIONS = (REGIONS[2], REGIONS[3], ("near 0", _log_uniform(-8, -2)),
                    ("large magnitudes", _log_uniform(2, 6)))


@dataclass(frozen=True)
class NumericResult:
    status: Status
    compared: int = 0
    point: tuple[tuple[str, float], ...] | None = None
    expected: str | None = None
    actual: str | None = None
    detail: str = ""
    regions: int = 0
    """How many (variable, region) pairs were compared."""


@dataclass(frozen=True)
class Plan:
    """Which region each variable is in at each point."""

    regions: dict[sympy.Symbol, tuple[tuple[str, Sampler], ...]]
    width: int

    @staticmethod
    def of(ctx: SymbolContext, reference: sympy.Basic,
           fixed: Mapping[sympy.Basic, Value] | None) -> Plan:
        switches = by_variable(reference)
        regions: dict[sympy.Symbol, tuple[tuple[str, Sampler], ...]] = {}
        for symbol in _scalars(ctx):
            if fixed and symbol in fixed:
                continue
            base = POSITIVE_REGIONS if symbol.is_positive else REGIONS
            regions[symbol] = base + _sides(switches.get(symbol, ()))
        width = max((len(r) for r in regions.values()), default=1)
        return Plan(regions, width)

    def region(self, n: int, k: int) -> int:
        """Variable n's region at point k: every region once per block of `width` points,
        shifted from block to block so that the variables' regions pair differently."""
        count = len(list(self.regions.values())[n])
        return (k + n * (k // self.width)) % count


def _sides(points: tuple[sympy.Expr, ...]) -> tuple[tuple[str, Sampler], ...]:
    sides: list[tuple[str, Sampler]] = []
    for point in points:
        at = float(point)
        sides += [(f"just below {at:g}", _near(at, -1)), (f"just above {at:g}", _near(at, 1))]
    return tuple(sides)


def _near(at: float, side: int) -> Sampler:
    return lambda rng: at + side * 10 ** rng.uniform(-6, -0.5)


def index_values(ctx: SymbolContext) -> int:
    """How many values indices take: enough for all to differ, and one more for a sum to
    run over a value that no named index has."""
    return max(2, len(ctx.indices)) + (1 if ctx.sums else 0)


def _scalars(ctx: SymbolContext) -> list[sympy.Symbol]:
    """The variables, and each indexed family's members at the index values tried."""
    symbols = [variable_symbol(name, ctx) for name in ctx.variables]
    values = range(1, index_values(ctx) + 1)
    symbols += [family_symbol(f, str(v)) for f in ctx.indexed for v in values]
    return symbols


def _matrix(rng: random.Random) -> Value:
    cells = [[MP.mpf(rng.uniform(-1.5, 1.5)) for _ in range(MATRIX_SIZE)]
             for _ in range(MATRIX_SIZE)]
    return np.array(cells, dtype=object)


def _point(ctx: SymbolContext, plan: Plan, rng: random.Random, k: int,
           fixed: Mapping[sympy.Basic, Value] | None) -> dict[sympy.Basic, Value]:
    env: dict[sympy.Basic, Value] = {}
    for n, (symbol, regions) in enumerate(plan.regions.items()):
        env[symbol] = MP.mpf(regions[plan.region(n, k)][1](rng))
    for name in ctx.matrices:
        env[matrix_symbol(name)] = _matrix(rng)
    _indices(ctx, env, all_equal=(k // plan.width) % 2 == 1)
    env.update(fixed or {})
    return env


def _indices(ctx: SymbolContext, env: dict[sympy.Basic, Value], all_equal: bool) -> None:
    """Index symbols all 1, or 1, 2, 3, ...; a family member s_i is then s_1, s_2, ..."""
    env[SUM_RANGE] = index_values(ctx)
    for n, name in enumerate(ctx.indices):
        value = 1 if all_equal else n + 1
        env[index_symbol(name)] = value
        for family in ctx.indexed:
            env[family_symbol(family, name)] = env[family_symbol(family, str(value))]


def sample_point(ctx: SymbolContext, rng: random.Random, k: int,
                 fixed: Mapping[sympy.Basic, Value] | None = None) -> dict[sympy.Basic, Value]:
    """One point of the plan of an expression without cases (for a switch point's
    neighbours: the other variables anywhere)."""
    return _point(ctx, Plan.of(ctx, sympy.Integer(0), fixed), rng, k, fixed)


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


def _confirmed(ref: sympy.Basic, ans: sympy.Basic, env: Mapping[sympy.Basic, Value]) -> bool | None:
    """Whether a disagreement at 40 digits is real: True if it stays at higher precision,
    False if the two agree there, None if a value keeps moving (no decision here)."""
    before = (evaluate(ref, env), evaluate(ans, env))
    for dps in RECHECK_DPS:
        with MP.workdps(dps):
            try:
                now = (evaluate(ref, env), evaluate(ans, env))
            except (Undefined, ZeroDivisionError, Unsupported, ShapeMismatch):
                return None
        if close(*now):
            return False
        if close(now[0], before[0], RTOL) and close(now[1], before[1], RTOL):
            return True
        before = now
    return None


def compare(
    ref: sympy.Basic,
    ans: sympy.Basic,
    ctx: SymbolContext,
    seed: int = 0,
    fixed: Mapping[sympy.Basic, Value] | None = None,
    per_region: int = POINTS_PER_REGION,
) -> NumericResult:
    rng = random.Random(seed)
    used = ref.free_symbols | ans.free_symbols
    plan = Plan.of(ctx, ref, fixed)
    compared = 0
    seen: set[tuple[int, int]] = set()
    for k in range(per_region * plan.width):
        env = _point(ctx, plan, rng, k, fixed)
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
            real = _confirmed(ref, ans, env)
            if real is None:
                continue
            if real:
                return NumericResult("mismatch", compared, describe_point(env, used),
                                     fmt(expected), fmt(actual))
        compared += 1
        seen.update((n, plan.region(n, k)) for n in range(len(plan.regions)))
    enough = compared >= max(4, per_region // 3)
    status: Status = "agree" if enough else "inconclusive"
    return NumericResult(status, compared, detail="" if compared else "undefined at every point",
                         regions=len(seen))

