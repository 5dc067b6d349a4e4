"""A line's right-hand side as a candidate answer, in the exercise's own names.

What a teaching assistant does before comparing: substitute the helpers the student defined
earlier (`f(t) = \\frac{1}{1+e^{-t}}`), rename a stand-in variable (t for x) or the
student's indices (f_j, z_k for s_i, z_j), put the family of an indexed part in the
exercise's letter (`\\sigma(z)_j` as `s_j`), and write weights and biases as the spec's
layer matrices (layers.py). Each rewrite is a note; a rewrite that is a guess is a doubt.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from grader.mathexpr.latex import equals_positions
from grader.notebook.freeform.denote import Math, Target, as_entry
from grader.notebook.freeform.labels import Derivative, Label, Name, label, subscripts
from grader.notebook.freeform.latex import letters_used, rename
from grader.notebook.freeform.layers import as_layers
from grader.notebook.freeform.rewrite import (
    Helper,
    applied,
    index_letters,
    normalised,
    substitute,
    to_family,
)
from grader.notebook.freeform.statements import Statement


@dataclass(frozen=True)
class Candidate:
    key: str
    statement: Statement
    text: str
    condition: str | None
    notes: tuple[str, ...] = ()
    review: tuple[str, ...] = ()


def candidate(target: Target, key: str, statement: Statement, found: Sequence[Statement],
              math: Math, shift: int = 0) -> Candidate:
    """The statement's right-hand side in the exercise's names, with what was changed."""
    helpers, doubtful = _helpers(target, statement, found)
    notes: list[str] = [f"Read your remark ({statement.remark}) in cell {statement.cell} as a "
                        "comment on the value, not part of it."] if statement.remark else []
    review: list[str] = []
    text, condition = subscripts(statement.rhs), statement.condition
    lhs = as_entry(label(statement.lhs)) if target.indexed else label(statement.lhs)
    if target.indexed and lhs is not None:
        own = lhs.function if isinstance(lhs, Derivative) else lhs.name
        aliases = {target.family or "s", *(n.name for n in target.functions), own}
        helpers = {n: h for n, h in helpers.items() if n not in aliases}
        index = lhs.function_index if isinstance(lhs, Derivative) else None
        family = target.family or "s"
        text = to_family(text, aliases, family, index)
        condition = to_family(condition, aliases, family, index) if condition else None
    chain = equals_positions(text)
    if chain:
        text = text[chain[-1] + 1 :].strip()
    text, used = substitute(text, helpers)
    if _of_the_function(target, lhs):
        named = (lhs.function,) if isinstance(lhs, Derivative) else ()
        variable = (lhs.variable if isinstance(lhs, Derivative) else None) or target.variables[0]
        for name in dict.fromkeys((*named, *(f.name for f in target.functions))):
            text = applied(text, name, variable)
    for helper in used:
        notes.append(f"Used your definition {helper.name}"
                     f"{'(' + ', '.join(helper.params) + ')' if helper.params else ''}"
                     f" = {helper.body} from cell {helper.cell}.")
    if target.matrices and target.named:
        text, layered = as_layers(text, target.matrices, shift)
        notes += layered
    unsure = sorted(doubtful & letters_used(text))  # after W_N ... W_1 is read for N = 2
    if unsure:
        review.append(f"{', '.join(unsure)} is defined more than once, differently, before "
                      f"the line in cell {statement.cell}")
    if target.indexed:
        text, more = _without_exponentials(text, target.family or "s", math)
        notes += more
    mapping, more_notes, more_review = _renaming(target, lhs, text)
    notes += more_notes
    review += more_review
    text = rename(text, mapping)
    condition = rename(condition, mapping) if condition else None
    if condition is None and target.indexed and _diagonal(lhs):
        condition = f"{target.indices[0]} = {target.indices[1]}"
    return Candidate(key, statement, text, condition, tuple(notes), tuple(review))


def _of_the_function(target: Target, lhs: Label | None) -> bool:
    """A derivative of the part's one function of one variable, labelled so or bare: there
    the function's names without an argument (`s(1 - s)`, `σ(1-σ)`) are its value."""
    if len(target.variables) != 1 or target.keyed:
        return False
    if isinstance(lhs, Derivative):
        return bool(lhs.function)
    return lhs is None and target.derivative_of is not None


def _diagonal(lhs: Label | None) -> bool:
    """`J_{ii}`, `\\partial s_i / \\partial z_i`: an entry on the diagonal, which holds
    there only (beside a line for the rest, it is the case i = j)."""
    if isinstance(lhs, Derivative):
        return bool(lhs.function_index) and lhs.function_index == lhs.variable_index
    return isinstance(lhs, Name) and lhs.index is not None and len(lhs.index) == 2 \
        and lhs.index[0] == lhs.index[1]


def _without_exponentials(text: str, family: str, math: Math) -> tuple[str, list[str]]:
    """`\\frac{e^{z_i}}{\\sum_k e^{z_k}}` read as `s_i`, when the normaliser cancels."""
    readings = normalised(text, family)
    if readings is None or not math.same(*readings):
        return text, []
    return readings[0], [f"Read your exponentials over their sum as the softmax's outputs "
                         f"{family}_i."]


_WHERE = re.compile(r"(?:(?<![A-Za-z])(?:where|with|here|letting|setting|donde|con|wobei|mit|"
                    r"où|avec|где)|^[ \t]*+[,;])[ \t]*+$", re.I)
"""What introduces the definition of a letter the formula before it used: a word, or a
comma alone (`$\\nabla z = (2ue^{u^2}, ...)$, $u = x_1 + 5x_2 + 15$`)."""


def _helpers(target: Target, statement: Statement,
             found: Sequence[Statement]) -> tuple[dict[str, Helper], set[str]]:
    """Definitions made before `statement`, or right after it with "where" ("..., where
    $u = x_1 + 5x_2 + 15$"); a name defined twice differently is doubtful."""
    helpers: dict[str, Helper] = {}
    doubtful: set[str] = set()
    for earlier in found:
        if earlier.position == statement.position:
            continue
        if earlier.position > statement.position and not (
                earlier.cell == statement.cell and _WHERE.search(earlier.intro)):
            break
        defined = label(earlier.lhs)
        if not isinstance(defined, Name) or defined.index is not None:
            continue
        if defined.name in target.reserved or len(defined.name) > 12:
            continue
        if defined.name in target.variables or earlier.condition is not None:
            doubtful.add(defined.name)
            continue
        members = equals_positions(earlier.rhs)
        body = earlier.rhs[: members[0]].strip() if members else earlier.rhs
        helper = Helper(defined.name, defined.params, body, earlier.cell)
        old = helpers.get(defined.name)
        if old is not None and old.body.replace(" ", "") != helper.body.replace(" ", ""):
            doubtful.add(defined.name)
        helpers[defined.name] = helper
    return {n: h for n, h in helpers.items() if n not in doubtful}, doubtful


def _renaming(target: Target, lhs: Label | None,
              text: str) -> tuple[dict[str, str], list[str], list[str]]:
    """Stand-in variable (t for x) or the student's indices onto the exercise's."""
    if target.indexed:
        if isinstance(lhs, Derivative):
            a, b = lhs.function_index or "", lhs.variable_index or ""
        elif isinstance(lhs, Name) and lhs.index:
            a, b = lhs.index[0], lhs.index[1]
        else:
            return {}, [], []
        i, j = target.indices[0], target.indices[1]
        mapping = {a: i} if a == b else {a: i, b: j}
        mapping = {k: v for k, v in mapping.items() if k != v}
        review = [_stray(letter, a, b, mapping) for letter in sorted(index_letters(text) - {a, b})]
        note = [f"Read your indices {a}, {b} as {i}, {j}."] if mapping and a != b else []
        if a == b:
            note = [f"Your left-hand side has the same index {a} twice: read as the diagonal "
                    f"entry i = j."]
        return mapping, note, review
    if (not target.keyed and isinstance(lhs, Derivative) and len(target.variables) == 1
            and len(lhs.variable) == 1 and lhs.variable != target.variables[0]):
        old, new = lhs.variable, target.variables[0]
        if new not in letters_used(text):
            return {old: new}, [f"Read your variable {old} as {new}."], []
    return {}, [], []


def _stray(letter: str, a: str, b: str, mapping: dict[str, str]) -> str:
    """Why an index the left-hand side does not name makes the reading doubtful."""
    why = f"the answer uses the index {letter}, which its left-hand side (indices {a}, {b}) " \
          "does not name"
    meant = [old for old, new in mapping.items() if new == letter]
    if meant:
        why += f"; after renaming it reads as {meant[0]}, which a person should confirm"
    return why


