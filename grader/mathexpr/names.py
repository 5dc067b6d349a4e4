"""Map the names a student may write onto the exercise's sympy symbols.

Students spell the same variable as ``x1``, ``x_1`` or ``x_{1}``; this table
makes all of those the one symbol the reference uses, and knows which names are
noncommutative matrices, integer indices or members of an indexed family.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import sympy

from .results import SymbolContext


def name_key(name: str) -> str:
    """Spelling-insensitive key: underscores, braces and parentheses do not matter."""
    return "".join(ch for ch in name if ch not in "_{}()")


@dataclass(frozen=True)
class SymbolTable:
    exact: dict[str, sympy.Basic]
    by_key: dict[str, sympy.Basic]
    allowed: tuple[str, ...]  # names listed in "this answer may use ..." messages
    sums: frozenset[str] = frozenset()
    """Indices the part's sums may run over."""

    def resolve(self, name: str) -> sympy.Basic | None:
        hit = self.exact.get(name)
        return hit if hit is not None else self.by_key.get(name_key(name))

    def is_symbol_name(self, name: str) -> bool:
        return name in self.exact or name_key(name) in self.by_key


def variable_symbol(name: str, ctx: SymbolContext) -> sympy.Symbol:
    if name in ctx.positive:
        return sympy.Symbol(name, positive=True)
    return sympy.Symbol(name, real=True)


def matrix_symbol(name: str) -> sympy.Symbol:
    return sympy.Symbol(name, commutative=False)


def index_symbol(name: str) -> sympy.Symbol:
    return sympy.Symbol(name, integer=True)


def family_symbol(family: str, index: str) -> sympy.Symbol:
    return sympy.Symbol(f"{family}_{index}", real=True)


@lru_cache(maxsize=256)
def symbol_table(ctx: SymbolContext) -> SymbolTable:
    exact: dict[str, sympy.Basic] = {"e": sympy.E, "E": sympy.E, "pi": sympy.pi}
    for name in ctx.variables:
        exact[name] = variable_symbol(name, ctx)
    for name in ctx.matrices:
        exact[name] = matrix_symbol(name)
    indices = {name: index_symbol(name) for name in ctx.indices + ctx.sums}
    exact.update(indices)
    for family in ctx.indexed:
        for index in ctx.indices + ctx.sums:
            exact[f"{family}_{index}"] = family_symbol(family, index)
    for a, sym_a in indices.items():
        for b, sym_b in indices.items():
            if a != b:
                delta = sympy.KroneckerDelta(sym_a, sym_b)
                exact[f"delta_{a}{b}"] = delta
                exact[f"KroneckerDelta_{a}{b}"] = delta
    by_key: dict[str, sympy.Basic] = {}
    for name, value in exact.items():
        by_key.setdefault(name_key(name), value)
    families = tuple(f"{f}_{i}" for f in ctx.indexed for i in ctx.indices)
    allowed = ctx.variables + ctx.matrices + families + ctx.indices
    return SymbolTable(exact, by_key, allowed, frozenset(ctx.sums))
