"""Which files in a submissions folder are submissions, and whose they are."""

from __future__ import annotations

from pathlib import Path

from grader.pipeline import layout


def find_submissions(folder: Path) -> list[Path]:
    """Every notebook under the folder, in a stable order; checkpoints are not submissions."""
    return sorted(
        p for p in folder.rglob("*.ipynb")
        if ".ipynb_checkpoints" not in p.parts and p.is_file()
    )


def student_of(path: Path, folder: Path) -> str:
    """Whose submission this is; the naming rules of each layout live in layout.py."""
    return layout.student_of(path, folder)
