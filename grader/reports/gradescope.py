"""Gradescope: the autograder's `results.json` for one submission.

Gradescope reads the top-level `score`, `output` (shown above the tests, to students too),
`output_format`, `test_output_format`, `stdout_visibility`, `extra_data` and `tests[]`,
each with `name`, `number` (their order), `score`, `max_score`, `status`, `output`,
`tags`, `extra_data` and `visibility`. `grader/schemas/gradescope-results.schema.json`
describes the format; tests hold the output to it.

What a student must not learn early stays out of what they see: a part the spec marks
`hidden` is `after_published`, and the always-visible `output` counts only the visible
parts, so it does not give away the hidden parts' total. Parts graded by a person (proofs,
open questions) are left to Gradescope's own manual questions: they are not autograder
tests at all, so none shows as passed before anyone read it. A part the grader flagged for
a person (`needs_review`, or `error` when the grader itself failed) fails with "waiting
for your instructor", and is tagged and listed in `extra_data` for the instructor.
Feedback is Markdown, and says so (`md`).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from grader.checks.registry import by_person
from grader.reports import isolation as kept_apart
from grader.reports.feedback import as_markdown
from grader.results import ExerciseResult, PartResult, SubmissionResult

STATUS_NOTES = {
    "timeout": "The notebook did not run to the end ({status}): {detail}",
    "crashed": "The notebook did not run to the end ({status}): {detail}",
    "duplicate": "More than one submission was found: {detail}",
}
"""How a submission's status reads to the student; others: "<status>: <detail>"."""

WAITING = {
    "needs_review": ("needs_review", "Waiting for your instructor: the grader could not "
                     "decide this answer, so a person will grade it. What the grader saw:"),
    "error": ("grader_error", "Waiting for your instructor: the grader failed while "
              "checking this answer (its fault, not yours), so a person will grade it."),
}
"""Verdicts a person still has to decide: the test's tag, and its first line for students."""
TAGS = frozenset(tag for tag, _ in WAITING.values())


def results(result: SubmissionResult, hidden: Collection[str] = (),
            notes: Sequence[str] = (), isolation: str | None = None,
            network: str | None = None, writes: str | None = None) -> dict[str, Any]:
    """Gradescope's results for one graded submission; `notes` go first in the output;
    how student code was kept apart (`isolation`, `network`, `writes`, as its sandbox
    reported them) goes to the instructor's `extra_data`, with the warning that any mode
    but namespaces comes with."""
    tests = [_test(e, p, f"{i}.{j}", p.id in hidden)
             for i, e in enumerate(result.exercises, start=1)
             for j, p in enumerate(e.parts, start=1) if not by_person(p.kind)]
    score = round(sum(t["score"] for t in tests), 4)
    shown = [t for t in tests if t["visibility"] == "visible"]
    lines = [*notes, f"Autograded score on the parts shown now: "
             f"{sum(t['score'] for t in shown):g} / {sum(t['max_score'] for t in shown):g}."]
    if len(shown) < len(tests):
        lines.append("More parts are graded now and shown when your instructor publishes "
                     "the grades.")
    if result.detail:
        lines.append(STATUS_NOTES.get(result.status, "{status}: {detail}").format(
            status=result.status, detail=_code(result.detail)))
    lines.extend(f"Cell {c.cell}: {c.status}" + (f": {_code(c.error)}" if c.error else "")
                 for c in result.cells)
    if result.cells_omitted:
        lines.append(f"… and {result.cells_omitted:,} more (cells that raised, timed out or "
                     "were skipped)")
    waiting = [t["name"] for t in shown if set(t.get("tags", ())) & TAGS]
    if waiting:
        lines.append("Waiting for your instructor: " + ", ".join(waiting) + ".")
    manual = [p for e in result.exercises for p in e.parts if by_person(p.kind)]
    if manual:
        lines.append("Graded by a person in Gradescope: " + ", ".join(
            f"{p.id} ({p.max_score:g} points)" for p in manual) + ".")
    return {"score": score, "output": "\n\n".join(lines), "output_format": "md",
            "test_output_format": "md", "stdout_visibility": "hidden",
            "extra_data": for_instructor(result, isolation, network, writes), "tests": tests}


def for_instructor(result: SubmissionResult, isolation: str | None,
                   network: str | None = None, writes: str | None = None) -> dict[str, Any]:
    """What Gradescope keeps for the instructor: how student code was kept apart, and what
    a person must still decide."""
    parts = [p for e in result.exercises for p in e.parts]
    return {
        "status": result.status,
        "isolation": isolation,
        "network": network,
        "writes": writes,
        "isolation_warning": kept_apart.warning(isolation, network, writes),
        "needs_person": [p.id for p in parts if p.verdict in WAITING],
        "grader_faults": {p.id: p.detail for p in parts if p.verdict == "error"},
        "graded_in_gradescope": [p.id for p in parts if by_person(p.kind)],
    }


def no_submission(message: str) -> dict[str, Any]:
    """Results for an upload the grader could not grade at all (no notebook in it)."""
    return {"score": 0, "output": message, "output_format": "md",
            "stdout_visibility": "hidden", "tests": []}


def dumps(data: Mapping[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _test(exercise: ExerciseResult, part: PartResult, number: str,
          hidden: bool) -> dict[str, Any]:
    test: dict[str, Any] = {"name": f"{exercise.title}: {part.id}", "number": number,
                            "score": part.score, "max_score": part.max_score,
                            "status": "passed" if part.verdict == "correct" else "failed",
                            "output": as_markdown(part.feedback)}
    if part.verdict in WAITING:
        tag, line = WAITING[part.verdict]
        shown = "" if part.verdict == "error" else f"\n\n{test['output']}"
        test |= {"output": line + shown, "tags": [tag],
                 "extra_data": {"verdict": part.verdict}}
    test["visibility"] = "after_published" if hidden else "visible"
    return test


def _code(text: str) -> str:
    """Student-made text (an exception message) shown as code, never as Markdown."""
    longest = 0
    run = 0
    for char in text:
        run = run + 1 if char == "`" else 0
        longest = max(longest, run)
    fence = "`" * (longest + 1)
    return f"{fence} {text.replace(chr(10), ' ')} {fence}"
