"""Students are named by the layouts instructors download: flat, per folder, Canvas, Gradescope."""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.pipeline import find_submissions, student_of
from grader.pipeline.layout import CanvasName, parse_canvas


@pytest.mark.parametrize(("relative", "student"), [
    ("alice.ipynb", "alice"),
    ("alice/homework.ipynb", "alice"),
    ("alice/late/homework.ipynb", "alice"),
    ("smithjohn_12345_67890_homework.ipynb", "smithjohn"),
    ("smithjohn_LATE_12345_67890_homework-1.ipynb", "smithjohn"),
    ("oconnor-maryjane_late_1_2_hw_final.ipynb", "oconnor-maryjane"),
    ("smith_john.ipynb", "smith_john"),
    ("smithjohn_12345_homework.ipynb", "smithjohn_12345_homework"),
    ("submission_999/anything.ipynb", "submission_999"),
    ("submissions_999/anything.ipynb", "submissions_999"),
])
def test_student_names(tmp_path, relative, student):
    assert student_of(tmp_path / relative, tmp_path) == student


@pytest.mark.parametrize(("name", "parsed"), [
    ("smithjohn_12345_67890_homework.ipynb",
     CanvasName("smithjohn", "12345", "67890", False, "homework.ipynb")),
    ("smithjohn_LATE_12345_67890_my_hw-2.ipynb",
     CanvasName("smithjohn", "12345", "67890", True, "my_hw-2.ipynb")),
    ("homework.ipynb", None),
    ("smithjohn_x_67890_homework.ipynb", None),
])
def test_parse_canvas(name, parsed):
    assert parse_canvas(name) == parsed


METADATA = """\
submission_111:
  :submitters:
  - :name: Jane Doe
    :sid: '42'
    :email: jane@example.edu
  :created_at: 2024-01-01 10:00:00.000000000 -08:00
  :score: 0.0
submission_222:
  :submitters:
  - :name: Raj Patel
    :sid: ''
    :email:
  - :name: Li Wei
    :sid: '7'
    :email:
submission_333:
  :submitters: []
"""


def test_gradescope_export(tmp_path):
    export = tmp_path / "export"
    for folder in ("submission_111", "submission_222", "submission_333", "submission_444"):
        (export / folder).mkdir(parents=True)
        (export / folder / "homework.ipynb").write_text("{}")
    (export / "submission_metadata.yml").write_text(METADATA)
    found = {p.parent.name: student_of(p, export) for p in find_submissions(export)}
    assert found == {
        "submission_111": "jane@example.edu",
        "submission_222": "Raj Patel+7",
        "submission_333": "submission_333",
        "submission_444": "submission_444",
    }


@pytest.mark.parametrize("text", ["[unclosed", "just text", "submission_1: 3\n"])
def test_unreadable_gradescope_metadata_falls_back_to_folders(tmp_path, text):
    (tmp_path / "submission_1").mkdir()
    (tmp_path / "submission_metadata.yml").write_text(text)
    assert student_of(tmp_path / "submission_1" / "hw.ipynb", tmp_path) == "submission_1"


def test_relative_and_absolute_folders_agree(tmp_path, monkeypatch):
    (tmp_path / "submission_5").mkdir()
    (tmp_path / "submission_metadata.yml").write_text(
        "submission_5:\n  :submitters:\n  - :email: a@b.c\n")
    monkeypatch.chdir(tmp_path)
    assert student_of(Path("submission_5/hw.ipynb"), Path(".")) == "a@b.c"


@pytest.mark.parametrize(("submission", "rank"), [
    ("smithjohn_12345_67890_homework.ipynb", (False, 0, 67890)),
    ("smithjohn_LATE_12345_67891_homework.ipynb", (True, 0, 67891)),
    ("smithjohn_12345_67892_homework-2.ipynb", (False, 2, 67892)),
    ("smithjohn_12345_67893_my-homework.ipynb", (False, 0, 67893)),
    ("alice.ipynb", (False, 0, 0)),
    ("alice/homework-3.ipynb", (False, 0, 0)),
])
def test_recency_from_canvas_names(submission, rank):
    from grader.pipeline.layout import recency

    assert recency(submission) == rank
