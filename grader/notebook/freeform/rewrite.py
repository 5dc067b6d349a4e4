"""Put a student's right-hand side into the exercise's own names, as text.

Each rewrite is one a teaching assistant makes while reading: a helper the student defined
earlier (`f(t) = \\frac{1}{1+e^{-t}}`) is replaced by its definition, a stand-in variable
(t for x) or the student's indices (f_j, z_k for s_i, z_j) are renamed. Every rewrite is
reported as a note, and the result is parsed by grader.mathexpr like any typed answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from grader.notebook.freeform.latex import matching_close, rename, spans, tokens

_CALL_OPEN = re.compile(r"^\s*+(?:\\left\s*+)?\(")
_VECTOR = r"(?:\\(?:mathbf|vec|boldsymbol|bm)\{?\s*+[a-z]\s*+\}?|[a-z])"
_ARG = rf"\s*+\(\s*+{_VECTOR}\s*+\)"
_INDEX = r"\s*+_\s*+(?:\{{\s*+(?P<{0}>[a-z])\s*+\}}|(?P<{0}1>[a-z]))"
"""An index below a name, `_j` or `_{j}`: a brace closes only the brace it opened."""
MAX_DEPTH = 4


@dataclass(frozen=True)
class Helper:
    """`name(params) = body`, or `name = body`, written before the answer that uses it."""

    name: str
    params: tuple[str, ...]
    body: str
    cell: int


def substitute(text: str, helpers: dict[str, Helper]) -> tuple[str, tuple[Helper, ...]]:
    """`text` with every helper replaced by its definition (helpers may use helpers)."""
    used: list[Helper] = []
    latex = any(c in t for t in (text, *(h.body for h in helpers.values())) for c in "\\{")
    for _ in range(MAX_DEPTH):
        pieces: list[str] = []
        last = 0
        for start, tok in spans(text):
            name = tok.text.lstrip("\\")
            name = name if len(name) == 1 else name.lower()
            helper = helpers.get(name) if tok.kind in ("letters", "cmd") else None
            end = start + len(tok.text)
            if (start < last or helper is None or _in_subscript(text, start)
                    or text[end:].lstrip().startswith("_") or _LAYER_INDEX.match(text, end)
                    or text[end:end + 1].isdigit()):  # W2 is another name than W
                continue
            replacement, consumed = _expand(helper, text[end:], latex)
            if replacement is None:
                continue
            pieces += [text[last:start], replacement]
            last = end + consumed
            used.append(helper)
        if not pieces:
            break
        text = "".join(pieces) + text[last:]
    return text, tuple(dict.fromkeys(used))


_LAYER_INDEX = re.compile(r"(?<!\s)\s*+\^\s*+\{?\s*+[\[(]")
"""`W^{[2]}`, `W^{(2)}`: a name with a layer index, another name than `W`."""


def _in_subscript(text: str, start: int) -> bool:
    """An index (`x_{u}`), not a value; an exponent (`e^{u^2}`) is a value."""
    before = text[:start].rstrip()
    return before.endswith(("_", "_{"))


def _expand(helper: Helper, rest: str, latex: bool = True) -> tuple[str | None, int]:
    """The helper's body for the call at the start of `rest`, and how much of rest it used;
    in brackets of LaTeX when `latex`, else typed ones (`e^-x` reads only as typed)."""
    if rest.startswith("'") or rest.startswith("^{\\prime}"):
        return None, 0
    opened, closed = ("\\left(", "\\right)") if latex else ("(", ")")
    if not helper.params:
        return f"{opened}{helper.body}{closed}", 0
    opening = _CALL_OPEN.match(rest)
    if opening is None:
        return None, 0
    start = opening.end() - 1
    end = matching_close(rest, start)
    if end is None:
        return None, 0
    inner = rest[start + 1 : end]
    close = end + 1
    if mention_pattern(helper.name).search(inner):
        return None, 0  # `f(1-f)`: f times (1 - f), not f applied (see `applied`)
    if inner.rstrip().endswith("\\right"):
        inner = inner.rstrip()[: -len("\\right")]
    args = [a.strip() for a in inner.split(",")]
    if len(args) != len(helper.params):
        return None, 0
    mapping = {p: (a if re.fullmatch(r"[A-Za-z]", a) else f"({a})")
               for p, a in zip(helper.params, args, strict=True)}
    return f"{opened}{rename(helper.body, mapping)}{closed}", close


_WRAPPED_NAME = re.compile(r"\\(?:text|textrm|mathrm|operatorname|mathit)\{([A-Za-z]++)\}")


def applied(text: str, function: str, variable: str) -> str:
    """`\\sigma (1 - \\sigma)`: a function written without its argument, where the
    left-hand side says which function of which variable it is, applied to it. What follows
    it in brackets is a factor, not its argument, when it holds the function itself: σ(1 − σ)
    is σ times (1 − σ), as everyone who writes it means."""
    text = _factor_brackets(text, function, variable)
    return bare_pattern(function).sub(
        lambda m: m.group() if "(" in m.group() else f"{m.group()}({variable})", text)


def _factor_brackets(text: str, function: str, variable: str) -> str:
    opening, mentions = opening_pattern(function), mention_pattern(function)
    out: list[str] = []
    k = 0
    for match in opening.finditer(text):
        close = matching_close(text, match.end() - 1)
        if close is None or not mentions.search(text, match.end(), close):
            continue
        name_end = match.end("name")
        gap = "" if text[name_end].isspace() else " "
        out += [text[k:name_end], f"({variable}){gap}"]
        k = name_end
    return "".join(out) + text[k:]


@cache
def opening_pattern(alias: str) -> re.Pattern[str]:
    """`alias` and the bracket opened right after it."""
    return re.compile("(?P<name>" + _start(alias) + r")(?![A-Za-z])\s*+(?:\\left)?\(")


@cache
def mention_pattern(alias: str) -> re.Pattern[str]:
    return re.compile(_start(alias) + r"(?![A-Za-z])")


def to_family(text: str, aliases: set[str], family: str, index: str | None = None) -> str:
    """`f_j(z)`, `\\sigma(z)_j`, `S_j` written for the exercise's indexed family: `s_j`;
    with `index`, a member written with no index (`\\sigma(z)` in `\\sigma(z)_j' =
    \\sigma(z)(1-\\sigma(z))`) is the one the left-hand side names."""
    text = _WRAPPED_NAME.sub(lambda m: m.group(1) if m.group(1) in aliases else m.group(),
                             text)
    for alias in sorted(aliases, key=len, reverse=True):
        text = family_pattern(alias).sub(
            lambda m: f"{family}_{{{m['a'] or m['a1'] or m['b'] or m['b1']}}}", text)
        if index is not None:
            text = bare_pattern(alias).sub(f"{family}_{{{index}}}", text)
    return text


def _start(alias: str) -> str:
    """Where `alias` begins: a command (`\\sigma`, whatever stands before it, as in
    `\\sigma_i\\sigma_j`) or a name that is not the end of a longer word."""
    if len(alias) == 1:  # also right after a one-letter index: the second y of `y_iy_j`
        return rf"(?:(?<![A-Za-z\\])|(?<=_[A-Za-z0-9])){re.escape(alias)}"
    return rf"(?:\\{re.escape(alias)}|(?<![A-Za-z\\]){re.escape(alias)})"


def family_pattern(alias: str) -> re.Pattern[str]:
    """`alias` with an index, and perhaps an argument, before or after it."""
    start = _start(alias)
    return re.compile(rf"{start}(?:{_ARG})?{_INDEX.format('a')}(?:{_ARG})?"
                      rf"|{start}{_ARG}{_INDEX.format('b')}")


def bare_pattern(alias: str) -> re.Pattern[str]:
    """`alias`, perhaps applied to the logits, with no index after it."""
    return re.compile(rf"(?<!_){_start(alias)}(?:{_ARG}(?![_'])|(?![A-Za-z_'(]))")


_SUBSCRIPT = re.compile(r"_\s*\{([^{}]*)\}|_\s*([A-Za-z0-9])")
_ROW_END = re.compile(r"\\\\|\\end\s*\{")
INDEX_LETTERS = frozenset("ijklmn")


_WORDS = re.compile(r"\\(?:text|textrm|mbox|mathrm)[ \t]*+\{[^{}]*+\}")
"""Words in a condition (`\\text{si } i = j`, `\\text{en otro caso}`): no index in them."""


def index_letters(text: str) -> set[str]:
    """Index-like letters (i, j, k, …) used in subscripts or in the conditions of cases."""
    found: set[str] = set()
    for match in _SUBSCRIPT.finditer(text):
        found |= set(match.group(1) or match.group(2) or "")
    for row in _ROW_END.split(text):
        if "&" in row:
            condition = _WORDS.sub(" ", row.split("&", 1)[1])
            found |= {t.text for t in tokens(condition) if t.kind == "letters"}
    return found & INDEX_LETTERS


_INDEX_OF_Z = r"z_(?:\{{(?P<{0}>[a-z])\}}|(?P<{0}2>[a-z]))"
_TERM = (r"(?:e\^\{[ \t]*+z_(?:\{[a-z]\}|[a-z])[ \t]*+\}|e\^\{z\}_(?:\{[a-z]\}|[a-z])"
         r"|e\^z_(?:\{[a-z]\}|[a-z])|\\exp[ \t]*+\([ \t]*+z_(?:\{[a-z]\}|[a-z])[ \t]*+\))")
_SUM = re.compile(
    r"\\sum(?:[ \t]*+(?:_\{[^{}]*+\}|_[A-Za-z0-9]|\^\{[^{}]*+\}|\^[A-Za-z0-9])){0,2}+"
    rf"(?:[ \t]*+(?:\{{[ \t]*+{_TERM}[ \t]*+\}}|{_TERM}))?")
"""The softmax's normaliser, `\\sum_{k=1}^{K} e^{z_k}` (or `\\sum` alone, its shorthand)."""
_EXP = re.compile(
    rf"e\^\{{[ \t]*+{_INDEX_OF_Z.format('a')}[ \t]*+\}}|e\^\{{z\}}_(?:\{{(?P<b>[a-z])\}}"
    rf"|(?P<b2>[a-z]))|e\^{_INDEX_OF_Z.format('c')}"
    rf"|\\exp[ \t]*+\([ \t]*+{_INDEX_OF_Z.format('d')}[ \t]*+\)")
"""One exponential of a logit, `e^{z_i}`, with its index."""


def normalised(text: str, family: str) -> tuple[str, str] | None:
    """A softmax expression written with exponentials (`\\frac{e^{z_i}}{\\sum_k e^{z_k}}`)
    in the family's members: every `e^{z_a}` as `s_a` times the normaliser, the normaliser
    as 1 and as 2. When the two readings are the same expression, the normaliser cancels
    and the first is the answer; None when there is no normaliser to cancel."""
    if _SUM.search(text) is None:
        return None

    def member(scale: str) -> str:
        def one(match: re.Match[str]) -> str:
            index = next(g for g in match.groups() if g)
            return f"({family}_{{{index}}} \\cdot {scale})"

        rewritten = _EXP.sub(one, _SUM.sub(f"({scale})", text))
        return rewritten

    first, second = member("1"), member("2")
    if "z_" in first or "\\sum" in first:
        return None
    return first, second
