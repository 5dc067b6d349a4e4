"""Judge answers in a checking worker, under a deadline and a memory cap.

Nothing that depends on the student's text runs in the grader's own process: parsing
builds sympy objects whose cost sympy decides, and every rung of the ladder can be made
slow by some answer nobody has thought of yet. So one answer's whole judgement (judge.py)
runs in a pool worker (pool.py); when it overruns, the worker is killed and replaced, the
answer is "too expensive to check" and goes to a person, and the batch goes on.

The deadline is what an honest answer can need, with room to spare on a busy machine: the
proof budget of each comparison (with the reference and each listed mistake), which the
worker enforces itself with a timer, plus a fixed allowance for reading the text and the
numeric and casewise rungs, which take milliseconds for ordinary answers.
"""

from __future__ import annotations

import sympy

from . import pool
from .judge import Judgement, Unchecked, from_json
from .results import SymbolContext
from .worker import MEMORY_LIMIT

ALLOWANCE_S = 3.0
"""Beside the proofs: parsing, sampling and casewise splitting of one answer."""
READABLE_S = 2.0
"""Parsing alone, for the free-form reader."""
SAME_BUDGET_S = 1.0
"""The proof budget of two lines compared by the free-form reader: lines that agree are
usually written alike; when a proof takes longer, they are kept apart (the safe side)."""


def deadline(mistakes: int, budget_s: float) -> float:
    return ALLOWANCE_S + budget_s * (1 + mistakes)


def judge(text: str, reference: sympy.Expr, mistakes: tuple[sympy.Expr, ...],
          ctx: SymbolContext, *, budget_s: float = 2.0) -> Judgement:
    """judge.judge in a worker; Unchecked when it overruns its deadline or memory."""
    seconds = deadline(len(mistakes), budget_s)
    try:
        reply = pool.run("judge", (text, reference, mistakes, ctx, budget_s), seconds)
    except pool.Expired:
        return Unchecked(f"too expensive to check: no decision within {seconds:.0f} s and "
                         f"{MEMORY_LIMIT // 1024**2} MB")
    if not isinstance(reply, dict):
        return Unchecked("could not be checked (the checker answered nothing usable)")
    return from_json(reply)


def readable(text: str, ctx: SymbolContext) -> bool:
    """Whether ``text`` parses; a text too expensive to parse is not readable."""
    try:
        return pool.run("readable", (text, ctx), READABLE_S) is True
    except pool.Expired:
        return False


def same(a: str, b: str, ctx: SymbolContext) -> bool:
    """Whether two texts are proved to denote the same expression; False when that cannot
    be decided within the bounds."""
    try:
        return pool.run("same", (a, b, ctx, SAME_BUDGET_S),
                        deadline(1, SAME_BUDGET_S)) is True
    except pool.Expired:
        return False
