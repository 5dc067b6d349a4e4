"""Notebook files for the adversarial tests: good ones from the samples, and ways to build
hostile ones (extra cells in a correct notebook, or cells of their own, or broken files)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import nbformat

from tests.conftest import EXAMPLES

GOOD = {
    "00_good_full.ipynb": "full_marks.ipynb",
    "zz_good_alternative.ipynb": "alternative_forms.ipynb",
    "zz_good_seed.ipynb": "seed_student.ipynb",
}
"""Good submissions graded with and without hostile ones; names sort around the hostile
ones, so some are graded before and some after them."""


def full_marks() -> nbformat.NotebookNode:
    return nbformat.read(EXAMPLES / "full_marks.ipynb", as_version=4)


def correct_with(first: Sequence[str] = (), middle: Sequence[str] = (),
                 last: Sequence[str] = ()) -> str:
    """The full-marks notebook with extra code cells at its start, middle and end."""
    notebook = full_marks()
    cells = list(notebook.cells)
    half = len(cells) // 2
    notebook.cells = ([*map(_code, first), *cells[:half], *map(_code, middle),
                       *cells[half:], *map(_code, last)])
    return nbformat.writes(notebook)


def cells(*sources: str) -> str:
    """A notebook of nothing but these code cells."""
    return nbformat.writes(nbformat.v4.new_notebook(cells=[_code(s) for s in sources]))


def version_3() -> str:
    """The full-marks notebook saved in the old nbformat 3 layout (worksheets, `input`)."""
    return nbformat.writes(nbformat.convert(full_marks(), 3), version=3)


def copy_good(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, sample in GOOD.items():
        (folder / name).write_bytes((EXAMPLES / sample).read_bytes())


def write(path: Path, content: str | bytes) -> None:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


def literal(value: object) -> str:
    """A Python literal for embedding a path or a list into a cell's source."""
    return json.dumps(value if not isinstance(value, Path) else str(value))


def _code(source: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_code_cell(source)
