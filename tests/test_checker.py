"""The checker process behind check(): its protocol, and a kernel's end that never hangs."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from grader.student.checker import Checker, CheckerGone, serve
from grader.student.snapshot import Snapshot
from tests.conftest import EXAMPLES, ROOT


def answers(course: Path, *requests: dict) -> list[dict]:
    replies = io.StringIO()
    serve(course, io.StringIO("".join(json.dumps(r) + "\n" for r in requests)), replies)
    return [json.loads(line) for line in replies.getvalue().splitlines()]


def test_each_request_gets_one_reply_and_a_failure_ends_only_its_own(tmp_path):
    shutil.copy(EXAMPLES / "blank.ipynb", tmp_path / "homework.ipynb")
    snapshot = Snapshot(values={"softmax": 1.0}).to_data()
    replies = answers(
        ROOT,
        {"op": "names", "parts": ["softmax", "puppy_or_bagel"]},
        {"op": "names", "parts": ["grad_z1"]},
        {"op": "check"},
        {"op": "check", "parts": ["softmax"], "snapshot": snapshot, "how": "test",
         "notebook": str(tmp_path / "homework.ipynb")})
    assert replies[:3] == [
        {"names": ["softmax"]},
        {"error": "grad_z1: a hidden part: it is graded only after you hand in"},
        {"error": "the grader failed (KeyError: 'how')"}]
    markdown = replies[3]["markdown"]
    assert markdown.startswith("# Self-check: homework\n\n**Public parts: 0 / 3** (graded)")
    assert ("### softmax: 0 / 3, incorrect\n\n`softmax` should be a function; found the "
            "number 1.0.") in markdown
    assert markdown.endswith("(found by test). You hand in the saved file: save it after "
                             "running every cell.*\n")


def test_a_course_that_cannot_be_loaded_is_the_reply(tmp_path):
    assert answers(tmp_path, {"op": "names"}, {"op": "names"}) == [
        {"error": f"{tmp_path}: expected an exercises/ folder with one YAML spec per "
                  "exercise"}] * 2


def fake(tmp_path: Path, script: str) -> str:
    """A stand-in for the checker's interpreter that misbehaves as told."""
    path = tmp_path / "python"
    path.write_text("#!/bin/sh\n" + script + "\n")
    path.chmod(0o755)
    return str(path)


@pytest.mark.parametrize(("script", "message"), [
    ("echo 'no course here' >&2; exit 3", "the checker stopped (no course here)"),
    ("read line; echo '[1]'", "the checker answered nonsense"),
    ("read line; echo 'not json'", "Expecting value: line 1 column 1 (char 0)"),
    ("read line; sleep 30", "the checker did not answer in 2 s"),
])
def test_a_checker_that_misbehaves_is_stopped_and_said_so(tmp_path, script, message):
    checker = Checker(tmp_path, python=fake(tmp_path, script))
    with pytest.raises(CheckerGone) as info:
        checker.ask({"op": "names"}, timeout=2)
    assert str(info.value).startswith(message)
    assert not checker.alive()
