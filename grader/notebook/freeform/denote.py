"""Which of a part's quantities a left-hand side names, judged by what it denotes.

A line answers a part when its left-hand side denotes what the part asks for, however it is
written: the derivative of the part's function (named by one of the part's `aliases:` or
written out, `\\frac{d}{dx}\\left(\\frac{1}{1+e^{-x}}\\right)`, recognised by its values
against the spec's `derivative_of:`), one partial derivative of it or the whole gradient
(`z'`, `\\nabla z`), an entry of the Jacobian by two indices (or one, for the diagonal),
or the collapsed network's weight or bias (`W`, `\\tilde W`, `W'`, `W_{eq}`, `B`: the
part's letter with no layer number). The value is never looked at here: a line is chosen
by what it says it is, not by whether it is right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from grader.checks.registry import kind_of
from grader.notebook.freeform.labels import Derivative, Label, Name, compact, label, normal_variable

SINGLE = ""
WHOLE = "*"
"""The key of a line that gives one derivative for every key: `z' = 4 + 6x_3`."""
DEFAULT_FUNCTIONS = ("f", "y", "g")
_DECORATION = re.compile(
    r"'|\^\{?(?:\\prime|\*|\\ast|\\star)\}?|tilde|widetilde|hat|widehat|bar|overline")
"""What marks a new matrix without numbering a layer: a prime, a star, an accent."""
_SCRIPT = re.compile(r"[_^](?:\{(?P<braced>[^{}]*+)\}|(?P<bare>\\?[A-Za-z0-9]))")
_LAYER = re.compile(r"^\(?\[?(?:\d{1,2}|[NLnlkKijm]|[NLnlk][-+]1)\]?\)?$")

if TYPE_CHECKING:
    from grader.course import Part


class Math(Protocol):
    """What the reader asks of the math engine (in a checking worker: student text)."""

    def readable(self, text: str) -> bool:
        """Whether the text reads as a formula for this part."""
        ...

    def same(self, a: str, b: str) -> bool:
        """Whether the two texts are proved to denote the same expression."""
        ...


@dataclass(frozen=True)
class Target:
    """How a part's answer lines are labelled, read from its spec."""

    keys: tuple[str, ...]
    variables: tuple[str, ...]
    functions: tuple[Name, ...]
    """Names that may stand on the left (f, σ, z, J, W…), from the spec's aliases."""
    family: str | None
    indices: tuple[str, ...]
    reserved: frozenset[str]
    """Names a helper definition may not redefine (the exercise's own symbols)."""
    derivative_of: str | None = None
    """The function the part differentiates, as the spec writes it."""
    matrices: tuple[str, ...] = ()
    also_of: tuple[str, ...] = ()
    """Other readings of the function the spec accepts (`derivative_of:` given as a list)."""

    @property
    def readings(self) -> tuple[str, ...]:
        """Every reading of the function the part differentiates."""
        return (self.derivative_of, *self.also_of) if self.derivative_of else ()

    @property
    def keyed(self) -> bool:
        return self.keys != (SINGLE,)

    @property
    def indexed(self) -> bool:
        return self.family is not None and len(self.indices) >= 2

    @property
    def named(self) -> bool:
        return not self.variables and not self.indexed

    @property
    def letters(self) -> frozenset[str]:
        """A named part's letters in any case (`W` for the collapsed weight)."""
        return frozenset(f.name[0].lower() for f in self.functions if f.name[:1].isalpha())


def target_of(part: Part) -> Target:
    """The part's target, from its keys, its aliases and the notation its kind declares."""
    notation = kind_of(part.kind).notation(part)
    keys = part.keys or (SINGLE,)
    variables, indexed = notation.variables, notation.indexed
    names = [*part.aliases, *notation.functions]
    if not names:
        names = list(DEFAULT_FUNCTIONS) + (["z"] if keys != (SINGLE,) else [])
    functions = tuple(n for n in (label(a) for a in names) if isinstance(n, Name))
    matrices = notation.matrices
    reserved = {*variables, *matrices, *notation.indices, *indexed}
    return Target(keys, variables, functions, indexed[0] if indexed else None,
                  notation.indices, frozenset(reserved), notation.derivative_of, matrices,
                  notation.also_of)


def key_of(target: Target, lhs: str, math: Math) -> str | None:
    """The key a line with this left-hand side answers, WHOLE for every key, or None."""
    found = label(lhs)
    if target.indexed:
        return _indexed_key(target, found)
    if target.named:
        return SINGLE if _collapsed(target, lhs, found) else None
    if not isinstance(found, Derivative) or found.variable_index or found.function_index:
        return None
    if found.written:
        if not any(math.same(found.written, f) for f in target.readings):
            return None
    elif not allowed(target, Name(found.function)):
        return None
    if target.keyed:
        variable = normal_variable(found.variable)
        if not variable or variable == _vector_of(target.keys):
            return WHOLE  # ∂z/∂x, ∂z/∂\mathbf{x}: by the vector of every key
        return variable if variable in target.keys else None
    if len(found.variable) <= 1 or found.variable in target.variables:
        return SINGLE
    return None


def _vector_of(keys: tuple[str, ...]) -> str | None:
    """`x` for the keys x1, x2, x3: the letter they share before their numbers."""
    letters = {key.rstrip("0123456789") for key in keys}
    return letters.pop() if len(letters) == 1 and all(k[-1:].isdigit() for k in keys) else None


def as_entry(found: Label | None) -> Label | None:
    """`\\sigma(z)_j'` (one index, a prime) is the diagonal entry ∂σ_j/∂z_j."""
    if (isinstance(found, Derivative) and found.function_index and not found.variable_index
            and not found.written):
        return Derivative(found.function, found.variable or "z", found.function_index,
                          found.function_index)
    return found


def _indexed_key(target: Target, found: Label | None) -> str | None:
    found = as_entry(found)
    if isinstance(found, Derivative) and found.function_index and found.variable_index:
        return SINGLE if allowed(target, Name(found.function)) else None
    if isinstance(found, Name) and found.index and len(found.index) == 2:
        return SINGLE if allowed(target, Name(found.name)) else None
    return None


def allowed(target: Target, found: Name) -> bool:
    for alias in target.functions:
        same = (alias.name == found.name if len(found.name) == 1
                else alias.name.lower() == found.name.lower())
        if same and (alias.index is None or alias.index == found.index):
            return True
    return False


def _collapsed(target: Target, lhs: str, found: Label | None) -> bool:
    """An alias, or the part's letter with decorations but no layer number: `W`, `W'`,
    `\\tilde{W}`, `W_{eq}`, `B`, `W_{K \\times M}` (not `W_2`, `W^{(l)}`, `W_N`)."""
    if isinstance(found, Name) and allowed(target, found) and (
            found.index is None or not _LAYER.match(found.index)):
        return True
    text = compact(lhs)
    if not text or text[0].lower() not in target.letters:
        return False
    rest = _DECORATION.sub("", text[1:])
    for script in _SCRIPT.finditer(rest):
        inner = script.group("braced") if script.group("braced") is not None else (
            script.group("bare"))
        if _LAYER.match(inner.strip()):
            return False
    return not _SCRIPT.sub("", rest)
