"""Answers to several formulas in one place, each under the formula restated as its header.

Students who answer the backprop question's three formulas in one cell restate each before
its partials ("**z = x1 + 5x2 - 3x3^2**", then dz/dx1 = 1, ...; "$z = x_1x_2 - 4x_1 +
\\ldots$", then its partials). The headers, not the cells, say which lines belong to which
formula: a line defining the part's function (`z = …`, named by one of its `aliases:`)
opens a block that runs to the next such line, and a block belongs to the part whose
function the math engine proves equal to the restated one (however it is rearranged). The
value of a partial is never looked at: only which function its block restates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from grader.mathexpr.latex import equals_positions
from grader.notebook.freeform.denote import Math, Target, allowed
from grader.notebook.freeform.labels import Derivative, Name, is_prose, label
from grader.notebook.freeform.statements import Statement, opening_bracket


@dataclass(frozen=True)
class Blocks:
    lines: tuple[Statement, ...]
    """The lines that may answer the part: its own block's (and those before any header)."""
    header: Statement | None
    """The restated formula heading the part's block, when one was found."""
    others: bool = False
    """Other formulas were restated too, and their blocks left out."""


def own_block(target: Target, found: Sequence[Statement], math: Math) -> Blocks:
    """The part's lines when the text restates several formulas; all of them otherwise."""
    headers = [s for s in found if _is_header(target, s)]
    if target.derivative_of is None or not headers:
        return Blocks(tuple(found), None)
    mine = [h for h in headers if any(math.same(_definition(h), f) for f in target.readings)]
    if not mine:
        return Blocks(tuple(found), None)
    keep: list[Statement] = []
    current: Statement | None = None
    for statement in found:
        if statement in headers:
            current = statement
            continue
        if current is None or current in mine or _written_out(statement):
            keep.append(statement)
    return Blocks(tuple(keep), mine[-1], len(mine) < len(headers))


def _is_header(target: Target, statement: Statement) -> bool:
    """`z = x1 + 5x2 - 3x3^2`: the part's function defined, not differentiated."""
    found = label(statement.lhs)
    return (target.keyed and not statement.bare and not statement.struck
            and isinstance(found, Name) and found.index is None
            and allowed(target, Name(found.name)))


def _written_out(statement: Statement) -> bool:
    """A partial whose label writes its function out (`\\frac{\\partial}{\\partial x_1}(x_1
    + 5x_2)`, a row of a table of functions) says itself which formula it is of: it is in
    no header's block."""
    found = label(statement.lhs)
    return isinstance(found, Derivative) and bool(found.written)


def _definition(statement: Statement) -> str:
    """The restated formula: the chain's first member (`z = x1(x2-4) + … = …`), without a
    remark in brackets after it ("(as Python reads it)"), which only says how it is read."""
    members = equals_positions(statement.rhs)
    formula = (statement.rhs[: members[0]] if members else statement.rhs).strip().rstrip(":.")
    opening = opening_bracket(formula) if formula.endswith(")") else None
    if opening and is_prose(formula[opening + 1 : -1]):
        return formula[:opening].strip()
    return formula

