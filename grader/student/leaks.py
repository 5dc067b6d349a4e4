"""Public text that gives away a hidden part's answer, found by meaning, not by spelling.

A hidden part's reference never ships in the student bundle, but the same formula can, in
another notation, in a public part's feedback: "The derivative is σ(x)(1 − σ(x))" on the
public sigmoid function answers the hidden sigmoid expression, and "W = W_N ... W_2 W_1"
answers the two-layer weight once N is 2. This reads every text students get (prompts,
questions, feedback, misconception notes, accepted patterns) for formulas and asks the math
engine whether one is equal to a hidden part's reference, for each number of layers the
course uses in place of N. `grade validate` runs it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from grader.checks import PreparedCheck
from grader.checks.symbolic import SymbolicCheck
from grader.course import Course, Part
from grader.mathexpr import ParseSuccess, SymbolContext, parse, verify
from grader.student.bundle import shipped_spec

LAYERS = (2, 3)
"""Values tried for N in "W_N ... W_1": the course's networks have two or three layers."""
MAX_SNIPPET = 120
ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…|\\[lc]?dots)\s*")
WORDS = re.compile(r"(?<!\S)(?:and|with|so|but|where|for|gives|uses|not|is|are|equals|to|"
                   r"then|or)(?!\S)")
"""Clause words, between spaces only: `np.where(` and `\\to` stay whole."""
AFTER = re.compile(r"(?:=|:|\bis\b|\bare\b|\bgives\b|\bequals\b)\s*")
LEADING_WORDS = re.compile(r"^(?:[A-Za-z]{2,}\s+)+")
TRAILING_WORDS = re.compile(r"(?:\s+[A-Za-z]{2,})+$")
"""Prose around a formula in the same clause: "use np.where(...)", "... does"."""
MATH = re.compile(r"\$\$?([^$]{1,300})\$\$?|`([^`]{1,300})`")


@dataclass(frozen=True)
class Hidden:
    """One hidden part's reference, as the math engine holds it."""

    part: str
    key: str
    reference: Any
    ctx: SymbolContext


@dataclass(frozen=True)
class Leak:
    part: Part
    """The public part whose text gives the answer away."""
    where: str
    """The place in its spec: `parts[0] (collapse).misconceptions[1].feedback`."""
    snippet: str
    """The formula found, as written."""
    hidden: str
    """The hidden part it answers."""


def hidden_references(course: Course, checks: Mapping[str, PreparedCheck]) -> list[Hidden]:
    """Every accepted reference of every hidden expression part."""
    found = []
    for part in course.parts:
        check = checks.get(part.id)
        if part.hidden and isinstance(check, SymbolicCheck):
            found += [Hidden(part.id, key, expr, check.ctx)
                      for reading in check.readings for key, expr in reading.exprs.items()]
    return found


def public_texts(course: Course) -> Iterator[tuple[Part, str, str]]:
    """Every string students receive from the specs, as the bundle ships it, with where."""
    for exercise in course.exercises:
        public = [p for p in exercise.parts if not p.hidden]
        if public:
            yield public[0], "prompt of the exercise", exercise.prompt
        for part in public:
            for where, text in _strings(shipped_spec(dict(part.entry)), part.where):
                yield part, where, text


def _strings(value: Any, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if key not in ("reference", "bounds", "alternatives", "function"):
                yield from _strings(item, f"{where}.{key}")
    elif isinstance(value, Sequence):
        for index, item in enumerate(value):
            yield from _strings(item, f"{where}[{index}]")


def snippets(text: str) -> list[str]:
    """Candidate formulas: math and code spans, and the pieces of each sentence around
    `=`, `is`, `:` and commas."""
    found = [m.group(1) or m.group(2) for m in MATH.finditer(text)]
    for segment in (w for piece in _segments(text) for w in WORDS.split(piece)):
        segment = segment.strip()
        if not segment:
            continue
        found += [segment, TRAILING_WORDS.sub("", LEADING_WORDS.sub("", segment))]
        found.extend(piece for piece in AFTER.split(segment)[1:] if piece.strip())
    return [s.strip() for s in dict.fromkeys(found) if 0 < len(s.strip()) <= MAX_SNIPPET]


def _segments(text: str) -> list[str]:
    """`text` cut at sentence and clause marks outside brackets (`max(0, x)` stays whole;
    an ellipsis and a decimal point are not marks)."""
    pieces, depth, start = [], 0, 0
    for i, char in enumerate(text):
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth = max(depth - 1, 0)
        elif depth == 0 and char in ".;,:\n" and not _inside_token(text, i):
            pieces.append(text[start:i])
            start = i + 1
    pieces.append(text[start:])
    return pieces


def _inside_token(text: str, i: int) -> bool:
    before, after = text[i - 1:i], text[i + 1:i + 2]
    if text[i] == "." and ("." in (before, after) or (before.isalnum() and after.isalpha())):
        return True  # an ellipsis, or an attribute (`np.where`)
    return text[i] in ".," and before.isdigit() and after.isdigit()


def variants(snippet: str) -> list[str]:
    """The snippet, and with N set to each number of layers and ellipses expanded (terms
    that become equal merge: "W_N ... W_2 W_1" is W_2 W_1 for two layers)."""
    if not re.search(r"\bN\b|_N|\{N", snippet) or not ELLIPSIS.search(snippet):
        return [snippet]
    out = [snippet]
    for n in LAYERS:
        text = re.sub(r"\{N\s*-\s*1\}", str(n - 1), snippet)
        text = re.sub(r"_N\b|\{N\}", f"_{n}", text)
        out.append(_merge(text))
    return out


def _merge(text: str) -> str:
    """Ellipses dropped, and terms or factors repeated across one merged into one."""
    terms = [t.strip() for t in re.split(r"\s*\+\s*(?:\.\.\.|…|\\[lc]?dots)?\s*\+?\s*", text)]
    merged: list[str] = []
    for term in terms:
        factors = [f for f in ELLIPSIS.split(term) if f.strip()]
        term = " ".join(dict.fromkeys(" ".join(factors).split()))
        if term and term not in merged:
            merged.append(term)
    return " + ".join(merged)


def find_leaks(course: Course, checks: Mapping[str, PreparedCheck]) -> list[Leak]:
    """Each public formula equal to a hidden reference (one leak per place and part)."""
    hidden = hidden_references(course, checks)
    leaks: dict[tuple[str, str], Leak] = {}
    for part, where, text in public_texts(course):
        for snippet in snippets(text):
            for variant in variants(snippet):
                for target in hidden:
                    if (where, target.part) not in leaks and _equal(variant, target):
                        leaks[(where, target.part)] = Leak(part, where, snippet, target.part)
    return list(leaks.values())


def _equal(text: str, target: Hidden) -> bool:
    parsed = parse(text, target.ctx)
    if not isinstance(parsed, ParseSuccess) or not parsed.expr.free_symbols:
        return False
    if not parsed.expr.free_symbols <= target.reference.free_symbols:
        return False
    return verify(target.reference, parsed.expr, target.ctx).outcome == "equal"
