"""The student's self-check: public parts only, the final grade's feedback, from a notebook."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from grader.errors import UsageError
from grader.pipeline import grade_notebook
from grader.reports import feedback
from grader.student import frontend
from grader.student.public import hidden_parts, public_course, public_gradebook
from tests.conftest import EXAMPLES, ROOT
from tests.test_bundle import sections

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


def test_check_from_a_script_grades_its_names_else_the_saved_file(tmp_path):
    """Outside IPython the names are `__main__`'s; what it does not define comes from the
    saved file, and says so."""
    shutil.copy(EXAMPLES / "seed_student.ipynb", tmp_path / "homework.ipynb")
    (tmp_path / "script.py").write_text(
        "import numpy as np\n\n\n"
        "def sigmoid_derivative(x):  # the saved notebook's is right\n"
        "    return 1 / (1 + np.exp(-np.asarray(x, dtype=float)))\n\n\n"
        "from grader import check\n\n"
        "check('relu_derivative', 'sigmoid_derivative')\ncheck('grad_z1')\n")
    done = python("import runpy; runpy.run_path('script.py', run_name='__main__')", tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("# Self-check: homework\n\n**Public parts: 1 / 5** (graded)")
    assert ("### relu_derivative: 1 / 2, partly correct\n\nGraded from the saved notebook: "
            "`relu_derivative` is not defined in the running kernel.") in done.stdout
    assert "### sigmoid_derivative: 0 / 3, incorrect\n\n" in done.stdout
    assert ("*Checked the running kernel as it is now, saved or not; markdown answers from "
            "homework.ipynb as last saved (found by the only notebook in the current "
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


KERNEL_FIX = '''\
def softmax(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max())
    return e / e.sum()


class Threshold:
    at = 0.0


threshold = Threshold()


def relu_derivative(x):
    return (np.asarray(x, dtype=float) > threshold.at).astype(float)
'''
TIMED = ("import time\nstart = time.perf_counter()\n{call}\n"
         "print(f'took {{time.perf_counter() - start:.3f}} s')")


def test_check_in_a_jupyter_kernel_grades_the_kernel_not_the_saved_file(tmp_path):
    """A real kernel started as JupyterLab starts it: in the notebook's folder, with the
    session path relative to the server's root, beside another notebook. Fixes made in the
    kernel and not saved are what check() grades; a function that uses what cannot be sent
    is graded from the saved file, found through the relative session path."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    folder = tmp_path / "root" / "hw"
    folder.mkdir(parents=True)
    shutil.copy(EXAMPLES / "seed_student.ipynb", folder / "homework-Copy1.ipynb")
    shutil.copy(EXAMPLES / "blank.ipynb", folder / "homework.ipynb")
    notebook = nbformat.read(folder / "homework-Copy1.ipynb", as_version=4)
    notebook.cells += [nbformat.v4.new_code_cell(source) for source in (
        KERNEL_FIX, "from grader import check",
        TIMED.format(call="check()"), TIMED.format(call="check()"),
        TIMED.format(call="check('softmax')"))]
    env = {k: v for k, v in os.environ.items() if k not in ("GRADER_NOTEBOOK",
                                                              "JPY_SESSION_NAME")}
    env["JPY_SESSION_NAME"] = "hw/homework-Copy1.ipynb"
    client = nbclient.NotebookClient(notebook, kernel_name="python3", timeout=300,
                                     resources={"metadata": {"path": str(folder)}})
    client.execute(env=env)
    cold, warm, one = (_outputs(cell) for cell in notebook.cells[-3:])
    saved = sections(check_text_of(folder / "homework-Copy1.ipynb"))
    live = sections(cold[0].split("\n*Checked the running kernel")[0])
    assert live["softmax"].startswith("3 / 3, correct")
    assert not saved["softmax"].startswith("3 / 3")
    assert live["relu_derivative"] == (
        saved["relu_derivative"].replace("\n\n", "\n\nGraded from the saved notebook: "
                                         "`relu_derivative` cannot be sent from the kernel: it "
                                         "uses `threshold`: an object of type `Threshold` "
                                         "cannot be sent as plain data (numbers, strings, "
                                         "lists, tuples, dicts, numpy arrays and sympy "
                                         "expressions can).  \n", 1))
    for part in ("collapse", "collapse_proof", "sigmoid_derivative", "puppy_or_bagel",
                 "apply_kernel"):
        assert live[part] == saved[part], part
    assert ("markdown answers from homework-Copy1.ipynb as last saved (found by "
            "JPY_SESSION_NAME)") in cold[0]
    assert warm[0] == cold[0]
    assert list(sections(one[0])) == ["softmax"] and "3 / 3, correct" in one[0]
    timings = [_took(out) for out in (cold, warm, one)]
    print("check() in a kernel, cold / warm / one part:", timings)
    assert max(timings[1:]) < 2.0, timings


def _took(outputs: list[str]) -> float:
    """The seconds a TIMED cell printed: the kernel may send its print in several stream
    messages, or beside other output."""
    found = re.search(r"took ([0-9.]+) s", "".join(outputs))
    assert found is not None, outputs
    return float(found.group(1))


def _outputs(cell: Any) -> list[str]:
    """A cell's displayed Markdown and printed text, in order."""
    found = []
    for output in cell.outputs:
        if output.output_type == "display_data":
            found.append(output.data["text/markdown"])
        elif output.output_type == "stream":
            found.append(output.text)
        elif output.output_type == "error":
            raise AssertionError("\n".join(output.traceback))
    return found


def check_text_of(notebook: Path) -> str:
    done = subprocess.run([sys.executable, "-m", "grader", "check", str(notebook)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode in (0, 1), done.stderr
    return done.stdout
