"""Answers a student gave as Python values under their own names, read from the source.

A student who writes every answer in code leaves the formulas as strings and the partial
derivatives as dicts, under names of their own: `sig_prime = "exp(-x)/(1+exp(-x))**2"`,
`dz1 = {"x1": "1", "x2": "5", "x3": "-6*x3"}`, `J = "s_i*(delta_ij - s_j)"`. A teaching
assistant reads these as the answers to the question they stand under when the name and
the value's shape leave no doubt which answer it is:

- a dict keyed by the part's own variables (none other) under a name that says
  "derivative" (`dz1`, `grads`, `partials_z3`) is the part's partials; a number in the name
  must be the part's (`dz1` is not `grad_z3`'s);
- a string under a name that says "derivative of" the part's function and nothing else
  (`sig_prime`, `d_relu`, `softmax_jac`, `J` for a Jacobian) is the part's formula.

A dict keyed by the variables under a name that says nothing (`point`, `vals`) goes to a
person. Only literals are read, with `ast`: nothing here runs the student's code, which
only ever runs in the sandbox.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence
from dataclasses import dataclass

from grader.notebook.freeform.cells import Cell, parse_code
from grader.notebook.freeform.denote import Math, Target
from grader.notebook.freeform.found import NOTHING, Found, Quote, where
from grader.notebook.freeform.functions import meaning, vocabulary_of

ROLES = frozenset({"derivative", "jacobian"})
_FORM_WORDS = frozenset({"expr", "expression", "formula", "str", "string", "latex", "sym",
                         "symbolic", "text", "ans", "res", "result", "value", "values"})
"""Words that say how an answer is written, not what it is (`relu_prime_expr`)."""
_MORE_DERIVATIVE = ("partial", "partials", "partial_derivatives", "gradients", "derivs",
                    "grads", "diffs")
_DIGITS = re.compile(r"\d++")
MAX_RIVALS = 6


@dataclass(frozen=True)
class Assigned:
    """`name = <literal>` at the top level of a code cell: a string, or a dict of them."""

    name: str
    cell: int
    source: str
    value: str | dict[str, str]


def assigned(cells: Sequence[Cell]) -> list[Assigned]:
    """Every top-level assignment of a one-line string, a number or a dict of them with
    string keys, in notebook order. A string of several lines is prose (cells.prose_in_code),
    not a value."""
    found: list[Assigned] = []
    for cell in cells:
        tree = parse_code(cell.text) if cell.kind == "code" else None
        for node in tree.body if tree is not None else ():
            if not (isinstance(node, ast.Assign) and len(node.targets) == 1
                    and isinstance(node.targets[0], ast.Name)):
                continue
            value = _value(node.value)
            if value is not None:
                source = ast.get_source_segment(cell.text, node) or node.targets[0].id
                found.append(Assigned(node.targets[0].id, cell.index, source, value))
    return found


def _value(node: ast.expr) -> str | dict[str, str] | None:
    if isinstance(node, ast.Dict):
        out: dict[str, str] = {}
        for key, item in zip(node.keys, node.values, strict=True):
            text = _scalar(item) if item is not None else None
            if not (isinstance(key, ast.Constant) and isinstance(key.value, str)) or text is None:
                return None
            out[key.value] = text
        return out or None
    return _scalar(node)


def _scalar(node: ast.expr) -> str | None:
    """A one-line string or a number (a negative one too), as text."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _scalar(node.operand)
        return f"-{inner}" if inner is not None and not isinstance(
            getattr(node.operand, "value", None), str) else None
    if not isinstance(node, ast.Constant) or isinstance(node.value, bool):
        return None
    if isinstance(node.value, str):
        return node.value if "\n" not in node.value.strip() else None
    return str(node.value) if isinstance(node.value, int | float) else None


@dataclass(frozen=True)
class Wanted:
    """What a part's answer is called: its own words and its function's names."""

    part_id: str
    aliases: tuple[str, ...]
    others: tuple[str, ...]
    """The other parts' ids, whose words a name must not bring in."""

    def _said(self, name: str) -> frozenset[str]:
        if name == "J":
            return frozenset({"jacobian"})
        return _roles(meaning(name, self._vocabulary)[0]) - _FORM_WORDS

    @property
    def _vocabulary(self) -> frozenset[str]:
        return vocabulary_of((self.part_id, *self.aliases, *self.others, *_MORE_DERIVATIVE))

    def silent(self, name: str) -> bool:
        """The name says nothing of a derivative (`point`, `vals`)."""
        return not self._said(name) & ROLES

    def says(self, name: str) -> bool:
        """The name says "the derivative of this part's function" and nothing else."""
        said = self._said(name)
        own = _roles(meaning(self.part_id, self._vocabulary)[0]) - _FORM_WORDS
        names = {a.lower().lstrip("\\") for a in self.aliases}
        if not said & ROLES or not said - ROLES <= (own - ROLES) | names:
            return False
        if "jacobian" in said and "jacobian" not in own:  # a matrix, not a derivative of x
            return False
        digits, own_digits = _DIGITS.findall(name), _DIGITS.findall(self.part_id)
        return not digits or digits == own_digits


def _roles(words: frozenset[str]) -> frozenset[str]:
    return frozenset("derivative" if w in _MORE_DERIVATIVE else w for w in words)


def expression(target: Target, wanted: Wanted, cells: Sequence[Cell], math: Math) -> Found:
    """The part's answer among the values the cells assign, NOTHING when none is its."""
    values = assigned(cells)
    if target.keyed:
        shaped = [a for a in values if isinstance(a.value, dict)
                  and set(a.value) <= set(target.keys)]
        named = [a for a in shaped if wanted.says(a.name)]
        silent = [a for a in shaped if wanted.silent(a.name)]
        if not named and silent:
            return Found({k: "" for k in target.keys},
                         tuple(Quote(a.cell, a.source) for a in silent[-MAX_RIVALS:]),
                         review=(f"{where([a.cell for a in silent])} assigns a dict keyed by "
                                 f"{', '.join(target.keys)} under a name that does not say "
                                 "what it holds",))
    else:
        named = [a for a in values if isinstance(a.value, str) and wanted.says(a.name)
                 and math.readable(a.value)]
    if not named:
        return NOTHING
    pick = named[-1]
    value = _keyed(target, pick.value)
    rivals: list[object] = []
    for other in named[:-1]:
        text = _keyed(target, other.value)
        if text != value and text not in rivals:
            rivals.append(text)
    note = (f"Read `{pick.name}` (cell {pick.cell}), a value assigned in your code, as this "
            "answer: its name and form say what it is.")
    return Found(value, (Quote(pick.cell, pick.source),), (note,),
                 rivals=tuple(rivals[:MAX_RIVALS]))


def _keyed(target: Target, value: str | dict[str, str]) -> object:
    return {k: value.get(k, "") for k in target.keys} if isinstance(value, dict) else value


def descriptions(cell: Cell, keys: Sequence[str]) -> str:
    """A dict of descriptions keyed by the items (`kernels = {"k1": "identity", ...}`) as
    the labelled lines a student would have written in Markdown (`k1: identity`)."""
    lines = [f"{k}: {text}" for a in assigned((cell,)) if isinstance(a.value, dict)
             and set(a.value) <= set(keys) for k, text in a.value.items()]
    return "\n\n".join(lines)


__all__ = ["Assigned", "Wanted", "assigned", "descriptions", "expression"]
