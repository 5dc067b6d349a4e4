"""Run one table row end to end: parse reference and answer, then verify."""

from __future__ import annotations

from grader.mathexpr import ParseFailure, parse, parse_reference, verify

from .cases import CONTEXTS


def decide(reference: str, answer: str, context: str) -> str:
    ctx = CONTEXTS[context]
    ref = parse_reference(reference, ctx)
    parsed = parse(answer, ctx)
    if isinstance(parsed, ParseFailure):
        return "parse_error"
    return verify(ref, parsed.expr, ctx).outcome
