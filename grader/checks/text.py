"""Free-text checks: short descriptions of what each kernel of a part does.

When the part declares its kernels (`kernels:`), a description is read as claims and each
claim is checked against the kernel itself (grader.checks.prose): it earns its key only
when every claim is recognised and true; a recognised false claim is wrong, and named by
the spec's misconception whose pattern it matches; a claim not understood goes to a
person. Without kernels, accepted phrasings (`accept:`) are matched as before: a text that
matches neither a phrasing nor a mistake, both, or negates its match is for a person.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from grader.answers import Answer, Function, Markdown, Missing, Value
from grader.checks.base import Outcome, assert_never, is_placeholder, missing, verdict_for
from grader.checks.found import described, described_value
from grader.checks.keys import KeyReading, clash_line, read_keys, unknown_line
from grader.checks.kind import CheckKind, Probe, reference
from grader.checks.prose.facts import CONVENTIONS, Convention
from grader.checks.prose.kernels import Kernels, prepare_kernels
from grader.checks.registry import register
from grader.course import Part, Solution, schema_node, with_defaults
from grader.errors import ReferenceError_, SpecError

MAX_TEXT = 2000
"""Longer descriptions go to a person: the accepted phrasings are the course's own regular
expressions, which this bound keeps cheap even if one of them backtracks."""
NEGATION = re.compile(
    r"\b(not|never|neither|nor|isn't|doesn't|rather than|instead of)\b", re.IGNORECASE
)


@dataclass(frozen=True)
class TextMisconceptionSpec:
    """A text part's `misconceptions:` entry: a phrasing that names a known mistake."""

    key: str
    name: str
    pattern: str
    """A regular expression, compiled (and its errors reported) when the check is
    prepared."""
    feedback: str
    credit: float


@dataclass(frozen=True)
class TextSpec:
    """A text part's spec fields (its keys are the part's own, `Part.keys`)."""

    reference: str
    accept: str | None
    """The solution's dict of accepted phrasings per key (this or `kernels`)."""
    kernels: str | None
    """The solution's dict of kernels per key, read for what a description claims."""
    conventions: tuple[Convention, ...]
    """The conventions a description may assume (`correlation`, `convolution`); all of
    them when the spec names none."""
    misconceptions: tuple[TextMisconceptionSpec, ...]


def parse(entry: Mapping[str, Any]) -> TextSpec:
    node = schema_node("$defs", "text", "properties", "misconceptions", "items")
    mistakes = (with_defaults(m, node) for m in entry.get("misconceptions", ()))
    return TextSpec(
        reference=entry["reference"], accept=entry.get("accept"), kernels=entry.get("kernels"),
        conventions=tuple(entry.get("conventions", CONVENTIONS)),
        misconceptions=tuple(TextMisconceptionSpec(m["key"], m["name"], m["pattern"], m["feedback"],
                                            float(m["credit"])) for m in mistakes))


def spec_of(part: Part) -> TextSpec:
    assert isinstance(part.spec, TextSpec)
    return part.spec


@dataclass(frozen=True)
class PhraseMistake:
    """A known mistake as the check matches it: the spec's entry, its pattern compiled."""

    key: str
    name: str
    pattern: re.Pattern[str]
    feedback: str
    credit: float


@dataclass(frozen=True)
class ItemVerdict:
    credit: float
    undecided: bool
    line: str
    misconception: str | None = None


@dataclass(frozen=True)
class TextCheck:
    name: str
    keys: tuple[str, ...]
    accept: dict[str, tuple[re.Pattern[str], ...]]
    mistakes: tuple[PhraseMistake, ...]
    kernels: Kernels | None = None

    def grade(self, answer: Answer) -> Outcome:
        match answer:
            case Missing() | Markdown():
                return missing(f"No answer `{self.name}` was defined.")
            case Function():
                return self._wrong_kind(answer)
            case Value(value=value):
                return self._grade_value(value) if isinstance(value, dict) else (
                    self._wrong_kind(answer))
            case _:
                assert_never(answer)

    def _wrong_kind(self, answer: Answer) -> Outcome:
        keys = ", ".join(f'"{k}"' for k in self.keys)
        return Outcome(0.0, "incorrect", (f"`{self.name}`: expected a dict with the keys "
                                          f"{keys}, each a description; found "
                                          f"{described(answer)}.",))

    def _grade_value(self, value: dict[Any, Any]) -> Outcome:
        if is_placeholder(value):
            return missing(f"`{self.name}` is still empty: not answered yet.")
        if not value:
            return missing(f"`{self.name}` is still empty (found an empty dict): not "
                           "answered yet.")
        reading = read_keys(value, self.keys)
        items = {key: self._grade_key(key, reading) for key in self.keys}
        credit = sum(i.credit for i in items.values()) / len(self.keys)
        verdict = verdict_for(credit)
        if credit < 1 and any(i.undecided for i in items.values()):
            verdict = "needs_review"
        names = [i.misconception for i in items.values() if i.misconception]
        quoted_items = "; ".join(f"{k}: {_shown(reading.value(k) or '')}" for k in self.keys)
        lines = [i.line for i in items.values()]
        if reading.unknown:
            lines.append(unknown_line(reading, self.keys))
        return Outcome(credit, verdict, tuple(lines),
                       misconception="; ".join(names) or None, answer=quoted_items)

    def _grade_key(self, key: str, reading: KeyReading) -> ItemVerdict:
        clash = reading.clashing(key)
        if clash:
            return ItemVerdict(0.0, True, f"{key}: {clash_line(clash)}")
        return self._grade_item(key, reading.value(key))

    def _grade_item(self, key: str, text: Any) -> ItemVerdict:
        if text is not None and not isinstance(text, str):
            return ItemVerdict(0.0, False, f"{key}: expected a description (a string); found "
                               f"{described_value(text)}.")
        if text is None or not text.strip():
            return ItemVerdict(0.0, False, f"{key}: no description given.")
        if len(text) > MAX_TEXT:
            return ItemVerdict(0.0, True, f"{key}: the description is too long to check "
                               f"(over {MAX_TEXT} characters); a person will check it.")
        if self.kernels is not None:
            return self._judge_claims(key, text, self.kernels)
        hits = [p for p in self.accept[key] if p.search(text)]
        mistakes = [m for m in self.mistakes if m.key == key and m.pattern.search(text)]
        if hits and not mistakes:
            if any(_negated(text, p) for p in hits):
                return ItemVerdict(0.0, True, f"{key}: the description contains a negation; "
                                   "a person will check it.")
            return ItemVerdict(1.0, False, f"{key}: correct.")
        if mistakes and not hits:
            mistake = mistakes[0]
            return ItemVerdict(mistake.credit, False,
                               f"{key}: recognised mistake: {mistake.name}. {mistake.feedback}",
                               misconception=mistake.name)
        if hits and mistakes:
            return ItemVerdict(0.0, True, f"{key}: the description mixes a right and a wrong "
                               "reading; a person will check it.")
        return ItemVerdict(0.0, True, f"{key}: the grader did not recognise this description; "
                           "a person will check it.")


    def _judge_claims(self, key: str, text: str, kernels: Kernels) -> ItemVerdict:
        judged = kernels.judge(key, text)
        if judged.verdict == "right":
            return ItemVerdict(1.0, False, f"{key}: correct.")
        if judged.verdict == "unsure":
            quoted = "; ".join(f"“{c}”" for c in judged.unclear[:3])
            said = f" (not understood: {quoted})" if quoted else ""
            return ItemVerdict(0.0, True, f"{key}: {judged.why}{said}; a person will check it.")
        clauses = list(dict.fromkeys(c.clause for c in judged.false))
        for mistake in self.mistakes:
            if mistake.key == key and any(mistake.pattern.search(c) for c in clauses):
                return ItemVerdict(mistake.credit, False, f"{key}: recognised mistake: "
                                   f"{mistake.name}. {mistake.feedback}",
                                   misconception=mistake.name)
        quoted = "; ".join(f"“{c}”" for c in clauses[:3])
        return ItemVerdict(0.0, False, f"{key}: not true of {key}: {quoted}. What it does: "
                           f"{kernels.summary(key)}.")


def _shown(item: Any) -> str:
    """A description as written; anything else described, never by its own repr (which
    can hold memory addresses, and results must not vary from run to run)."""
    return item.strip() if isinstance(item, str) else described_value(item)


def _negated(text: str, pattern: re.Pattern[str]) -> bool:
    """A negation just before the accepted phrase ("not a blur") may reverse its meaning."""
    match = pattern.search(text)
    if match is None:
        return False
    return bool(NEGATION.search(text[max(0, match.start() - 25) : match.start()]))


def _compile(pattern: Any, part: Part, where: str) -> re.Pattern[str]:
    try:
        return re.compile(str(pattern), re.IGNORECASE)
    except re.error as error:
        raise SpecError(part.spec_file, where, f"not a valid regular expression: {error}") from None


def prepare(part: Part, solution: Solution) -> TextCheck:
    spec = spec_of(part)
    keys = part.keys
    solution.get(spec.reference, f"{part.where}.reference")
    accept: dict[str, tuple[re.Pattern[str], ...]] = (
        _accept(part, solution, keys, spec.accept) if spec.accept is not None
        else {k: () for k in keys})
    kernels = (_kernels(part, solution, keys, spec.kernels, spec.conventions)
               if spec.kernels is not None else None)
    mistakes = []
    for i, m in enumerate(spec.misconceptions):
        m_where = f"{part.where}.misconceptions[{i}]"
        if m.key not in keys:
            raise SpecError(part.spec_file, f"{m_where}.key", f"expected one of {list(keys)}")
        mistakes.append(PhraseMistake(m.key, m.name, _compile(m.pattern, part, m_where),
                                m.feedback.strip(), m.credit))
    return TextCheck(part.id, keys, accept, tuple(mistakes), kernels)


def _accept(part: Part, solution: Solution, keys: tuple[str, ...],
            name: str) -> dict[str, tuple[re.Pattern[str], ...]]:
    where, table = _per_key(part, solution, keys, "accept", name, "patterns")
    return {k: tuple(_compile(x, part, where) for x in table[k]) for k in keys}


def _kernels(part: Part, solution: Solution, keys: tuple[str, ...], name: str,
             conventions: tuple[Convention, ...]) -> Kernels:
    where, table = _per_key(part, solution, keys, "kernels", name, "a kernel")
    arrays = {}
    for key in keys:
        try:
            array = np.asarray(table[key], dtype=float)
        except (TypeError, ValueError):
            array = np.zeros(0)
        if array.ndim != 2 or 0 in array.shape or not np.isfinite(array).all():
            raise ReferenceError_(part.spec_file, where,
                                  f"{name}[{key!r}] must be a 2-D array of numbers")
        arrays[key] = array
    return prepare_kernels(arrays, conventions)


def _per_key(part: Part, solution: Solution, keys: tuple[str, ...], field: str, name: str,
             what: str) -> tuple[str, dict[str, Any]]:
    """(where, its dict) of the solution's `name`, given by the spec's `field`: a dict keyed
    like the part, one entry per key."""
    where = f"{part.where}.{field}"
    table = solution.get(name, where)
    if not isinstance(table, dict) or set(table) != set(keys):
        raise ReferenceError_(part.spec_file, where,
                              f"{name} must map each key {list(keys)} to {what}")
    return where, table


class TextKind(CheckKind):
    """`kind: text`: short written answers, one per key, read for what they say."""

    name = "text"
    reads = "prose"
    spec_type = TextSpec

    def parse(self, entry: Mapping[str, Any]) -> TextSpec:
        return parse(entry)

    def recorded(self, part: Part) -> tuple[str, ...]:
        spec = spec_of(part)
        return tuple(name for name in (spec.accept, spec.kernels) if name is not None)

    def presence_only(self, part: Part) -> tuple[str, ...]:
        return (spec_of(part).reference,)

    def prepare(self, part: Part, solution: Solution) -> TextCheck:
        return prepare(part, solution)

    def probes(self, part: Part, solution: Solution, check: object) -> Iterator[Probe]:
        where = f"{part.where}.reference"
        yield Probe(where, Value(solution.get(reference(part), where)), True)


register(TextKind())
