"""The review as the app serves it: the queues, the store, and results.json kept in step.

A decision's score is never stored: it is the sum of the applied items' points now, plus
the adjustment, so editing an item re-scores every answer that has it. After every change
the affected scores go through `grader.manual.merge`, exactly as a sheet imported with
`grade manual import` does: `graded_by: person`, kept on a re-grade while the answer is
unchanged.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

from grader import manual
from grader.checks.registry import in_markdown
from grader.course import Course
from grader.reports.mathml import answer_html, math_html
from grader.results import NEEDS_PERSON, BatchResult
from grader.review import teach
from grader.review.store import FILE, Conflict, Decision, Item, Store, Target
from grader.review.tasks import PartQueue, Task, queues
from grader.rubric import RubricItem, item_line, score

GENERIC = ("Right: full credit.", "Not right: no credit.")
"""Items for a part whose spec has none (an expression flagged for review, a free-text
rubric), so it too is graded with one key."""


class Review:
    def __init__(self, out: Path, batch: BatchResult, course: Course):
        self.out = out
        self.batch = batch
        self.course = course
        self.store = Store(out / FILE)
        self.queues = {q.id: q for q in queues(batch, course)}
        self._lock = threading.Lock()
        for queue in self.queues.values():
            self.store.seed(queue.id, queue.rubric.items or [
                RubricItem(queue.max_score, GENERIC[0]), RubricItem(0.0, GENERIC[1])])

    # --- reading ---------------------------------------------------------------------

    def parts(self) -> list[dict[str, Any]]:
        decisions = self.store.decisions()
        return [{"id": q.id, "title": q.title, "kind": q.kind, "total": q.size,
                 "graded": sum(self._current(decisions, t) is not None
                               or self._by_sheet(t) for g in q.groups for t in g.tasks)}
                for q in self.queues.values()]

    def part(self, part_id: str) -> dict[str, Any]:
        queue = self._queue(part_id)
        items = self.store.items(part_id)
        decisions = self.store.decisions(part_id)
        groups = [{
            "key": group.key,
            "answer_html": _answer(queue, group.tasks[0].answer),
            "note": group.tasks[0].note,
            "teachable": queue.teachable and group.key.startswith("expr:"),
            "members": [self._member(task, decisions, items) for task in group.tasks],
        } for group in queue.groups]
        return {
            "id": queue.id, "title": queue.title, "kind": queue.kind,
            "max_score": queue.max_score,
            "question_html": answer_html(queue.question),
            "reference_html": _answer(queue, queue.reference) if queue.reference else "",
            "items": [_item(item, n) for n, item in enumerate(items, start=1)],
            "groups": groups,
        }

    def _member(self, task: Task, decisions: dict[tuple[str, str], Decision],
                items: Sequence[Item]) -> dict[str, Any]:
        stored = decisions.get((task.student, task.part))
        current = self._current(decisions, task)
        member: dict[str, Any] = {"student": task.student, "submission": task.submission,
                                  "verdict": task.verdict,
                                  "version": stored.version if stored else 0,
                                  "decision": None, "score": None}
        if current is not None:
            member["decision"] = _decision(current)
            member["score"] = _score(current, items, task.max_score)
        elif self._by_sheet(task):
            member["score"] = self._sheet_score(task)
        return member

    # --- writing ---------------------------------------------------------------------

    def decide(self, part_id: str, versions: dict[str, int], items: Sequence[int],
               adjustment: float, comment: str, grader: str) -> list[Decision]:
        """One decision for these students' answers (a group), then results.json."""
        queue = self._queue(part_id)
        tasks = {t.student: t for g in queue.groups for t in g.tasks}
        unknown = set(versions) - set(tasks)
        if unknown or not versions:
            raise ValueError(f"no answer of {part_id} by {sorted(unknown) or 'nobody'}")
        targets = [Target(s, tasks[s].digest, v) for s, v in versions.items()]
        try:
            saved = self.store.decide(part_id, targets, items, adjustment, comment.strip(),
                                      grader.strip() or "someone")
        except Conflict as conflict:
            now = self.store.items(part_id)
            raise Conflict(conflict.decisions, scores={
                d.student: _score(d, now, queue.max_score) for d in conflict.decisions}
            ) from None
        self.sync(set(versions))
        return saved

    def edit_item(self, item_id: int, version: int, points: float, text: str) -> Item:
        item = self.store.edit_item(item_id, version, points, text.strip())
        self.sync({s for (s, p) in self.store.decisions(item.part) if p == item.part})
        return item

    def add_item(self, part_id: str, points: float, text: str) -> Item:
        self._queue(part_id)
        return self.store.add_item(part_id, points, text.strip())

    def teach(self, part_id: str, group_key: str, lesson: str, name: str = "",
              feedback: str = "") -> str:
        """A group's expression into the course, as an accepted form or a named mistake;
        returns the spec file written."""
        queue = self._queue(part_id)
        group = next((g for g in queue.groups if g.key == group_key), None)
        if not queue.teachable or group is None or not group.key.startswith("expr:"):
            raise ValueError(f"no expression answer of {part_id} to add to the course")
        part = next(p for p in self.course.parts if p.id == part_id)
        expression = group.tasks[0].answer.strip()
        if lesson == "accepted":
            exercise = next(e for e in self.course.exercises if e.id == part.exercise)
            teach.accept(part, exercise.solution_file, expression)
        elif lesson == "mistake":
            teach.mistake(part, expression, name, feedback)
        else:
            raise ValueError(f"expected 'accepted' or 'mistake', got {lesson!r}")
        return str(part.spec_file)

    def sync(self, students: Collection[str] | None = None) -> BatchResult:
        """Every current decision into results.json (and these students' feedback)."""
        with self._lock:
            return manual.merge(self.out, self.batch, self._scores(), students)

    def current(self) -> BatchResult:
        """The results with every stored score applied, as results.json holds them."""
        return manual.apply(self.batch, manual.load_scores(self.out))

    def _scores(self) -> list[manual.ManualScore]:
        decisions = self.store.decisions()
        items: dict[str, list[Item]] = {}
        for item in self.store.items():
            items.setdefault(item.part, []).append(item)
        scores = []
        for queue in self.queues.values():
            for task in (t for g in queue.groups for t in g.tasks):
                current = self._current(decisions, task)
                if current is not None:
                    part_items = items.get(queue.id, [])
                    scores.append(manual.ManualScore(
                        task.student, task.part, _score(current, part_items, task.max_score),
                        _comment(current, part_items), task.digest))
        return scores

    # --- helpers ---------------------------------------------------------------------

    def _queue(self, part_id: str) -> PartQueue:
        if part_id not in self.queues:
            raise KeyError(part_id)
        return self.queues[part_id]

    @staticmethod
    def _current(decisions: dict[tuple[str, str], Decision], task: Task) -> Decision | None:
        """The decision on this answer, if any: one made on an earlier answer is void."""
        found = decisions.get((task.student, task.part))
        return found if found is not None and found.answer_sha256 == task.digest else None

    def _by_sheet(self, task: Task) -> bool:
        """Graded by a person outside the review (an imported sheet)."""
        return task.verdict not in NEEDS_PERSON

    def _sheet_score(self, task: Task) -> float:
        result = self.batch.submissions[task.index]
        return next(p.score for p in result.parts if p.id == task.part)


def _score(decision: Decision, items: Sequence[Item], max_score: float) -> float:
    applied = [i.points for i in items if i.id in decision.items]
    deductions_only = bool(items) and all(i.points < 0 for i in items)
    return score(applied, decision.adjustment, max_score, deductions_only)


def _comment(decision: Decision, items: Sequence[Item]) -> str:
    """What the student reads: each applied item as a line, then the person's comment."""
    lines = [item_line(RubricItem(i.points, i.text)) for i in items if i.id in decision.items]
    return "\n".join([*lines, decision.comment] if decision.comment else lines)


def _answer(queue: PartQueue, text: str) -> str:
    if in_markdown(queue.kind):
        return answer_html(text)
    shown = answer_html(text, markdown=False)
    return shown + math_html(text, display=True) if "\\" in text else shown


def _item(item: Item, number: int) -> dict[str, Any]:
    return {"id": item.id, "points": item.points, "text": item.text, "version": item.version,
            "key": str(number) if number <= 9 else ""}


def _decision(decision: Decision) -> dict[str, Any]:
    return {"items": list(decision.items), "adjustment": decision.adjustment,
            "comment": decision.comment, "grader": decision.grader,
            "saved_at": decision.saved_at, "version": decision.version}
