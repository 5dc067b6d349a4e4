"""Turn notebook cell text into plain Python before it reaches the child.

IPython syntax (magics, shell escapes, ``?`` help) is not Python; rather
than emulating IPython in the sandbox, such lines become ``pass`` so the
rest of the cell keeps its indentation and still runs. Shell escapes are
never executed: they are how a notebook would reach outside the sandbox.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Cell magics whose body is ordinary Python; the magic itself is dropped.
RUNNABLE_CELL_MAGICS = frozenset({"time", "capture", "timeit", "prun"})

_ASSIGNED_MAGIC = re.compile(r"^([\w.,\s\[\]]++=)\s*+[!%]")
_HELP = re.compile(r"^\s*[\w.]+\?\??\s*$|^\s*\?\??[\w.]+\s*$")


@dataclass(frozen=True)
class PreparedCell:
    """A cell ready to execute, or the reason it is skipped (``source`` is None)."""

    index: int
    source: str | None
    skip_reason: str | None = None
    notes: tuple[str, ...] = ()
    """IPython-only lines that were not run, said in the cell list (status `adjusted`)."""


def prepare_cell(index: int, source: str) -> PreparedCell:
    """Neutralise IPython-only syntax in one cell."""
    lines = source.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None and lines[first].lstrip().startswith("%%"):
        words = lines[first].lstrip()[2:].split()
        magic = words[0] if words else ""
        if magic not in RUNNABLE_CELL_MAGICS:
            return PreparedCell(index, None, f"cell magic %%{magic} is not run")
        lines[first] = ""
    out, notes = _neutralise(lines)
    return PreparedCell(index, "\n".join(out), notes=tuple(dict.fromkeys(notes))[:MAX_NOTES])


MAX_NOTES = 5


def _neutralise(lines: list[str]) -> tuple[list[str], list[str]]:
    out: list[str] = []
    notes: list[str] = []
    continuing = False
    for line in lines:
        stripped = line.lstrip()
        indent = line[: len(line) - len(stripped)]
        if continuing:
            out.append("")
            continuing = line.rstrip().endswith("\\")
            continue
        assigned = _ASSIGNED_MAGIC.match(line)
        if stripped.startswith(("%", "!")) or _HELP.match(line):
            out.append(f"{indent}pass")
            notes.append(_note(stripped))
        elif assigned:
            out.append(f"{assigned.group(1)} None")
            notes.append(_note(line[assigned.end(1):].strip()))
        else:
            out.append(line)
            continue
        continuing = line.rstrip().endswith("\\")
    return out, notes


def _note(line: str) -> str:
    shown = line if len(line) <= 60 else line[:59] + "…"
    if line.startswith("!"):
        return f"shell command refused: `{shown}`"
    return f"IPython-only line not run: `{shown}`"
