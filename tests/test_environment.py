"""Notebooks written in the course's environment grade as they ran for the student.

The course notebook imports matplotlib, scipy and sklearn; students load images with PIL
and convolve with scipy. Declared in grader.toml, those are installed where grading runs
and importable in the sandbox; a module the grader lacks is named, not hidden behind
"not answered"; IPython-only lines never stop a cell.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

from grader.config import load_config
from grader.environment import missing_packages
from grader.pipeline import grade_folder
from grader.reports import terminal
from tests.conftest import EXAMPLES, ROOT
from tests.test_cli import run

COURSE_IMPORTS = ("import numpy as np\nimport matplotlib.pyplot as plt\nimport scipy as sp\n"
                  "import sklearn\n%matplotlib inline")
SCIPY_KERNEL = ("from scipy.signal import correlate2d\n\n"
                "def apply_kernel(image, kernel):\n"
                "    return correlate2d(np.asarray(image, dtype=float), kernel, mode='valid')")
PLOT = ("from PIL import Image\n\n"
        "image = np.asarray(Image.open('probe.png'), dtype=float)  # the course's data file\n"
        "blurred = apply_kernel(image, np.ones((3, 3)) / 9)\n"
        "plt.imshow(blurred, cmap='gray')\nplt.title('blurred')\nplt.show()")


def parts(row) -> dict[str, tuple[str, float]]:
    return {p.id: (p.verdict, p.score) for e in row.exercises for p in e.parts}


def full_marks_with(tmp_path: Path, name: str, first: str, extra: list[str]) -> Path:
    notebook = nbformat.read(EXAMPLES / "full_marks.ipynb", as_version=4)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    code[0].source = first + "\n" + code[0].source
    for cell in notebook.cells:
        if cell.cell_type == "code" and cell.source.startswith("def correlate_valid"):
            cell.source = SCIPY_KERNEL
    notebook.cells += [nbformat.v4.new_code_cell(s) for s in extra]
    folder = tmp_path / name
    folder.mkdir()
    nbformat.write(notebook, folder / "student.ipynb")
    return folder


@pytest.fixture(scope="module")
def alone(gradebook, tmp_path_factory):
    folder = tmp_path_factory.mktemp("alone")
    shutil.copy(EXAMPLES / "full_marks.ipynb", folder / "student.ipynb")
    return grade_folder(folder, gradebook).submissions[0]


def test_the_course_notebooks_form_grades_as_numpy_alone(gradebook, alone, tmp_path):
    folder = full_marks_with(tmp_path, "course-form", COURSE_IMPORTS, [PLOT])
    row = grade_folder(folder, gradebook).submissions[0]
    assert parts(row) == parts(alone)
    assert row.status == "graded" and row.score == alone.score
    assert not [c for c in row.cells if c.status == "error"], row.cells  # probe.png read
    adjusted = [c for c in row.cells if c.status == "adjusted"]
    assert [c.error for c in adjusted] == ["IPython-only line not run: `%matplotlib inline`"]
    assert not [c for c in row.cells if c.status == "error"]


def test_a_module_the_grader_lacks_is_named_and_sent_to_a_person(gradebook, alone, tmp_path):
    notebook = nbformat.read(EXAMPLES / "full_marks.ipynb", as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code" and cell.source.startswith("def sigmoid(x)"):
            cell.source = "from torch_that_is_not_installed import nn\n\n" + cell.source
    folder = tmp_path / "torch"
    folder.mkdir()
    nbformat.write(notebook, folder / "student.ipynb")
    batch = grade_folder(folder, gradebook)
    row = batch.submissions[0]
    got, want = parts(row), parts(alone)
    part = next(p for e in row.exercises for p in e.parts if p.id == "sigmoid_derivative")
    assert part.verdict == "needs_review"
    assert ("stopped at `from torch_that_is_not_installed import nn`: "
            "`torch_that_is_not_installed` is not available to the grader; the definitions "
            "after that line were not run") in part.feedback
    assert {k: v for k, v in got.items() if k != "sigmoid_derivative"} == {
        k: v for k, v in want.items() if k != "sigmoid_derivative"}
    summary = terminal.summary(batch)
    assert ("notebooks that stopped at a module the grader does not have: "
            "torch_that_is_not_installed (1)") in summary


def test_a_function_that_needs_a_missing_import_goes_to_a_person(gradebook, tmp_path):
    cells = ["import numpy as np\nfrom scipy_lookalike_missing import expit",
             "def sigmoid_derivative(x):\n    return expit(x) * (1 - expit(x))"]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    (tmp_path / "s.ipynb").write_text(nbformat.writes(notebook))
    row = grade_folder(tmp_path, gradebook).submissions[0]
    part = next(p for e in row.exercises for p in e.parts if p.id == "sigmoid_derivative")
    assert part.verdict == "needs_review" and "`scipy_lookalike_missing` is not" in part.feedback


@pytest.mark.parametrize("line", ["%timeit np.zeros(3)", "!pip install torch", "np.zeros?",
                                  "files = !ls", "%%capture"])
def test_ipython_syntax_never_stops_a_cell(gradebook, tmp_path, line):
    cells = ["import numpy as np",
             f"{line}\ndef relu_derivative(x):\n    return (np.asarray(x) > 0).astype(float)"]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    (tmp_path / "s.ipynb").write_text(nbformat.writes(notebook))
    row = grade_folder(tmp_path, gradebook).submissions[0]
    assert parts(row)["relu_derivative"][0] == "correct"


def test_data_files_are_read_only_copies_in_the_working_folder(gradebook, tmp_path):
    """Each sandbox gets its own copy, so whatever a notebook does to it stays there."""
    cell = ("import os\nfrom PIL import Image\nsize = list(Image.open('probe.png').size)\n"
            "mode = oct(os.stat('probe.png').st_mode & 0o777)")
    from grader.sandbox import open_session

    with open_session(gradebook.limits, files=gradebook.files) as session:
        report = session.run([(0, cell)], ["size", "mode"])
    assert report.values == {"size": [24, 24], "mode": "0o444"}


def test_the_declared_environment_is_installed_here():
    config = load_config(ROOT)
    assert "scipy" in config.packages and missing_packages(config) == []


def test_the_declared_environment_is_the_course_extra():
    import tomllib

    extra = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"]["course"]
    declared = set(load_config(ROOT).packages) - {"numpy", "sympy"}
    assert {r.split(">")[0].split("=")[0] for r in extra} == declared


def test_validate_names_a_package_that_is_not_installed(course_copy):
    root = course_copy()
    toml = root / "grader.toml"
    toml.write_text(toml.read_text().replace('"pillow"]', '"pillow", "no-such-package-x"]'))
    done = run("validate", "--course", str(root))
    assert done.returncode == 2
    assert done.stderr == (f"grade: error: {toml}: environment.packages[6]: no-such-package-x "
                           "is not installed where grading runs (pip install "
                           "'no-such-package-x')\n")


@pytest.mark.parametrize(("table", "message"), [
    ('packages = "scipy"', "environment.packages: expected a list of package names"),
    ('packages = ["sci py!"]', "environment.packages[0]: expected a package name such as "
                               "'scipy>=1.10', got 'sci py!'"),
    ('files = ["../outside.png"]', "environment.files[0]: expected a path inside the course "
                                   "folder"),
    ('files = ["data/none.png"]', "environment.files[0]: no such file: data/none.png"),
])
def test_a_bad_environment_is_one_line(course_copy, table, message):
    root = course_copy()
    toml = root / "grader.toml"
    text = toml.read_text()
    start = text.index("[environment]")
    end = text.index("[grading]")
    toml.write_text(text[:start] + f"[environment]\n{table}\n\n" + text[end:])
    done = run("validate", "--course", str(root))
    assert done.returncode == 2 and done.stderr == f"grade: error: {toml}: {message}\n"
