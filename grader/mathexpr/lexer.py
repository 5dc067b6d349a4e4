"""Turn calculator-style text into strict Python expression syntax.

Students write ``2x``, ``x^2``, ``σ(x)(1−σ(x))`` or ``s_i s_j``; the AST
whitelist downstream only understands plain Python, so this layer folds unicode,
makes implicit multiplication explicit and rejects any character or keyword
that has no business in a formula before Python's parser ever sees it.
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass

from .functions import is_function_name
from .names import SymbolTable
from .source import InputError, Mapped, join

MAX_PAREN_DEPTH = 40

_SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺ˣⁱʲⁿᵗᶻ⁽⁾", "0123456789-+xijntz()", strict=True))
"""Superscript characters, an exponent: `x²`, `e⁻ˣ`."""
_UNICODE = {
    "−": "-", "–": "-", "—": "-", "·": "*", "×": "*", "⋅": "*", "∗": "*", "•": "*",
    "÷": "/", "σ": "sigmoid", "δ": "delta", "π": "pi", "√": "sqrt", "ℯ": "e",
    "≤": "<=", "≥": ">=", "≠": "!=", "\u00a0": " ", "\u2009": " ", "\u202f": " ",
}

_TOKEN = re.compile(
    r"(?P<space>\s+)"
    r"|(?P<number>\d+\.\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|\d+(?:[eE][+-]?\d+)?)"
    r"|(?P<name>[A-Za-z][A-Za-z0-9]*(?:_(?:\{[A-Za-z0-9, ]+\}|[A-Za-z0-9]+))*)"
    r"|(?P<op>\*\*|<=|>=|==|!=|[-+*/^(),<>\[\]@|])"
)
_MODULE = re.compile(r"\b(?:np|numpy|sp|sympy|math|torch)\.(?=[A-Za-z])")
"""`np.exp(x)`, `np.dot(W2, W1)`: the library's name says nothing about the math."""
_DOT_T = re.compile(r"(?<=[A-Za-z0-9_)\]])\.T(?![A-Za-z0-9_])")
"""`W1.T`: numpy's transpose, read as W1^T."""
_WORD_OPERATORS = {"and", "or", "not", "True", "False", "if", "else"}
"""`if`/`else` read Python's conditional expression (`1 if x > 0 else 0`) as cases."""


@dataclass(frozen=True)
class Token:
    kind: str  # "number" | "name" | "op"
    text: str
    source: Mapped


def fold_unicode(src: Mapped) -> Mapped:
    """Replace unicode math characters with their ASCII spelling, keeping offsets."""
    parts: list[Mapped] = []
    k = 0
    while k < len(src.text):
        ch = src.text[k]
        here = src.origin[k]
        if ch in _SUPERSCRIPTS:
            end = k
            while end < len(src.text) and src.text[end] in _SUPERSCRIPTS:
                end += 1
            digits = "".join(_SUPERSCRIPTS[c] for c in src.text[k:end])
            parts.append(Mapped.at(f"**({digits})", here))
            k = end
            continue
        replacement = _UNICODE.get(ch)
        if replacement is None:
            parts.append(src.slice(k, k + 1))
        else:
            glue = " " if replacement.isalpha() and parts and parts[-1].text[-1:].isalnum() else ""
            parts.append(Mapped.at(glue + replacement, here))
        k += 1
    return join(parts)


def clean_name(raw: str) -> str:
    """``x_{1}`` and ``delta_{i,j}`` become ``x_1`` and ``delta_ij``."""
    return re.sub(r"[{}, ]", "", raw)


def tokenize(src: Mapped) -> list[Token]:
    tokens: list[Token] = []
    pos = 0
    while pos < len(src.text):
        match = _TOKEN.match(src.text, pos)
        if match is None:
            ch = src.text[pos]
            raise InputError(f"unexpected character {ch!r}", src.where(pos))
        kind = match.lastgroup or ""
        text = match.group()
        piece = src.slice(pos, match.end())
        pos = match.end()
        if kind == "space":
            continue
        if kind == "name":
            text = clean_name(text)
            if keyword.iskeyword(text) and text not in _WORD_OPERATORS:
                raise InputError(f"'{text}' is not allowed in a formula", piece.where(0))
        elif kind == "op":
            text = {"^": "**", "[": "(", "]": ")"}.get(text, text)
        tokens.append(Token(kind, text, piece))
    return tokens


def _is_call_target(token: Token, table: SymbolTable) -> bool:
    """A name followed by '(' is a call unless it names a symbol (then ``x(1-x)`` multiplies)."""
    if token.kind != "name" or token.text in _WORD_OPERATORS:
        return False
    return not table.is_symbol_name(token.text)


def _ends_operand(token: Token) -> bool:
    return token.kind in ("number", "name") and token.text not in _WORD_OPERATORS or (
        token.text == ")"
    )


def _starts_operand(token: Token) -> bool:
    return token.kind in ("number", "name") and token.text not in _WORD_OPERATORS or (
        token.text == "("
    )


def split_letter_runs(tokens: list[Token], table: SymbolTable) -> list[Token]:
    """``xe`` is x times e when it is no name of its own but every letter is a symbol."""
    result: list[Token] = []
    for token in tokens:
        text = token.text
        if (
            token.kind == "name"
            and len(text) > 1
            and text.isalpha()
            and text not in _WORD_OPERATORS
            and table.resolve(text) is None
            and not is_function_name(text)
            and all(table.resolve(ch) is not None for ch in text)
        ):
            result += [Token("name", ch, token.source.slice(k, k + 1)) for k, ch in enumerate(text)]
        else:
            result.append(token)
    return result


_SUBSCRIPTED_RUN = re.compile(r"(?:[A-Za-z]_?\d+)+")
_SUBSCRIPTED = re.compile(r"[A-Za-z]_?\d+")


def split_subscripted_runs(tokens: list[Token], table: SymbolTable) -> list[Token]:
    """``W_2W_1`` is W_2 times W_1 when it is no name of its own but each piece is a
    symbol (the subscript of a name typed without a space runs into the next name)."""
    result: list[Token] = []
    for token in tokens:
        text = token.text
        if (token.kind == "name" and "_" in text and table.resolve(text) is None
                and _SUBSCRIPTED_RUN.fullmatch(text)):
            pieces = [(m.start(), m.group()) for m in _SUBSCRIPTED.finditer(text)]
            if len(pieces) > 1 and all(table.resolve(p) is not None for _, p in pieces):
                result += [Token("name", p, token.source.slice(k, k + len(p)))
                           for k, p in pieces]
                continue
        result.append(token)
    return result


def check_parentheses(tokens: list[Token]) -> None:
    stack: list[Token] = []
    for token in tokens:
        if token.text == "(":
            stack.append(token)
            if len(stack) > MAX_PAREN_DEPTH:
                raise InputError("parentheses are nested too deeply", token.source.where(0))
        elif token.text == ")":
            if not stack:
                raise InputError("this ')' has no matching '('", token.source.where(0))
            stack.pop()
    if stack:
        raise InputError("this '(' is never closed", stack[-1].source.where(0))


def python_spellings(src: Mapped) -> Mapped:
    """Module prefixes dropped and `.T` read as a transpose, keeping offsets."""
    parts: list[Mapped] = []
    start = 0
    for match in sorted([*_MODULE.finditer(src.text), *_DOT_T.finditer(src.text)],
                        key=lambda m: m.start()):
        if match.start() < start:
            continue
        parts.append(src.slice(start, match.start()))
        if match.group() == ".T":
            parts.append(Mapped.at(" ** T", src.where(match.start())))
        start = match.end()
    parts.append(src.slice(start))
    return join(parts)


def absolute_bars(tokens: list[Token]) -> list[Token]:
    """`|x|` is Abs(x): a bar after an operand closes the one left open, any other opens."""
    result: list[Token] = []
    open_bars: list[Token] = []
    for token in tokens:
        if token.text != "|":
            result.append(token)
            continue
        closes = bool(open_bars) and bool(result) and _ends_operand(result[-1])
        if closes:
            open_bars.pop()
            result.append(Token("op", ")", token.source))
        else:
            open_bars.append(token)
            result += [Token("name", "Abs", token.source), Token("op", "(", token.source)]
    if open_bars:
        raise InputError("this '|' is never closed", open_bars[-1].source.where(0))
    return result


_COMPARISONS = {"<", ">", "<=", ">=", "!=", "=="}


def iverson_brackets(tokens: list[Token]) -> list[Token]:
    """`[x > 0]` is Iverson's bracket, 1 where the condition holds and 0 elsewhere, read as
    Python's `(1 if x > 0 else 0)`: a square bracket whose content compares at its own level
    (a value is never a comparison, so the bracket can mean nothing else); one holding a
    comma, or compared outside, is left alone."""
    result: list[Token] = []
    # per open bracket: where it is in result, and whether its content compares (None: it
    # holds a comma)
    opened: list[tuple[int, bool | None]] = []
    for token in tokens:
        if token.text == "(":
            opened.append((len(result), False))
        elif token.text == ")" and opened:
            start, compares = opened.pop()
            if compares is True and result[start].source.text == "[" and token.source.text == "]":
                inner, where = result[start + 1 :], result[start].source
                result[start:] = [Token("op", "(", where), Token("number", "1", where),
                                  Token("name", "if", where), *inner,
                                  Token("name", "else", where), Token("number", "0", where),
                                  Token("op", ")", token.source)]
                continue
        elif token.text in _COMPARISONS and opened and opened[-1][1] is False:
            opened[-1] = (opened[-1][0], True)
        elif token.text == "," and opened:
            opened[-1] = (opened[-1][0], None)
        result.append(token)
    return result


def to_python(src: Mapped, table: SymbolTable) -> Mapped:
    """Strict Python expression text for ``src``, with implicit products made explicit."""
    src = python_spellings(src)
    tokens = iverson_brackets(absolute_bars(split_subscripted_runs(
        split_letter_runs(tokenize(fold_unicode(src)), table), table)))
    if not tokens:
        raise InputError("the answer is empty", src.where(0))
    check_parentheses(tokens)
    last = tokens[-1]
    if last.kind == "op" and last.text not in (")",):
        raise InputError("the expression ends too early", src.where(len(src.text)))
    parts: list[Mapped] = []
    for prev, token in zip([None, *tokens[:-1]], tokens, strict=True):
        if prev is not None and _ends_operand(prev) and _starts_operand(token):
            if prev.kind == "number" and token.kind == "number":
                raise InputError("two numbers in a row; add an operator", token.source.where(0))
            if not (token.text == "(" and _is_call_target(prev, table)):
                parts.append(Mapped.at(" * ", token.source.where(0)))
        if parts:
            parts.append(Mapped.at(" ", token.source.where(0)))
        parts.append(Mapped.at(token.text, token.source.where(0)))
    return join(parts)
