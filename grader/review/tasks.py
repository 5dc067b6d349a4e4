"""What waits for a person, part by part, with equal answers grouped so one decision
grades every student who wrote the same thing.

Equal means equal after normalisation: prose with its whitespace collapsed and its case
folded; an expression in the math engine's canonical form (so `W2*W1` and `W_2 W_1` are
one group). Groups come largest first, as a person grading 200 answers wants.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from grader.checks import kind_of
from grader.checks.kind import Referenced
from grader.checks.manual import NOTICE as MANUAL_NOTICE
from grader.course import Course, Part, load_solution
from grader.manual import answer_digest, note_of
from grader.results import NEEDS_PERSON, BatchResult, PartResult
from grader.rubric import Rubric


@dataclass(frozen=True)
class Task:
    """One student's part that a person grades."""

    index: int
    """The submission's position in results.json."""
    student: str
    submission: str
    part: str
    max_score: float
    verdict: str
    """The part's verdict in results.json (a person's, once graded)."""
    answer: str
    note: str
    """The grader's reason for a `needs_review` or `error` part; empty for manual parts."""
    digest: str
    """Of the answer: a decision applies only while the answer is the one decided on."""


@dataclass(frozen=True)
class Group:
    key: str
    tasks: tuple[Task, ...]


@dataclass(frozen=True)
class PartQueue:
    id: str
    title: str
    kind: str
    max_score: float
    question: str
    reference: str
    rubric: Rubric
    groups: tuple[Group, ...]
    teachable: bool = False
    """An expression part of one answer: a decision on a group can go into the course."""

    @property
    def size(self) -> int:
        return sum(len(g.tasks) for g in self.groups)


def queues(batch: BatchResult, course: Course) -> list[PartQueue]:
    """Every part some student's answer waits for a person on, in course order."""
    found: dict[str, list[Task]] = {}
    for index, result in enumerate(batch.submissions):
        for part in result.parts:
            if part.verdict in NEEDS_PERSON or part.graded_by == "person":
                found.setdefault(part.id, []).append(_task(index, result.student,
                                                           result.submission, part))
    specs = {p.id: p for p in course.parts}
    order = {p.id: n for n, p in enumerate(course.parts)}
    return [_queue(specs[part_id], course, tasks)
            for part_id, tasks in sorted(found.items(), key=lambda kv: order.get(kv[0], 0))
            if part_id in specs]


def group_key(text: str, parse: Callable[[str], str | None] | None = None) -> str:
    """Answers with the same key are graded as one."""
    if parse is not None:
        canonical = parse(text)
        if canonical is not None:
            return f"expr:{canonical}"
    return "text:" + " ".join(text.split()).casefold()


def _task(index: int, student: str, submission: str, part: PartResult) -> Task:
    answer = part.answer or ""
    note = note_of(part)
    if part.verdict == "pending_manual":  # where a free-form notebook's answer was read
        note = "\n".join(line for line in part.feedback.splitlines()
                         if not line.startswith(MANUAL_NOTICE))
    return Task(index, student, submission, part.id, part.max_score, part.verdict, answer,
                note, answer_digest(part.answer))


def _queue(part: Part, course: Course, tasks: list[Task]) -> PartQueue:
    expressions = kind_of(part.kind).reads == "expression"
    parse = _expression_key(part) if expressions else None
    groups: dict[str, list[Task]] = {}
    for task in tasks:
        groups.setdefault(group_key(task.answer, parse), []).append(task)
    ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[1][0].index))
    exercise = next(e for e in course.exercises if e.id == part.exercise)
    return PartQueue(
        id=part.id, title=exercise.title, kind=part.kind, max_score=part.points,
        question=(part.question[0] if part.question else part.prompt).strip(),
        reference=_reference(course, part), rubric=part.rubric,
        groups=tuple(Group(key, tuple(members)) for key, members in ordered),
        teachable=expressions and not part.keys)


def _expression_key(part: Part) -> Callable[[str], str | None]:
    """The canonical form of an expression answer, or None when it does not parse."""
    import sympy  # only for a queue of expression parts

    from grader.checks.symbolic import context_of  # sympy, as above
    from grader.mathexpr import ParseSuccess, parse  # sympy, as above
    from grader.mathexpr.canonical import canonical  # sympy, as above

    context = context_of(part)

    def key(text: str) -> str | None:
        parsed = parse(text, context)
        return sympy.srepr(canonical(parsed.expr)) if isinstance(parsed, ParseSuccess) else None

    return key


def _reference(course: Course, part: Part) -> str:
    """The model answer for the person grading (empty when the spec names none)."""
    spec = part.spec
    if not isinstance(spec, Referenced):
        return ""
    name = spec.reference
    exercise = next(e for e in course.exercises if e.id == part.exercise)
    try:
        value = getattr(load_solution(exercise).module, name, "")
    except Exception:  # noqa: BLE001 - a broken solution module leaves the reference out
        return ""
    return value.strip() if isinstance(value, str) else str(value)
