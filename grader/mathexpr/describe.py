"""Render expressions for feedback in the same syntax students type."""

from __future__ import annotations

import sympy

MAX_CHARS = 300


def describe_expr(expr: object) -> str:
    """Compact Python-syntax text; very long expressions are cut so feedback stays readable."""
    text = sympy.sstr(expr) if isinstance(expr, sympy.Basic) else str(expr)
    return text if len(text) <= MAX_CHARS else text[: MAX_CHARS - 1] + "…"
