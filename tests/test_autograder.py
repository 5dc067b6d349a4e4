"""The Gradescope autograder zip, built by the console script and run in a fake /autograder."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import EXAMPLES, ROOT
from tests.test_cli import run

SCHEMA = json.loads((ROOT / "grader" / "schemas" / "gradescope-results.schema.json")
                    .read_text())


@pytest.fixture(scope="module")
def autograder(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("export") / "autograder.zip"
    done = run("export", "gradescope", "--out", str(path))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"wrote {path}: ")
    return path


def test_scripts_at_the_root_grader_and_course_inside(autograder):
    with zipfile.ZipFile(autograder) as archive:
        infos = {i.filename: i for i in archive.infolist()}
    names = set(infos)
    assert {"setup.sh", "run_autograder", "pyproject.toml", "grader/__init__.py",
            "grader/autograder/run.py", "grader/schemas/results.schema.json",
            "course/grader.toml"} <= names
    for spec in (ROOT / "exercises").glob("*.yaml"):
        assert f"course/exercises/{spec.name}" in names
    for solution in (ROOT / "solutions").glob("*.py"):
        assert f"course/solutions/{solution.name}" in names
    assert not [n for n in names if n.endswith((".ipynb", ".pyc")) or "__pycache__" in n]
    for script in ("setup.sh", "run_autograder"):
        assert stat.S_IMODE(infos[script].external_attr >> 16) == 0o755


def test_the_zip_is_reproducible(autograder, tmp_path):
    again = tmp_path / "again.zip"
    assert run("export", "gradescope", "--out", str(again)).returncode == 0
    assert again.read_bytes() == autograder.read_bytes()


def test_setup_installs_the_grader_with_its_dependencies(autograder, tmp_path):
    with zipfile.ZipFile(autograder) as archive:
        setup = archive.read("setup.sh").decode()
        project = tomllib.loads(archive.read("pyproject.toml").decode())
    path = tmp_path / "setup.sh"
    path.write_text(setup)
    subprocess.run(["bash", "-n", str(path)], check=True)  # parses as bash
    assert setup.startswith("#!/usr/bin/env bash\n")
    assert "-m venv /autograder/venv" in setup
    assert "/autograder/venv/bin/pip install -q /autograder/source" in setup
    assert "chmod -R go-rwx /autograder/source/course" in setup  # root's alone, not nobody's
    source = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    environment = ["scipy", "matplotlib", "scikit-learn", "pillow"]  # grader.toml's, added
    assert project["project"]["dependencies"] == source["dependencies"] + environment
    assert project["project"]["requires-python"] == source["requires-python"]
    data = project["tool"]["setuptools"]["package-data"]["grader"]
    assert "schemas/*" in data and "autograder/scripts/*" in data


def fake_root(autograder: Path, tmp_path: Path, *notebooks: Path) -> Path:
    root = tmp_path / "autograder"
    with zipfile.ZipFile(autograder) as archive:
        archive.extractall(root / "source")
    (root / "submission").mkdir()
    for notebook in notebooks:
        shutil.copy(notebook, root / "submission" / notebook.name)
    return root


def run_autograder(root: Path, python: str = sys.executable,
                   env: dict[str, str] | None = None) -> tuple[dict, str]:
    """Gradescope's run for the upload in `root`, on `python`, with `env` added."""
    script = root / "source" / "run_autograder"
    env = {**os.environ, **(env or {}), "GRADER_AUTOGRADER_ROOT": str(root),
           "GRADER_PYTHON": python}
    done = subprocess.run(["bash", str(script)], env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    data = json.loads((root / "results" / "results.json").read_text())
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    return data, done.stdout


def test_run_autograder_grades_the_upload_end_to_end(autograder, tmp_path):
    root = fake_root(autograder, tmp_path, EXAMPLES / "full_marks.ipynb")
    # The zip's own copy of the grader runs, not the one installed here.
    found = subprocess.run([sys.executable, "-c", "import grader; print(grader.__file__)"],
                           cwd=root / "source", capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONPATH": str(root / "source")})
    assert found.stdout.strip() == str(root / "source" / "grader" / "__init__.py")
    data, stdout = run_autograder(root)
    tests = {t["name"].split(": ", 1)[1]: t for t in data["tests"]}
    assert len(tests) == 15 and data["score"] == 79  # the proof and puppy_or_bagel: Gradescope's
    assert tests["softmax"] | {"output": ""} == {
        "name": "Derivatives of activation functions: softmax", "number": "2.5",
        "score": 3.0, "max_score": 3.0, "status": "passed", "output": "",
        "visibility": "visible"}
    assert "collapse_proof" not in tests
    visible = [t for t in tests.values() if t["visibility"] == "visible"]
    shown = sum(t["max_score"] for t in visible)
    assert data["output"].startswith(f"Autograded score on the parts shown now: {shown:g} / "
                                     f"{shown:g}.")
    assert "79" not in data["output"]  # the hidden parts' total is not given away
    assert "Graded by a person in Gradescope: collapse_proof (6 points)" in data["output"]
    assert data["extra_data"]["isolation"] in ("namespaces", "limits-only")
    assert stdout.startswith("isolation: ") and "parts for a person: none" in stdout


def test_of_several_notebooks_the_one_that_answers_most_is_graded(autograder, tmp_path):
    root = fake_root(autograder, tmp_path, EXAMPLES / "blank.ipynb",
                     EXAMPLES / "seed_student.ipynb")
    (root / "submission" / "blank.ipynb").rename(root / "submission" / "Untitled.ipynb")
    data, _ = run_autograder(root)
    assert data["output"].startswith("Graded seed_student.ipynb: of the notebooks you "
                                     "uploaded it answers the most parts")
    assert "Also uploaded, not graded: Untitled.ipynb (answers 0)." in data["output"]
    assert data["score"] == 51


def test_an_upload_without_a_notebook_gets_a_reason(autograder, tmp_path):
    root = fake_root(autograder, tmp_path)
    (root / "submission" / "homework.pdf").write_bytes(b"%PDF")
    data, _ = run_autograder(root)
    assert data["score"] == 0 and data["tests"] == []
    assert data["output"].startswith("No Jupyter notebook (.ipynb) was found in your upload")


def test_export_refuses_a_name_that_is_not_a_zip(tmp_path):
    done = run("export", "gradescope", "--out", str(tmp_path / "ag.tar"))
    assert (done.returncode, done.stderr) == (
        2, f"grade: error: {tmp_path / 'ag.tar'}: expected a .zip file name\n")


@pytest.mark.parametrize(("args", "message"), [
    (["export"], "grade export: error: the following arguments are required: LMS"),
    (["export", "moodle"], "grade export: error: argument LMS: invalid choice: 'moodle' "
     "(choose from 'gradescope', 'canvas', 'lti')"),
    (["export", "canvas", "out"], "grade export canvas: error: the following arguments are "
     "required: --roster"),
    (["export", "gradescope", "--course", "nowhere"], "grade: error: nowhere: no course here "
     "(expected an exercises/ folder); pass --course DIR"),
])
def test_export_usage_errors_are_one_line(args, message):
    done = run(*args)
    assert (done.returncode, done.stderr) == (2, message + "\n")
