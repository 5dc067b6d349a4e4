"""Run the sympy proof attempt in a worker process with a hard time budget.

Simplification can take unbounded time, so the proof runs in a pool worker that is
killed when the budget runs out (pool.py): the answer is then "not proven", never a
guess.
"""

from __future__ import annotations

import sympy

from . import pool
from .pool import shutdown, warm_up

__all__ = ["prove_equal", "shutdown", "warm_up"]


def prove_equal(
    ref: sympy.Basic,
    ans: sympy.Basic,
    indices: tuple[str, ...] = (),
    families: tuple[str, ...] = (),
    budget_s: float = 2.0,
) -> bool | None:
    """True when proven equal, False when the simplifiers gave up, None on timeout."""
    try:
        answer = pool.run("prove", (ref, ans, indices, families), budget_s)
    except pool.Expired:
        return None
    return bool(answer)
