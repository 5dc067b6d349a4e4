"""The weight and bias of a network's output written as an affine map of its input.

A student who shows the collapse by computing the output, `h_2 = W_2(W_1x+b_1)+b_2 =
W_2W_1x + W_2b_1 + b_2`, has stated the single layer's weight and bias without naming them:
in an affine map `Wx + b` the weight is the input's coefficient and the bias the constant
term. The last member of the chain is read that way only when it already has that form:
each term either ends with the input (`W_2W_1x`, `(W_2W_1)x`, `W_2W_1 \\cdot x`) and holds it
nowhere else, or does not hold it at all. A member still to be multiplied out
(`W_2(W_1x+b_1)+b_2`) states no weight, and is not expanded here: the student did not.
Everything is text; the check parses what is read, as any answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from grader.notebook.freeform.latex import top_level

_INPUT = re.compile(r"(?<![A-Za-z\\])[xX](?![A-Za-z0-9_'])")
"""The network's input, `x` (or `X`)."""


@dataclass(frozen=True)
class Affine:
    coefficient: str
    """The input's coefficient: the single layer's weight."""
    constant: str
    """What does not hold the input: the single layer's bias ("0" when nothing)."""


def affine(text: str) -> Affine | None:
    """`text` as `coefficient x + constant`, when every term is one or the other."""
    coefficient: list[str] = []
    constant: list[str] = []
    for sign, term in _terms(text):
        if not _INPUT.search(term):
            constant.append(f"{sign} {term}")
            continue
        factor = _before_input(term)
        if not factor or _INPUT.search(factor):
            return None
        coefficient.append(f"{sign} {factor}")
    if not coefficient:
        return None
    return Affine(_sum(coefficient), _sum(constant) if constant else "0")


def _before_input(term: str) -> str | None:
    """What multiplies the input at the end of a term (`W_2W_1` of `W_2W_1 \\cdot x`)."""
    body = term.rstrip()
    if not body.endswith(("x", "X")) or body[-2:-1].isalpha() or body[-2:-1] == "\\":
        return None
    factor = body[:-1].rstrip()
    for product in ("\\cdot", "*", "\\,"):
        if factor.endswith(product):
            factor = factor[: -len(product)].rstrip()
    return factor


def _terms(text: str) -> list[tuple[str, str]]:
    """(sign, term) for each term at the top level of a sum."""
    def sign_at(t: str, k: int) -> int:
        previous = t[:k].rstrip()[-1:]
        return 1 if t[k] in "+-" and previous and previous not in "^_{(+-*/=" else 0

    pieces: list[tuple[str, str]] = []
    start, sign = 0, "+"
    body = text.strip()
    if body.startswith(("-", "+")):
        sign, body = body[0], body[1:]
    cuts = [k for k, _ in top_level(body, sign_at)]
    for k in [*cuts, len(body)]:
        term = body[start:k].strip()
        if term:
            pieces.append((sign, term))
        if k < len(body):
            sign = body[k]
        start = k + 1
    return pieces


def _sum(terms: list[str]) -> str:
    text = " ".join(terms).strip()
    return text[1:].strip() if text.startswith("+") else text
