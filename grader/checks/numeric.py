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
from grader.checks.inputs import cases_for, show_call
from grader.checks.kind import Cell, CheckKind, Probe
from grader.checks.probes import in_process, perturbations, telling_near_misses
from grader.checks.registry import register
from grader.checks.source import function_source
from grader.course import Part, Solution
from grader.errors import ReferenceError_
from grader.values import decode, encode


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
    p = part.params
    references = [solution.get(p["reference"], f"{part.where}.reference")]
    references += [solution.get(n, f"{part.where}.alternatives") for n in p.get("alternatives", [])]
    bounds = solution.get(p["bounds"], f"{part.where}.bounds") if "bounds" in p else None
    specs = [(f"{part.where}.tests[{i}]", spec, tuple(cases_for(spec, part, solution,
                                                                f"{part.where}.tests[{i}]")))
             for i, spec in enumerate(p["tests"])]
    if "domain" in p:
        domain = p["domain"]
        cases = tuple(Domain.of(domain).cases(references[0]))
        if not cases:
            raise ReferenceError_(part.spec_file, f"{part.where}.domain",
                                  "the reference handles none of the generated inputs")
        specs.append((f"{part.where}.domain", {
            "name": domain.get("name", "generated inputs"), "weight": domain.get("weight", 1),
            "feedback": domain.get("feedback"), "generated": True}, cases))
    groups = [_group(spec, cases, references, bounds, part, where)
              for where, spec, cases in specs]
    mistakes = []
    for index, spec in enumerate(p.get("misconceptions", [])):
        function = solution.get(spec["reference"], f"{part.where}.misconceptions[{index}]")
        outputs = tuple(tuple(_quietly(function, c) for c in g.cases) for g in groups)
        mistakes.append(Misconception(spec["name"], spec["feedback"].strip(),
                                      float(spec.get("credit", 0)), outputs))
    return NumericCheck(
        name=part.id, rtol=float(p["rtol"]), atol=float(p["atol"]),
        groups=tuple(groups), misconceptions=tuple(mistakes),
    )


def _group(spec: dict[str, Any], cases: tuple[tuple, ...], references: list[Callable],
           bounds: Callable | None, part: Part, where: str) -> Group:
    if bounds is not None:
        ranges = [_run(bounds, c, part, where) for c in cases]
        expected: tuple[tuple[Any, ...], ...] = (tuple(r[0] for r in ranges),)
        upper: tuple | None = tuple(r[1] for r in ranges)
    else:
        expected = tuple(tuple(_run(ref, c, part, where) for c in cases) for ref in references)
        upper = None
    return Group(spec["name"], float(spec.get("weight", 1)), spec.get("finite", False),
                 spec.get("feedback"), cases, expected, upper, spec.get("generated", False))


class NumericKind(CheckKind):
    """`kind: numeric`: the student defines a function, called on the spec's inputs."""

    name = "numeric"
    reads = "function"

    def prepare(self, part: Part, solution: Solution) -> NumericCheck:
        return prepare(part, solution)

    def probes(self, part: Part, solution: Solution, check: object) -> Iterator[Probe]:
        p = part.params
        where = f"{part.where}.reference"
        reference = solution.get(p["reference"], where)
        yield Probe(where, in_process(part.id, reference), True)
        for label, wrong in perturbations(reference):
            yield Probe(f"{where} ({label})", in_process(part.id, wrong), False)
        if "domain" in p:
            for label, miss in telling_near_misses(reference, p):
                yield Probe(f"{part.where}.domain (near-miss: {label})",
                            in_process(part.id, miss), False)
        for i, m in enumerate(p.get("misconceptions", [])):
            mistake = solution.get(m["reference"], f"{part.where}.misconceptions[{i}]")
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
        return Cell("code", f"def {part.params['signature']}:\n    # Write your answer here\n"
                    "    raise NotImplementedError")

    def solved(self, part: Part, solution: Solution) -> Cell:
        reference = solution.get(part.params["reference"], "")
        return Cell("code", function_source(part.id, reference, solution.module))


register(NumericKind())
