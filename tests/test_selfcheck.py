"""The student's self-check: public parts only, the final grade's feedback, from a notebook."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import types
from pathlib import Path

import pytest

from grader.errors import UsageError
from grader.pipeline import grade_notebook
from grader.reports import feedback
from grader.student import frontend
from grader.student.public import hidden_parts, public_course, public_gradebook
from tests.conftest import EXAMPLES, ROOT

HIDDEN = ("two_layer_weight", "two_layer_bias", "sigmoid_derivative_expr",
          "relu_derivative_expr", "softmax_jacobian", "softmax_jacobian_expr", "grad_z1",
          "grad_z2", "grad_z3", "kernel_effects")


def test_the_course_hides_expression_and_text_parts(course):
    assert hidden_parts(course) == HIDDEN
    public = public_course(course)
    assert [e.id for e in public.exercises] == [
        "linear_collapse", "activation_derivatives", "puppy_or_bagel", "kernel_identification"]
    assert {p.kind for p in public.parts} == {"numeric", "manual"}
    assert public.max_score == 42


@pytest.mark.parametrize(("only", "message"), [
    (("grad_z1",), "grad_z1: a hidden part: it is graded only after you hand in"),
    (("nope",), "nope: no such part; the parts you can check are: collapse, collapse_proof,"),
])
def test_only_public_parts_can_be_asked_for(course, only, message):
    with pytest.raises(UsageError) as info:
        public_course(course, only)
    assert str(info.value).startswith(message)


def test_public_results_equal_the_final_grade_part_for_part(course, gradebook):
    full = grade_notebook(EXAMPLES / "seed_student.ipynb", gradebook)
    public = grade_notebook(EXAMPLES / "seed_student.ipynb", public_gradebook(course))
    final = {p.id: p for e in full.exercises for p in e.parts}
    checked = [p for e in public.exercises for p in e.parts]
    assert [p.id for p in checked] == [p.id for p in public_course(course).parts]
    assert all(p == final[p.id] for p in checked)
    text = feedback.self_check(public, HIDDEN)
    assert text.startswith("# Self-check: seed_student\n\n**Public parts: 4 / 42** (graded)")
    assert "Graded only after you hand in (hidden parts): `two_layer_weight`," in text
    assert "### grad_z1" not in text


@pytest.fixture
def folder(tmp_path, monkeypatch):
    for name in ("GRADER_NOTEBOOK", "JPY_SESSION_NAME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(("files", "explicit", "env", "namespace", "found", "how"), [
    (["a.ipynb"], None, {}, {}, "a.ipynb", "the only notebook in the current folder"),
    (["a.ipynb", "b.ipynb"], "b.ipynb", {}, {}, "b.ipynb", "the notebook= argument"),
    (["a.ipynb", "b.ipynb"], None, {"GRADER_NOTEBOOK": "b.ipynb"}, {}, "b.ipynb",
     "GRADER_NOTEBOOK"),
    (["a.ipynb", "b.ipynb"], None, {"JPY_SESSION_NAME": "b.ipynb"}, {}, "b.ipynb",
     "JPY_SESSION_NAME"),
    (["a.ipynb"], None, {"JPY_SESSION_NAME": "gone.ipynb"}, {}, "a.ipynb",
     "the only notebook in the current folder"),
    (["a.ipynb", "b.ipynb"], None, {}, {"__vsc_ipynb_file__": "b.ipynb"}, "b.ipynb",
     "VS Code"),
    (["a.ipynb", "b.ipynb"], None, {}, {}, None, "cannot tell which notebook this is (2 "),
    ([], None, {}, {}, None, "cannot tell which notebook this is (no .ipynb file"),
    (["a.ipynb"], "b.ipynb", {}, {}, None, "b.ipynb (from the notebook= argument) is not"),
    (["a.ipynb"], None, {"GRADER_NOTEBOOK": "a.txt"}, {}, None, "a.txt (from GRADER_NOTEBOOK)"),
])
def test_find_notebook(folder, monkeypatch, files, explicit, env, namespace, found, how):
    for name in files:
        (folder / name).write_text("{}")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    result = frontend.find_notebook(explicit, namespace)
    assert result.notebook == (folder / found if found else None)
    assert result.how.startswith(how)


def test_find_course(tmp_path):
    course = tmp_path / "course"
    (course / "exercises").mkdir(parents=True)
    (course / "grader.toml").write_text("")
    (course / "work" / "deep").mkdir(parents=True)
    assert frontend.find_course(course / "work" / "deep" / "hw.ipynb") == course
    # Outside any course, the grader package's own folder (a bundle, or this repository).
    assert frontend.find_course(tmp_path / "hw.ipynb") == ROOT


def completed(code: int, out: str = "", err: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.CompletedProcess([], code, out, err)


@pytest.mark.parametrize(("outcome", "expected"), [
    (completed(0, "# Self-check: hw\n"), (True, "# Self-check: hw\n")),
    (completed(1, "# Self-check: hw\n"), (True, "# Self-check: hw\n")),
    (completed(2, "", "grade: error: nope: no such part\n"),
     (False, "**Self-check:** nope: no such part")),
    (completed(1, "", ""), (False, "**Self-check:** `grade check` printed nothing")),
    (subprocess.TimeoutExpired("grade", 600), (False, "**Self-check:** `grade check` did not")),
    (OSError("no python"), (False, "**Self-check:** could not start `grade check`: no python")),
])
def test_run_check(outcome, expected, tmp_path):
    calls = []

    def runner(command, **kwargs):
        calls.append((command, kwargs))
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    ok, text = frontend.run_check(tmp_path / "hw.ipynb", ROOT, ["softmax", "collapse"], runner)
    assert (ok, text[: len(expected[1])]) == expected
    command, kwargs = calls[0]
    assert command[1:] == ["-m", "grader", "check", str(tmp_path / "hw.ipynb"), "--course",
                           str(ROOT), "--part", "softmax", "--part", "collapse"]
    assert kwargs["env"]["PYTHONPATH"].split(os.pathsep)[0] == str(ROOT)


def test_show_uses_ipython_display_when_there_is_a_shell(monkeypatch, capsys):
    shown = []
    ipython = types.ModuleType("IPython")
    ipython.get_ipython = lambda: object()  # type: ignore[attr-defined]
    display = types.ModuleType("IPython.display")
    display.Markdown = lambda text: ("markdown", text)  # type: ignore[attr-defined]
    display.display = shown.append  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "IPython", ipython)
    monkeypatch.setitem(sys.modules, "IPython.display", display)
    frontend._show("**hi**")
    assert shown == [("markdown", "**hi**")] and capsys.readouterr().out == ""
    ipython.get_ipython = lambda: None  # type: ignore[attr-defined]
    frontend._show("**plain**")
    assert capsys.readouterr().out == "**plain**\n"


def python(code: str, cwd: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("GRADER_NOTEBOOK",
                                                              "JPY_SESSION_NAME")}
    return subprocess.run([sys.executable, *flags, "-c", code], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_check_from_a_notebook_kernel_grades_the_saved_file(tmp_path):
    shutil.copy(EXAMPLES / "seed_student.ipynb", tmp_path / "homework.ipynb")
    done = python("from grader import check\ncheck('relu_derivative')\ncheck('grad_z1')",
                  tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("# Self-check: homework\n\n**Public parts: 1 / 2** (graded)")
    assert "### relu_derivative: 1 / 2, partly correct" in done.stdout
    assert ("*Checked homework.ipynb as last saved (found by the only notebook in the current "
            "folder).") in done.stdout
    assert done.stdout.rstrip().endswith(
        "**Self-check:** grad_z1: a hidden part: it is graded only after you hand in")


def test_check_does_nothing_inside_the_sandbox(tmp_path):
    shutil.copy(EXAMPLES / "blank.ipynb", tmp_path / "homework.ipynb")
    done = python("from grader import check\ncheck()\nprint('went on')", tmp_path, "-I")
    assert (done.returncode, done.stdout) == (0, "went on\n"), done.stderr


def test_import_grader_stays_light():
    done = python("import sys, grader\nprint(sorted(m.split('.')[0] for m in sys.modules "
                  "if m.startswith(('numpy', 'sympy', 'grader.'))))", ROOT)
    assert done.stdout == "[]\n", done.stderr
