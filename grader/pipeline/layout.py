"""Whose notebook is this? The naming rules of the folders instructors download.

A student is identified by file name by default. The layouts LMSs produce are recognised
as they are, with no option to set:

- a flat folder: `alice.ipynb` is `alice`;
- one folder per student: `alice/homework.ipynb` is `alice`;
- Canvas's download: `lastnamefirstname_12345_67890_homework.ipynb` (user id, submission
  id, the uploaded file's name), late ones `lastnamefirstname_LATE_12345_67890_...`, is
  `lastnamefirstname`;
- Gradescope's export: a folder per submission, `submission_123456/`, and beside them
  `submission_metadata.yml` naming each submission's submitters; the student is the
  submitter's email (else SID, else name), group members joined by `+`. Without the
  metadata file the folder's name is used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

GRADESCOPE_METADATA = "submission_metadata.yml"
GRADESCOPE_FOLDER = re.compile(r"^submission_\d+$")
CANVAS_NAME = re.compile(
    r"^(?P<student>[^_]+?)(?P<late>_late)?_(?P<user_id>\d+)_(?P<submission_id>\d+)_"
    r"(?P<original>.+)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class CanvasName:
    """The parts of a file name from Canvas's "Download Submissions"."""

    student: str
    """Canvas's key for the student: last and first name, lower case, no spaces."""
    user_id: str
    """The student's Canvas user id (the `ID` column of a gradebook export)."""
    submission_id: str
    late: bool
    original: str
    """The name the student gave the file, as Canvas kept it (`-1`, `-2` for resubmissions)."""


def parse_canvas(file_name: str) -> CanvasName | None:
    """A Canvas download's file name taken apart, or None for any other name."""
    match = CANVAS_NAME.match(file_name)
    if match is None:
        return None
    return CanvasName(match["student"], match["user_id"], match["submission_id"],
                      bool(match["late"]), match["original"])


def recency(submission: str) -> tuple[bool, int, int]:
    """How recent a submission is among one student's, from its file name alone (higher
    is newer): Canvas marks a hand-in after the due date `_LATE_`, numbers a re-upload of a
    file of the same name `-1`, `-2`, and gives later submissions higher ids. Any other
    name says nothing: (False, 0, 0)."""
    canvas = parse_canvas(Path(submission).name)
    if canvas is None:
        return False, 0, 0
    stem = Path(canvas.original).stem
    number = stem.rsplit("-", 1)[1] if "-" in stem else ""
    again = int(number) if number.isascii() and number.isdigit() and len(number) <= 6 else 0
    return canvas.late, again, int(canvas.submission_id[:18])


def student_of(path: Path, folder: Path) -> str:
    """The student who handed in `path`, found under the submissions `folder`."""
    relative = path.relative_to(folder)
    top = relative.parts[0]
    if len(relative.parts) > 1:
        if GRADESCOPE_FOLDER.match(top):
            return gradescope_students(folder.resolve()).get(top, top)
        return top
    canvas = parse_canvas(path.name)
    return canvas.student if canvas is not None else path.stem


@cache
def gradescope_students(folder: Path) -> dict[str, str]:
    """Submission folder name -> student, from the export's metadata file (read once).

    A metadata file that cannot be read is not an error: the folders' own names still tell
    submissions apart, and the instructor sees them in the results.
    """
    path = folder / GRADESCOPE_METADATA
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    if not isinstance(data, dict):
        return {}
    students = {}
    for name, entry in data.items():
        submitters = _field(entry, "submitters")
        if not isinstance(submitters, list):
            continue
        ids = [_identity(s) for s in submitters]
        if ids and all(ids):
            students[str(name)] = "+".join(ids)  # type: ignore[arg-type]
    return students


def _identity(submitter: Any) -> str | None:
    for key in ("email", "sid", "name"):
        value = _field(submitter, key)
        if value not in (None, ""):
            return str(value).strip()
    return None


def _field(entry: Any, key: str) -> Any:
    """Gradescope writes Ruby-style keys (`:submitters:` loads as ':submitters')."""
    if not isinstance(entry, dict):
        return None
    return entry.get(f":{key}", entry.get(key))
