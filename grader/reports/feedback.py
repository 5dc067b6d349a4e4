"""Per-student feedback as Markdown: every part's score, verdict and reasons."""

from __future__ import annotations

from grader.results import SubmissionResult

LABELS = {
    "correct": "correct", "incorrect": "incorrect", "partial": "partly correct",
    "missing": "not answered", "error": "error", "needs_review": "flagged for a person",
    "pending_manual": "graded by a person",
}


def markdown(result: SubmissionResult) -> str:
    lines = [f"# Feedback: {result.student}", "",
             f"**Score: {result.score:g} / {result.max_score:g}** ({result.status})", ""]
    if result.detail:
        lines += [f"> {result.detail}", ""]
    for cell in result.cells:
        lines += [f"- cell {cell.cell}: {cell.status}" + (f": {cell.error}" if cell.error else "")]
    if result.cells:
        lines.append("")
    for exercise in result.exercises:
        lines += [f"## {exercise.title} ({exercise.score:g} / {exercise.max_score:g})", ""]
        for part in exercise.parts:
            lines.append(f"### {part.id}: {part.score:g} / {part.max_score:g}, "
                         f"{LABELS[part.verdict]}")
            lines.append("")
            if part.misconception:
                lines += [f"Recognised mistake: *{part.misconception}*", ""]
            for line in part.feedback.splitlines():
                lines.append(line if line.startswith(" ") else f"{line}  ")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"
