"""Per-student feedback as Markdown: every part's score, verdict and reasons.

The same text serves the instructor's `OUT/feedback/` files and a student's self-check, so
a student who checks before handing in reads exactly what the final grade will say about
the public parts.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Sequence
from pathlib import Path

from grader.reports.inert import fence, markdown_lines, markdown_text, printable
from grader.results import BatchResult, SubmissionResult

CARET = re.compile(r"^\s*\^$")
FOLDER = "feedback"
"""The folder under OUT that `grade SUBMISSIONS_DIR --out OUT` writes feedback files to."""
UNSAFE = re.compile(r"[^A-Za-z0-9._@+-]+")

LABELS = {
    "correct": "correct", "incorrect": "incorrect", "partial": "partly correct",
    "missing": "not answered", "error": "error", "needs_review": "flagged for a person",
    "pending_manual": "graded by a person",
}


def markdown(result: SubmissionResult) -> str:
    lines = [f"# Feedback: {markdown_text(result.student)}", "",
             f"**Score: {result.score:g} / {result.max_score:g}** ({result.status})", ""]
    return _document(lines, result)


def self_check(result: SubmissionResult, hidden: Sequence[str] = ()) -> str:
    """A student's self-check: the public parts' feedback, word for word as in the final
    grade, under a heading that says which parts are left for after the hand-in."""
    lines = [f"# Self-check: {markdown_text(result.student)}", "",
             f"**Public parts: {result.score:g} / {result.max_score:g}** ({result.status})", ""]
    if hidden:
        names = ", ".join(f"`{name}`" for name in hidden)
        lines += [f"Graded only after you hand in (hidden parts): {names}.", ""]
    return _document(lines, result)


def _document(lines: list[str], result: SubmissionResult) -> str:
    """Everything a student could have written (names, details, errors, feedback quoting
    answers) goes through grader.reports.inert: it reads as text, never as Markdown."""
    if result.detail:
        lines += [f"> {markdown_text(result.detail)}", ""]
    for cell in result.cells:
        error = f": {markdown_text(cell.error)}" if cell.error else ""
        lines += [f"- cell {cell.cell}: {cell.status}{error}"]
    if result.cells_omitted:
        lines.append(f"- … and {result.cells_omitted:,} more (cells that raised, timed out "
                     "or were skipped)")
    if result.cells:
        lines.append("")
    for exercise in result.exercises:
        lines += [f"## {exercise.title} ({exercise.score:g} / {exercise.max_score:g})", ""]
        for part in exercise.parts:
            lines.append(f"### {part.id}: {part.score:g} / {part.max_score:g}, "
                         f"{LABELS[part.verdict]}")
            lines.append("")
            if part.misconception:
                lines += [f"Recognised mistake: *{markdown_text(part.misconception)}*", ""]
            lines += _feedback_lines(part.feedback)
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def file_names(batch: BatchResult) -> list[str]:
    """Each submission's feedback file name, in the batch's order: the student's name made
    safe for any file system, numbered when two submissions share one. Other reports link to
    feedback through these names."""
    names: list[str] = []
    taken: set[str] = set()
    for result in batch.submissions:
        stem = safe_name(result.student)
        name, n = f"{stem}.md", 1
        while name.lower() in taken:
            n += 1
            name = f"{stem}-{n}.md"
        taken.add(name.lower())
        names.append(name)
    return names


def safe_name(student: str) -> str:
    """Letters, digits and `._@+-` only; no leading dot, no path separators, not too long."""
    ascii_text = unicodedata.normalize("NFKD", student).encode("ascii", "ignore").decode()
    stem = UNSAFE.sub("_", ascii_text).strip("._-")[:80]
    return stem or "student"


def write_all(batch: BatchResult, folder: Path,
              only: Collection[int] | None = None) -> list[Path]:
    """One Markdown file per submission under `folder` (or per submission of these indexes,
    when a person's score changed a few); returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for index, (result, name) in enumerate(zip(batch.submissions, file_names(batch),
                                               strict=True)):
        if only is not None and index not in only:
            continue
        path = folder / name
        path.write_text(markdown(result), encoding="utf-8")
        written.append(path)
    return written


def as_markdown(feedback: str) -> str:
    """A part's feedback (plain lines) as the Markdown the feedback files hold."""
    return "\n".join(_feedback_lines(feedback)).rstrip()


def _feedback_lines(text: str) -> list[str]:
    """Feedback lines as Markdown line breaks; a parse error's caret stays under its text,
    in a fence no backticks in that text can close."""
    source = printable(text).splitlines()
    inert = markdown_lines(text)
    out: list[str] = []
    for index, line in enumerate(source):
        if CARET.match(line) and out:
            quoted = [source[index - 1], line]
            out[-1:] = [fence(quoted), *quoted, fence(quoted)]
        else:
            out.append(f"{inert[index]}  ")
    return out
