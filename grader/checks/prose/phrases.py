"""Match the synonym table's phrases on a description's words.

A phrase is matched token by token on words already split and lower-cased, so matching
costs a few comparisons per word whatever the text holds (no regular expression sees
the description's words). Slots read numbers, directions and places in the kernel.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from grader.checks.prose.vocabulary import CENTRE, DIRECTIONS, NUMBERS, ORDINALS, SIDES


@dataclass(frozen=True)
class Number:
    """A number as written: its value and how exactly it was written (0.11 means 1/9)."""

    value: float
    tol: float

    def means(self, actual: float) -> bool:
        return abs(actual - self.value) <= self.tol


@dataclass(frozen=True)
class Spec:
    words: tuple[str, ...]
    optional: bool
    slot: str | None


@dataclass(frozen=True)
class Match:
    end: int
    slots: tuple[tuple[str, Any], ...]


Slot = Callable[[list[str], int], Iterator[tuple[int, Any]]]


@cache
def compiled(pattern: str) -> tuple[Spec, ...]:
    specs = []
    for token in pattern.split():
        optional = token.endswith("?")
        token = token.rstrip("?")
        slot = token[1:-1] if token.startswith("<") else None
        specs.append(Spec(tuple(token.split("|")) if slot is None else (), optional, slot))
    return tuple(specs)


@cache
def first_words(pattern: str) -> tuple[str, ...] | None:
    """The words a match of `pattern` can begin with; None when a slot can begin it."""
    words: list[str] = []
    for spec in compiled(pattern):
        if spec.slot is not None:
            return None
        words += spec.words
        if not spec.optional:
            return tuple(words)
    return None


def longest(tokens: list[str], start: int, pattern: str) -> Match | None:
    """The longest way `pattern` matches at `start`, if any (at least one word)."""
    first = first_words(pattern)
    if first is not None and (start >= len(tokens) or not _word(tokens[start], first)):
        return None
    best: Match | None = None
    for match in _matches(tokens, start, compiled(pattern), 0, ()):
        if match.end > start and (best is None or match.end > best.end):
            best = match
    return best


def _matches(tokens: list[str], i: int, specs: tuple[Spec, ...], k: int,
             slots: tuple[tuple[str, Any], ...]) -> Iterator[Match]:
    if k == len(specs):
        yield Match(i, slots)
        return
    spec = specs[k]
    if spec.optional:
        yield from _matches(tokens, i, specs, k + 1, slots)
    if spec.slot is not None:
        for end, value in SLOTS[spec.slot](tokens, i):
            yield from _matches(tokens, end, specs, k + 1, (*slots, (spec.slot, value)))
    elif i < len(tokens) and _word(tokens[i], spec.words):
        yield from _matches(tokens, i + 1, specs, k + 1, slots)


def _word(token: str, words: tuple[str, ...]) -> bool:
    return any(token == w or (w.endswith("*") and token.startswith(w[:-1])) for w in words)


def number_at(tokens: list[str], i: int) -> Iterator[tuple[int, Number]]:
    sign = 1.0
    if i < len(tokens) and tokens[i] in ("minus", "negative"):
        sign, i = -1.0, i + 1
    if i >= len(tokens):
        return
    value = _number(tokens[i])
    if value is None:
        return
    yield i + 1, Number(sign * value.value, value.tol)
    if i + 1 < len(tokens) and tokens[i + 1] in ("ninth", "ninths", "eighth", "eighths"):
        part = 1 / 9 if tokens[i + 1].startswith("ninth") else 1 / 8
        yield i + 2, Number(sign * value.value * part, 1e-9)


def _number(token: str) -> Number | None:
    if token in NUMBERS:
        return Number(NUMBERS[token], 1e-9)
    text = token.lstrip("-")
    negative = token.startswith("-")
    try:
        if "/" in text:
            top, bottom = text.split("/")
            value, tol = int(top) / int(bottom), 1e-9
        else:
            value = float(text)
            decimals = len(text.partition(".")[2])
            tol = 0.5 * 10.0 ** -decimals if decimals else 1e-9
    except (ValueError, ZeroDivisionError):
        return None
    return Number(-value if negative else value, tol)


def _count(tokens: list[str], i: int) -> Iterator[tuple[int, Any]]:
    if i < len(tokens) and tokens[i] not in ("a", "an", "single"):
        yield from number_at(tokens, i)


def _direction(tokens: list[str], i: int) -> Iterator[tuple[int, str]]:
    if i < len(tokens) and tokens[i] in DIRECTIONS:
        yield i + 1, DIRECTIONS[tokens[i]]


def _side(tokens: list[str], i: int) -> Iterator[tuple[int, str]]:
    if i < len(tokens) and tokens[i] in SIDES:
        yield i + 1, SIDES[tokens[i]]


def _position(tokens: list[str], i: int) -> Iterator[tuple[int, tuple[str, ...]]]:
    """A place in the kernel, as the sides it lies towards: () is the centre."""
    if i >= len(tokens):
        return
    first = tokens[i]
    second = tokens[i + 1] if i + 1 < len(tokens) else ""
    if first in CENTRE:
        yield i + 1, ()
        if second in SIDES:
            yield i + 2, (SIDES[second],)
    if first in SIDES:
        yield i + 1, (SIDES[first],)
        if second in SIDES and SIDES[second] != SIDES[first]:
            yield i + 2, tuple(sorted({SIDES[first], SIDES[second]}))
        if second in CENTRE:
            yield i + 2, (SIDES[first],)


def _axis(tokens: list[str], i: int) -> Iterator[tuple[int, str]]:
    if i < len(tokens) and tokens[i] in ("x", "y"):
        yield i + 1, tokens[i]


def _size(tokens: list[str], i: int) -> Iterator[tuple[int, tuple[int, int]]]:
    if i < len(tokens) and "x" in tokens[i] and tokens[i][:1].isdigit():
        rows, _, cols = tokens[i].partition("x")
        if rows.isdigit() and cols.isdigit():
            yield i + 1, (int(rows), int(cols))
    if i + 2 < len(tokens) and tokens[i].isdigit() and tokens[i + 1] == "by" and (
            tokens[i + 2].isdigit()):
        yield i + 3, (int(tokens[i]), int(tokens[i + 2]))


def _reference(tokens: list[str], i: int) -> Iterator[tuple[int, str]]:
    """Another kernel, by its key's spelling: `k2`, `kernel 2`, `the second kernel`."""
    if i < len(tokens) and len(tokens[i]) > 1 and tokens[i][0].isalpha() and (
            tokens[i][1:].isdigit()):
        yield i + 1, tokens[i]
    if i + 1 < len(tokens) and tokens[i] in ("kernel", "filter") and tokens[i + 1].isdigit():
        yield i + 2, f"#{tokens[i + 1]}"
    start = i + 1 if i < len(tokens) and tokens[i] == "the" else i
    if start + 1 < len(tokens) and tokens[start] in ORDINALS and tokens[start + 1] in (
            "kernel", "filter", "one"):
        yield start + 2, f"#{ORDINALS.index(tokens[start]) + 1}"


SLOTS: dict[str, Slot] = {
    "num": number_at, "count": _count, "dir": _direction, "side": _side, "pos": _position,
    "size": _size, "ref": _reference, "axis": _axis,
}
