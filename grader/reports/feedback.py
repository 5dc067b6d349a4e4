"""Per-student feedback as Markdown: every part's score, verdict and reasons."""

from __future__ import annotations

import re

from grader.results import SubmissionResult

CARET = re.compile(r"^\s*\^$")

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
            lines += _feedback_lines(part.feedback)
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _feedback_lines(text: str) -> list[str]:
    """Feedback lines as Markdown line breaks; a parse error's caret stays under its text."""
    source = text.splitlines()
    out: list[str] = []
    for index, line in enumerate(source):
        if CARET.match(line) and out:
            out[-1:] = ["```", source[index - 1], line, "```"]
        else:
            out.append(f"{line}  ")
    return out
