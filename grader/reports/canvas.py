"""Canvas: the gradebook CSV that "Import" in a Canvas gradebook takes, matched to a roster.

Canvas matches imported rows to students by `ID` (then SIS ids), and reads the assignment
from a column headed `Name (assignment id)`; a header with no id creates a new assignment.
The `Points Possible` row under the header sets the assignment's maximum.

The roster is a CSV with Canvas's own first columns, `Student`, `ID`, `SIS User ID`,
`SIS Login ID`, `Section`: a gradebook export from Canvas serves as it is. `Student` and
one id column are required. A student in the results is matched to a roster row by, in
turn: the Canvas user id in a Canvas download's file name (found by the caller, who knows
the submission layouts); the student equal to `ID`,
`SIS User ID` or `SIS Login ID` (or the login's part before `@`); or the student equal to
Canvas's download key for the name (`Doe, Jane` is `doejane`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from grader.errors import UsageError
from grader.reports.newest import keep_newest
from grader.results import BatchResult, SubmissionResult

ROSTER_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
ID_COLUMNS = ROSTER_COLUMNS[1:4]
POINTS_ROW = "Points Possible"


@dataclass(frozen=True)
class RosterRow:
    student: str
    """Canvas's sortable name, `Last, First`."""
    id: str
    sis_user_id: str
    sis_login_id: str
    section: str
    row: int
    """The row's number in the roster file (the header is row 1), for messages."""

    @property
    def keys(self) -> tuple[str, ...]:
        login = self.sis_login_id.split("@", 1)[0]
        ids = (self.id, self.sis_user_id, self.sis_login_id, login)
        return tuple(k for k in (*ids, download_key(self.student)) if k)


@dataclass(frozen=True)
class Matching:
    """Who in the results is who in the roster, and who is on only one side."""

    pairs: tuple[tuple[RosterRow, SubmissionResult], ...]
    not_in_roster: tuple[SubmissionResult, ...]
    """Graded submissions with no roster row: their scores cannot be imported."""
    no_submission: tuple[RosterRow, ...]
    """Roster students with nothing graded: their Canvas grade is left as it is."""
    ambiguous: tuple[tuple[SubmissionResult, tuple[RosterRow, ...]], ...] = ()
    """Submissions that fit more than one roster row: left out rather than guessed."""
    superseded: tuple[tuple[SubmissionResult, SubmissionResult], ...] = ()
    """(left out, kept instead): a student's older submissions, when a roster row matched
    several; Canvas takes one row per ID."""


def download_key(name: str) -> str:
    """Canvas's key for a student in "Download Submissions" file names: `doejane`."""
    return "".join(ch for ch in name.lower() if ch.isalnum())


def read_roster(path: Path) -> tuple[RosterRow, ...]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as stream:
            reader = csv.DictReader(stream)
            records = list(reader)
            header = [h.strip() for h in reader.fieldnames or []]
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise UsageError(str(path), f"cannot read the roster ({error})") from None
    if "Student" not in header or not set(ID_COLUMNS) & set(header):
        raise UsageError(f"{path}: row 1", "expected the columns Student and ID (or SIS "
                         "User ID, SIS Login ID), as in a Canvas gradebook export")
    rows = []
    for number, record in enumerate(records, start=2):
        cells = {k.strip(): (v or "").strip() for k, v in record.items() if k}
        student, id_, sis_user, sis_login, section = (cells.get(c, "") for c in ROSTER_COLUMNS)
        row = RosterRow(student, id_, sis_user, sis_login, section, row=number)
        if row.student.startswith(POINTS_ROW) or not (row.student or row.id):
            continue  # Canvas's own Points Possible (or Muted) row
        if not row.student or not (row.id or row.sis_user_id or row.sis_login_id):
            raise UsageError(f"{path}: row {number}", "expected a Student and an ID")
        rows.append(row)
    return tuple(rows)


def match(batch: BatchResult, roster: Sequence[RosterRow],
          user_ids: Mapping[str, str] | None = None,
          rank: Callable[[SubmissionResult], Any] | None = None) -> Matching:
    """`user_ids`: Canvas user ids by submission, read from Canvas download file names.
    `rank`: how recent a submission is (higher is newer; default: later in the batch),
    to keep one per roster row."""
    user_ids = user_ids or {}
    order = {result.submission: index for index, result in enumerate(batch.submissions)}
    rank = rank or (lambda result: order[result.submission])
    by_key: dict[str, list[RosterRow]] = {}
    for row in roster:
        for key in dict.fromkeys(k.lower() for k in row.keys):
            by_key.setdefault(key, []).append(row)
    pairs, not_in_roster, ambiguous = [], [], []
    for result in batch.submissions:
        found = _candidates(result, user_ids.get(result.submission), roster, by_key)
        if len(found) == 1:
            pairs.append((found[0], result))
        elif found:
            ambiguous.append((result, tuple(found)))
        else:
            not_in_roster.append(result)
    matched = {id(row) for row, _ in pairs} | {id(r) for _, rows in ambiguous for r in rows}
    kept, dropped = keep_newest(pairs, key=lambda pair: id(pair[0]),
                                rank=lambda pair: rank(pair[1]))
    return Matching(tuple(kept), tuple(not_in_roster),
                    tuple(r for r in roster if id(r) not in matched), tuple(ambiguous),
                    tuple((old[1], new[1]) for old, new in dropped))


def gradebook_csv(matching: Matching, assignment: str, assignment_id: str | None,
                  points_possible: float) -> str:
    """The import file: the header, the Points Possible row, one row per matched student."""
    column = f"{assignment} ({assignment_id})" if assignment_id else assignment
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*ROSTER_COLUMNS, column])
    writer.writerow([POINTS_ROW, "", "", "", "", f"{points_possible:g}"])
    for row, result in sorted(matching.pairs, key=lambda pair: pair[0].row):
        writer.writerow([row.student, row.id, row.sis_user_id, row.sis_login_id, row.section,
                         f"{result.score:g}"])
    return out.getvalue()


def _candidates(result: SubmissionResult, user_id: str | None, roster: Sequence[RosterRow],
                by_key: dict[str, list[RosterRow]]) -> list[RosterRow]:
    by_id = [r for r in roster if user_id and r.id == user_id]
    return by_id or by_key.get(result.student.lower()) or by_key.get(
        download_key(result.student), [])
