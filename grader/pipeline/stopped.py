"""Why an answer is missing, when a cell that should have defined it did not run to its end.

Without this a student whose cell has a SyntaxError reads "No function was found" and
looks for a typo in the name; the cell list that holds the real reason is for the
instructor. A missing part's feedback names the cells that stopped and mention the part's
name, and any cell that could not be compiled at all (nothing in it was defined).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from grader.results import CellIssue

MAX_CELLS = 3


def stopped_notes(name: str, issues: Sequence[CellIssue],
                  sources: Mapping[int, str]) -> tuple[str, ...]:
    """Lines for a missing part called `name`: which stopped cells may have held it."""
    word = re.compile(rf"(?<![\w]){re.escape(name)}(?![\w])")
    notes = []
    for issue in issues:
        if issue.status not in ("error", "timeout"):
            continue
        error = issue.error or issue.status
        mentions = bool(word.search(sources.get(issue.cell, "")))
        if error.startswith(("SyntaxError", "IndentationError", "TabError")):
            about = f", which mentions `{name}`," if mentions else ""
            notes.append(f"Cell {issue.cell}{about} could not run at all: {error}. Nothing "
                         "in that cell was defined; fix the error and run it again.")
        elif mentions:
            notes.append(f"Cell {issue.cell}, which mentions `{name}`, stopped before its "
                         f"end: {error}. What comes after that line in the cell was not run.")
    return tuple(notes[:MAX_CELLS])
