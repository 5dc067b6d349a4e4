"""Manual grading: the rubric sheet, merging a person's scores, keeping them across re-grades."""

from __future__ import annotations

import csv
import dataclasses
import json
import shutil
from pathlib import Path

import pytest

from grader import manual
from grader.errors import UsageError, UsageErrors, describe_error
from grader.results import BatchResult, PartResult
from tests.conftest import EXAMPLES
from tests.reports.sample import sample_batch
from tests.test_cli import run

RUBRICS = {"proof": "2 points: base case.\n3 points: induction step."}
HEADER = ("student", "part", "score", "comment")


def part(batch: BatchResult, student: str, part_id: str) -> PartResult:
    submission = next(s for s in batch.submissions if s.student == student)
    return next(p for e in submission.exercises for p in e.parts if p.id == part_id)


def sheet(tmp_path: Path, *rows: tuple[str, ...], header: tuple[str, ...] = HEADER) -> Path:
    path = tmp_path / "sheet.csv"
    with path.open("w", newline="", encoding="utf-8") as stream:
        csv.writer(stream).writerows([header, *rows])
    return path


def test_sheet_lists_pending_parts_with_answer_and_rubric(tmp_path):
    path = tmp_path / "manual.csv"
    manual.write_sheet(manual.sheet_rows(sample_batch(), RUBRICS), path)
    rows = list(csv.DictReader(path.open(newline="", encoding="utf-8")))
    assert tuple(rows[0]) == manual.SHEET_COLUMNS
    assert [(r["student"], r["part"], r["max_score"], r["score"], r["answer"], r["rubric"])
            for r in rows] == [("alice", "proof", "5", "", "By induction", RUBRICS["proof"])]


def test_review_adds_flagged_parts_with_the_reason():
    rows = manual.sheet_rows(sample_batch(), RUBRICS, review=True)
    assert [(r.student, r.part, r.verdict) for r in rows] == [
        ("alice", "proof", "pending_manual"), ("bob", "sigmoid_expr", "needs_review")]
    assert rows[1].note.startswith("`sigmoid_expr`: the grader could not read this answer")
    assert rows[1].answer == "x +"


@pytest.mark.parametrize(("rows", "message"), [
    ([("alice", "proof", "7", "")], "row 2: score: expected a number from 0 to 5, got 7"),
    ([("alice", "proof", "-1", "")], "row 2: score: expected a number from 0 to 5, got -1"),
    ([("alice", "proof", "nan", "")], "row 2: score: expected a number from 0 to 5, got nan"),
    ([("alice", "proof", "five", "")],
     "row 2: score: expected a number from 0 to 5, got 'five'"),
    ([("alice", "proof", "", "good")], "row 2: score: expected a number from 0 to 5, got ''"),
    ([("alice", "proof", "", ""), ("zed", "proof", "1", "")],
     "row 3: no submission by student 'zed' in results.json"),
    ([("alice", "lemma", "1", "")], "row 2: no part 'lemma' in results.json"),
    ([("alice", "softmax", "3", "")],
     "row 2: alice's softmax was graded automatically (incorrect); a person grades only "
     "pending_manual, needs_review and error parts"),
    ([("bob", "proof", "1", "")],
     "row 2: bob's proof was graded automatically (missing); a person grades only "
     "pending_manual, needs_review and error parts"),
    ([("alice", "proof", "1", ""), ("alice", "proof", "2", "")],
     "row 3: alice's proof is already scored in row 2"),
])
def test_a_bad_row_is_one_line_naming_it(tmp_path, rows, message):
    path = sheet(tmp_path, *rows)
    with pytest.raises(UsageError) as caught:
        manual.read_sheet(path, sample_batch())
    assert describe_error(caught.value) == f"{path}: {message}"


def test_a_sheet_without_the_score_column_is_refused(tmp_path):
    path = sheet(tmp_path, ("alice", "proof", "1"), header=("student", "part", "points"))
    with pytest.raises(UsageError) as caught:
        manual.read_sheet(path, sample_batch())
    assert describe_error(caught.value) == (
        f"{path}: row 1: expected the columns student, part, score, comment (separated by "
        "commas, semicolons or tabs)")


def test_every_bad_row_is_reported_at_once(tmp_path):
    path = sheet(tmp_path, ("alice", "proof", "7", ""), ("zed", "proof", "1", ""),
                 ("bob", "sigmoid_expr", "1", ""), ("alice", "lemma", "1", ""))
    with pytest.raises(UsageErrors) as caught:
        manual.read_sheet(path, sample_batch())
    assert describe_error(caught.value).splitlines() == [
        f"{path}: row 2: score: expected a number from 0 to 5, got 7",
        f"{path}: row 3: no submission by student 'zed' in results.json",
        f"{path}: row 5: no part 'lemma' in results.json",
    ]


@pytest.mark.parametrize(("delimiter", "score", "expected"), [
    (";", "2,5", 2.5), (";", "4", 4.0), ("\t", "1,25", 1.25), (",", "3.5", 3.5)])
def test_sheets_from_spreadsheets_in_other_languages(tmp_path, delimiter, score, expected):
    path = tmp_path / "sheet.csv"
    with path.open("w", newline="", encoding="utf-8-sig") as stream:
        csv.writer(stream, delimiter=delimiter).writerows(
            [HEADER, ("alice", "proof", score, "Gut, aber kurz.")])
    [scored] = manual.read_sheet(path, sample_batch())
    assert (scored.score, scored.comment) == (expected, "Gut, aber kurz.")


def test_a_score_with_two_commas_is_not_a_number(tmp_path):
    path = sheet(tmp_path, ("alice", "proof", "1,2,3", ""))
    with pytest.raises(UsageError, match="got '1,2,3'"):
        manual.read_sheet(path, sample_batch())


@pytest.mark.parametrize(("score", "verdict"), [
    ("0", "incorrect"), ("2.5", "partial"), ("5", "correct"), ("5.0", "correct")])
def test_verdict_follows_the_score(tmp_path, score, verdict):
    batch = sample_batch()
    scores = manual.read_sheet(sheet(tmp_path, ("alice", "proof", score, "")), batch)
    graded = part(manual.apply(batch, scores), "alice", "proof")
    assert (graded.score, graded.verdict, graded.graded_by) == (float(score), verdict, "person")
    assert graded.feedback == "Graded by a person."


def test_scores_and_comments_merge_into_every_total(tmp_path):
    batch = sample_batch()
    path = sheet(tmp_path, ("alice", "proof", "4", "Induction step is missing the bias."),
                 ("bob", "sigmoid_expr", "2", "Reads fine: x + the rest was cut off."),
                 ("bob", "sigmoid_expr_unused", "", ""))
    merged = manual.apply(batch, manual.read_sheet(path, batch))
    alice, bob = merged.submissions
    assert (alice.score, alice.exercises[0].score) == (6.0, 6.0)
    assert (bob.score, bob.exercises[0].score) == (5.0, 5.0)
    proof = part(merged, "alice", "proof")
    assert proof.feedback == "Induction step is missing the bias."
    assert part(merged, "bob", "sigmoid_expr").verdict == "correct"
    assert part(merged, "alice", "softmax") == part(batch, "alice", "softmax")


def test_a_student_name_a_spreadsheet_would_run_round_trips(tmp_path):
    alice = sample_batch().submissions[0]
    batch = BatchResult("c", "0", (dataclasses.replace(alice, student="=HYPERLINK(1)"),))
    path = tmp_path / "manual.csv"
    manual.write_sheet(manual.sheet_rows(batch, RUBRICS), path)
    row = next(csv.DictReader(path.open(newline="", encoding="utf-8")))
    assert row["student"] == "'=HYPERLINK(1)"
    scores = manual.read_sheet(sheet(tmp_path, (row["student"], "proof", "5", "")), batch)
    assert scores[0].student == "=HYPERLINK(1)"


def test_stored_scores_survive_regrading_while_the_answer_is_unchanged(tmp_path):
    batch = sample_batch()
    scores = manual.read_sheet(sheet(tmp_path, ("alice", "proof", "5", "Complete.")), batch)
    manual.save_scores(tmp_path, scores)
    assert part(manual.keep_scores(batch, tmp_path), "alice", "proof").score == 5.0
    alice = batch.submissions[0]
    proof = part(batch, "alice", "proof")
    changed = dataclasses.replace(proof, answer="By contradiction")
    exercise = dataclasses.replace(alice.exercises[0], parts=(
        *alice.exercises[0].parts[:2], changed))
    regraded = dataclasses.replace(batch, submissions=(
        dataclasses.replace(alice, exercises=(exercise,)), batch.submissions[1]))
    kept = part(manual.keep_scores(regraded, tmp_path), "alice", "proof")
    assert (kept.score, kept.verdict, kept.graded_by) == (0.0, "pending_manual", "grader")
    assert kept.feedback.endswith(manual.CHANGED)


def test_a_later_score_for_a_part_replaces_the_stored_one(tmp_path):
    batch = sample_batch()
    for score in ("1", "3"):
        manual.save_scores(tmp_path, manual.read_sheet(
            sheet(tmp_path, ("alice", "proof", score, "")), batch))
    stored = json.loads((tmp_path / manual.SCORES_FILE).read_text())
    assert [(s["student"], s["part"], s["score"]) for s in stored["scores"]] == [
        ("alice", "proof", 3.0)]


def test_a_damaged_scores_file_is_one_line(tmp_path):
    (tmp_path / manual.SCORES_FILE).write_text('{"schema_version": "1.0", "scores": [{}]}')
    with pytest.raises(UsageError, match="not a manual scores file"):
        manual.load_scores(tmp_path)


def test_round_trip_through_the_console_script(tmp_path):
    subs, out = tmp_path / "subs", tmp_path / "out"
    subs.mkdir()
    for name in ("full_marks", "seed_student"):
        shutil.copy(EXAMPLES / f"{name}.ipynb", subs / f"{name}.ipynb")
    assert run(str(subs), "--out", str(out), "--quiet").returncode == 0

    exported = run("manual", "export", str(out))
    assert exported.returncode == 0, exported.stderr
    rows = list(csv.DictReader((out / "manual.csv").open(newline="", encoding="utf-8")))
    assert {(r["student"], r["part"]) for r in rows} == {
        (s, p) for s in ("full_marks", "seed_student")
        for p in ("collapse_proof", "puppy_or_bagel")}
    assert all(r["answer"] and r["rubric"].startswith(("2 points", "5 points")) for r in rows)

    scores = {("full_marks", "collapse_proof"): "6", ("full_marks", "puppy_or_bagel"): "12",
              ("seed_student", "collapse_proof"): "2"}
    for row in rows:
        row["score"] = scores.get((row["student"], row["part"]), "")
        row["comment"] = "Checked by hand." if row["score"] else ""
    filled = tmp_path / "filled.csv"
    with filled.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    imported = run("manual", "import", str(out), str(filled))
    assert imported.returncode == 0, imported.stderr
    assert "merged 3 scores" in imported.stdout

    def totals() -> dict[str, float]:
        data = json.loads((out / "results.json").read_text())
        return {s["student"]: s["score"] for s in data["submissions"]}

    assert totals() == {"full_marks": 97.0, "seed_student": 53.0}
    assert "### collapse_proof: 6 / 6, correct\n\nChecked by hand." in (
        out / "feedback" / "full_marks.md").read_text()
    # A new version of seed_student's proof: its old score no longer applies.
    notebook = json.loads((subs / "seed_student.ipynb").read_text())
    cells = notebook["cells"]
    heading = next(i for i, c in enumerate(cells)
                   if "".join(c["source"]).startswith("## collapse_proof"))
    cells[heading + 1]["source"] = "A different proof."
    (subs / "seed_student.ipynb").write_text(json.dumps(notebook))
    assert run(str(subs), "--out", str(out), "--quiet").returncode == 0
    assert totals() == {"full_marks": 97.0, "seed_student": 51.0}

    bad = sheet(tmp_path, ("full_marks", "puppy_or_bagel", "16", ""),
                ("nobody", "puppy_or_bagel", "1", ""))
    refused = run("manual", "import", str(out), str(bad))
    assert refused.returncode == 2
    assert refused.stderr == (f"grade: error: {bad}: row 2: score: expected a number from 0 "
                              f"to 15, got 16\ngrade: error: {bad}: row 3: no submission by "
                              "student 'nobody' in results.json\n")


@pytest.mark.parametrize(("args", "message"), [
    (["manual"], "grade manual: error: the following arguments are required: ACTION"),
    (["manual", "export"], "grade manual export: error: the following arguments are "
     "required: OUT"),
    (["manual", "grade", "out"], "grade manual: error: argument ACTION: invalid choice: "
     "'grade' (choose from 'export', 'import')"),
])
def test_usage_errors_are_one_line(args, message):
    done = run(*args)
    assert (done.returncode, done.stderr) == (2, message + "\n")
