"""Symbolic checks: an expression answer (or a dict of them) against the reference.

The answer's text is parsed by grader.mathexpr's safe parser, never evaluated; the
equivalence ladder (structural, numeric, symbolic, undecided) lives there, and runs in a
checking worker under a deadline and a memory cap (mathexpr.bounded). This module adds
what a course needs around it: per-key credit for dicts, alternative readings of an
ambiguous question, and named misconceptions.
"""

from __future__ import annotations

import dataclasses
import math
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import sympy

from grader.answers import Answer, Function, Markdown, Missing, Value
from grader.checks.base import Outcome, assert_never, is_placeholder, missing, verdict_for
from grader.checks.cache import Memo
from grader.checks.found import described, described_value
from grader.checks.keys import KeyReading, clash_line, read_keys, unknown_line
from grader.checks.kind import CheckKind, Notation, Probe
from grader.checks.registry import register
from grader.course import Part, Solution, schema_node, with_defaults
from grader.errors import ReferenceError_
from grader.mathexpr import SymbolContext, UndefinedAt, bounded, describe_expr, parse_reference
from grader.mathexpr.judge import Judged, Unchecked, Unreadable
from grader.mathexpr.names import symbol_table
from grader.sandbox.plain import SympyText

SINGLE = ""
QUOTED_ITEMS = 20
"""The key of a part whose answer is one expression rather than a dict."""

_deciding = threading.Lock()
"""One new verification at a time per process. Workers grade several submissions at once
in threads; without this each thread could hold a sympy proof worker (a process of about
50 MB) at the same time, and a thread would re-decide what another is deciding. Deciding is
CPU work under the interpreter lock anyway, so little is lost by taking turns."""


@dataclass(frozen=True)
class AlternativeSpec:
    """A symbolic part's `alternatives:` entry: another accepted reading of the question."""

    reference: str
    feedback: str
    """Said to a student whose answer matches this reading (empty: nothing)."""


@dataclass(frozen=True)
class SymbolicMisconceptionSpec:
    """A symbolic part's `misconceptions:` entry: the expression a known mistake gives."""

    key: str
    """The key it answers (SINGLE for a part with one expression)."""
    name: str
    expr: str
    feedback: str
    credit: float


@dataclass(frozen=True)
class SymbolicSpec:
    """A symbolic part's spec fields (its keys are the part's own, `Part.keys`)."""

    reference: str
    alternatives: tuple[AlternativeSpec, ...]
    misconceptions: tuple[SymbolicMisconceptionSpec, ...]
    notation: Notation
    """The names answers are written in, and the function derivatives are of."""
    positive: tuple[str, ...]
    sums: tuple[str, ...]
    undefined: tuple[UndefinedAt, ...]

    def context(self) -> SymbolContext:
        """The names an answer may use, as the math engine takes them."""
        n = self.notation
        return SymbolContext(variables=n.variables, functions=n.functions,
                             matrices=n.matrices, indices=n.indices, indexed=n.indexed,
                             positive=self.positive, undefined=self.undefined, sums=self.sums)


def parse(entry: Mapping[str, Any]) -> SymbolicSpec:
    node = schema_node("$defs", "symbolic", "properties")
    alternatives = (with_defaults(a, node["alternatives"]["items"])
                    for a in entry.get("alternatives", ()))
    mistakes = (with_defaults(m, node["misconceptions"]["items"])
                for m in entry.get("misconceptions", ()))

    def names(key: str) -> tuple[str, ...]:
        return tuple(entry.get(key, ()))

    of = entry.get("derivative_of")
    readings = [str(f) for f in (of if isinstance(of, list) else [of] if of else [])]
    return SymbolicSpec(
        reference=entry["reference"],
        alternatives=tuple(AlternativeSpec(a["reference"], a["feedback"])
                           for a in alternatives),
        misconceptions=tuple(
            SymbolicMisconceptionSpec(m["key"], m["name"], m["expr"], m["feedback"],
                                      float(m["credit"])) for m in mistakes),
        notation=Notation(variables=names("variables"), functions=names("functions"),
                          matrices=names("matrices"), indices=names("indices"),
                          indexed=names("indexed"),
                          derivative_of=readings[0] if readings else None,
                          also_of=tuple(readings[1:])),
        positive=names("positive"), sums=names("sums"),
        undefined=tuple(_undefined(u) for u in entry.get("undefined", ())))


def spec_of(part: Part) -> SymbolicSpec:
    assert isinstance(part.spec, SymbolicSpec)
    return part.spec


def context_of(part: Part) -> SymbolContext:
    """The names a part's answers may use: its symbolic spec's, none for another kind."""
    return part.spec.context() if isinstance(part.spec, SymbolicSpec) else SymbolContext()


@dataclass(frozen=True)
class ExpressionMistake:
    """A known mistake as the check matches it: the spec's entry, its expression parsed."""

    key: str
    name: str
    feedback: str
    credit: float
    expr: sympy.Expr


@dataclass(frozen=True)
class AcceptedReference:
    """One accepted reference: the main one or an alternative reading of the question."""

    exprs: dict[str, sympy.Expr]
    note: str | None


@dataclass(frozen=True)
class KeyVerdict:
    credit: float
    undecided: bool
    lines: tuple[str, ...]
    misconception: str | None = None


@dataclass(frozen=True)
class SymbolicCheck:
    name: str
    keys: tuple[str, ...]
    ctx: SymbolContext
    readings: tuple[AcceptedReference, ...]
    mistakes: tuple[ExpressionMistake, ...]
    memo: Memo = field(default_factory=Memo, compare=False, repr=False)
    """Verdicts decided earlier in the batch, by answer text and by expression: students
    often write the same thing, and deciding it again is the costly part of grading."""

    def grade(self, answer: Answer) -> Outcome:
        match answer:
            case Missing():
                return missing(f"No answer `{self.name}` was defined.")
            case Markdown():
                return missing(f"`{self.name}` should be defined in a code cell.")
            case Function():
                return Outcome(0.0, "incorrect", (f"`{self.name}`: {self._expected()}; found "
                                                  f"{described(answer)}.",))
            case Value(value=value):
                return self._grade_value(value)
            case _:
                assert_never(answer)

    def at(self, point: Mapping[str, str]) -> SymbolicCheck:
        """The same check with every reference (and listed mistake) replaced by its value
        at `point` (variable -> number as written): for a question that asks for the
        derivatives' values there. The memo is new: the references are."""
        table = symbol_table(self.ctx)
        values = {symbol: sympy.Rational(number) for name, number in point.items()
                  if (symbol := table.resolve(name)) is not None}

        def value(expr: sympy.Expr) -> sympy.Expr:
            return sympy.sympify(expr.subs(values))

        readings = tuple(AcceptedReference({k: value(e) for k, e in r.exprs.items()}, r.note)
                         for r in self.readings)
        mistakes = tuple(dataclasses.replace(m, expr=value(m.expr)) for m in self.mistakes)
        return dataclasses.replace(self, readings=readings, mistakes=mistakes, memo=Memo())

    def _expected(self) -> str:
        if self.keys == (SINGLE,):
            return "expected an expression (a string, LaTeX or a sympy object)"
        wanted = ", ".join(f'"{k}"' for k in self.keys)
        return f"expected a dict with the keys {wanted}, each an expression"

    def _grade_value(self, value: Any) -> Outcome:
        reading = (read_keys(value, self.keys) if self.keys != (SINGLE,)
                   and isinstance(value, dict) else None)
        texts, wrong_kind = self._texts(value, reading)
        if texts is None:
            return Outcome(0.0, "incorrect", (f"`{self.name}`: {self._expected()}; found "
                                              f"{described_value(value)}.",),
                           answer=_quote(value))
        said_elsewhere = reading is not None and (reading.unknown or any(
            reading.clashing(k) for k in self.keys))
        if is_placeholder(value) or not (wrong_kind or said_elsewhere or any(
                t.strip() for t in texts.values())):
            found = "" if is_placeholder(value) else f" (found {described_value(value)})"
            return missing(f"`{self.name}` is still empty{found}: not answered yet.")
        commuting = self._commuting(value, reading)
        graded = [self._grade_reading(texts, reading, wrong_kind, r, commuting)
                  for r in self.readings]
        best = max(range(len(graded)), key=lambda k: sum(v.credit for v in graded[k].values()))
        verdicts = graded[best]
        credit = sum(v.credit for v in verdicts.values()) / len(self.keys)
        lines = [line for key in self.keys for line in verdicts[key].lines]
        note = self.readings[best].note
        if note and credit > 0:
            lines.append(note)
        if reading is not None and reading.unknown:
            lines.append(unknown_line(reading, self.keys))
        verdict = verdict_for(credit)
        if credit < 1 and any(v.undecided for v in verdicts.values()):
            verdict = "needs_review"
        names = [v.misconception for v in verdicts.values() if v.misconception]
        return Outcome(credit, verdict, tuple(lines),
                       misconception="; ".join(names) if names else None,
                       answer=_quote(value))

    def _texts(self, value: Any, reading: KeyReading | None
               ) -> tuple[dict[str, str] | None, dict[str, str]]:
        """Each key's text, or None when `value` is the wrong kind of thing altogether;
        and, per key, what was found where an expression should be (a dict's items)."""
        if self.keys == (SINGLE,):
            text = _as_text(value)
            return (None, {}) if text is None else ({SINGLE: text}, {})
        if reading is None:
            return None, {}
        texts: dict[str, str] = {}
        wrong_kind: dict[str, str] = {}
        for key in self.keys:
            item = reading.value(key)
            text = _as_text(item) if item is not None else ""
            texts[key] = text if text is not None else ""
            if text is None:
                wrong_kind[key] = described_value(item)
        return texts, wrong_kind

    def _commuting(self, value: Any, reading: KeyReading | None) -> frozenset[str]:
        """Keys answered with a sympy object of commutative symbols, in a part with
        matrices: sympy printed their products in its own order, not the student's."""
        if not self.ctx.matrices:
            return frozenset()
        items = ({SINGLE: value} if reading is None else
                 {k: reading.value(k) for k in self.keys})
        return frozenset(k for k, v in items.items()
                         if isinstance(v, SympyText) and v.commutative)

    def _grade_reading(self, texts: dict[str, str], keys: KeyReading | None,
                       wrong_kind: dict[str, str], reading: AcceptedReference,
                       commuting: frozenset[str]) -> dict[str, KeyVerdict]:
        verdicts = {}
        for key in self.keys:
            clash = keys.clashing(key) if keys is not None else ()
            if clash:
                verdicts[key] = KeyVerdict(0.0, True, (f"`{self.name}[\"{key}\"]`: "
                                                       f"{clash_line(clash)}",))
            elif key in wrong_kind:
                verdicts[key] = self._wrong_kind(key, wrong_kind[key])
            else:
                verdicts[key] = self._grade_key(key, texts[key], reading.exprs[key],
                                                key in commuting)
        return verdicts

    def _wrong_kind(self, key: str, found: str) -> KeyVerdict:
        return KeyVerdict(0.0, False, (f"`{self.name}[\"{key}\"]`: expected an expression (a "
                                       f"string, LaTeX or a sympy object); found {found}.",))

    def _grade_key(self, key: str, text: str, reference: sympy.Expr,
                   commuting: bool = False) -> KeyVerdict:
        memo_key = ("text", key, text, reference, commuting)

        def decide() -> KeyVerdict:
            with _deciding:  # looked up again: another thread may have just decided it
                return self.memo.get(memo_key, lambda: self._decide_key(key, text, reference,
                                                                        commuting))

        return self.memo.get(memo_key, decide)

    def _decide_key(self, key: str, text: str, reference: sympy.Expr,
                    commuting: bool) -> KeyVerdict:
        label = f"`{self.name}`" if key == SINGLE else f"`{self.name}[\"{key}\"]`"
        if not text.strip():
            return KeyVerdict(0.0, False, (f"{label}: no answer given.",))
        mistakes = [m for m in self.mistakes if m.key == key]
        judged = bounded.judge(text, reference, tuple(m.expr for m in mistakes), self.ctx)
        if commuting and isinstance(judged, Judged) and judged.products:
            order = self._order_unknown(label, text, reference)
            if order is not None:
                return order
        if isinstance(judged, Unreadable):
            return KeyVerdict(0.0, True, (
                f"{label}: the grader could not read this answer; a person will check it.\n"
                f"{judged.caret}",
            ))
        if isinstance(judged, Unchecked):
            return KeyVerdict(0.0, True, (f"{label}: {judged.reason}; a person will check it.",))
        notes = tuple(f"{label}: {n}" for n in judged.notes)
        verdict = judged.verdict
        if verdict.outcome == "equal":
            return KeyVerdict(1.0, False, (f"{label}: correct.", *notes))
        if verdict.outcome == "undecided":
            return KeyVerdict(0.0, True, (
                f"{label}: agrees with the reference numerically but could not be proved equal; "
                "a person will check it.", *notes))
        if judged.mistake is not None:
            mistake = mistakes[judged.mistake]
            return KeyVerdict(mistake.credit, False, (
                f"{label}: recognised mistake: {mistake.name}. {mistake.feedback}", *notes),
                misconception=mistake.name)
        where = ""
        if verdict.counterexample:
            point = ", ".join(f"{name} = {value:.4g}" for name, value in verdict.counterexample)
            where = (f" At {point} your answer gives {verdict.actual_value}, "
                     f"the correct one gives {verdict.expected_value}.")
        return KeyVerdict(0.0, False, (
            f"{label}: incorrect: you wrote {judged.written}. {verdict.reason}{where}",
            *notes))


    def _order_unknown(self, label: str, text: str, reference: sympy.Expr) -> KeyVerdict | None:
        """A product of commutative sympy symbols has no order: if the answer is right in
        some order, a person decides; if it is wrong in every order, None (judged as is)."""
        matrices = tuple(self.ctx.matrices)
        ctx = replace(self.ctx, variables=self.ctx.variables + matrices, matrices=())
        commuting = reference.xreplace({sympy.Symbol(m, commutative=False):
                                        sympy.Symbol(m, real=True) for m in matrices})
        judged = bounded.judge(text, commuting, (), ctx)
        if isinstance(judged, Judged) and judged.verdict.outcome == "different":
            return None
        return KeyVerdict(0.0, True, (
            f"{label}: this is a sympy product of commutative symbols, and sympy prints such a "
            f"product in its own order ({text}), whatever order you wrote: the order of your "
            "matrices cannot be read, so a person will check it. Matrices made with "
            "sympy.Symbol('W1', commutative=False), or a string, keep their order.",))


def _as_text(value: Any) -> str | None:
    """The expression text of an answer, or None when it is no kind of expression (a
    number is one: a constant; nan and infinity are not)."""
    if isinstance(value, str):
        return value
    if isinstance(value, SympyText):
        return value.text
    if isinstance(value, bool):
        return None
    if isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)):
        return repr(value)
    return None


def _quote(value: Any) -> str:
    """The answer as read, for the results' `answer`: text as written, anything else
    described (an object's own repr holds memory addresses: results must not vary)."""
    if isinstance(value, dict):
        items = list(value.items())[:QUOTED_ITEMS]
        more = ", ..." if len(value) > QUOTED_ITEMS else ""
        return "{" + ", ".join(f"{_key(k)}: {_item(v)}" for k, v in items) + more + "}"
    text = _as_text(value)
    return text if text is not None else described_value(value)


def _key(key: Any) -> str:
    return repr(key) if isinstance(key, str | int | float) else described_value(key)


def _item(value: Any) -> str:
    text = _as_text(value)
    return text if text else (repr(value) if isinstance(value, str) else _quote(value))


def _undefined(entry: Mapping[str, Any]) -> UndefinedAt:
    values = entry.get("values")
    low, high = (str(v) for v in values) if values else (None, None)
    return UndefinedAt(str(entry["variable"]), str(entry["at"]), low, high)


def _reference_exprs(value: Any, keys: tuple[str, ...], ctx: SymbolContext, part: Part,
                     where: str) -> dict[str, sympy.Expr]:
    if keys == (SINGLE,):
        value = {SINGLE: value}
    if not isinstance(value, dict) or set(value) != set(keys):
        raise ReferenceError_(part.spec_file, where, f"expected a dict with the keys {list(keys)}")
    return {k: _parse_trusted(value[k], ctx, part, where) for k in keys}


def _parse_trusted(text: Any, ctx: SymbolContext, part: Part, where: str) -> sympy.Expr:
    if not isinstance(text, str):
        raise ReferenceError_(part.spec_file, where, f"expected an expression string, got {text!r}")
    try:
        return parse_reference(text, ctx)
    except Exception as error:
        raise ReferenceError_(part.spec_file, where, f"cannot parse {text!r}: {error}") from None


def prepare(part: Part, solution: Solution) -> SymbolicCheck:
    spec = spec_of(part)
    ctx = spec.context()
    keys = part.keys or (SINGLE,)
    where = f"{part.where}.reference"
    main = _reference_exprs(solution.get(spec.reference, where), keys, ctx, part, where)
    readings = [AcceptedReference(main, None)]
    for i, alt in enumerate(spec.alternatives):
        alt_where = f"{part.where}.alternatives[{i}]"
        value = solution.get(alt.reference, alt_where)
        readings.append(AcceptedReference(_reference_exprs(value, keys, ctx, part, alt_where),
                                          alt.feedback.strip() or None))
    mistakes = []
    for i, m in enumerate(spec.misconceptions):
        m_where = f"{part.where}.misconceptions[{i}]"
        if m.key not in keys:
            raise ReferenceError_(part.spec_file, f"{m_where}.key",
                                  f"expected one of the part's keys {list(keys)}")
        mistakes.append(ExpressionMistake(m.key, m.name, m.feedback.strip(), m.credit,
                                _parse_trusted(m.expr, ctx, part, m_where)))
    functions = [f for f in (spec.notation.derivative_of, *spec.notation.also_of) if f]
    for k, of in enumerate(functions):  # read by the free-form reader; a spec error caught here
        where = f"{part.where}.derivative_of" + (f"[{k}]" if len(functions) > 1 else "")
        _parse_trusted(of, ctx, part, where)
    return SymbolicCheck(part.id, keys, ctx, tuple(readings), tuple(mistakes))


class SymbolicKind(CheckKind):
    """`kind: symbolic`: the student writes an expression (or one per key)."""

    name = "symbolic"
    reads = "expression"
    spec_type = SymbolicSpec

    def parse(self, entry: Mapping[str, Any]) -> SymbolicSpec:
        return parse(entry)

    def recorded(self, part: Part) -> tuple[str, ...]:
        spec = spec_of(part)
        return (spec.reference, *(alt.reference for alt in spec.alternatives))

    def notation(self, part: Part) -> Notation:
        return spec_of(part).notation

    def prepare(self, part: Part, solution: Solution) -> SymbolicCheck:
        return prepare(part, solution)

    def symbols(self, check: object) -> SymbolContext:
        assert isinstance(check, SymbolicCheck)
        return check.ctx

    def at(self, check: object, point: Mapping[str, str]) -> SymbolicCheck:
        assert isinstance(check, SymbolicCheck)
        return check.at(point)

    def probes(self, part: Part, solution: Solution, check: object) -> Iterator[Probe]:
        assert isinstance(check, SymbolicCheck)
        spec = spec_of(part)
        where = f"{part.where}.reference"
        reference = solution.get(spec.reference, where)
        yield Probe(where, Value(reference), True)
        keys = part.keys
        for label, wrong in _perturbations(check, reference, keys):
            yield Probe(f"{where} ({label})", Value(wrong), False)
        for i, m in enumerate(spec.misconceptions):
            wrong_value: Any = {**reference, m.key: m.expr} if keys else m.expr
            yield Probe(f"{part.where}.misconceptions[{i}]", Value(wrong_value), False)


def _perturbations(check: SymbolicCheck, reference: Any,
                   keys: tuple[str, ...]) -> Iterator[tuple[str, Any]]:
    """The reference's expressions sign-flipped, doubled, plus one, a term dropped."""
    exprs = check.readings[0].exprs
    for key in keys or [""]:
        expr = exprs[key]
        variants = [("sign flipped", -expr), ("doubled", 2 * expr), ("plus one", expr + 1)]
        if isinstance(expr, sympy.Add) and len(expr.args) > 1:
            variants.append(("a term dropped", sympy.Add(*expr.args[1:])))
        for label, variant in variants:
            text = describe_expr(variant)
            value = {**reference, key: text} if keys else text
            yield (f"{key}: {label}" if keys else label), value


register(SymbolicKind())
