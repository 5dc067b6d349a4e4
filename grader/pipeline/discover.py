"""Which files in a submissions folder are submissions, and whose they are."""

from __future__ import annotations

from pathlib import Path


def find_submissions(folder: Path) -> list[Path]:
    """Every notebook under the folder, in a stable order; checkpoints are not submissions."""
    return sorted(
        p for p in folder.rglob("*.ipynb")
        if ".ipynb_checkpoints" not in p.parts and p.is_file()
    )


def student_of(path: Path, folder: Path) -> str:
    """A flat folder names students by file; a folder per student names them by folder."""
    relative = path.relative_to(folder)
    return relative.parts[0] if len(relative.parts) > 1 else path.stem
