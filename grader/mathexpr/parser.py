"""Read an untrusted answer (calculator syntax, LaTeX or a sympy ``str``).

The pipeline is: trim the wrapper (delimiters, ``lhs =``, full stop), translate
LaTeX, make implicit syntax explicit, build sympy from a whitelisted AST, then
resolve names the exercise does not define. Every stage reports problems as an
``InputError`` with an offset into the original text.
"""

from __future__ import annotations

import re

import sympy

from .builder import BuildResult, build
from .functions import lookup
from .latex import latex_to_python
from .lexer import to_python
from .names import SymbolTable, symbol_table
from .prepare import looks_like_latex, prepare
from .results import ParseFailure, ParseSuccess, ReferenceParseError, SymbolContext
from .source import InputError, Mapped

MAX_LENGTH = 2000


def parse(text: str, ctx: SymbolContext) -> ParseSuccess | ParseFailure:
    """Parse a student's answer; never raises on bad input, whatever it contains."""
    if not isinstance(text, str):
        return ParseFailure(repr(text)[:MAX_LENGTH], None, "the answer is not text")
    if len(text) > MAX_LENGTH:
        message = f"the answer is too long (at most {MAX_LENGTH} characters)"
        return ParseFailure(text[:MAX_LENGTH], MAX_LENGTH, message)
    try:
        expr, notes = _parse(text, ctx)
    except InputError as exc:
        return ParseFailure(text, exc.offset, exc.message)
    except (RecursionError, MemoryError, TypeError, ValueError, AttributeError, SyntaxError,
            IndexError, KeyError):
        return ParseFailure(text, None, "this answer could not be read as a formula")
    return ParseSuccess(expr, notes)


def parse_reference(text: str, ctx: SymbolContext) -> sympy.Expr:
    """Parse an instructor's reference with the same rules; failure is a spec bug, so raise."""
    result = parse(text, ctx)
    if isinstance(result, ParseFailure):
        raise ReferenceParseError(text, result.message, result.offset)
    return result.expr


def _parse(text: str, ctx: SymbolContext) -> tuple[sympy.Expr, tuple[str, ...]]:
    table = symbol_table(ctx)
    src, notes = prepare(Mapped.of(text))
    if looks_like_latex(src.text):
        src = latex_to_python(src, table)
    built = build(to_python(src, table), table)
    expr, more = _resolve_calls(built, ctx)
    expr, renamed = _resolve_names(expr, built, ctx, table)
    if not isinstance(expr, sympy.Expr):
        raise InputError("the answer must be an expression, not a condition", None)
    return expr, notes + more + renamed


def _resolve_calls(built: BuildResult, ctx: SymbolContext) -> tuple[sympy.Basic, tuple[str, ...]]:
    """``f(x)`` stands for the exercise's one named function; anything else is unknown."""
    expr = built.expr
    if not built.called:
        return expr, ()
    abstract = [name for name in built.called if name in ctx.functions]
    helpers = [name for name in built.called if name not in ctx.functions]
    named = [spec for name in ctx.functions if (spec := lookup(name)) is not None]
    if not helpers:
        return expr, ()
    name = helpers[0]
    if len(helpers) == 1 and len(named) == 1 and len(name) == 1 and not abstract:
        spec = named[0]
        expr = expr.replace(sympy.Function(name), lambda arg: spec.build([arg]))
        return expr, (f"read {name}(...) as {spec.name}(...)",)
    raise InputError(f"unknown function '{name}'", built.called[name])


def _resolve_names(
    expr: sympy.Basic, built: BuildResult, ctx: SymbolContext, table: SymbolTable
) -> tuple[sympy.Basic, tuple[str, ...]]:
    """Accept a lone stand-in variable (t for x); otherwise name the unknown symbol."""
    unknown = built.unknown
    if not unknown:
        return expr, ()
    (first,) = unknown if len(unknown) == 1 else ("",)
    if len(ctx.variables) == 1 and re.fullmatch(r"[A-Za-z](_?[0-9]+)?", first):
        target = table.resolve(ctx.variables[0])
        others = expr.free_symbols - {sympy.Symbol(n, real=True) for n in unknown}
        if target is not None and not others:
            (name,) = unknown
            expr = expr.subs(sympy.Symbol(name, real=True), target)
            return expr, (f"read the answer as a function of {name}: renamed {name} to "
                          f"{ctx.variables[0]}",)
    name, offset = next(iter(unknown.items()))
    allowed = ", ".join(table.allowed)
    hint = f"this answer may use {allowed}" if allowed else "this answer may only use numbers"
    same = [a for a in table.allowed if a.lower() == name.lower()]
    if same:
        hint = f"names are case-sensitive: did you mean {same[0]}?"
    raise InputError(f"unknown name '{name}'; {hint}", offset)
