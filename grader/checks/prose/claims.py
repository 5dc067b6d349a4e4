"""Read a description as claims: each clause's phrases, what they deny, what is left over.

A description is split into clauses (at punctuation and at "and", "but", "because", ...);
in each, the synonym table's longest phrase at each place is a claim or a modifier of
one ("by one pixel", "to the left", "for a true convolution"), a negation denies the
claims after it in its clause, and any other word that is not filler is left over: the
grader did not understand that clause, and a person reads it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from grader.checks.prose.phrases import Number, first_words, longest
from grader.checks.prose.spelling import joins, reading
from grader.checks.prose.translations import spaced
from grader.checks.prose.vocabulary import (
    CLAIMS,
    CONTRASTS,
    FILLER,
    MODIFIERS,
    NEGATIONS,
    NOT_NEGATIONS,
    SPLITTERS,
)

_TOKEN = re.compile(r"-?\d+(?:[./]\d+)?(?:x\d+)?|[^\W\d_][\w']*|\S")
_JOINED = re.compile(r"(?<=[^\W_])[-/](?=[^\W\d_])")
"""`right-hand`, `left/right`, `1-pixel`: one phrase, not two clauses."""
_QUOTES = re.compile(r"[\"`“”„«»]|(?<!\w)'|'(?!\w)")
"""Quotation marks set a word apart ("averages"); they do not end a clause."""
SEPARATORS = frozenset(".,;:!?()[]{}-–—/|*•…")
_ARROW = re.compile(r"(?<![-=])[-=]++>|[→⇒⟶]")
"""`->` and `=>` lead on to the next clause ("laplacian -> edges") as a comma does."""
_TO_NUMBER = re.compile(r"(?<![-=])(?:[-=]++>|[→⇒⟶])(?=[ \t]*+-?[0-9])")
"""An arrow to a number says what something becomes ("flat regions → 0")."""
MOVABLE = frozenset({"shift", "neighbour", "edge", "gradient", "sobel", "prewitt", "scharr"})
"""Claims a distance, a direction or an axis can belong to."""
CONVENTION_WORDS = {"convolution": "convolution", "correlation": "correlation"}


@dataclass(frozen=True)
class Direction:
    names: frozenset[str]
    """Any one of these ("left or right")."""
    convention: str | None


@dataclass
class Claim:
    kind: str
    clause: str
    """The clause it stands in, as the grader read it (for feedback)."""
    negated: bool = False
    slots: dict[str, Any] = field(default_factory=dict)
    distance: Number | None = None
    directions: list[Direction] = field(default_factory=list)
    axes: set[str] = field(default_factory=set)
    convention: str | None = None
    doubtful: bool = False
    """Its clause also holds words the grader did not understand."""


@dataclass(frozen=True)
class ClaimReading:
    claims: tuple[Claim, ...]
    unclear: tuple[str, ...]
    """Clauses holding words the grader did not understand, as read."""


@dataclass
class _Modifier:
    kind: str
    slots: dict[str, Any]
    after_or: bool


def read(text: str, own: frozenset[str] = frozenset()) -> ClaimReading:
    """The claims of `text`; `own` holds the spellings of the kernel it describes."""
    claims: list[Claim] = []
    unclear: list[str] = []
    negate_next = False
    for words, written in _clauses(text):
        if not words:
            continue
        shown = " ".join(written)
        found, leftover, negate_next = _read_clause(words, claims, negate_next, own, shown)
        if leftover:
            unclear.append(shown)
            for claim in found:
                claim.doubtful = True
        claims += found
    return ClaimReading(tuple(claims), tuple(unclear))


def _clauses(text: str) -> list[tuple[list[str], list[str]]]:
    """Each clause's words as read (spelling.py), with the words as written."""
    text = _JOINED.sub(lambda m: " or " if m.group() == "/" else " ",
                       _ARROW.sub(",", _TO_NUMBER.sub(" become ", text.lower())))
    text = spaced(text.replace("×", "x").replace("’", "'"))
    text = "".join(c for c in unicodedata.normalize("NFD", _QUOTES.sub(" ", text))
                   if not unicodedata.combining(c))  # "píxel" is "pixel"
    clauses: list[tuple[list[str], list[str]]] = [([], [])]
    tokens = _TOKEN.findall(text)
    for n, token in enumerate(tokens):
        if token in SEPARATORS:
            clauses.append(([], []))
            continue
        for word in ("and",) if joins(tokens, n) else reading(token):
            if word in SPLITTERS:
                clauses.append(([], []))
            else:
                clauses[-1][0].append(word)
        if token not in SPLITTERS and not joins(tokens, n):
            clauses[-1][1].append(token)
    return clauses


def _read_clause(words: list[str], before: list[Claim], negated: bool,
                 own: frozenset[str], clause: str) -> tuple[list[Claim], list[str], bool]:
    """(claims, words not understood, whether the next clause is denied); `clause` is
    the clause as written."""
    claims: list[Claim] = []
    modifiers: list[_Modifier] = []
    leftover: list[str] = []
    i, last_or, negate_next = 0, False, False
    while i < len(words):
        pair = tuple(words[i:i + 2])
        if pair in CONTRASTS:
            negate_next, i = True, i + 2
            break
        if pair in NOT_NEGATIONS:
            i += 2
            continue
        kind, match, is_claim = _phrase(words, i)
        if match is not None:
            slots = dict(match.slots)
            if is_claim:
                claims.append(Claim(kind, clause, negated, slots))
            else:
                modifiers.append(_Modifier(kind, slots, last_or))
            i, last_or = match.end, False
            continue
        word = words[i]
        if word in NEGATIONS:
            negated = True
        elif word == "or":
            last_or = True
        elif word not in FILLER and word not in own and word not in CONVENTION_WORDS:
            leftover.append(word)
        i += 1
    moved = any(c.kind in ("shift", "neighbour") and not c.negated for c in claims)
    claims = [c for c in claims if not (moved and c.kind == "identity" and not c.negated)]
    if negate_next:  # what follows "rather than" is a clause of its own, denied
        rest = _read_clause(words[i:], [*before, *claims], True, own,
                                                            clause) if i < len(words) else (
            [], [], False)
        _attach(modifiers, claims, before, leftover, clause)
        return [*claims, *rest[0]], leftover + rest[1], rest[2]
    _attach(modifiers, claims, before, leftover, clause)
    return claims, leftover, negate_next


_Entry = tuple[int, str, str, bool]
"""(place in the tables, pattern, kind, whether a claim)."""


@cache
def _entries() -> tuple[dict[str, tuple[_Entry, ...]], tuple[tuple[str, _Entry], ...],
                        tuple[_Entry, ...]]:
    """The tables' phrases by the words they can begin with: exact words, stems
    (`shift*`), and phrases that begin with a slot (tried at every word)."""
    exact: dict[str, list[_Entry]] = {}
    stems: list[tuple[str, _Entry]] = []
    anywhere: list[_Entry] = []
    tables = [(p, k, True) for p, k in CLAIMS] + [(p, k, False) for p, k in MODIFIERS]
    for place, (pattern, kind, is_claim) in enumerate(tables):
        entry = (place, pattern, kind, is_claim)
        first = first_words(pattern)
        if first is None:
            anywhere.append(entry)
            continue
        for word in dict.fromkeys(first):
            if word.endswith("*"):
                stems.append((word[:-1], entry))
            else:
                exact.setdefault(word, []).append(entry)
    return ({w: tuple(e) for w, e in exact.items()}, tuple(stems), tuple(anywhere))


def _phrase(words: list[str], i: int) -> tuple[str, Any, bool]:
    """The longest phrase of the table at `i`: (kind, match, whether a claim); of two
    as long, the one first in the tables. Only phrases that can begin with the word at
    `i` are tried."""
    exact, stems, anywhere = _entries()
    word = words[i]
    tried = {*exact.get(word, ()), *(e for stem, e in stems if word.startswith(stem)),
             *anywhere}
    best: tuple[str, Any, bool] = ("", None, False)
    for _, pattern, kind, is_claim in sorted(tried):
        match = longest(words, i, pattern)
        if match is not None and (best[1] is None or match.end > best[1].end):
            best = (kind, match, is_claim)
    return best


def _attach(modifiers: list[_Modifier], claims: list[Claim], before: list[Claim],
            leftover: list[str], clause: str) -> None:
    """Give each modifier to the claim it belongs to: in its clause, else the last
    movable claim before it; a modifier with no claim is not understood."""
    convention = next((m.kind for m in modifiers if m.kind in ("convolution", "correlation")),
                      None)
    for claim in claims:
        claim.convention = convention
    targets = [c for c in claims if c.kind in MOVABLE]
    if not claims:  # "(left or right, ...)": said of the claim just before
        targets = [c for c in before[-1:] if c.kind in MOVABLE]
    for modifier in modifiers:
        if modifier.kind in ("convolution", "correlation", "remark"):
            continue
        if not targets:
            leftover.append(modifier.kind)
            continue
        target = targets[0]
        value = str(next(iter(modifier.slots.values()), ""))
        if modifier.kind == "distance":
            target.distance = next(iter(modifier.slots.values()), None)
        elif modifier.kind == "axis":
            target.axes.add(value)
        elif modifier.after_or and target.directions:
            last = target.directions[-1]
            target.directions[-1] = replace(last, names=last.names | {value})
        else:
            target.directions.append(Direction(frozenset({value}), convention))
