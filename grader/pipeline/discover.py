"""Which files in a submissions folder are submissions, and whose they are.

Every notebook is a submission. A file that is not a notebook becomes a row of its own
(status `not_a_notebook`) when it is all its student handed in, so a PDF or a `.py` sent
instead of the notebook is seen, not silently skipped; beside a notebook of the same
student it is a supporting file (data, images, a PDF export) and is left alone. Hidden
files and folders (`.DS_Store`, `.ipynb_checkpoints`, `.git`) and the litter of archive
tools are never submissions.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

from grader.pipeline import layout
from grader.results import SubmissionResult

NOTEBOOK_SUFFIX = ".ipynb"
LITTER = frozenset({"__MACOSX", "Thumbs.db", "desktop.ini", layout.GRADESCOPE_METADATA})
MAX_SAME_AS = 20
"""Copies named on one submission: enough to find the group, and a class of identical
notebooks does not make results.json grow with the square of its size."""


def find_submissions(folder: Path) -> list[Path]:
    """Every submission under the folder, notebooks or not, in a stable order. Anything
    but a folder counts: a symbolic link (to a notebook or a folder, never followed) or a
    named pipe gets its row, refused (reader.refusal), instead of going unseen."""
    files = sorted(p for p in folder.rglob("*")
                   if (p.is_symlink() or not p.is_dir()) and not _ignored(p, folder))
    with_notebook = {_key(student_of(p, folder)) for p in files if is_notebook(p)}
    return [p for p in files
            if is_notebook(p) or _key(student_of(p, folder)) not in with_notebook]


def is_notebook(path: Path) -> bool:
    return path.suffix.lower() == NOTEBOOK_SUFFIX


def student_of(path: Path, folder: Path) -> str:
    """Whose submission this is; the naming rules of each layout live in layout.py."""
    return layout.student_of(path, folder)


def flag_duplicates(results: Sequence[SubmissionResult]) -> list[SubmissionResult]:
    """Mark every row of a student who has more than one (`alice.ipynb` and `Alice.ipynb`,
    two notebooks in one student's folder): each keeps its own grade, and the instructor
    is told which rows to compare. A row that already has a problem keeps its status."""
    rows: dict[str, list[SubmissionResult]] = defaultdict(list)
    for result in results:
        rows[_key(result.student)].append(result)
    flagged = []
    for result in results:
        others = [r.submission for r in rows[_key(result.student)] if r is not result]
        if not others:
            flagged.append(result)
            continue
        note = (f"student {result.student} handed in more than one file (also "
                f"{', '.join(others)}); decide which one counts")
        detail = note if result.detail is None else f"{result.detail}; {note}"
        status = "duplicate" if result.status == "graded" else result.status
        flagged.append(dataclasses.replace(result, status=status, detail=detail))
    return flagged


def flag_copies(results: Sequence[SubmissionResult], fingerprints: Mapping[str, str | None],
                ignore: Collection[str] = ()) -> list[SubmissionResult]:
    """Name on each submission the other students' submissions whose notebook says the
    same (`fingerprints`, by submission: Notebook.fingerprint), up to MAX_SAME_AS of them,
    in the batch's order. Fingerprints in `ignore` are not flagged: students who handed in
    the template unchanged share nothing but the template."""
    groups: dict[str, list[SubmissionResult]] = defaultdict(list)
    for result in results:
        fingerprint = fingerprints.get(result.submission)
        if fingerprint is not None and fingerprint not in ignore:
            groups[fingerprint].append(result)
    flagged = []
    for result in results:
        others: list[str] = []
        for other in groups.get(fingerprints.get(result.submission) or "", ()):
            if len(others) == MAX_SAME_AS:
                break
            if _key(other.student) != _key(result.student):
                others.append(other.submission)
        flagged.append(dataclasses.replace(result, same_as=tuple(others)) if others else result)
    return flagged


def _ignored(path: Path, folder: Path) -> bool:
    return any(part.startswith(".") or part in LITTER
               for part in path.relative_to(folder).parts)


def _key(student: str) -> str:
    """Students are the same whatever the case of their file's name."""
    return student.casefold()
