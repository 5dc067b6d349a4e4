"""Submissions are files handed in: links are refused, copies are named.

Beside a victim (the full-marks sample, `alice.ipynb`): `mallory.ipynb` links to the
course's solved notebook, `trudy.ipynb` to alice's, `oscar/` to a folder of hers;
`copycat.ipynb` is alice's notebook run again and saved by another Jupyter (other outputs,
metadata and cell ids); `blank_1` and `blank_2` are the course's template, unchanged.
The links get rows of their own and earn nothing, the copy is named on both rows, the
template is not, and the batch is the same bytes with one grading process or two.
"""

from __future__ import annotations

import dataclasses
import uuid
from pathlib import Path

import nbformat
import pytest

from grader.pipeline import Gradebook, grade_folder
from grader.pipeline.workers import LocalWorkers
from grader.reports import feedback, results_json
from grader.results import BatchResult, SubmissionResult
from tests.adversarial.conftest import by_name, same_rows
from tests.adversarial.notebooks import GOOD, full_marks
from tests.conftest import EXAMPLES, ROOT

VICTIM = "alice.ipynb"
LINKS = {"mallory.ipynb": ROOT / "solutions" / "solved.ipynb",
         "trudy.ipynb": Path(VICTIM), "oscar": Path("alice_files")}


def _copy_run_again() -> str:
    notebook = full_marks()
    notebook.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3"},
                         "language_info": {"name": "python", "version": "3.12.1"}}
    for count, cell in enumerate(notebook.cells, start=1):
        cell.id = uuid.uuid4().hex[:8]
        if cell.cell_type == "code":
            cell.execution_count = count
            cell.outputs = [nbformat.v4.new_output("stream", text=f"run {count}\n")]
    return nbformat.writes(notebook)


@pytest.fixture(scope="module")
def folder(workspace: Path) -> Path:
    root = workspace / "links-and-copies"
    (root / "alice_files").mkdir(parents=True)
    (root / VICTIM).write_bytes((EXAMPLES / GOOD["00_good_full.ipynb"]).read_bytes())
    (root / "copycat.ipynb").write_text(_copy_run_again(), encoding="utf-8")
    template = (ROOT / "student_template" / "homework.ipynb").read_bytes()
    for name in ("blank_1.ipynb", "blank_2.ipynb"):
        (root / name).write_bytes(template)
    for name, target in LINKS.items():
        (root / name).symlink_to(target)
    return root


@pytest.fixture(scope="module")
def batch(folder: Path, adversarial_gradebook: Gradebook) -> BatchResult:
    return grade_folder(folder, adversarial_gradebook)


def test_links_are_rows_that_earn_nothing(batch: BatchResult) -> None:
    rows = by_name(batch)
    solved = (ROOT / "solutions" / "solved.ipynb").read_text(encoding="utf-8")
    proof = nbformat.reads(solved, as_version=4)
    model_text = {c.source for c in proof.cells if len(c.source) > 80}
    for name, target in LINKS.items():
        row = rows[name]
        assert (row.status, row.score, row.same_as) == ("invalid_notebook", 0.0, ())
        assert f"a symbolic link (to {target})" in (row.detail or "")
        written = feedback.markdown(row)
        assert not any(text in written for text in model_text)
        assert all(p.answer is None for e in row.exercises for p in e.parts)


def test_the_victim_is_graded_as_alone_and_its_copy_is_named(
        batch: BatchResult, good_alone: dict[str, SubmissionResult]) -> None:
    rows = by_name(batch)
    alone = dataclasses.replace(good_alone["00_good_full.ipynb"], submission=VICTIM,
                                student="alice")
    same_rows(batch, {VICTIM: alone}, copies={VICTIM: ("copycat.ipynb",)})
    copycat = rows["copycat.ipynb"]
    assert copycat.same_as == (VICTIM,) and copycat.score == alone.score


def test_the_template_handed_in_twice_is_not_a_copy(batch: BatchResult) -> None:
    rows = by_name(batch)
    assert rows["blank_1.ipynb"].same_as == rows["blank_2.ipynb"].same_as == ()


def test_two_grading_processes_write_the_same_bytes(
        folder: Path, batch: BatchResult, adversarial_gradebook: Gradebook) -> None:
    parallel = grade_folder(folder, adversarial_gradebook,
                            executor=LocalWorkers(2, threads=1, per_process=1))
    assert results_json.dumps(parallel) == results_json.dumps(batch)
