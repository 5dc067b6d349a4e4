"""Read a student's notebook as plain cell text; find markdown answers under part headings.

Nothing here runs code. Cell metadata is not trusted or needed: code answers are found by
the names the student defines (in the sandbox), markdown answers by the `## <part>` heading
the template puts above them, so a notebook whose metadata was edited away still grades.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import nbformat

from grader.answers import Markdown
from grader.errors import GraderError

MAX_BYTES = 20 * 1024 * 1024
HEADING = re.compile(r"\s{0,3}(#{1,6})\s")
"""A heading's opening: the title is cut from the rest of the line in code, so that a line
padded with thousands of spaces costs one pass (a lazy title between whitespace runs made
the regex engine try every split, cubic in the padding)."""


@dataclass
class NotebookError(GraderError):
    """The file is not a notebook the grader can read; its submission is `invalid_notebook`."""

    path: Path
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(frozen=True)
class Notebook:
    code_cells: tuple[tuple[int, str], ...]
    markdown_cells: tuple[tuple[int, str], ...]


def read_notebook(path: Path) -> Notebook:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise NotebookError(path, f"too large ({size // 1024 // 1024} MB; limit 20 MB)")
        if size == 0:
            raise NotebookError(path, "empty file, expected a Jupyter notebook")
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise NotebookError(path, "not UTF-8 text, expected a Jupyter notebook") from None
    except OSError as error:
        raise NotebookError(path, f"cannot be read: {error.strerror}") from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise NotebookError(path, f"not valid JSON (line {error.lineno}): {error.msg}") from None
    if not isinstance(raw, dict) or "nbformat" not in raw:
        raise NotebookError(path, "JSON but not a notebook (no 'nbformat' key)")
    try:
        notebook = nbformat.reads(text, as_version=4)
    except Exception as error:  # nbformat raises many types for malformed notebooks
        raise NotebookError(path, f"malformed notebook: {str(error)[:200]}") from None
    code: list[tuple[int, str]] = []
    markdown: list[tuple[int, str]] = []
    for index, cell in enumerate(notebook.get("cells", [])):
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(source)
        if not isinstance(source, str):
            continue
        if cell.get("cell_type") == "code":
            code.append((index, source))
        elif cell.get("cell_type") == "markdown":
            markdown.append((index, source))
    return Notebook(code_cells=tuple(code), markdown_cells=tuple(markdown))


def heading_of(source: str) -> tuple[int, str] | None:
    """(level, title) of a cell that starts with a markdown heading."""
    first = next((line for line in source.splitlines() if line.strip()), "")
    match = HEADING.match(first)
    if match is None:
        return None
    title = first[match.end():].rstrip().rstrip("#").rstrip()
    return len(match.group(1)), title.strip().strip("`").strip()


def markdown_answers(notebook: Notebook, part_ids: Iterable[str]) -> dict[str, Markdown]:
    """The markdown cells after a `## part_id` heading, up to the next part or exercise.

    A student's own sub-headings ("### Proof") stay inside the answer; only a heading that
    names another part, or a top-level `#` heading, ends it.
    """
    wanted = set(part_ids)
    answers: dict[str, Markdown] = {}
    current: str | None = None
    texts: list[str] = []
    cells: list[int] = []

    def close() -> None:
        if current is not None and current not in answers:
            answers[current] = Markdown("\n\n".join(texts).strip(), tuple(cells))

    for index, source in notebook.markdown_cells:
        heading = heading_of(source)
        if heading is not None and (heading[1] in wanted or heading[0] == 1):
            close()
            current, texts, cells = (heading[1] if heading[1] in wanted else None), [], []
            continue
        if current is not None:
            texts.append(source)
            cells.append(index)
    close()
    return answers
