"""Self-test of a course: every check accepts its reference and rejects known mistakes.

Run by `grade validate` before anyone is graded. A spec whose misconception earns full
credit, or whose check accepts a sign-flipped or rescaled reference, is wrong, and grading
with it would give credit for wrong answers. Each kind says which answers to try
(CheckKind.probes): a numeric part with a domain, for one, is also tried on near-misses of
its reference (grader.checks.nearmiss); each one that some input of a wide probe set tells
apart from the reference must not earn full credit, or the domain does not reach where
that mistake is wrong. The answers here are built from the trusted solution module, so
calling its functions in the grader's process is fine.
"""

from __future__ import annotations

from dataclasses import dataclass

from grader.checks import PreparedCheck, kind_of
from grader.course import Course, Part, load_solution
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
            for probe in kind_of(part.kind).probes(part, solution, check):
                outcome = check.grade(probe.answer)
                passed = outcome.verdict == "correct" and outcome.credit >= 1.0
                if probe.must_pass and not passed:
                    findings.append(Finding(part, probe.where, "the reference does not earn "
                                            "full credit: " + " ".join(outcome.feedback)[:300]))
                if not probe.must_pass and outcome.credit >= 1.0:
                    findings.append(Finding(part, probe.where, "a wrong answer earns full "
                                            "credit"))
    findings += [Finding(leak.part, leak.where, f"gives away the hidden part {leak.hidden}'s "
                         f"answer ({leak.snippet!r}); students see this text")
                 for leak in find_leaks(course, checks)]
    return findings
