"""What the left-hand side of a student's equation says the line is.

`\\frac{\\partial z}{\\partial x_1}`, `\\partial z/\\partial x_1`, `dz/dx1`, `z_{x_1}`,
`D_{x_1} z`, `f'(x)`, `f(t)'`, `\\dot{f}`, `\\sigma'(t)`, `\\frac{d}{dx}\\sigma(x)`,
`∂f_j/∂z_k`, `\\sigma(z)_j'` and `J_{ij}` all name a derivative: of which function, with
respect to which variable, with which indices. `z'` and `\\nabla z` name the whole gradient
(no variable). `\\frac{d}{dx}\\left(\\frac{1}{1+e^{-x}}\\right)` names the derivative of a
function written out: which function that is, the part decides by its values. Anything
else that is a plain name (`f(t)`, `u`, `s_i`, `W`) is a definition the student may use
later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from grader.notebook.freeform.latex import matching_close

_SUBSCRIPT_DIGITS = str.maketrans("₀₁₂₃₄₅₆₇₈₉ᵢⱼₖₗₘₙ", "0123456789ijklmn")
_UNICODE = {"∂": "\\partial ", "σ": "\\sigma ", "′": "'", "δ": "\\delta ", "’": "'",
            "∇": "\\nabla "}
_DROP = re.compile(
    r"\\(left|right|displaystyle|textstyle|quad|qquad)(?![A-Za-z])|\\[,;!:]|\\(?=\s)|\s+")
"""Spacing and sizing: a word command only as a whole word (not `\\leftarrow`), a spacing
mark (`\\,`) wherever it stands, also right before a name (`\\,\\mathrm{ReLU}(x)`)."""
_DOT = re.compile(r"\\dot\{?(\\?[A-Za-z]+|[A-Za-z])\}?")
_WRAPPED = re.compile(r"\\(mathrm|text|textrm|operatorname|mathit|mathbf|boldsymbol)\{([^{}]*)\}")
_D = r"(?:\\partial|d)"
_NAME = r"\\?[A-Za-z]+\d*"
_SUB = r"(?:_\{?[A-Za-z0-9,]+\}?)"
_PRIME = r"(?:'|\^\{?\\prime\}?|\^\{?'\}?)"
_FRAC = r"\\[dt]?frac"
_VARIABLE = re.compile(r"^(?P<name>[A-Za-z]++)(?:_?\{?(?P<sub>[A-Za-z0-9]+)\}?)?$")
_FUNCTION = re.compile(
    rf"^(?P<name>{_NAME})(?P<sub>{_SUB})?(?:\((?P<arg>[^()]*)\))?(?P<sub2>{_SUB})?$")
_ACCENT = re.compile(
    r"\\(tilde|hat|bar|widetilde|widehat|overline)(?![A-Za-z])"
    r"[ \t]*+\{?[ \t]*+([A-Za-z])[ \t]*+\}?")
"""An accent on one letter, braced or not (`\\tilde{W}`, `\\tilde W`, `\\hat b`)."""
_FORMS = (
    re.compile(rf"^{_FRAC}{_D}{_D}(?P<v>[A-Za-z])(?P<f>.+)$"),
    re.compile(r"^(?P<f>[A-Za-z])_\{?(?P<v>[A-Za-z]_?\{?\d+\}?)\}?$"),
    re.compile(rf"^(?P<f>[A-Za-z]){_PRIME}+_\{{?(?P<v>[A-Za-z]_?\{{?\d+\}}?)\}}?$"),
    re.compile(rf"^\(?{_D}(?P<f>[^/()]+)\)?/\(?{_D}(?P<v>[^/()]+)\)?$"),
    re.compile(r"^(?:\\partial|\\nabla|D)_\{?(?P<v>[A-Za-z][A-Za-z0-9_]*)\}?(?P<f>.+)$"),
    re.compile(rf"^(?P<f>{_NAME}{_SUB}?){_PRIME}+(?:\((?P<v>[^()]*)\))?$"),
    re.compile(rf"^(?P<f>{_NAME}{_SUB}?\([^()]*\){_SUB}?){_PRIME}+$"),
    re.compile(r"^\\nabla(?P<f>[^_].*)$"),
)
_WRITTEN_PRIME = re.compile(rf"^(?P<w>\(.+\)){_PRIME}+(?:\((?P<v>[^()]*)\))?$")
"""`(\\frac{1}{1+e^{-x}})'`: the prime of a function written out."""
_PARAMETERS = re.compile(r"^[A-Za-z][A-Za-z0-9_{}]*+(?:,[A-Za-z][A-Za-z0-9_{}]*+)*+$")
"""What a named function is applied to: its variables (`\\max(0,x)` is written out)."""
_ASCII_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_PROSE = re.compile(r"(?<![A-Za-z])[A-Za-z]{2,}+\s++[A-Za-z]")


@dataclass(frozen=True)
class Derivative:
    """d function / d variable, as a label: which part and key a line answers."""

    function: str
    """Lower-case name without backslash: "z", "f", "sigma", "relu"."""
    variable: str
    """"x1" for x_1, "t", "z" (for z_k); empty for f' written without an argument."""
    function_index: str | None = None
    variable_index: str | None = None
    written: str = ""
    """The function written out instead of named (`function` is then empty)."""


@dataclass(frozen=True)
class Name:
    """A plain name on the left: a helper definition (`f(t)`, `u`, `s_i`) or a label (`W`)."""

    name: str
    index: str | None = None
    params: tuple[str, ...] = ()


Label = Derivative | Name


def subscripts(text: str) -> str:
    """`x₁` as `x_1`, `δᵢⱼ` as `δ_{ij}`: unicode subscript digits and index letters, which
    LaTeX and the parser do not know."""
    return _SUBSCRIPTS.sub(lambda m: "_{" + m.group().translate(_SUBSCRIPT_DIGITS) + "}", text)


_SUBSCRIPTS = re.compile("[₀-₉ᵢⱼₖₗₘₙ]++")


def compact(text: str) -> str:
    """The left-hand side without spacing, sizing commands or font wrappers."""
    text = subscripts(text)
    for char, latex in _UNICODE.items():
        text = text.replace(char, latex)
    previous = None
    while previous != text:
        previous, text = text, _WRAPPED.sub(r"\2", text)
    text = _ACCENT.sub(lambda m: f"{m.group(2)}{m.group(1)}", text)
    return _DOT.sub(r"\1'", _DROP.sub("", text))


_BRACKET_INDEX = re.compile(r"^(?P<name>[A-Za-z][A-Za-z0-9]{0,10}+)\[(?P<i>[a-z])(?:\]\[|,)"
                            r"(?P<j>[a-z])\]$")
"""An entry indexed as in code, `J[i][j]` or `J[i, j]`: `J_{ij}`."""


_GRAD = re.compile(r"^[ \t]*+(?:\\(?:operatorname|mathrm|text)\{grad\}|grad(?:ient)?)"
                   r"(?:_\{?(?P<sub>[A-Za-z])\}?|[ \t]*+\([ \t]*+(?P<f>[A-Za-z])[ \t]*+\)"
                   r"|[ \t]++(?P<g>[A-Za-z]))[ \t]*+$")
"""The gradient typed as a word: `grad z`, `grad(z)`, `\\operatorname{grad} z`."""


def label(lhs: str) -> Label | None:
    grad = _GRAD.match(lhs)
    if grad is not None:
        lhs = f"\\nabla {grad['sub'] or grad['f'] or grad['g']}"
    text = compact(lhs)
    text = _BRACKET_INDEX.sub(r"\g<name>_{\g<i>\g<j>}", text)
    fraction = _fraction(text)
    if fraction is not None:
        return fraction
    for form in _FORMS:
        match = form.match(text)
        if match is not None:
            found = _derivative(match.group("f"), match.groupdict().get("v") or "")
            if found is not None:
                return found
    written = _WRITTEN_PRIME.match(text)
    if written is not None:
        return Derivative("", written.group("v") or "", written=_unwrap(written.group("w")))
    python = _python_name(text)
    if python is not None:
        return _derivative(*python)
    if is_prose(lhs):
        return None
    return _name(text)


def _python_name(text: str) -> tuple[str, str] | None:
    """(f, v) of `dz_dx1` or `dzdx1`, the longest f when the name splits more ways, in one
    pass: the pattern d_?(f)_?d_?(v) with two runs of letters backtracks quadratically."""
    if not text.startswith("d"):
        return None
    rest = text[2:] if text.startswith("d_") else text[1:]
    letters = len(rest) - len(rest.lstrip(_ASCII_LETTERS))
    ends = _variable_ends(rest)
    for k in range(min(letters, len(rest) - 1), 0, -1):
        at = k + 1 if rest[k] == "_" else k
        if at < len(rest) and rest[at] == "d":
            at += 2 if rest[at + 1 : at + 2] == "_" else 1
            if ends[at]:
                return rest[:k], rest[at:]
    return None


def _variable_ends(text: str) -> list[bool]:
    """ends[i]: text[i:] is ASCII letters, then digits to the end (one pass from the right)."""
    ends = [False] * (len(text) + 1)
    first_digit = len(text) - len(text.rstrip("0123456789"))
    first_digit = len(text) - first_digit
    for i in range(first_digit - 1, -1, -1):
        if not (text[i].isascii() and text[i].isalpha()):
            break
        ends[i] = True
    return ends


def is_prose(text: str) -> bool:
    """Two words in a row ("the derivative"): a sentence, not something being defined."""
    return bool(_PROSE.search(re.sub(r"\\[A-Za-z]+", " ", text)))


def _fraction(text: str) -> Derivative | None:
    """`\\frac{\\partial z}{\\partial x_{1}}` and `\\frac{d}{dx} f(x)`, braces nested."""
    head = re.match(r"\\[dt]?frac(?=\{)", text)
    if head is None:
        return None
    top_end = matching_close(text, head.end())
    if top_end is None or top_end + 1 >= len(text) or text[top_end + 1] != "{":
        return None
    bottom_end = matching_close(text, top_end + 1)
    if bottom_end is None:
        return None
    top, bottom = text[head.end() + 1 : top_end], text[top_end + 2 : bottom_end]
    rest = text[bottom_end + 1 :]
    d_top, d_bottom = re.match(_D, top), re.match(_D, bottom)
    if d_top is None or d_bottom is None:
        return None
    function = top[d_top.end() :] or rest
    if not function or (rest and top[d_top.end() :]):
        return None
    variable = bottom[d_bottom.end() :]
    named = _derivative(function, variable)
    if named is not None:
        return named
    by = _derivative("f", variable)
    if by is None:
        return None
    return Derivative("", by.variable, variable_index=by.variable_index,
                      written=_unwrap(function))


def _unwrap(text: str) -> str:
    """`(…)` or `{…}` around a whole written-out function dropped."""
    while len(text) > 1 and text[0] in "({" and matching_close(text, 0) == len(text) - 1:
        text = text[1:-1]
    return text


def _derivative(function: str, variable: str) -> Derivative | None:
    function = function.strip("{}")
    found = _FUNCTION.match(function)
    if found is None or (found.group("arg") and not _PARAMETERS.match(found.group("arg"))):
        return None
    variable = variable.strip("{}")
    if found.group("arg") is not None and not variable:
        variable = found.group("arg")
    name, index = _name_and_index(found.group("name"), found.group("sub") or found.group("sub2"))
    var_name, var_index = "", None
    if variable:
        parts = _VARIABLE.match(variable.replace("{", "").replace("}", ""))
        if parts is None:
            return None
        var_name, var_index = _split_variable(parts.group("name"), parts.group("sub"))
    return Derivative(name, var_name, index, var_index)


def _name(text: str) -> Name | None:
    found = _FUNCTION.match(text)
    if found is None:
        return None
    name, index = _name_and_index(found.group("name"), found.group("sub") or found.group("sub2"))
    arg = found.group("arg")
    params = tuple(p for p in (arg or "").split(",") if p) if arg is not None else ()
    if arg is not None and not all(re.fullmatch(r"[A-Za-z]", p) for p in params):
        return None
    if index is not None and index.isdigit():
        name, index = f"{name}{index}", None
    return Name(name, index, params)


def _name_and_index(name: str, sub: str | None) -> tuple[str, str | None]:
    plain = name.lstrip("\\")
    plain = plain if len(plain) == 1 else plain.lower()
    if sub is None:
        return plain, None
    return plain, sub.strip("_{}").replace(",", "")


def _split_variable(name: str, sub: str | None) -> tuple[str, str | None]:
    """`x_1` is the variable x1; `z_k` is z with the index k."""
    if sub is None:
        return name, None
    if sub.isdigit():
        return f"{name}{sub}", None
    return name, sub


def normal_variable(text: str) -> str:
    """`x_1`, `x_{1}` and `x1` are one variable."""
    return text.replace("_", "").replace("{", "").replace("}", "").strip()
