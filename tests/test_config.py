"""grader.toml: one loader, typed settings, one-line errors, and flags that only override."""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.config import Config, load_config, override
from grader.errors import GraderError, describe_error
from tests.conftest import ROOT


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "grader.toml").write_text(text)
    return tmp_path


def test_the_course_config():
    config = load_config(ROOT)
    assert config.title == "Deep Learning Theoretical Aspects"
    assert config.exercises[0] == "linear_collapse"
    assert config.limits["notebook_timeout_s"] == 60
    assert (config.jobs, config.out, config.feedback, config.is_bundle) == (
        1, ROOT / "out", True, False)


def test_defaults_without_a_file(tmp_path):
    config = load_config(tmp_path)
    assert config == Config(file=tmp_path / "grader.toml", title=tmp_path.name,
                            out=tmp_path / "out")
    assert dict(config.limits) == {}


def test_settings_are_read(tmp_path):
    config = load_config(write(tmp_path, '[course]\ntitle = "T"\n[grading]\njobs = 3\n'
                               'out = "graded"\nfeedback = false\n[student]\n'
                               'checks = "public_checks.json"\n'))
    assert (config.title, config.jobs, config.out, config.feedback) == (
        "T", 3, tmp_path / "graded", False)
    assert config.checks == tmp_path / "public_checks.json" and config.is_bundle


@pytest.mark.parametrize(("text", "place", "expected"), [
    ("[course\n", "", "not valid TOML"),
    ("course = 1\n", "course", "expected a table"),
    ("[courses]\n", "courses", "unknown table; expected one of ('course', 'limits'"),
    ("[course]\nexercises = 'a'\n", "course.exercises", "expected a list of exercise ids"),
    ("[course]\ntitle = 3\n", "course.title", "expected a string"),
    ("[course]\nname = 'x'\n", "course.name", "unknown setting; expected one of ('title'"),
    ("[limits]\ncell_timeout_s = -1\n", "limits.cell_timeout_s", "expected a positive number"),
    ("[limits]\ncell_timeout_s = true\n", "limits.cell_timeout_s",
     "expected a positive number"),
    ("[limits]\ncpu = 3\n", "limits.cpu", "unknown limit; expected one of"),
    ("[grading]\njobs = 0\n", "grading.jobs", "expected a whole number of at least 1"),
    ("[grading]\njobs = 1.5\n", "grading.jobs", "expected a whole number of at least 1"),
    ("[grading]\nout = ''\n", "grading.out", "expected a folder name"),
    ("[grading]\nfeedback = 'yes'\n", "grading.feedback", "expected true or false"),
    ("[student]\nchecks = 1\n", "student.checks", "expected a file name"),
])
def test_errors_are_one_line(tmp_path, text, place, expected):
    root = write(tmp_path, text)
    with pytest.raises(GraderError) as info:
        load_config(root)
    message = describe_error(info.value)
    assert "\n" not in message
    prefix = f"{root / 'grader.toml'}: " + (f"{place}: " if place else "")
    assert message.startswith(prefix), message
    assert expected in message


def test_flags_only_override(tmp_path):
    config = load_config(write(tmp_path, "[limits]\nnotebook_timeout_s = 60\ncell_timeout_s = 5\n"
                               "[grading]\njobs = 2\n"))
    assert override(config) == config
    assert override(config, timeout=None, jobs=None, out=None) == config
    with pytest.raises(TypeError):  # a flag is passed by a setting's name, or not at all
        override(config, quiet=True)
    changed = override(config, timeout=7.5, jobs=4, out=Path("elsewhere"))
    assert dict(changed.limits) == {"notebook_timeout_s": 7.5, "cell_timeout_s": 5}
    assert (changed.jobs, changed.out) == (4, Path("elsewhere"))
    assert dict(config.limits)["notebook_timeout_s"] == 60


def test_a_flag_reaches_only_the_settings_its_command_names(monkeypatch, tmp_path):
    """`grade export gradescope --out x.zip` names the zip, not where results go."""
    from grader.autograder import build
    from grader.cli import main

    built = []
    monkeypatch.setattr(build, "build_zip", lambda course, out: built.append(course) or [])
    monkeypatch.chdir(ROOT)
    assert main(["export", "gradescope", "--out", str(tmp_path / "x.zip")]) == 0
    assert built[0].config.out == load_config(ROOT).out != tmp_path / "x.zip"
