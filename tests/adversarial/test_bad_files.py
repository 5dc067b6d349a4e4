"""Bad files in a submissions folder: each gets a row with a clear status, the batch goes on,
and the exit code tells the instructor to look."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from grader.cli import main
from grader.pipeline import Gradebook, find_submissions, grade_folder, grade_notebook
from grader.pipeline.discover import flag_duplicates
from grader.results import BatchResult, SubmissionResult
from grader.sandbox import SandboxError, launcher
from tests.adversarial.hostile import FULL
from tests.adversarial.notebooks import version_3
from tests.conftest import EXAMPLES, ROOT

FULL_MARKS = (EXAMPLES / "full_marks.ipynb").read_bytes()
BLANK = (EXAMPLES / "blank.ipynb").read_bytes()
FILES: dict[str, bytes | str] = {
    "alice.ipynb": FULL_MARKS,
    "Alice.ipynb": BLANK,
    "bob/hw.ipynb": BLANK,
    "bob/hw_final.ipynb": FULL_MARKS,
    "bob/data.csv": "x,y\n1,2\n",
    "carol.pdf": b"%PDF-1.4 not a notebook",
    "dave/answers.py": "softmax = None\n",
    "erin.ipynb": b"",
    "frank.ipynb": b"{not json",
    "grace.ipynb": '{"cells": []}',
    "ivan.ipynb": version_3(),
    "judy.ipynb": b"\xff\xfe\x00 latin garbage \xe9",
    "ken.ipynb": json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                             "cells": "not a list"}),
    "lloyd.ipynb": json.dumps({"nbformat": 4, "nbformat_minor": 5, "cells": [],
                               "metadata": {"x": "PLACE"}}).replace(
        '"PLACE"', "[" * 100_000 + "]" * 100_000),
    "rupert.ipynb": '{"nbformat": 4, "metadata": {"x": [' + ",".join(["[]"] * 600_000) + "]}}",
    ".DS_Store": b"\x00\x00\x00\x01Bud1",
    ".ipynb_checkpoints/alice-checkpoint.ipynb": FULL_MARKS,
    "__MACOSX/._alice.ipynb": b"\x00\x05\x16\x07",
    "bob/.ipynb_checkpoints/hw-checkpoint.ipynb": FULL_MARKS,
    "submission_metadata.yml": "{}\n",
}
HUGE = "heidi.ipynb"
LINKS = {
    "mallory.ipynb": ROOT / "solutions" / "solved.ipynb",
    "trudy.ipynb": Path("alice.ipynb"),
    "oscar": Path("bob"),
    "walter.ipynb": Path("no-such-file.ipynb"),
}
"""Symbolic links in the submissions folder, to a file, a folder, or nothing."""
FIFO = "peggy.ipynb"
EXPECTED = {
    # submission: (status, score, words the detail must contain)
    "Alice.ipynb": ("duplicate", 0.0, "also alice.ipynb"),
    "alice.ipynb": ("duplicate", FULL, "also Alice.ipynb"),
    "bob/hw.ipynb": ("duplicate", 0.0, "also bob/hw_final.ipynb"),
    "bob/hw_final.ipynb": ("duplicate", FULL, "also bob/hw.ipynb"),
    "carol.pdf": ("not_a_notebook", 0.0, "a .pdf file"),
    "dave/answers.py": ("not_a_notebook", 0.0, "a .py file"),
    "erin.ipynb": ("invalid_notebook", 0.0, "empty file"),
    "frank.ipynb": ("invalid_notebook", 0.0, "not valid JSON"),
    "grace.ipynb": ("invalid_notebook", 0.0, "not a notebook"),
    "heidi.ipynb": ("invalid_notebook", 0.0, "too large"),
    "ivan.ipynb": ("graded", FULL, None),
    "judy.ipynb": ("invalid_notebook", 0.0, "not UTF-8"),
    "ken.ipynb": ("invalid_notebook", 0.0, "malformed"),
    "lloyd.ipynb": ("invalid_notebook", 0.0, "nested 100,002 levels deep (limit 100)"),
    "mallory.ipynb": ("invalid_notebook", 0.0, "a symbolic link (to /"),
    "oscar": ("invalid_notebook", 0.0, "a symbolic link (to bob), not a file handed in"),
    "peggy.ipynb": ("invalid_notebook", 0.0, "a named pipe, not a file"),
    "rupert.ipynb": ("invalid_notebook", 0.0, "JSON values (limit 500,000)"),
    "trudy.ipynb": ("invalid_notebook", 0.0, "a symbolic link (to alice.ipynb)"),
    "walter.ipynb": ("invalid_notebook", 0.0, "links are never followed"),
}


@pytest.fixture(scope="module")
def folder(workspace: Path) -> Path:
    root = workspace / "bad-files"
    for name, content in FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    with open(root / HUGE, "wb") as huge:  # sparse: 21 MB on paper, nothing on disk
        huge.truncate(21 * 1024 * 1024)
    for name, target in LINKS.items():
        (root / name).symlink_to(target)
    os.mkfifo(root / FIFO)
    return root


@pytest.fixture(scope="module")
def batch(folder: Path, adversarial_gradebook: Gradebook) -> BatchResult:
    return grade_folder(folder, adversarial_gradebook)


def test_hidden_files_and_supporting_files_are_not_submissions(folder: Path) -> None:
    found = [str(p.relative_to(folder)) for p in find_submissions(folder)]
    assert found == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_bad_file_gets_a_clear_row(batch: BatchResult, name: str) -> None:
    status, score, words = EXPECTED[name]
    row = {r.submission: r for r in batch.submissions}[name]
    assert (row.status, row.score) == (status, score), row.detail
    if words is not None:
        assert words in (row.detail or "")


def test_duplicates_keep_a_problem_they_already_have() -> None:
    timed_out = SubmissionResult("a/x.ipynb", "a", "timeout", 1.0, 5.0, (), "cell 2 timed out")
    again = SubmissionResult("a/y.ipynb", "A", "graded", 5.0, 5.0, ())
    alone = SubmissionResult("b.ipynb", "b", "graded", 5.0, 5.0, ())
    first, second, third = flag_duplicates([timed_out, again, alone])
    assert first.status == "timeout" and first.detail.startswith("cell 2 timed out; student a")
    assert second.status == "duplicate" and "also a/x.ipynb" in (second.detail or "")
    assert third == alone


def test_the_exit_code_asks_for_a_look(folder: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    small = tmp_path / "submissions"
    small.mkdir()
    shutil.copy(folder / "alice.ipynb", small / "alice.ipynb")
    shutil.copy(folder / "carol.pdf", small / "carol.pdf")
    shutil.copy(folder / "frank.ipynb", small / "frank.ipynb")
    code = main([str(small), "--course", str(ROOT), "--out", str(tmp_path / "out"), "--quiet"])
    assert code == 1
    results = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    assert [(s["submission"], s["status"]) for s in results["submissions"]] == [
        ("alice.ipynb", "graded"), ("carol.pdf", "not_a_notebook"),
        ("frank.ipynb", "invalid_notebook")]
    capsys.readouterr()


def test_a_failing_sandbox_is_a_row_not_a_crash(adversarial_gradebook: Gradebook,
                                                monkeypatch: pytest.MonkeyPatch,
                                                tmp_path: Path) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise SandboxError("the machine has no processes left")

    monkeypatch.setattr(launcher.Zygote, "spawn", broken)
    path = tmp_path / "alice.ipynb"
    path.write_bytes(FULL_MARKS)
    row = grade_notebook(path, adversarial_gradebook)
    assert (row.status, row.score) == ("error", 0.0)
    assert "grade it again: the machine has no processes left" in (row.detail or "")
