"""Numeric checks: call the student's function on fixed and seeded inputs, compare outputs.

Tests come in named groups with weights, so "right for scalars, wrong for arrays" earns the
scalar group's share and says which array input failed. A part that declares its domain
(`domain:`) gets one more group, inputs generated over it (grader.checks.domain), whose
failure names the smallest failing input found. Expected values are computed once from
the reference in solutions/; the student's function only ever runs in the sandbox.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from grader.answers import Answer, CallResult, Function, Markdown, Missing, Value
from grader.checks.base import Outcome, assert_never, missing, verdict_for
from grader.checks.compare import compare, show
from grader.checks.domain import Domain
from grader.checks.found import described
from grader.checks.inputs import GroupSpec, cases_for, group_spec, show_call
from grader.checks.kind import Cell, CheckKind, Probe
from grader.checks.probes import in_process, perturbations, telling_near_misses
from grader.checks.registry import register
from grader.checks.source import function_source
from grader.course import Part, Solution, schema_node, with_defaults
from grader.errors import ReferenceError_
from grader.values import decode, encode


@dataclass(frozen=True)
class NumericMisconceptionSpec:
    """A numeric part's `misconceptions:` entry: a function that makes a known mistake."""

    name: str
    reference: str
    feedback: str
    credit: float


@dataclass(frozen=True)
class DomainSpec:
    """`domain:`: inputs generated over the declared arguments, graded as one more group."""

    name: str
    weight: float
    feedback: str | None
    inputs: Domain


@dataclass(frozen=True)
class NumericSpec:
    """A numeric part's spec fields."""

    signature: str
    """The function's header as the template writes it (`softmax(z)`)."""
    reference: str
    alternatives: tuple[str, ...]
    """Other accepted reference functions."""
    bounds: str | None
    """A solution function giving the (lowest, highest) accepted output per input, used
    instead of the references' outputs."""
    rtol: float
    atol: float
    tests: tuple[GroupSpec, ...]
    domain: DomainSpec | None
    misconceptions: tuple[NumericMisconceptionSpec, ...]


def parse(entry: Mapping[str, Any]) -> NumericSpec:
    """A numeric part's spec from its entry (valid, with the schema's defaults)."""
    domain = entry.get("domain")
    if domain is not None:
        domain = with_defaults(domain, schema_node("$defs", "domain"))
    mistake = schema_node("$defs", "behaviour_misconception")
    mistakes = (with_defaults(m, mistake) for m in entry.get("misconceptions", ()))
    return NumericSpec(
        signature=entry["signature"], reference=entry["reference"],
        alternatives=tuple(entry.get("alternatives", ())), bounds=entry.get("bounds"),
        rtol=float(entry["rtol"]), atol=float(entry["atol"]),
        tests=tuple(group_spec(g) for g in entry["tests"]),
        domain=DomainSpec(domain["name"], float(domain["weight"]), domain.get("feedback"),
                          Domain.of(domain)) if domain is not None else None,
        misconceptions=tuple(NumericMisconceptionSpec(m["name"], m["reference"], m["feedback"],
                                              float(m["credit"])) for m in mistakes))


def spec_of(part: Part) -> NumericSpec:
    assert isinstance(part.spec, NumericSpec)
    return part.spec


@dataclass(frozen=True)
class Group:
    name: str
    weight: float
    finite: bool
    feedback: str | None
    cases: tuple[tuple, ...]
    expected: tuple[tuple[Any, ...], ...]
    """expected[k][i]: the k-th accepted reference's output on case i."""
    upper: tuple[Any, ...] | None
    """With bounds: the highest accepted output on case i (expected[0] holds the lowest)."""
    generated: bool = False
    """Inputs generated over the part's domain, smallest first."""


@dataclass(frozen=True)
class Misconception:
    name: str
    feedback: str
    credit: float
    outputs: tuple[tuple[Any, ...], ...]
    """outputs[g][i]: what this mistake returns on case i of group g."""


@dataclass(frozen=True)
class NumericCheck:
    name: str
    rtol: float
    atol: float
    groups: tuple[Group, ...]
    misconceptions: tuple[Misconception, ...]

    def grade(self, answer: Answer) -> Outcome:
        match answer:
            case Missing():
                return missing(f"No function `{self.name}` was defined.")
            case Value() | Markdown():
                return Outcome(0.0, "incorrect", (f"`{self.name}` should be a function; found "
                                                  f"{described(answer)}.",))
            case Function():
                return self._grade_function(answer)
            case _:
                assert_never(answer)

    def _grade_function(self, answer: Function) -> Outcome:
        results = _call_all(answer, self.groups)
        if _is_placeholder(results):
            return missing(f"`{self.name}` still raises NotImplementedError: not answered yet.")
        best = max(
            (self._score(answer.name, results, k) for k in range(len(self.groups[0].expected))),
            key=lambda scored: scored[0],
        )
        credit, failures = best
        if credit >= 1.0:
            return Outcome(1.0, "correct", (f"`{self.name}` is correct on every test input.",))
        feedback = list(failures)
        verdict = verdict_for(credit)
        mistake = self._misconception(results)
        if mistake is not None:
            feedback.insert(0, f"Recognised mistake: {mistake.name}. {mistake.feedback}")
            credit = max(credit, mistake.credit)
            verdict = verdict_for(credit)
        return Outcome(
            credit, verdict, tuple(feedback), misconception=mistake.name if mistake else None
        )

    def _score(self, name: str, results: list[list[CallResult]],
               k: int) -> tuple[float, list[str]]:
        """Credit against the k-th accepted reference; failing calls are shown under `name`,
        the function the student actually wrote.

        Generated inputs only hold credit back: failing them caps the credit at what the
        listed groups leave without their share, so a flaw that a listed group already
        costs (arrays, large logits) is not charged twice, and one only they find (a clip
        at ±500, integer input) still keeps the answer from full credit."""
        listed = sum(g.weight for g in self.groups if not g.generated)
        generated = sum(g.weight for g in self.groups if g.generated)
        earned, cap = 0.0, 1.0
        failures: list[str] = []
        for group, group_results in zip(self.groups, results, strict=True):
            failure = self._first_failure(name, group, group_results, k)
            if failure is None:
                earned += 0.0 if group.generated else group.weight
                continue
            if group.generated:
                cap = listed / (listed + generated)
            note = f" {group.feedback.strip()}" if group.feedback else ""
            ran = "was not run:" not in failure
            which = " (the smallest failing input found)" if group.generated and ran else ""
            failures.append(f"Test '{group.name}' failed{which}: {failure}{note}")
        return min(earned / listed, cap), failures

    def _first_failure(self, name: str, group: Group, results: list[CallResult],
                       k: int) -> str | None:
        for i, (case, result) in enumerate(zip(group.cases, results, strict=True)):
            if not result.ok:
                why = f"raised {result.error}"
                if result.timed_out:
                    why = result.error or "timed out"
                return f"{show_call(name, case)} {why}."
            upper = group.upper[i] if group.upper is not None else None
            mismatch = compare(group.expected[k][i], result.value, rtol=self.rtol,
                               atol=self.atol, finite=group.finite, upper=upper)
            if mismatch is not None:
                wanted = show(group.expected[k][i])
                if upper is not None and show(upper) != wanted:
                    wanted = f"between {wanted} and {show(upper)}"
                return (f"{show_call(name, case)} returned {show(result.value)}; "
                        f"expected {wanted} "
                        f"({mismatch.reason}).")
        return None

    def _misconception(self, results: list[list[CallResult]]) -> Misconception | None:
        """A known mistake that reproduces every value the student returned."""
        for mistake in self.misconceptions:
            matched = 0
            agrees = True
            for g, group_results in enumerate(results):
                for i, result in enumerate(group_results):
                    expected = mistake.outputs[g][i]
                    if not result.ok or expected is None:
                        continue
                    if compare(expected, result.value, rtol=self.rtol, atol=self.atol):
                        agrees = False
                        break
                    matched += 1
                if not agrees:
                    break
            if agrees and matched:
                return mistake
        return None


def _call_all(function: Function, groups: tuple[Group, ...]) -> list[list[CallResult]]:
    """Every case's result; after one call times out the rest are not run, so a function
    that loops forever costs one timeout, not one per case."""
    cases = [case for group in groups for case in group.cases]
    if function.call_many is not None:
        answered = function.call_many(cases) if cases else []
    else:
        answered = []
        for case in cases:
            answered.append(function.call(case))
            if answered[-1].timed_out:
                break
    if answered and answered[-1].timed_out:
        skipped = CallResult(False, error=f"was not run: {function.name}() timed out on an "
                             "earlier input", timed_out=True)
        answered += [skipped] * (len(cases) - len(answered))
    results, start = [], 0
    for group in groups:
        results.append(answered[start:start + len(group.cases)])
        start += len(group.cases)
    return results


def _is_placeholder(results: list[list[CallResult]]) -> bool:
    calls = [r for group in results for r in group]
    return bool(calls) and all(
        not r.ok and (r.error or "").startswith("NotImplementedError") for r in calls
    )


def _run(function: Callable, args: tuple, part: Part, where: str) -> Any:
    try:
        with np.errstate(all="ignore"):  # the reference may overflow on its way to 0
            return function(*args)
    except Exception as error:  # the reference must work on its own test inputs
        raise ReferenceError_(
            part.spec_file, where, f"reference {function.__name__}{args!r:.80} raised {error!r}"
        ) from None


def _quietly(function: Callable, args: tuple) -> Any:
    """A misconception function may fail on some inputs; it then matches nothing there."""
    try:
        with np.errstate(all="ignore"):
            return function(*args)
    except Exception:
        return None


def prepare(part: Part, solution: Solution) -> NumericCheck:
    spec = spec_of(part)
    references = [solution.get(spec.reference, f"{part.where}.reference")]
    references += [solution.get(n, f"{part.where}.alternatives") for n in spec.alternatives]
    bounds = (solution.get(spec.bounds, f"{part.where}.bounds") if spec.bounds is not None
              else None)
    heads = [(f"{part.where}.tests[{i}]", head, tuple(cases_for(head, part, solution,
                                                                f"{part.where}.tests[{i}]")),
              False) for i, head in enumerate(spec.tests)]
    if spec.domain is not None:
        domain = spec.domain
        cases = tuple(domain.inputs.cases(references[0]))
        if not cases:
            raise ReferenceError_(part.spec_file, f"{part.where}.domain",
                                  "the reference handles none of the generated inputs")
        heads.append((f"{part.where}.domain", GroupSpec(
            domain.name, domain.weight, False, domain.feedback, (), None, None), cases, True))
    groups = [_group(head, cases, references, bounds, part, where, generated=generated)
              for where, head, cases, generated in heads]
    mistakes = []
    for index, m in enumerate(spec.misconceptions):
        function = solution.get(m.reference, f"{part.where}.misconceptions[{index}]")
        outputs = tuple(tuple(_quietly(function, c) for c in g.cases) for g in groups)
        mistakes.append(Misconception(m.name, m.feedback.strip(), m.credit, outputs))
    return NumericCheck(
        name=part.id, rtol=spec.rtol, atol=spec.atol,
        groups=tuple(groups), misconceptions=tuple(mistakes),
    )


def _group(head: GroupSpec, cases: tuple[tuple, ...], references: list[Callable],
           bounds: Callable | None, part: Part, where: str, *, generated: bool) -> Group:
    if bounds is not None:
        ranges = [_run(bounds, c, part, where) for c in cases]
        expected: tuple[tuple[Any, ...], ...] = (tuple(r[0] for r in ranges),)
        upper: tuple | None = tuple(r[1] for r in ranges)
    else:
        expected = tuple(tuple(_run(ref, c, part, where) for c in cases) for ref in references)
        upper = None
    return Group(head.name, head.weight, head.finite, head.feedback, cases, expected, upper,
                 generated)


class NumericKind(CheckKind):
    """`kind: numeric`: the student defines a function, called on the spec's inputs."""

    name = "numeric"
    reads = "function"
    spec_type = NumericSpec

    def parse(self, entry: Mapping[str, Any]) -> NumericSpec:
        return parse(entry)

    def prepare(self, part: Part, solution: Solution) -> NumericCheck:
        return prepare(part, solution)

    def probes(self, part: Part, solution: Solution, check: object) -> Iterator[Probe]:
        spec = spec_of(part)
        where = f"{part.where}.reference"
        reference = solution.get(spec.reference, where)
        yield Probe(where, in_process(part.id, reference), True)
        for label, wrong in perturbations(reference):
            yield Probe(f"{where} ({label})", in_process(part.id, wrong), False)
        if spec.domain is not None:
            near = telling_near_misses(reference, spec.domain.inputs, spec.rtol, spec.atol)
            for label, miss in near:
                yield Probe(f"{part.where}.domain (near-miss: {label})",
                            in_process(part.id, miss), False)
        for i, m in enumerate(spec.misconceptions):
            mistake = solution.get(m.reference, f"{part.where}.misconceptions[{i}]")
            yield Probe(f"{part.where}.misconceptions[{i}]", in_process(part.id, mistake),
                        False)

    def sample_calls(self, check: object) -> Iterator[tuple[tuple[Any, ...], Any]]:
        """Each group's first input, with the reference's output on it."""
        assert isinstance(check, NumericCheck)
        for group in check.groups:
            if group.cases:
                yield tuple(group.cases[0]), group.expected[0][0]

    def compile(self, part: Part, solution: Solution) -> dict[str, Any]:
        """The test inputs and the reference's (and known mistakes') outputs on them."""
        check = prepare(part, solution)
        return {"kind": self.name, "check": {
            "rtol": check.rtol, "atol": check.atol,
            "groups": [{
                "name": g.name, "weight": g.weight, "finite": g.finite, "feedback": g.feedback,
                "cases": encode(g.cases), "expected": encode(g.expected),
                "upper": encode(g.upper), "generated": g.generated,
            } for g in check.groups],
            "misconceptions": [{
                "name": m.name, "feedback": m.feedback, "credit": m.credit,
                "outputs": encode(m.outputs),
            } for m in check.misconceptions],
        }}

    def load(self, part: Part, data: Mapping[str, Any], file: Any) -> NumericCheck:
        check = data["check"]
        groups = tuple(
            Group(g["name"], g["weight"], g["finite"], g["feedback"], decode(g["cases"]),
                  decode(g["expected"]), decode(g["upper"]), g.get("generated", False))
            for g in check["groups"]
        )
        mistakes = tuple(Misconception(m["name"], m["feedback"], m["credit"],
                                       decode(m["outputs"])) for m in check["misconceptions"])
        return NumericCheck(name=part.id, rtol=check["rtol"], atol=check["atol"],
                            groups=groups, misconceptions=mistakes)

    def stub(self, part: Part) -> Cell:
        return Cell("code", f"def {spec_of(part).signature}:\n    # Write your answer here\n"
                    "    raise NotImplementedError")

    def solved(self, part: Part, solution: Solution) -> Cell:
        reference = solution.get(spec_of(part).reference, "")
        return Cell("code", function_source(part.id, reference, solution.module))


register(NumericKind())
