"""Gradescope: the autograder's `results.json` for one submission.

Gradescope reads the top-level `score`, `output` (shown above the tests), `stdout_visibility`
and `tests[]`, each with `name`, `number` (their order), `score`, `max_score`, `status`
(`passed` or `failed`), `output` and `visibility`. A part the spec marks `hidden` is
`after_published`: students see it once the instructor publishes grades.

Parts graded by a person (proofs, open questions) are graded in Gradescope itself, as
manual questions next to the autograder: their tests show as pending, worth 0 of 0 points,
so the autograder's total is only what it graded and no point is counted twice.
`grader/schemas/gradescope-results.schema.json` describes the format; tests hold the
output to it.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from grader.results import ExerciseResult, PartResult, SubmissionResult

STATUS_NOTES = {
    "timeout": "The notebook did not run to the end ({status}): {detail}",
    "crashed": "The notebook did not run to the end ({status}): {detail}",
    "duplicate": "More than one submission was found: {detail}",
}
"""How a submission's status reads to the student; others: "<status>: <detail>"."""


def results(result: SubmissionResult, hidden: Collection[str] = (),
            notes: Sequence[str] = ()) -> dict[str, Any]:
    """Gradescope's results for one graded submission; `notes` go first in the output."""
    tests = [_test(e, p, f"{i}.{j}", p.id in hidden)
             for i, e in enumerate(result.exercises, start=1)
             for j, p in enumerate(e.parts, start=1)]
    score = round(sum(t["score"] for t in tests), 4)
    possible = sum(t["max_score"] for t in tests)
    lines = [*notes, f"Autograded score: {score:g} / {possible:g}."]
    if result.detail:
        lines.append(STATUS_NOTES.get(result.status, "{status}: {detail}").format(
            status=result.status, detail=result.detail))
    lines.extend(f"Cell {c.cell}: {c.status}" + (f": {c.error}" if c.error else "")
                 for c in result.cells)
    if result.cells_omitted:
        lines.append(f"… and {result.cells_omitted:,} more (cells that raised, timed out or "
                     "were skipped)")
    manual = [p for e in result.exercises for p in e.parts if p.kind == "manual"]
    if manual:
        lines.append("Graded by a person in Gradescope: " + ", ".join(
            f"{p.id} ({p.max_score:g} points)" for p in manual) + ".")
    return {"score": score, "output": "\n".join(lines), "stdout_visibility": "hidden",
            "tests": tests}


def no_submission(message: str) -> dict[str, Any]:
    """Results for an upload the grader could not grade at all (no notebook in it)."""
    return {"score": 0, "output": message, "stdout_visibility": "hidden", "tests": []}


def dumps(data: Mapping[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _test(exercise: ExerciseResult, part: PartResult, number: str,
          hidden: bool) -> dict[str, Any]:
    test: dict[str, Any] = {"name": f"{exercise.title}: {part.id}", "number": number}
    if part.kind == "manual":
        answered = part.verdict != "missing"
        note = (f"Pending: graded by a person in Gradescope ({part.max_score:g} points, "
                "not part of the autograded score).")
        test |= {"score": 0, "max_score": 0, "status": "passed" if answered else "failed",
                 "output": note if answered else f"{part.feedback}\n{note}"}
    else:
        test |= {"score": part.score, "max_score": part.max_score,
                 "status": "passed" if part.verdict == "correct" else "failed",
                 "output": part.feedback}
    test["visibility"] = "after_published" if hidden else "visible"
    return test
