"""The grader's own faults stay in the part (or submission) they happen on.

A check that raises is the grader's bug, not the student's: that part is `error` with a
note for a person, every other part and submission is graded, results.json is written,
the traceback goes to OUT/grader-errors.log and the exit code says someone must look.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest

from grader.checks.symbolic import SymbolicCheck
from grader.cli import main
from grader.pipeline import grade_folder, submission
from grader.pipeline.faults import FAULT_FEEDBACK, GraderFault
from grader.reports.grader_errors import summary_line
from tests.conftest import EXAMPLES, ROOT


def parts_of(row: dict) -> dict[str, dict]:
    return {p["id"]: p for e in row["exercises"] for p in e["parts"]}


@pytest.fixture
def two_students(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("full_marks.ipynb", "seed_student.ipynb"):
        shutil.copy(EXAMPLES / name, folder / name)
    return folder


@pytest.fixture
def broken_grad_z1(monkeypatch: pytest.MonkeyPatch) -> None:
    real = SymbolicCheck.grade

    def grade(self, answer):
        if self.name == "grad_z1":
            raise RuntimeError("injected fault in the symbolic check")
        return real(self, answer)

    monkeypatch.setattr(SymbolicCheck, "grade", grade)


def test_a_fault_in_one_check_costs_only_that_part(two_students, tmp_path, broken_grad_z1,
                                                   capsys):
    out = tmp_path / "out"
    code = main([str(two_students), "--out", str(out), "--course", str(ROOT), "--quiet"])
    printed = capsys.readouterr().out
    assert code == 1
    assert "2 parts hit a grader fault: see" in printed and "grader-errors.log" in printed
    results = json.loads((out / "results.json").read_text())
    assert [r["status"] for r in results["submissions"]] == ["graded", "graded"]
    full = parts_of(results["submissions"][0])
    assert full["grad_z1"]["verdict"] == "error"
    assert full["grad_z1"]["feedback"] == FAULT_FEEDBACK
    assert full["grad_z1"]["detail"] == "RuntimeError: injected fault in the symbolic check"
    assert full["grad_z2"]["verdict"] == "correct" and full["softmax"]["verdict"] == "correct"
    assert all("detail" not in p for k, p in full.items() if k != "grad_z1")
    log = (out / "grader-errors.log").read_text()
    assert log.count("Traceback (most recent call last)") == 2
    assert "=== full_marks.ipynb: part grad_z1" in log and "injected fault" in log
    for student in (out / "feedback").glob("*.md"):  # students never see the traceback
        text = student.read_text()
        assert "Traceback" not in text and "RuntimeError" not in text


def test_without_faults_there_is_no_log_and_no_detail(two_students, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "grader-errors.log").write_text("from an earlier run")
    main([str(two_students), "--out", str(out), "--course", str(ROOT), "--quiet"])
    assert "grader fault" not in capsys.readouterr().out
    assert not (out / "grader-errors.log").exists()
    assert '"detail": null,\n              "graded_by"' not in (out / "results.json").read_text()


def test_a_fault_that_ends_a_submission_costs_only_that_submission(
        gradebook, two_students, monkeypatch):
    real = submission._grade_read

    def grade_read(notebook, book, name, student, isolation):
        if name == "seed_student.ipynb":
            raise KeyError("injected")
        return real(notebook, book, name, student, isolation)

    monkeypatch.setattr(submission, "_grade_read", grade_read)
    faults: list[GraderFault] = []
    batch = grade_folder(two_students, gradebook, on_fault=faults.append)
    rows = {r.submission: r for r in batch.submissions}
    assert rows["full_marks.ipynb"].status == "graded"
    assert rows["seed_student.ipynb"].status == "error"
    assert "the grader failed on this submission (KeyError: 'injected')" in (
        rows["seed_student.ipynb"].detail or "")
    assert [(f.submission, f.part) for f in faults] == [("seed_student.ipynb", None)]


def test_reading_a_notebook_for_names_may_fail_and_grading_goes_on(
        gradebook, two_students, monkeypatch):
    def fail(notebook, course):
        raise ValueError("reader broke")

    monkeypatch.setattr(submission, "names_to_collect", fail)
    faults: list[GraderFault] = []
    batch = grade_folder(two_students, gradebook, on_fault=faults.append)
    full = batch.submissions[0]
    assert full.status == "graded" and full.score == 79  # the part names are still collected
    assert {f.part for f in faults} == {None} and len(faults) == 2


def test_manual_export_lists_faulted_parts_and_import_takes_a_score(
        two_students, tmp_path, broken_grad_z1, capsys):
    out = tmp_path / "out"
    main([str(two_students), "--out", str(out), "--course", str(ROOT), "--quiet"])
    assert main(["manual", "export", str(out), "--review", "--course", str(ROOT)]) == 0
    sheet = (out / "manual.csv").read_text().splitlines()
    faulted = [line for line in sheet if ",grad_z1," in line]
    assert len(faulted) == 2 and all("The grader failed on this answer" in f for f in faulted)
    header = sheet[0].split(",")
    rows = [header]
    import csv
    import io

    reader = list(csv.DictReader(io.StringIO((out / "manual.csv").read_text())))
    for row in reader:
        row["score"] = row["max_score"] if row["part"] == "grad_z1" else ""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=reader[0].keys())
    writer.writeheader()
    writer.writerows(r for r in reader if r["part"] == "grad_z1")
    (tmp_path / "scores.csv").write_text(buffer.getvalue())
    assert rows and main(["manual", "import", str(out), str(tmp_path / "scores.csv")]) == 0
    results = json.loads((out / "results.json").read_text())
    grad = parts_of(results["submissions"][0])["grad_z1"]
    assert (grad["verdict"], grad["graded_by"], grad["score"]) == ("correct", "person", 9)


@pytest.mark.parametrize(("parts", "whole", "line"), [
    (0, 0, None),
    (1, 0, "1 part hits a grader fault: see LOG"),
    (2, 1, "2 parts and 1 submission hit a grader fault: see LOG"),
    (0, 3, "3 submissions hit a grader fault: see LOG"),
])
def test_summary_line(parts, whole, line):
    faults = ([GraderFault("a", "p", "E: x", "tb")] * parts
              + [GraderFault("a", None, "E: x", "tb")] * whole)
    assert summary_line(faults, "LOG") == line


def test_student_errors_are_ordinary_wrong_answers(gradebook, tmp_path):
    """A NameError in the student's function is `incorrect` with the failing call, and a
    SyntaxError says so in the part's feedback, with its line; neither needs a person."""
    cells = [
        "import numpy as np",
        "def sigmoid_derivative(x):\n    return undefined_helper(x)",
        "def softmax(z):\n    e = np.exp(z - np.max(z)\n    return e / e.sum()",
        "relu_derivative = lambda x: (np.asarray(x) > 0).astype(float)",
    ]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    (tmp_path / "s.ipynb").write_text(nbformat.writes(notebook))
    row = grade_folder(tmp_path, gradebook).submissions[0]
    got = {p.id: p for e in row.exercises for p in e.parts}
    sigmoid = got["sigmoid_derivative"]
    assert sigmoid.verdict == "incorrect"
    assert "sigmoid_derivative(" in sigmoid.feedback and "raised NameError" in sigmoid.feedback
    softmax = got["softmax"]
    assert softmax.verdict == "missing"
    assert "Cell 2, which mentions `softmax`, could not run at all: SyntaxError" in (
        softmax.feedback)
    assert "(line 2)" in softmax.feedback
    assert got["relu_derivative"].verdict == "correct"
    assert row.status == "graded"
    assert not any(p.verdict in ("error", "needs_review") for p in got.values()
                   if p.kind != "manual")


def test_grade_check_guards_every_part(broken_grad_z1, capsys):
    code = main(["check", str(EXAMPLES / "full_marks.ipynb"), "--all", "--course", str(ROOT)])
    printed = capsys.readouterr().out
    assert code == 1
    assert FAULT_FEEDBACK in printed and "RuntimeError" not in printed
    assert "sigmoid_derivative" in printed


def test_the_gradescope_runner_guards_every_part(broken_grad_z1, tmp_path, capsys):
    from grader.autograder.run import grade_upload

    upload = tmp_path / "submission"
    upload.mkdir()
    shutil.copy(EXAMPLES / "full_marks.ipynb", upload / "homework.ipynb")
    data = grade_upload(upload, ROOT)
    grad = next(t for t in data["tests"] if t["name"].endswith(": grad_z1"))
    assert grad["score"] == 0 and grad["tags"] == ["grader_error"]
    assert grad["output"].startswith("Waiting for your instructor")
    printed = capsys.readouterr().out  # Gradescope shows this to instructors only
    assert "injected fault" in printed and "parts for a person: grad_z1" in printed
    assert data["extra_data"]["grader_faults"] == {
        "grad_z1": "RuntimeError: injected fault in the symbolic check"}
    assert "injected fault" not in json.dumps(data["tests"]) + data["output"]
