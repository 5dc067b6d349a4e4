"""Decide whether an answer equals a reference expression."""

from __future__ import annotations

import time
from collections.abc import Callable

import sympy

from . import proof_pool
from .canonical import canonical, has_cases
from .casewise import compare_cases
from .numeric import NumericResult, compare
from .results import Equivalence, SymbolContext

_EQUAL = "Your answer matches the expected expression."
_PROVEN = "Your answer is algebraically equivalent to the expected expression."
_UNPROVEN = ("Your answer agrees with the expected expression at every point tried, but its "
             "equivalence could not be proven automatically; it will be checked by hand.")
_POINT_MASS = ("Your answer has a Dirac delta: a point mass, not a value, which the expected "
               "expression does not have.")
_UNCHECKED = ("Your answer could not be evaluated or simplified far enough to compare it; "
              "it will be checked by hand.")

Prover = Callable[[sympy.Basic, sympy.Basic, tuple[str, ...], tuple[str, ...], float],
                  "bool | None"]
"""(a, b, indices, indexed families, budget in seconds) -> proven, not proven, timed out."""


def verify(
    reference: sympy.Expr,
    answer: sympy.Expr,
    ctx: SymbolContext,
    *,
    seed: int = 0,
    budget_s: float = 2.0,
    prover: Prover = proof_pool.prove_equal,
) -> Equivalence:
    """Decide ``answer == reference`` by climbing a ladder that never guesses.

    1. structural: after canonicalisation (sigmoid written with exp) the two
       expressions are identical -> equal.
    2. numeric: evaluate both at deterministic points covering every variable's
       regions (below -1, -1 to 0, 0 to 1, above 1, near 0, large, both sides of
       each switch point of the reference; indices equal and different, random
       noncommuting 3x3 matrices) in 40-digit arithmetic; a point where they
       differ, still at higher precision -> different, reported with the point
       and both values. This runs before any simplification, so
       wrong answers (and misconception probes) are rejected in milliseconds.
    3. casewise: when either side has cases (Piecewise, Heaviside, Max, Min, Abs,
       sign), compare the active case on every interval between switch points; at
       a switch point the answer must have the reference's value, unless the part
       declares the reference undefined there (ReLU' at 0: any value in [0, 1], or
       none).
    4. symbolic: sympy expand / cancel / rewrite(exp) / simplify / trigsimp on
       the difference, index cases split (i = j, i != j), by ``prover`` within what
       is left of ``budget_s`` (by default in a worker process killed when that runs
       out) -> equal when it reaches 0.
    5. otherwise undecided: the numbers agree (or could not be computed) but
       there is no proof, and no guess is made.
    """
    started = time.monotonic()
    ref, ans = canonical(reference), canonical(answer)
    if ref == ans:
        return Equivalence("equal", "structural", _EQUAL)
    if ans.has(sympy.DiracDelta) and not ref.has(sympy.DiracDelta):
        return Equivalence("different", "structural", _POINT_MASS)
    numeric = compare(ref, ans, ctx, seed)
    if numeric.status == "mismatch":
        return _different(numeric)

    def prove(a: sympy.Basic, b: sympy.Basic) -> bool | None:
        remaining = budget_s - (time.monotonic() - started)
        return prover(a, b, ctx.indices, ctx.indexed, remaining)

    if has_cases(ref) or has_cases(ans):
        verdict = compare_cases(ref, ans, ctx, seed, prove)
        if verdict is not None:
            return verdict
    if prove(ref, ans):
        return Equivalence("equal", "symbolic", _PROVEN)
    if numeric.status == "inconclusive":
        return Equivalence("undecided", "numeric", _UNCHECKED)
    return Equivalence("undecided", "symbolic", _UNPROVEN)


def _different(numeric: NumericResult) -> Equivalence:
    where = ", ".join(f"{name} = {value:.4g}" for name, value in numeric.point or ())
    if numeric.detail:
        reason = f"Your answer differs from the expected one: {numeric.detail}"
        reason += f" (at {where})." if where else "."
    elif where:
        reason = (f"Your answer differs from the expected one: at {where} it gives "
                  f"{numeric.actual} instead of {numeric.expected}.")
    else:
        reason = ("Your answer differs from the expected one when the matrices are replaced by "
                  "random matrices; check the order of the matrix products.")
    return Equivalence("different", "numeric", reason, numeric.point, numeric.expected,
                       numeric.actual)


def matches(
    reference: sympy.Expr,
    answer: sympy.Expr,
    ctx: SymbolContext,
    seed: int = 0,
    budget_s: float = 2.0,
) -> bool:
    """Convenience for misconception checks: only a decided "equal" counts."""
    return verify(reference, answer, ctx, seed=seed, budget_s=budget_s).outcome == "equal"
