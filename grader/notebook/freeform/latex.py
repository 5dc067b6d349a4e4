"""Small, bracket-aware helpers over LaTeX text: split at top level, tokenise names (with
the math engine's scanners, grader.mathexpr.latex's TOKEN and top_level).

Answers are only ever rewritten here as text (renaming a variable, substituting a helper
definition); the result goes through grader.mathexpr's safe parser like any other answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from grader.mathexpr.latex import TOKEN, top_level

WORDS = frozenset({
    "exp", "log", "ln", "sin", "cos", "tan", "tanh", "sinh", "cosh", "max", "min", "sqrt",
    "sigmoid", "relu", "ReLU", "ReLu", "Relu", "softmax", "Softmax", "Heaviside", "Piecewise",
    "KroneckerDelta", "delta", "sigma", "if", "for", "otherwise", "else", "and", "or", "when",
    "True", "pi", "Max", "Abs", "abs", "sign",
})
"""Letter runs that are names, not products of one-letter symbols."""


@dataclass(frozen=True)
class Tok:
    kind: str
    text: str


def split_top(text: str, separator: str) -> list[str]:
    """`text` cut at each top-level occurrence of `separator` (brackets respected)."""
    def at(t: str, k: int) -> int:
        return len(separator) if t.startswith(separator, k) else 0

    cuts = top_level(text, at)
    pieces: list[str] = []
    start = 0
    for k, size in cuts:
        pieces.append(text[start:k])
        start = k + size
    pieces.append(text[start:])
    return pieces


_VECTOR_ENV = re.compile(r"^\\begin\{([pbvB]?matrix|array)\}(?:\{[^{}]*+\})?(?P<body>.*)"
                         r"\\end\{\1\}$", re.S)
_VECTOR_BRACKETS = (("\\left(", "\\right)"), ("\\left[", "\\right]"), ("(", ")"), ("[", "]"),
                    ("\\langle", "\\rangle"), ("\\left\\langle", "\\right\\rangle"))


_TRANSPOSED = re.compile(r"\^[ \t]*+(?:\{[ \t]*+(?:T|\\top|\\intercal)[ \t]*+\}|T|\\top"
                         r"|\\intercal)$")


def components(text: str) -> list[str] | None:
    """The items of a vector written `(a, b, c)`, `[a, b, c]` or as a one-row or one-column
    matrix; None when `text` is no vector."""
    text = _TRANSPOSED.sub("", text.strip()).strip()  # a row written as a column: same items
    for left, right in _VECTOR_BRACKETS:
        if text.startswith(left) and text.endswith(right):
            inner = text[len(left) : len(text) - len(right)]
            if left in ("(", "[") and matching_close(text, 0) != len(text) - 1:
                continue
            items = [p.strip() for p in split_top(inner, ",")]
            if len(items) > 1 and all(items):
                return items
            text = inner.strip()
            break
    matrix = _VECTOR_ENV.match(text)
    if matrix is None:
        return None
    rows = [r for r in split_top(matrix.group("body"), "\\\\") if r.strip()]
    cells = [c.strip() for r in rows for c in split_top(r, "&")]
    return cells if len(cells) > 1 and (len(rows) == 1 or len(rows) == len(cells)) else None


def matrix_rows(text: str) -> list[list[str]] | None:
    """The cells of a matrix written with `\\begin{pmatrix}` (or bmatrix, matrix, array),
    row by row; None for anything else."""
    matrix = _VECTOR_ENV.match(text.strip())
    if matrix is None:
        return None
    rows = [r for r in split_top(matrix.group("body"), "\\\\") if r.strip()]
    return [[c.strip() for c in split_top(r, "&")] for r in rows]


CONSTANT_COMMANDS = frozenset({
    "\\frac", "\\dfrac", "\\tfrac", "\\cdot", "\\times", "\\exp", "\\left", "\\right",
    "\\sqrt", "\\pi", "\\big", "\\Big", "\\bigl", "\\bigr", "\\mathrm", "\\text"})


def is_constant(text: str) -> bool:
    """A number written out (`-\\frac{e^4}{5}`, `62e^{31^2}`): no variable in it."""
    toks = tokens(text)
    return any(t.kind == "number" for t in toks) and all(
        (t.kind != "letters" or t.text == "e") and (t.kind != "cmd" or t.text in CONSTANT_COMMANDS)
        for t in toks)


def spans(text: str) -> Iterator[tuple[int, Tok]]:
    """(offset, token) pairs; letter runs that are not known words are one-letter names."""
    for match in TOKEN.finditer(text):
        kind, value = match.lastgroup or "char", match.group()
        if kind == "letters" and value not in WORDS and len(value) > 1:
            for k, ch in enumerate(value):
                yield match.start() + k, Tok("letters", ch)
        else:
            yield match.start(), Tok(kind, value)


def tokens(text: str) -> list[Tok]:
    return [tok for _, tok in spans(text)]


def join(toks: list[Tok]) -> str:
    return "".join(t.text for t in toks)


def rename(text: str, mapping: dict[str, str]) -> str:
    """Rename one-letter (or whole-word) names everywhere they stand alone, at once."""
    if not mapping:
        return text
    toks = tokens(text)
    for k, tok in enumerate(toks):
        if tok.kind == "letters" and tok.text in mapping:
            toks[k] = Tok("letters", mapping[tok.text])
    return join(toks)


def letters_used(text: str) -> set[str]:
    return {t.text for t in tokens(text) if t.kind == "letters"}


def matching_close(text: str, start: int) -> int | None:
    """Index of the bracket closing the one at `start`, or None when it is never closed."""
    pairs = {"(": ")", "{": "}", "[": "]"}
    opening = text[start]
    closing = pairs[opening]
    depth = 0
    for k in range(start, len(text)):
        if text[k] == opening:
            depth += 1
        elif text[k] == closing:
            depth -= 1
            if depth == 0:
                return k
    return None
