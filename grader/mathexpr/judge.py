"""Judge one answer text: read it, climb the ladder against the reference, name the mistake.

This is everything the grader does with one expression answer that depends on what the
student wrote, gathered in one call so that it can run in a killable worker (bounded.py)
and come back as plain JSON: the grader process never builds the student's expression.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import sympy

from . import proof_pool
from .describe import describe_expr
from .parser import parse
from .results import Equivalence, ParseFailure, SymbolContext
from .verify import Prover, verify

VERDICTS_KEPT = 4096
"""Verdicts a process keeps by (reference, answer): spellings that read alike share one."""


@dataclass(frozen=True)
class Judged:
    verdict: Equivalence
    """The answer against the reference."""
    notes: tuple[str, ...]
    """Liberties the parser took (an equation's left side dropped, t read as x)."""
    mistake: int | None = None
    """When the answer is different: the first listed mistake it equals."""
    written: str = ""
    """When it is different and no listed mistake: the answer as the student wrote it."""
    products: bool = False
    """Whether the answer multiplies two matrices: then the order it was written in counts."""


@dataclass(frozen=True)
class Unreadable:
    caret: str
    """The text with a caret under the spot that could not be read, and why."""


@dataclass(frozen=True)
class Unchecked:
    """No decision within the checker's bounds (or the checker failed): for a person."""

    reason: str


Judgement = Judged | Unreadable | Unchecked


def judge(text: str, reference: sympy.Expr, mistakes: tuple[sympy.Expr, ...],
          ctx: SymbolContext, *, budget_s: float = 2.0,
          prover: Prover = proof_pool.prove_equal) -> Judged | Unreadable:
    """``text`` against ``reference``, then, when it differs, against each mistake."""
    parsed = parse(text, ctx)
    if isinstance(parsed, ParseFailure):
        return Unreadable(parsed.caret())
    verdict = _verified(reference, parsed.expr, ctx, budget_s, prover)
    products = _multiplies_matrices(parsed.expr)
    if verdict.outcome != "different":
        return Judged(verdict, parsed.notes, products=products)
    for k, mistake in enumerate(mistakes):
        if _verified(mistake, parsed.expr, ctx, budget_s, prover).outcome == "equal":
            return Judged(verdict, parsed.notes, mistake=k, products=products)
    return Judged(verdict, parsed.notes, written=describe_expr(parsed.expr), products=products)


def _multiplies_matrices(expr: sympy.Basic) -> bool:
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, sympy.Mul):
            factors = [f for f in node.args if not f.is_commutative]
            if len(factors) > 1 or any(isinstance(f, sympy.Pow) for f in factors):
                return True
    return False


def same(a: str, b: str, ctx: SymbolContext, *, budget_s: float = 2.0,
         prover: Prover = proof_pool.prove_equal) -> bool:
    """Whether two texts both read and are proved to denote the same expression."""
    first, second = parse(a, ctx), parse(b, ctx)
    if isinstance(first, ParseFailure) or isinstance(second, ParseFailure):
        return False
    return _verified(first.expr, second.expr, ctx, budget_s, prover).outcome == "equal"


@lru_cache(maxsize=VERDICTS_KEPT)
def _verified(reference: sympy.Expr, answer: sympy.Expr, ctx: SymbolContext, budget_s: float,
              prover: Prover) -> Equivalence:
    return verify(reference, answer, ctx, budget_s=budget_s, prover=prover)


def to_json(judgement: Judgement) -> dict[str, Any]:
    if isinstance(judgement, Unreadable):
        return {"unreadable": judgement.caret}
    if isinstance(judgement, Unchecked):
        return {"unchecked": judgement.reason}
    v = judgement.verdict
    verdict = [v.outcome, v.step, v.reason, v.counterexample, v.expected_value, v.actual_value]
    return {"verdict": verdict, "notes": judgement.notes, "mistake": judgement.mistake,
            "written": judgement.written, "products": judgement.products}


def from_json(data: dict[str, Any]) -> Judgement:
    if "unreadable" in data:
        return Unreadable(str(data["unreadable"]))
    if "unchecked" in data:
        return Unchecked(str(data["unchecked"]))
    outcome, step, reason, point, expected, actual = data["verdict"]
    if point is not None:
        point = tuple((str(name), float(value)) for name, value in point)
    verdict = Equivalence(outcome, step, reason, point, expected, actual)
    return Judged(verdict, tuple(data["notes"]), data["mistake"], data["written"],
                  bool(data.get("products", False)))
