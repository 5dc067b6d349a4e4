"""Output injection: what a student writes reaches the instructor's terminal and the
student's feedback as text, never as terminal control or Markdown.

Beside a victim (the full-marks sample), `grade` (in this process, stdout not a terminal)
grades a notebook whose `nbformat` field carries a carriage return, an erase-line escape
and a fake progress line, one whose file name does, and one whose cells and function raise
an exception message holding a heading, a score line, raw HTML and a javascript: link.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from grader.cli import main
from tests.adversarial.notebooks import GOOD, correct_with
from tests.conftest import EXAMPLES, ROOT

VICTIM = "00_good_full.ipynb"
FAKE = "\r\x1b[2Kmallory.ipynb: 100/100 graded\n"
NAME = "name\r\x1b[2Kmallory.ipynb: 79 graded\nx.ipynb"
"""A file name cannot hold a slash."""
MESSAGE = ("x\n# Feedback: mallory\n**Score: 100 / 100** (graded)\n"
           "<img src=x onerror=alert(1)>\n[click](javascript:alert(1))")
RAISING = correct_with(last=[f"raise ValueError({MESSAGE!r})",
                             f"def softmax(z):\n    raise ValueError({MESSAGE!r})"])


def _grade(folder: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    main([str(folder), "--course", str(ROOT), "--out", str(out), "--timeout", "20"])
    captured = capsys.readouterr()
    return captured.out, captured.err


@pytest.fixture(scope="module")
def folders(workspace: Path) -> tuple[Path, Path]:
    alone, attacked = workspace / "injection-alone", workspace / "injection"
    for folder in (alone, attacked):
        folder.mkdir()
        (folder / VICTIM).write_bytes((EXAMPLES / GOOD[VICTIM]).read_bytes())
    notebook = {"nbformat": f"4{FAKE}", "nbformat_minor": 5, "metadata": {}, "cells": []}
    (attacked / "field.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    (attacked / NAME).write_text(correct_with(last=["pass"]), encoding="utf-8")
    (attacked / "raising.ipynb").write_text(RAISING, encoding="utf-8")
    return alone, attacked


def test_the_terminal_gets_no_control_characters(folders, tmp_path, capsys) -> None:
    alone, attacked = folders
    quiet_out, _ = _grade(alone, tmp_path / "alone", capsys)
    out, err = _grade(attacked, tmp_path / "attacked", capsys)
    for text in (out, err):
        assert not any(ord(c) < 32 and c != "\n" or 0x7F <= ord(c) < 0xA0 for c in text)
    assert not any(line.startswith("mallory.ipynb") for line in out.splitlines())
    victim_line = next(line for line in quiet_out.splitlines() if line.startswith(VICTIM))
    assert victim_line in out.splitlines()
    assert "field.ipynb: 0/100 invalid_notebook (malformed notebook: Unsupported nbformat " \
           "version 4[2Kmallory.ipynb: 100/100 graded )" in out.splitlines()
    assert "name[2Kmallory.ipynb: 79 graded x.ipynb: 79/100 graded" in out.splitlines()
    results = [json.loads((tmp_path / name / "results.json").read_text(encoding="utf-8"))
               for name in ("alone", "attacked")]
    rows = [{s["submission"]: s for s in r["submissions"]} for r in results]
    assert rows[1][VICTIM] == rows[0][VICTIM]


def test_the_feedback_quotes_the_exception_as_text(folders, tmp_path, capsys) -> None:
    _, attacked = folders
    _grade(attacked, tmp_path, capsys)
    text = (tmp_path / "feedback" / "raising.md").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert [line for line in lines if line.startswith("# ")] == ["# Feedback: raising"]
    scores = [line for line in lines if "**Score" in line and not line.startswith("\\")]
    assert len(scores) == 1 and scores[0].startswith("**Score: ")
    assert scores[0] == lines[2]
    assert "\\# Feedback: mallory  " in lines
    assert "\\*\\*Score: 100 / 100\\*\\* (graded)  " in lines
    assert "\\<img src=x onerror=alert(1)>  " in lines
    assert "\\[click\\](javascript:alert(1)).  " in lines
    assert not any(line.lstrip("> -").startswith(("<", "[", "# ")) for line in lines[1:])
