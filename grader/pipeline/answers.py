"""Find each part's answer: a name the student defined, the markdown under a template
heading, or, in a free-form notebook, what the student wrote under the part's question.

Template notebooks grade exactly as before: by name, and manual parts by heading. In a
free-form notebook every part's feedback also says which answer was graded and where it is,
and anything the reading had to guess sends the part to a person (`needs_review`) instead
of being trusted: the extractor must never make a wrong answer "correct" by choosing a line.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from grader.answers import Answer, CallResult, Function, Markdown, Missing, Value
from grader.checks import kind_of
from grader.checks.base import Outcome, PreparedCheck
from grader.checks.compare import as_array
from grader.course import Course, Part
from grader.mathexpr import SymbolContext, bounded
from grader.notebook import Notebook
from grader.notebook.freeform.found import Found, where
from grader.notebook.freeform.functions import FunctionCandidate
from grader.notebook.freeform.reading import FreeformReading
from grader.sandbox import CallOutcome, FunctionRef, Session

MAX_QUOTE = 400
MAX_FUNCTIONS = 3
MAX_PROBED = 6
"""Look-alike functions tried per part, most likely first: thirty functions named like
`softmax_*` cost six probes, not thirty (each probe is a call into the sandbox)."""


def answer_for(part: Part, values: Mapping[str, Any], markdown: Mapping[str, Markdown],
               session: Session) -> Answer:
    """A defined name wins; a part answered in markdown falls back to the markdown under its
    heading."""
    if part.id in values:
        value = values[part.id]
        if isinstance(value, FunctionRef):
            return sandbox_function(session, part.id)
        return Value(value)
    if kind_of(part.kind).reads == "markdown" and part.id in markdown:
        return markdown[part.id]
    return Missing(f"`{part.id}` is not defined")


def sandbox_function(session: Session, name: str, swapped: bool = False) -> Function:
    """The student's function `name`, called in their sandbox; `swapped`: with its two
    arguments the other way round."""
    return Function(name, caller(session, name, swapped),
                    call_many=batch_caller(session, name, swapped))


def caller(session: Session, function: str,
           swapped: bool = False) -> Callable[[Sequence[Any]], CallResult]:
    def call(args: Sequence[Any]) -> CallResult:
        return _result(session.call(function, _ordered(args, swapped)))

    return call


def batch_caller(session: Session, function: str, swapped: bool = False
                 ) -> Callable[[Sequence[Sequence[Any]]], list[CallResult]]:
    def call_many(cases: Sequence[Sequence[Any]]) -> list[CallResult]:
        return [_result(outcome) for outcome in session.call_many(
            function, [_ordered(args, swapped) for args in cases])]

    return call_many


def _ordered(args: Sequence[Any], swapped: bool) -> list[Any]:
    return list(reversed(args)) if swapped and len(args) == 2 else list(args)


def _result(outcome: CallOutcome) -> CallResult:
    return CallResult(outcome.ok, outcome.value, outcome.error, outcome.timed_out)


def names_to_collect(notebook: Notebook, course: Course) -> list[str]:
    """The part names plus every function the code defines (found by parsing, not running)."""
    return [p.id for p in course.parts] + FreeformReading(notebook, course).names()


@dataclass(frozen=True)
class NotebookAnswers:
    """Everything one submission's answers can come from, for grading it part by part."""

    notebook: Notebook
    course: Course
    values: Mapping[str, Any]
    markdown: Mapping[str, Markdown]
    session: Session

    @cached_property
    def reading(self) -> FreeformReading:
        return FreeformReading(self.notebook, self.course)

    def grade(self, part: Part, check: PreparedCheck) -> Outcome:
        template = self.reading.template
        reads = kind_of(part.kind).reads
        if part.id in self.values or (template and reads != "function"):
            if not template and reads == "function":
                own, count = self.reading.defined(part.id), _arguments(part, check)
                if own is not None and not own.takes(count):
                    return _misfit(part, FunctionCandidate(own, True, "it has its name"), count)
            outcome = check.grade(answer_for(part, self.values, self.markdown, self.session))
            if template and reads == "expression" and outcome.verdict == "missing":
                return self._below(part, check, outcome)
            if not template and reads == "function":
                outcome = self._other_way(part, check, part.id, outcome)
            return outcome if template else self._named(part, outcome)
        if reads == "function":
            return self._function(part, check, template)
        if reads == "expression":
            math = _Math(kind_of(part.kind).symbols(check))
            return self._graded(part, check, self.reading.expression(part, math))
        if reads == "prose":
            return self._graded(part, check, self.reading.prose(part))
        return self._manual(part, check)

    # ------------------------------------------------------------------ by name

    def _below(self, part: Part, check: PreparedCheck, missing: Outcome) -> Outcome:
        """A template part whose variable is empty, answered in Markdown added under it: the
        equations there, read as in a free-form notebook."""
        math = _Math(kind_of(part.kind).symbols(check))
        found = self.reading.written_below(part, math)
        if found.empty and not found.review:
            return missing
        note = (f"`{part.id}` was left empty; the answer was read from the Markdown you "
                "wrote under it.")
        return self._graded(part, check, dataclasses.replace(found, notes=(note, *found.notes)))

    def _named(self, part: Part, outcome: Outcome) -> Outcome:
        definition = self.reading.defined(part.id)
        if definition is None:
            return outcome
        line = f"Graded `{part.id}` as defined in cell {definition.cell}."
        answer = outcome.answer or _clip(f"cell {definition.cell}: {definition.source}")
        return dataclasses.replace(outcome, feedback=(line, *outcome.feedback), answer=answer)

    # --------------------------------------------------------------- functions

    def _function(self, part: Part, check: PreparedCheck, template: bool) -> Outcome:
        found = [c for c in self.reading.functions(part)
                 if isinstance(self.values.get(c.definition.name), FunctionRef)]
        weak = [c for c in found if not c.strong][:MAX_PROBED]
        usable = [c for c in found if c.strong or (c in weak and self._behaves(part, c, check))]
        count = _arguments(part, check)
        if not template:
            misfits = [c for c in found if not c.definition.takes(count)]
            usable = [c for c in usable if c not in misfits] or self._nearby(part, check, count)
            if not usable and misfits:
                return _misfit(part, misfits[0], count)
        if not usable:
            if template:
                return check.grade(answer_for(part, self.values, self.markdown, self.session))
            if found:
                names = ", ".join(f"`{c.definition.name}`" for c in found)
                return _missing(f"No function for `{part.id}` was found: {names} did not "
                                "behave like it on the test inputs.")
            return _missing(f"No function for `{part.id}` was found (looked for `{part.id}` "
                            "and names that mean the same).")
        graded = [(c, self._other_way(part, check, c.definition.name, check.grade(
                      sandbox_function(self.session, c.definition.name))))
                  for c in usable[:MAX_FUNCTIONS]]
        chosen, outcome = graded[0]
        definition = chosen.definition
        lines = [f"Graded your function `{definition.name}` (cell {definition.cell}) as "
                 f"`{part.id}`: {chosen.why}."]
        review: list[str] = []
        if len(graded) > 1:
            others = ", ".join(f"`{c.definition.name}`" for c, _ in graded[1:])
            if all(_same(o, outcome) for _, o in graded[1:]):
                lines.append(f"{others} also looks like `{part.id}` and grades the same.")
            else:
                review.append(f"{others} also looks like `{part.id}` but grades differently")
                outcome = dataclasses.replace(
                    outcome, credit=min(o.credit for _, o in graded))
        answer = _clip(f"cell {definition.cell}: {definition.source}")
        return _decorate(outcome, lines, review, answer)

    def _nearby(self, part: Part, check: PreparedCheck,
                count: int | None) -> list[FunctionCandidate]:
        """Functions under the part's question, named otherwise, that take the part's
        `count` arguments and behave like its function (reading.nearby_functions)."""
        nearby = [c for c in self.reading.nearby_functions(part)
                  if isinstance(self.values.get(c.definition.name), FunctionRef)
                  and c.definition.takes(count)][:MAX_PROBED]
        return [c for c in nearby if self._behaves(part, c, check)]

    def _behaves(self, part: Part, candidate: FunctionCandidate,
                 check: PreparedCheck) -> bool:
        """A behavioural probe: on the part's own first inputs, does it return the kind of
        value the reference returns (same shape, same number of items)?"""
        for swapped in (False, True) if _arguments(part, check) == 2 else (False,):
            if candidate.definition.name in self.session.timed_out:
                return False
            call = caller(self.session, candidate.definition.name, swapped)
            for args, expected in kind_of(part.kind).sample_calls(check):
                result = call(list(args))
                if result.ok and _same_kind(result.value, expected):
                    return True
        return False

    def _other_way(self, part: Part, check: PreparedCheck, name: str,
                   outcome: Outcome) -> Outcome:
        """A function of two arguments that earns nothing but is right on every test with
        them the other way round (`apply(kernel, image)`): the course notebook fixes no
        order, so it is graded that way, and the student is told."""
        if outcome.credit > 0 or _arguments(part, check) != 2 or name in self.session.timed_out:
            return outcome
        other = check.grade(sandbox_function(self.session, name, swapped=True))
        if other.credit < 1:
            return outcome
        note = (f"`{name}` takes its two arguments in the opposite order to `{part.id}`; it "
                "was called that way.")
        return dataclasses.replace(other, feedback=(note, *other.feedback))

    # --------------------------------------------------------- extracted values

    def _graded(self, part: Part, check: PreparedCheck, found: Found) -> Outcome:
        question = self.reading.question_cell(part)
        if found.empty and not found.review:
            place = f" under the question in cell {question}" if question is not None else ""
            return _missing(f"No answer for `{part.id}` was found{place}.")
        if found.empty:  # formulas the reader could not place: a person places them
            return _decorate(Outcome(0.0, "needs_review", ()), [*_where(found, question),
                             *found.notes], list(found.review), _quoted(found))
        point = self.reading.point(part, found)
        at_point = kind_of(part.kind).at(check, point) if point is not None else None
        if point is not None and at_point is not None:
            check = at_point
            values = ", ".join(f"{k} = {v}" for k, v in point.items())
            found = dataclasses.replace(found, notes=(
                *found.notes, f"Your answers are numbers: they were compared with the "
                f"derivatives' values at {values}, the values the question gives."))
        outcome = check.grade(Value(found.value))
        if found.whole and outcome.credit < 1:
            outcome = dataclasses.replace(outcome, credit=0.0, verdict="incorrect",
                                          misconception=None)
        review = list(found.review)
        if found.guessed:
            outcome = dataclasses.replace(outcome, credit=min(outcome.credit,
                                                              _certain_credit(check, found)))
        rivals = [check.grade(Value(v)) for v in found.rivals]
        if any(not _same(r, outcome) for r in rivals):
            review.append("the notebook gives different answers for the same thing, and they "
                          "do not grade the same")
            outcome = dataclasses.replace(
                outcome, credit=min([outcome.credit, *(r.credit for r in rivals)]))
        return _decorate(outcome, [*_where(found, question), *found.notes], review,
                         _quoted(found))

    def _manual(self, part: Part, check: PreparedCheck) -> Outcome:
        found = self.reading.manual(part)
        if found.empty:
            question = self.reading.question_cell(part)
            if question is None:
                return _missing(f"The question for `{part.id}` was not found in the notebook, "
                                "so its answer could not be found.")
            return _missing(f"No answer for `{part.id}` was found under the question in cell "
                            f"{question}.")
        cells = tuple(q.cell for q in found.quotes)
        outcome = check.grade(Markdown(str(found.value), cells))
        lines = [_read_from(found, self.reading.question_cell(part)), *found.notes]
        return _decorate(outcome, lines, [], outcome.answer)


def _read_from(found: Found, question: int | None) -> str:
    """Where the answer is and how it begins, so a misread shows in the feedback itself."""
    place = f", under the question in cell {question}" if question is not None else ""
    quoted = "; ".join(f"{q.key + ': ' if q.key else ''}{_clip(' '.join(q.text.split()), 90)}"
                       for q in found.quotes)
    return f"Answer read from {where([q.cell for q in found.quotes])}{place}: {quoted}"


def _certain_credit(check: PreparedCheck, found: Found) -> float:
    """The credit earned without the keys whose reading is a guess."""
    if not isinstance(found.value, dict):
        return 0.0
    kept = {k: ("" if k in found.guessed else v) for k, v in found.value.items()}
    if not any(str(v).strip() for v in kept.values()):
        return 0.0
    return check.grade(Value(kept)).credit


@dataclass
class _Math:
    """The free-form reader's questions to the math engine, answered in a checking worker
    under the part's symbols, each text or pair once per part."""

    ctx: SymbolContext | None
    _readable: dict[str, bool] = field(default_factory=dict)
    _same: dict[tuple[str, str], bool] = field(default_factory=dict)

    def readable(self, text: str) -> bool:
        if self.ctx is None:
            return True
        if text not in self._readable:
            self._readable[text] = bounded.readable(text, self.ctx)
        return self._readable[text]

    def same(self, a: str, b: str) -> bool:
        if self.ctx is None:
            return False
        if (a, b) not in self._same:
            self._same[(a, b)] = bounded.same(a, b, self.ctx)
        return self._same[(a, b)]


def _same(a: Outcome, b: Outcome) -> bool:
    return abs(a.credit - b.credit) < 1e-9 and a.verdict == b.verdict


def _same_kind(value: Any, expected: Any) -> bool:
    if isinstance(expected, tuple | list) and as_array(expected) is None:
        return isinstance(value, tuple | list) and len(value) == len(expected)
    got, want = as_array(value), as_array(expected)
    return got is not None and want is not None and got.shape == want.shape


def _where(found: Found, question: int | None) -> list[str]:
    return [_read_from(found, question)] if found.quotes else []


def _quoted(found: Found) -> str | None:
    """The lines read, by cell, for the person grading (results' `answer`)."""
    return "\n".join(f"{q.key + ' ' if q.key else ''}(cell {q.cell}): {_clip(q.text)}"
                      for q in found.quotes) or None


def _missing(reason: str) -> Outcome:
    return Outcome(0.0, "missing", (reason,))


def _arguments(part: Part, check: PreparedCheck) -> int | None:
    """How many arguments the part's function is called with (None: it has no calls)."""
    return next((len(args) for args, _ in kind_of(part.kind).sample_calls(check)), None)


def _misfit(part: Part, candidate: FunctionCandidate, count: int | None) -> Outcome:
    """A function for the part whose parameters cannot take the part's arguments: written
    for another signature, a person decides what it answers."""
    definition = candidate.definition
    named = "" if definition.name == part.id else f" looks like `{part.id}` ({candidate.why}) but"
    line = (f"Your function `{definition.name}` (cell {definition.cell}){named} cannot be "
            f"called as `{part.id}` is, with {count} argument{'' if count == 1 else 's'}.")
    return _decorate(Outcome(0.0, "needs_review", ()), [line],
                     ["its parameters differ from the question's"],
                     _clip(f"cell {definition.cell}: {definition.source}"))


def _decorate(outcome: Outcome, lines: list[str], review: list[str],
              answer: str | None) -> Outcome:
    """The check's outcome, with where the answer was found and any doubt about it."""
    feedback = [*lines, *outcome.feedback]
    verdict = outcome.verdict
    if review and verdict != "pending_manual":
        verdict = "needs_review"
        feedback.append("Flagged for a person: " + "; ".join(review) + ".")
    return dataclasses.replace(outcome, feedback=tuple(feedback), verdict=verdict,
                               answer=answer)


def _clip(text: str, limit: int = MAX_QUOTE) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
