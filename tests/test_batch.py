"""Batches: the same results, in the same order, whatever the number of worker processes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from grader.pipeline import grade_folder
from grader.results import to_dict
from tests.conftest import EXAMPLES


@pytest.fixture(scope="module")
def one_job(gradebook):
    return grade_folder(EXAMPLES, gradebook)


def test_parallel_grading_gives_identical_results(gradebook, one_job):
    seen: list[str] = []
    parallel = grade_folder(EXAMPLES, gradebook, on_result=lambda r: seen.append(r.submission),
                            jobs=2)
    assert to_dict(parallel) == to_dict(one_job)
    assert [s.submission for s in parallel.submissions] == sorted(
        p.name for p in EXAMPLES.glob("*.ipynb"))
    assert sorted(seen) == [s.submission for s in parallel.submissions]


def test_students_follow_the_layout(gradebook, tmp_path):
    folder = tmp_path / "canvas"
    folder.mkdir()
    shutil.copy(EXAMPLES / "blank.ipynb", folder / "smithjohn_LATE_12_34_homework.ipynb")
    shutil.copy(EXAMPLES / "blank.ipynb", folder / "doejane_56_78_homework-1.ipynb")
    batch = grade_folder(folder, gradebook)
    assert [(s.submission, s.student) for s in batch.submissions] == [
        ("doejane_56_78_homework-1.ipynb", "doejane"),
        ("smithjohn_LATE_12_34_homework.ipynb", "smithjohn"),
    ]


def test_paths_limit_what_is_graded(gradebook):
    paths = [EXAMPLES / "blank.ipynb", Path(EXAMPLES / "full_marks.ipynb")]
    batch = grade_folder(EXAMPLES, gradebook, paths=paths)
    assert [s.student for s in batch.submissions] == ["blank", "full_marks"]
