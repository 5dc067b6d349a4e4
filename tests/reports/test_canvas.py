"""Canvas gradebook CSV: the golden file, the import format, matching students to a roster."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import subprocess
from pathlib import Path

import pytest

from grader.errors import UsageError, describe_error
from grader.reports import canvas, results_json
from grader.results import BatchResult
from tests.reports.sample import sample_batch
from tests.test_cli import run

ROSTER = """\
Student,ID,SIS User ID,SIS Login ID,Section,Homework 1 (111)
Points Possible,,,,,10
"Liddell, Alice",1001,S1001,alice@uni.edu,Section 1,
"Builder, Bob",1002,S1002,bob,Section 2,
"Carroll, Lewis",1003,S1003,lcarroll,Section 1,
"""


def roster(tmp_path: Path, text: str = ROSTER) -> tuple[canvas.RosterRow, ...]:
    path = tmp_path / "roster.csv"
    path.write_text(text, encoding="utf-8")
    return canvas.read_roster(path)


def check_import_format(text: str) -> list[list[str]]:
    """What Canvas's gradebook import reads: its five identity columns then the assignment
    `Name (id)`, a Points Possible row, then a number of points per student."""
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assert len(rows[0]) == 6 and re.fullmatch(r".+ \(\d+\)", rows[0][5])
    assert rows[1][0] == "Points Possible" and float(rows[1][5]) > 0
    for row in rows[2:]:
        assert len(row) == 6 and row[0] and re.fullmatch(r"\d+", row[1])
        assert 0 <= float(row[5]) <= float(rows[1][5])
    return rows


def test_gradebook_csv_golden(tmp_path, golden):
    matching = canvas.match(sample_batch(), roster(tmp_path))
    text = canvas.gradebook_csv(matching, "Homework 1", "111", 10)
    check_import_format(text)
    golden("canvas.csv", text)
    assert [r.student for r in matching.no_submission] == ["Carroll, Lewis"]


def test_a_header_without_an_id_makes_a_new_assignment(tmp_path):
    text = canvas.gradebook_csv(canvas.match(sample_batch(), roster(tmp_path)), "HW", None, 10)
    assert text.splitlines()[0] == "Student,ID,SIS User ID,SIS Login ID,Section,HW"


@pytest.mark.parametrize(("student", "submission", "expected"), [
    ("alice", "alice.ipynb", "Liddell, Alice"),                  # login before the @
    ("alice@uni.edu", "a/hw.ipynb", "Liddell, Alice"),           # whole login
    ("1002", "1002.ipynb", "Builder, Bob"),                      # Canvas ID
    ("S1003", "S1003.ipynb", "Carroll, Lewis"),                  # SIS User ID
    ("builderbob", "builderbob.ipynb", "Builder, Bob"),          # Canvas's download key
    ("someone", "builderbob_1002_555_hw.ipynb", "Builder, Bob"),  # user id in the file name
    ("liddellalice", "liddellalice_late_1001_9_hw-1.ipynb", "Liddell, Alice"),
    ("zed", "zed.ipynb", None),
])
def test_students_are_matched_to_the_roster(tmp_path, student, submission, expected):
    alice = sample_batch().submissions[0]
    batch = BatchResult("c", "0", (dataclasses.replace(alice, student=student,
                                                       submission=submission),))
    canvas_ids = {"builderbob_1002_555_hw.ipynb": "1002",
                  "liddellalice_late_1001_9_hw-1.ipynb": "1001"}
    matching = canvas.match(batch, roster(tmp_path), canvas_ids)
    assert [r.student for r, _ in matching.pairs] == ([expected] if expected else [])
    assert len(matching.not_in_roster) == (0 if expected else 1)


def test_two_roster_rows_that_fit_one_student_are_not_guessed(tmp_path):
    rows = roster(tmp_path, "Student,ID\n\"Smith, Ann\",1\n\"Smith, Ann\",2\n")
    alice = sample_batch().submissions[0]
    batch = BatchResult("c", "0", (dataclasses.replace(alice, student="smithann"),))
    matching = canvas.match(batch, rows)
    assert (matching.pairs, matching.no_submission) == ((), ())
    assert [r.id for r in matching.ambiguous[0][1]] == ["1", "2"]


@pytest.mark.parametrize(("text", "message"), [
    ("Name,Email\nAlice,a@b\n", "row 1: expected the columns Student and ID (or SIS User ID, "
     "SIS Login ID), as in a Canvas gradebook export"),
    ("Student,ID\n\"Liddell, Alice\",\n", "row 2: expected a Student and an ID"),
])
def test_a_bad_roster_is_one_line(tmp_path, text, message):
    with pytest.raises(UsageError) as caught:
        roster(tmp_path, text)
    assert describe_error(caught.value) == f"{tmp_path / 'roster.csv'}: {message}"


def export(out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run("export", "canvas", str(out), *args, cwd=out)


def test_export_command(tmp_path, golden):
    results_json.write(sample_batch(), tmp_path / "results.json")
    (tmp_path / "roster.csv").write_text(ROSTER)
    done = export(tmp_path, "--roster", "roster.csv", "--assignment", "Homework 1",
                  "--assignment-id", "111")
    assert done.returncode == 0, done.stderr
    golden("canvas.csv", (tmp_path / "canvas.csv").read_text())
    assert done.stderr.splitlines() == [
        "grade: warning: 1 in the roster with no submission: Carroll, Lewis (ID 1003)",
        "grade: warning: 2 with parts still waiting for a person (exported as graded so far; "
        "run grade manual export): alice; bob",
    ]


def test_export_reports_students_the_roster_lacks(tmp_path):
    results_json.write(sample_batch(), tmp_path / "results.json")
    (tmp_path / "roster.csv").write_text(ROSTER.replace("bob,", "bbuilder,"))
    done = export(tmp_path, "--roster", "roster.csv")
    assert done.returncode == 1
    assert ("grade: warning: 1 not in the roster (no row written): bob (bob/hw.ipynb)"
            in done.stderr)
    header = (tmp_path / "canvas.csv").read_text().splitlines()[0]
    assert header.endswith(",Sample course")  # no course here: the results' course title


@pytest.mark.parametrize(("table", "flags", "column"), [
    ('assignment = "HW 3"\nassignment_id = 4242\n', [], "HW 3 (4242)"),
    ('assignment = "HW 3"\nassignment_id = "4242"\n', ["--assignment-id", "77"], "HW 3 (77)"),
    ('assignment = "HW 3"\n', ["--assignment", "Homework three"], "Homework three"),
    ("", [], "Sample course"),
])
def test_the_assignment_comes_from_grader_toml_and_flags_override_it(tmp_path, table, flags,
                                                                      column):
    results_json.write(sample_batch(), tmp_path / "results.json")
    (tmp_path / "roster.csv").write_text(ROSTER)
    (tmp_path / "grader.toml").write_text(f"[canvas]\n{table}")
    done = export(tmp_path, "--roster", "roster.csv", "--course", str(tmp_path), *flags)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "canvas.csv").read_text().splitlines()[0].split(",", 5)[5] == column


def test_a_bad_assignment_setting_is_one_line(tmp_path):
    results_json.write(sample_batch(), tmp_path / "results.json")
    (tmp_path / "roster.csv").write_text(ROSTER)
    (tmp_path / "grader.toml").write_text("[canvas]\nassignment_id = true\n")
    done = export(tmp_path, "--roster", "roster.csv", "--course", str(tmp_path))
    assert (done.returncode, done.stderr) == (
        2, f"grade: error: {tmp_path / 'grader.toml'}: canvas.assignment_id: expected a "
        "string\n")


def test_export_matches_canvas_downloads_by_their_user_id(tmp_path):
    alice = sample_batch().submissions[0]
    renamed = dataclasses.replace(alice, student="bobby",
                                  submission="bobby_1002_555_homework.ipynb")
    results_json.write(BatchResult("c", "0", (renamed,)), tmp_path / "results.json")
    (tmp_path / "roster.csv").write_text(ROSTER)
    assert export(tmp_path, "--roster", "roster.csv").returncode == 0
    assert (tmp_path / "canvas.csv").read_text().splitlines()[2] == (
        '"Builder, Bob",1002,S1002,bob,Section 2,5')


CANVAS_FILES = ("liddellalice_1001_50_homework.ipynb",
                "liddellalice_LATE_1001_70_homework.ipynb",
                "liddellalice_1001_90_homework-1.ipynb",
                "builderbob_1002_60_homework.ipynb")
"""Alice handed in three times: on time, late (a newer attempt), and a re-upload of the
on-time file (`-1`, but not late, so older than the late one)."""


def test_one_row_per_canvas_id_the_newest_kept_the_others_named(tmp_path):
    alice, bob = sample_batch().submissions
    rows = tuple(dataclasses.replace(bob if name.startswith("builder") else alice,
                                     submission=name, student=name.split("_")[0],
                                     score=float(index))
                 for index, name in enumerate(CANVAS_FILES))
    results_json.write(BatchResult("c", "0", rows), tmp_path / "results.json")
    (tmp_path / "roster.csv").write_text(ROSTER)
    done = export(tmp_path, "--roster", "roster.csv")
    assert done.returncode == 1
    lines = (tmp_path / "canvas.csv").read_text().splitlines()[2:]
    assert lines == ['"Liddell, Alice",1001,S1001,alice@uni.edu,Section 1,1',
                     '"Builder, Bob",1002,S1002,bob,Section 2,3']
    assert ("grade: warning: 2 older submissions left out (one row per Canvas ID; the "
            "newest kept): liddellalice (liddellalice_1001_50_homework.ipynb; kept "
            "liddellalice_LATE_1001_70_homework.ipynb); liddellalice "
            "(liddellalice_1001_90_homework-1.ipynb; kept "
            "liddellalice_LATE_1001_70_homework.ipynb)") in done.stderr.splitlines()


def test_without_canvas_names_the_later_submission_is_kept(tmp_path):
    alice = sample_batch().submissions[0]
    first = dataclasses.replace(alice, submission="a/alice.ipynb", score=1.0)
    second = dataclasses.replace(alice, submission="b/alice.ipynb", score=2.0)
    matching = canvas.match(BatchResult("c", "0", (first, second)), roster(tmp_path))
    assert [result.score for _, result in matching.pairs] == [2.0]
    assert matching.superseded == ((first, second),)
