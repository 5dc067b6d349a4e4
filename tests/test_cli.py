"""The `grade` command: `grader.cli.main` in this process, as the console script calls it,
with its output captured; a subprocess only where the terminal or the pipe is the test."""

from __future__ import annotations

import contextlib
import fcntl
import io
import json
import os
import pty
import re
import shutil
import struct
import subprocess
import sys
import termios
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from grader.cli import main
from tests.conftest import EXAMPLES, ROOT

GRADE = str(Path(sys.executable).with_name("grade"))


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """`grade ARGS` run from `cwd`: its exit code and what it wrote (no terminal)."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.chdir(cwd), redirect_stdout(stdout), redirect_stderr(stderr):
        try:
            code = main(list(args))
        except SystemExit as done:  # --help and --version end the way argparse ends them
            code = done.code if isinstance(done.code, int) else 0
    return subprocess.CompletedProcess(["grade", *args], code, stdout.getvalue(),
                                       stderr.getvalue())


@pytest.fixture(scope="module")
def two_submissions(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("subs")
    for name in ("full_marks", "blank"):
        shutil.copy(EXAMPLES / f"{name}.ipynb", folder / f"{name}.ipynb")
    return folder


def test_grade_writes_results_and_a_plain_summary(two_submissions, tmp_path):
    result = run(str(two_submissions), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "\x1b[" not in result.stdout
    assert "full_marks.ipynb: 79/100 graded" in result.stdout
    assert re.search(r"^blank\.ipynb +0/100 +graded +0 +0$", result.stdout, re.MULTILINE)
    assert "sigmoid_derivative" in result.stdout
    data = json.loads((tmp_path / "out" / "results.json").read_text())
    assert [s["score"] for s in data["submissions"]] == [0, 79]
    feedback = tmp_path / "out" / "feedback"
    assert sorted(p.name for p in feedback.iterdir()) == ["blank.md", "full_marks.md"]
    assert (feedback / "full_marks.md").read_text().startswith(
        "# Feedback: full_marks\n\n**Score: 79 / 100** (graded)")
    assert "wrote 2 feedback files to" in result.stdout


def test_timings_go_beside_the_results(two_submissions, tmp_path):
    result = run(str(two_submissions), "--out", str(tmp_path), "--quiet", "--jobs", "2")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in (tmp_path / "timings.jsonl").read_text().splitlines()]
    assert sorted(line["submission"] for line in lines[:-1]) == ["blank.ipynb",
                                                                 "full_marks.ipynb"]
    assert {"read", "execute", "check", "seconds", "worker"} <= set(lines[0])
    batch = lines[-1]["batch"]
    assert (batch["submissions"], batch["jobs"], batch["executor"]) == (2, 2, "local")
    assert {"prepare", "grade", "write"} <= set(batch)


def test_quiet_prints_only_the_summary(two_submissions, tmp_path):
    result = run(str(two_submissions), "--out", str(tmp_path), "--quiet")
    assert "full_marks.ipynb: 79/100" not in result.stdout
    assert "submission" in result.stdout.splitlines()[1]


def test_attention_exit_code(tmp_path):
    shutil.copy(EXAMPLES / "blank.ipynb", tmp_path / "ok.ipynb")
    (tmp_path / "broken.ipynb").write_text("{not a notebook")
    result = run(str(tmp_path), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "broken.ipynb: 0/100 invalid_notebook" in result.stdout


def test_the_same_notebook_from_two_students_needs_attention(tmp_path):
    for name in ("alice.ipynb", "bob.ipynb"):
        shutil.copy(EXAMPLES / "full_marks.ipynb", tmp_path / name)
    result = run(str(tmp_path), "--out", str(tmp_path / "out"), "--quiet")
    assert result.returncode == 1
    assert result.stdout.split("\n\nwrote")[0].endswith(
        "from different students:\n  alice.ipynb, bob.ipynb")
    data = json.loads((tmp_path / "out" / "results.json").read_text())
    assert [s["same_as"] for s in data["submissions"]] == [["bob.ipynb"], ["alice.ipynb"]]


@pytest.mark.parametrize(("args", "message"), [
    (["--bogus"], "grade: error: the following arguments are required: SUBMISSIONS_DIR"),
    (["examples/submissions", "--bogus"], "grade: error: unrecognized arguments: --bogus"),
    (["examples/submissions", "--timeout", "soon"],
     "grade: error: argument --timeout: expected a number of seconds, got 'soon'"),
    (["nowhere"], "grade: error: nowhere: not a folder of submissions"),
    (["examples/submissions", "--course", "nowhere"],
     "grade: error: nowhere: no course here (expected an exercises/ folder); pass --course DIR"),
    (["check", "nowhere.ipynb"], "grade: error: nowhere.ipynb: no such notebook"),
    (["examples/submissions", "--jobs", "0"],
     "grade: error: argument --jobs: expected a whole number of at least 1, got 0"),
    (["examples/submissions", "--jobs", "all"],
     "grade: error: argument --jobs: expected a whole number, got 'all'"),
    (["check", "examples/submissions/blank.ipynb", "--part", "grad_z1"],
     "grade: error: grad_z1: a hidden part: it is graded only after you hand in"),
    (["validate", "--strict"], "grade validate: error: unrecognized arguments: --strict"),
    (["examples/submissions", "--scheduler", "tcp://host:8786"],
     "grade: error: --scheduler: only goes with --executor dask"),
    (["examples/submissions", "--executor", "spark"], "grade: error: argument --executor: "
     "invalid choice: 'spark' (choose from 'local', 'dask')"),
])
def test_usage_errors_are_one_line_with_exit_2(args, message):
    result = run(*args)
    assert result.returncode == 2
    assert result.stderr == message + "\n"
    assert "Traceback" not in result.stderr


def test_validate(course_copy):
    assert run("validate").stdout.startswith(
        "Deep Learning Theoretical Aspects: 5 exercises, 17 parts, 100 points")
    root = course_copy()
    spec = root / "exercises" / "backprop_partials.yaml"
    spec.write_text(spec.read_text().replace("reference: GRAD_Z3", "reference: GRAD_Z4"))
    result = run("validate", "--course", str(root))
    assert result.returncode == 2
    assert result.stderr == (f"grade: error: {spec}: parts[2] (grad_z3).reference: "
                             "backprop_partials.py defines no 'GRAD_Z4'\n")


def test_build_writes_the_template(tmp_path, course_copy):
    root = course_copy()
    result = run("build", "--course", str(root), "--out", str(tmp_path / "tpl"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "tpl" / "homework.ipynb").read_text() == (
        ROOT / "student_template" / "homework.ipynb").read_text()
    assert (root / "solutions" / "solved.ipynb").exists()


def test_build_student_never_overwrites_another_folder(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    result = run("build", "--student", str(tmp_path))
    assert (result.returncode, result.stderr) == (
        2, f"grade: error: {tmp_path}: exists and is not a student bundle; choose a new folder\n")
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_check_prints_the_public_parts_feedback():
    result = run("check", str(EXAMPLES / "full_marks.ipynb"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Self-check: full_marks\n\n**Public parts: 21 / 42**")
    assert "### softmax: 3 / 3, correct" in result.stdout
    assert "### softmax_jacobian:" not in result.stdout
    one = run("check", str(EXAMPLES / "full_marks.ipynb"), "--part", "softmax")
    assert one.stdout.startswith("# Self-check: full_marks\n\n**Public parts: 3 / 3**")
    assert re.findall(r"^### (\w+)", one.stdout, re.MULTILINE) == ["softmax"]


def test_check_all_grades_hidden_parts_for_instructors():
    result = run("check", str(EXAMPLES / "full_marks.ipynb"), "--all")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Feedback: full_marks\n\n**Score: 79 / 100** (graded)")
    assert "### softmax_jacobian: 4 / 4, correct" in result.stdout


def on_a_terminal(*args: str, ci: bool) -> str:
    """Run `grade` with stdout on a pseudo-terminal 100 columns wide; what it wrote there."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    env = {k: v for k, v in os.environ.items() if k != "CI"} | ({"CI": "true"} if ci else {})
    process = subprocess.Popen([GRADE, *args], cwd=ROOT, stdout=follower,
                               stderr=subprocess.DEVNULL, env=env)
    os.close(follower)
    output = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closes when the process ends
            break
        if not chunk:
            break
        output += chunk
    os.close(leader)
    assert process.wait(timeout=300) == 0
    return output.decode()


@pytest.mark.parametrize("ci", [False, True])
def test_progress_bar_only_for_a_person_at_a_terminal(two_submissions, tmp_path, ci):
    jobs = "1" if ci else "2"
    output = on_a_terminal(str(two_submissions), "--out", str(tmp_path), "--jobs", jobs, ci=ci)
    assert "full_marks.ipynb: 79/100 graded" in output
    bar = re.search(r"grading: +100%\|.*\| 2/2", output)
    assert bool(bar) != ci
    assert ("\r" in output.replace("\r\n", "")) != ci
    if ci:
        assert "\x1b[" not in output


def test_help_lists_every_command():
    result = run("--help")
    for command in ("grade validate", "grade build", "grade check", "exit codes"):
        assert command in result.stdout


def test_a_reader_that_closes_early_stops_nothing(tmp_path):
    """`grade SUBMISSIONS | head -n 3`: no traceback, and every output file is written."""
    out = tmp_path / "out"
    proc = subprocess.Popen([GRADE, str(EXAMPLES), "--out", str(out)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "CI": "1"})
    assert proc.stdout is not None and proc.stderr is not None
    head = [proc.stdout.readline() for _ in range(3)]
    proc.stdout.close()  # as head does after its lines
    errors = proc.stderr.read()
    code = proc.wait(timeout=300)
    assert all(head)
    assert "Traceback" not in errors and "BrokenPipeError" not in errors, errors
    assert code == 1  # errors.ipynb needs a look, as without the pipe
    assert json.loads((out / "results.json").read_text())["submissions"]
    assert len(list((out / "feedback").glob("*.md"))) == len(list(EXAMPLES.glob("*.ipynb")))
