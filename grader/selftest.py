"""Self-test of a course: every check accepts its reference and rejects known mistakes.

Run by `grade validate` before anyone is graded. A spec whose misconception earns full
credit, or whose check accepts a sign-flipped or rescaled reference, is wrong, and grading
with it would give credit for wrong answers. A numeric part with a domain is also tried
on near-misses of its reference (grader.checks.nearmiss): each one that some input of a
wide probe set tells apart from the reference must not earn full credit, or the domain
does not reach where that mistake is wrong. The answers here are built from the trusted
solution module, so calling its functions in the grader's process is fine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy

from grader.answers import Answer, CallResult, Function, Value
from grader.checks import PreparedCheck
from grader.checks.compare import compare
from grader.checks.domain import Domain
from grader.checks.nearmiss import near_misses
from grader.course import Course, Part, Solution, load_solution
from grader.mathexpr import describe
from grader.student.leaks import find_leaks


@dataclass(frozen=True)
class Finding:
    """One way a part's check misbehaved on a known answer."""

    part: Part
    where: str
    problem: str


def self_test(course: Course, checks: dict[str, PreparedCheck]) -> list[Finding]:
    findings: list[Finding] = []
    for exercise in course.exercises:
        solution = load_solution(exercise)
        for part in exercise.parts:
            check = checks[part.id]
            for where, answer, must_pass in _probes(part, solution, check):
                outcome = check.grade(answer)
                passed = outcome.verdict == "correct" and outcome.credit >= 1.0
                if must_pass and not passed:
                    findings.append(Finding(part, where, "the reference does not earn full credit: "
                                            + " ".join(outcome.feedback)[:300]))
                if not must_pass and outcome.credit >= 1.0:
                    findings.append(Finding(part, where, "a wrong answer earns full credit"))
    findings += [Finding(leak.part, leak.where, f"gives away the hidden part {leak.hidden}'s "
                         f"answer ({leak.snippet!r}); students see this text")
                 for leak in find_leaks(course, checks)]
    return findings


def _probes(part: Part, solution: Solution,
            check: PreparedCheck) -> Iterator[tuple[str, Answer, bool]]:
    """(place in the spec, answer, whether it must earn full credit)."""
    p = part.params
    where = f"{part.where}.reference"
    if part.kind == "numeric":
        reference = solution.get(p["reference"], where)
        yield where, in_process(part.id, reference), True
        for label, wrong in _numeric_perturbations(reference):
            yield f"{where} ({label})", in_process(part.id, wrong), False
        if "domain" in p:
            for label, miss in _telling_near_misses(reference, p):
                yield (f"{part.where}.domain (near-miss: {label})", in_process(part.id, miss),
                       False)
        for i, m in enumerate(p.get("misconceptions", [])):
            mistake = solution.get(m["reference"], f"{part.where}.misconceptions[{i}]")
            yield f"{part.where}.misconceptions[{i}]", in_process(part.id, mistake), False
    elif part.kind == "symbolic":
        reference = solution.get(p["reference"], where)
        yield where, Value(reference), True
        keys = p.get("keys")
        for label, wrong in _symbolic_perturbations(check, reference, keys):
            yield f"{where} ({label})", Value(wrong), False
        for i, m in enumerate(p.get("misconceptions", [])):
            if keys:
                wrong_value: Any = {**reference, m["key"]: m["expr"]}
            else:
                wrong_value = m["expr"]
            yield f"{part.where}.misconceptions[{i}]", Value(wrong_value), False
    elif part.kind == "text":
        yield where, Value(solution.get(p["reference"], where)), True


def _telling_near_misses(reference: Callable[..., Any], p: Any
                         ) -> Iterator[tuple[str, Callable[..., Any]]]:
    """The near-misses that differ from the reference on some input of the domain widened
    (every magnitude, integers, special values): those the part's check must reject."""
    probes = Domain.of(p["domain"]).widened().cases(reference)
    rtol, atol = float(p.get("rtol", 1e-6)), float(p.get("atol", 1e-9))
    for label, miss in near_misses(reference):
        if any(_differs(reference, miss, case, rtol, atol) for case in probes):
            yield label, miss


def _differs(reference: Callable[..., Any], miss: Callable[..., Any], case: tuple,
             rtol: float, atol: float) -> bool:
    try:
        with np.errstate(all="ignore"):
            return compare(reference(*case), miss(*case), rtol=rtol, atol=atol) is not None
    except Exception:  # noqa: BLE001 - a near-miss that raises differs
        return True


def in_process(name: str, function: Callable[..., Any]) -> Function:
    """A trusted function (instructor code, or a test's) called in this process as an answer."""
    def call(args: Sequence[Any]) -> CallResult:
        try:
            with np.errstate(all="ignore"):
                return CallResult(True, function(*args))
        except Exception as error:
            return CallResult(False, error=f"{type(error).__name__}: {error}")

    return Function(name, call)


def _numeric_perturbations(reference: Callable[..., Any]):
    def scaled(*args: Any) -> Any:
        return _map(reference(*args), lambda a: a * 1.01 + 1e-3)

    def negated(*args: Any) -> Any:
        return _map(reference(*args), lambda a: -a - 1e-3)

    return [("scaled by 1.01", scaled), ("negated", negated)]


def _map(value: Any, change: Callable[[np.ndarray], np.ndarray]) -> Any:
    if isinstance(value, tuple | list):
        return type(value)(_map(v, change) for v in value)
    return change(np.asarray(value, dtype=float))


def _symbolic_perturbations(check: PreparedCheck, reference: Any, keys: list[str] | None):
    exprs = check.readings[0].exprs  # type: ignore[attr-defined]
    labels = keys or [""]
    for key in labels:
        expr = exprs[key]
        variants = [("sign flipped", -expr), ("doubled", 2 * expr), ("plus one", expr + 1)]
        if isinstance(expr, sympy.Add) and len(expr.args) > 1:
            variants.append(("a term dropped", sympy.Add(*expr.args[1:])))
        for label, variant in variants:
            text = describe(variant)
            value = {**reference, key: text} if keys else text
            yield (f"{key}: {label}" if keys else label), value
