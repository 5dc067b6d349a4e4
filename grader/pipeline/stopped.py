"""What a cell that did not run to its end cost the parts that needed it.

Without this a student whose cell has a SyntaxError reads "No function was found" and
looks for a typo in the name; the cell list that holds the real reason is for the
instructor. A missing part's feedback names the cells that stopped and mention the part's
name, and any cell that could not be compiled at all (nothing in it was defined).

A cell that stopped at an import the grader cannot satisfy (`from torch import nn` where
torch is not installed) is not the student's mistake: the code ran on their machine. The
parts whose definitions came after that line, or whose function needs a name it would have
imported, go to a person (`needs_review`) with the line and the module named, instead of
reading "not answered".
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from grader.checks.base import Outcome
from grader.results import CellIssue

MAX_CELLS = 3
LINE = re.compile(r"\(line (\d{1,6})\)$")
NAME_ERROR = re.compile(r"NameError: name '([A-Za-z_]\w{0,200})' is not defined")
SYNTAX = ("SyntaxError", "IndentationError", "TabError")


@dataclass(frozen=True)
class StoppedCell:
    """A cell that raised or timed out, and what it would have defined after that."""

    cell: int
    error: str
    source: str
    module: str | None = None
    """The module an import could not find, when that is why it stopped."""
    line: str | None = None
    """The source line it stopped at, when known."""
    not_run: frozenset[str] = frozenset()
    """Names the cell binds at or after the line it stopped at."""

    def mentions(self, name: str) -> bool:
        return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", self.source) is not None


def stopped_cells(issues: Sequence[CellIssue], sources: Mapping[int, str]) -> list[StoppedCell]:
    found = []
    for issue in issues:
        if issue.status not in ("error", "timeout"):
            continue
        error = issue.error or issue.status
        source = sources.get(issue.cell, "")
        number = LINE.search(error)
        line = None
        if number is not None:
            lines = source.splitlines()
            index = int(number.group(1)) - 1
            line = lines[index].strip() if 0 <= index < len(lines) else None
        not_run = _bound_from(source, int(number.group(1))) if number else frozenset()
        found.append(StoppedCell(issue.cell, error, source, issue.missing_module, line,
                                 not_run))
    return found


def explain(name: str, outcome: Outcome, stopped: Sequence[StoppedCell]) -> Outcome:
    """`outcome` for the part called `name`, with what the stopped cells cost it."""
    if not stopped:
        return outcome
    blocked = _blocked_by_a_module(name, outcome, stopped)
    if blocked is not None:
        line = f"`{blocked.line}`" if blocked.line else "an import"
        note = (f"Cell {blocked.cell} stopped at {line}: `{blocked.module}` is not available "
                "to the grader; the definitions after that line were not run. Flagged for a "
                "person: your code may be right.")
        return replace(outcome, verdict="needs_review", feedback=(*outcome.feedback, note))
    if outcome.verdict != "missing":
        return outcome
    notes = []
    for cell in stopped:
        if cell.error.startswith(SYNTAX):
            about = f", which mentions `{name}`," if cell.mentions(name) else ""
            notes.append(f"Cell {cell.cell}{about} could not run at all: {cell.error}. "
                         "Nothing in that cell was defined; fix the error and run it again.")
        elif cell.mentions(name):
            notes.append(f"Cell {cell.cell}, which mentions `{name}`, stopped before its end: "
                         f"{cell.error}. What comes after that line in the cell was not run.")
    if not notes:
        return outcome
    return replace(outcome, feedback=(*outcome.feedback, *notes[:MAX_CELLS]))


def _blocked_by_a_module(name: str, outcome: Outcome,
                         stopped: Sequence[StoppedCell]) -> StoppedCell | None:
    """The cell whose missing module kept this part from being graded as written."""
    if outcome.verdict not in ("missing", "incorrect", "partial"):
        return None
    needed = {m.group(1) for line in outcome.feedback for m in NAME_ERROR.finditer(line)}
    for cell in stopped:
        if cell.module is None:
            continue
        if outcome.verdict == "missing" and (name in cell.not_run or cell.mentions(name)):
            return cell
        if needed & cell.not_run:
            return cell
    return None


def _bound_from(source: str, line: int) -> frozenset[str]:
    """Top-level names the cell binds on or after `line` (1-based)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return frozenset()
    names: set[str] = set()
    for node in tree.body:
        if node.end_lineno is not None and node.end_lineno < line:
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names if a.name != "*"}
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
    return frozenset(names)
