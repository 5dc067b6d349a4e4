"""The student bundle: public checks precomputed, nothing hidden or secret inside, and the
same feedback as the full grader for the public parts."""

from __future__ import annotations

import dataclasses
import filecmp
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from grader.answers import CallResult, Function, Markdown, Missing, Value
from grader.course import Course, is_hidden, load_solution
from grader.student.bundle import SETUP, TEMPLATE_FILE
from grader.student.compiled import compile_course, decode, encode, load_checks
from tests.conftest import EXAMPLES, ROOT
from tests.test_cli import GRADE, run

VALUES = [
    None, True, 3, 0.1, -2.5e-300, float("inf"), float("-inf"), "text", 1 + 2j,
    np.float64(0.30000000000000004), np.int64(7), np.float32(1.5),
    np.array([[0.1, 0.2], [0.3, 1e-17]]), np.array(2.0), np.zeros((0, 3)), np.array([1, 2]),
    (np.array([1.0]), [2.0, (3.0,)]), [[1.0, 2.0]], {"k": (1.0, np.array([np.nan]))},
]


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_values_survive_json_type_for_type(value):
    back = decode(json.loads(json.dumps(encode(value))))
    assert _same(back, value)


def _same(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, np.ndarray):
        return a.dtype == b.dtype and a.shape == b.shape and np.array_equal(a, b, equal_nan=True)
    if isinstance(a, tuple | list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return a == b or (a != a and b != b)


def test_an_unshippable_value_is_refused():
    with pytest.raises(TypeError, match="cannot ship a object"):
        encode(object())


def sample_answers(course: Course, part_id: str) -> list[Any]:
    """Right, known-wrong and missing answers for a part, from its own spec and solution."""
    exercise = next(e for e in course.exercises if any(p.id == part_id for p in e.parts))
    part = next(p for p in exercise.parts if p.id == part_id)
    module = load_solution(exercise).module
    answers: list[Any] = [Missing("not defined")]
    if part.kind == "numeric":
        names = [part.spec.reference, *(m.reference for m in part.spec.misconceptions)]
        for name in names:
            function = getattr(module, name)
            answers.append(Function(part.id, lambda args, f=function: CallResult(True, f(*args))))
        answers.append(Function(part.id, lambda args: CallResult(True, 0.0)))
    elif part.kind == "manual":
        answers.append(Markdown("By induction on N."))
    else:
        reference = getattr(module, part.spec.reference)
        answers += [Value(reference), Value("x + 1" if part.kind == "symbolic" else {})]
        if part.kind == "symbolic":
            for mistake in part.spec.misconceptions:
                answers.append(Value({**reference, mistake.key: mistake.expr} if mistake.key
                                     else mistake.expr))
    return answers


def test_every_kind_compiles_to_the_same_check(course, gradebook, tmp_path):
    """Compiled from every part (hidden ones too), each check grades like the original."""
    path = tmp_path / "checks.json"
    path.write_text(json.dumps(compile_course(course, ())))
    bundle_course = dataclasses.replace(
        course, config=dataclasses.replace(course.config, checks=path))
    compiled = load_checks(bundle_course)
    for part in course.parts:
        for answer in sample_answers(course, part.id):
            original = gradebook.checks[part.id].grade(answer)
            assert compiled[part.id].grade(answer) == original, (part.id, answer)


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bundle")
    done = run("build", "--student", str(out / "student.zip"))
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(out / "student.zip") as archive:
        archive.extractall(out)
    return out / "student"


def test_the_bundle_holds_the_template_the_grader_and_public_checks(bundle):
    files = sorted(str(p.relative_to(bundle)) for p in bundle.rglob("*") if p.is_file()
                   and not p.is_relative_to(bundle / "grader"))
    assert files == [
        "README.md", "data/probe.png", "exercises/activation_derivatives.yaml",
        "exercises/kernel_identification.yaml", "exercises/linear_collapse.yaml",
        "exercises/puppy_or_bagel.yaml", "grader.toml", "homework.ipynb",
        "public_checks.json", "pyproject.toml",
    ]
    assert (bundle / "homework.ipynb").read_text() == (
        ROOT / "student_template" / "homework.ipynb").read_text()
    comparison = filecmp.dircmp(bundle / "grader", ROOT / "grader", ignore=["__pycache__"])
    assert _identical(comparison), "the bundled grader differs from the package"
    project = tomllib.loads((bundle / "pyproject.toml").read_text())
    assert project["project"]["dependencies"] == tomllib.loads(
        (ROOT / "pyproject.toml").read_text())["project"]["dependencies"] + [
        "scipy", "matplotlib", "scikit-learn", "pillow"]  # the course's environment
    data = project["tool"]["setuptools"]["package-data"]["grader"]
    for path in (bundle / "grader").rglob("*"):
        if path.is_file() and path.suffix != ".py":  # installed only if package-data says so
            assert any(path.relative_to(bundle / "grader").match(glob) for glob in data), path


def _identical(comparison: filecmp.dircmp) -> bool:
    if comparison.left_only or comparison.right_only or comparison.diff_files:
        return False
    return all(_identical(sub) for sub in comparison.subdirs.values())


def course_files_text(bundle: Path) -> str:
    """Everything in the bundle but the grader package (shown above to be the package),
    binary data files read as Latin-1 so that every byte is searched too."""
    return "\n".join(_text(p) for p in sorted(bundle.rglob("*"))
                     if p.is_file() and not p.is_relative_to(bundle / "grader"))


def _text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def public_numbers(course: Course, gradebook) -> set[str]:
    """Every number a public numeric check holds: the same math in a hidden part (the
    softmax Jacobian of [1000, 999, 0] has σ(1)σ(-1), a public σ' value) is no leak."""
    numbers: set[str] = set()
    for part in course.parts:
        if part.kind == "numeric" and not part.hidden:
            for group in gradebook.checks[part.id].groups:
                numbers.update(_floats(group.cases) + _floats(group.expected))
    return numbers


def secrets(course: Course, gradebook) -> dict[str, str]:
    """What must not ship: every hidden part's reference values, test inputs and spec text,
    every model answer, every line of the reference solutions' code."""
    found: dict[str, str] = {}
    public = public_numbers(course, gradebook)
    public_text = json.dumps([p.entry for p in course.parts if not p.hidden])
    for exercise in course.exercises:
        module = load_solution(exercise).module
        for part in exercise.parts:
            p = part.entry  # the spec as written: what a bundle must not hold
            if part.kind in ("manual", "text"):
                found[f"{part.id} model answer"] = _strings(getattr(module, p["reference"]))
            if part.kind == "manual":
                found[f"{part.id} rubric"] = _strings(p["rubric"])
            if not is_hidden(p):
                continue
            for name in ("reference", "accept"):
                if part.kind != "numeric" and name in p:
                    found[f"{part.id} {name}"] = _strings(getattr(module, p[name]))
            for key in ("misconceptions", "tests", "alternatives"):
                for text in _strings(p.get(key)).split("\n"):
                    if len(text) >= 12 and text not in public_text:
                        found[f"{part.id} spec {key}: {text[:30]}"] = text
            if part.kind == "numeric":
                for group in gradebook.checks[part.id].groups:
                    for k, value in enumerate((group.cases, group.expected)):
                        for number in _floats(value):
                            if number in public:
                                continue  # a public check computes it too: σ'(1) = s1 s2
                            found[f"{part.id} {group.name} {'input' if k == 0 else 'value'}"
                                  f" {number}"] = number
    for source in (ROOT / "solutions").glob("*.py"):
        for line in source.read_text().splitlines():
            code = line.strip()
            if len(code) >= 30 and not code.startswith(("#", "import", "from", '"""', "def ")):
                found[f"{source.name}: {code[:30]}"] = code
    return {k: v for k, v in found.items() if v}


def _strings(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return "\n".join(_strings(v) for k, v in value.items() if k != "name")
    if isinstance(value, list | tuple):
        return "\n".join(_strings(v) for v in value)
    return ""


def _floats(value: Any) -> list[str]:
    """The reprs of non-round floats in a value: a match of one is no coincidence."""
    if isinstance(value, list | tuple):
        return [f for v in value for f in _floats(v)]
    numbers = np.asarray(value, dtype=float).ravel()
    return [repr(float(x)) for x in numbers if len(repr(float(x))) >= 10]


def test_nothing_hidden_or_secret_is_in_the_bundle(bundle, course, gradebook):
    assert not (bundle / "solutions").exists()
    assert not list(bundle.rglob("solved.ipynb"))
    text = course_files_text(bundle)
    escaped = json.dumps(text)
    found = secrets(course, gradebook)
    assert len(found) > 100, "the search should cover many values"
    assert any("softmax_jacobian" in k and "input" in k for k in found)
    for what, secret in found.items():
        for piece in secret.split("\n"):
            piece = piece.strip()
            if len(piece) < 5:  # "1", "x1": too short to tell a leak from a coincidence
                continue
            assert piece not in text and json.dumps(piece)[1:-1] not in escaped, what
    checks = json.loads((bundle / "public_checks.json").read_text())
    assert not set(checks["parts"]) & set(checks["hidden"])


def check_text(notebook: Path, cwd: Path, *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "grader", "check", str(notebook), *args],
                          cwd=cwd, capture_output=True, text=True, timeout=120)
    assert done.returncode in (0, 1), done.stderr
    return done.stdout


def sections(markdown: str) -> dict[str, str]:
    """`### part: ...` sections by part id."""
    found = re.findall(r"^### (\w+): (.*?)(?=^##|\Z)", markdown, re.MULTILINE | re.DOTALL)
    return {part: body.strip() for part, body in found}


@pytest.mark.parametrize("name", ["seed_student", "alternative_forms"])
def test_the_bundle_gives_the_final_feedback_for_public_parts(bundle, name):
    notebook = EXAMPLES / f"{name}.ipynb"
    inside = check_text(notebook, bundle)
    assert inside == check_text(notebook, ROOT), "bundle and full course disagree"
    final = sections(check_text(notebook, ROOT, "--all"))
    public = sections(inside)
    assert set(public) == {"collapse", "collapse_proof", "sigmoid_derivative",
                           "relu_derivative", "softmax", "puppy_or_bagel", "apply_kernel"}
    assert all(public[part] == final[part] for part in public)


def test_the_bundle_runs_its_own_grader(bundle):
    done = subprocess.run([sys.executable, "-c", "import grader; print(grader.__file__)"],
                          cwd=bundle, capture_output=True, text=True, timeout=60)
    assert Path(done.stdout.strip()) == bundle / "grader" / "__init__.py"


def test_the_bundle_refuses_what_it_cannot_do(bundle):
    done = subprocess.run([GRADE, "check", str(EXAMPLES / "blank.ipynb"), "--all"],
                          cwd=bundle, capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stderr) == (
        2, "grade: error: --all: a student bundle has no hidden parts to grade\n")


def test_the_bundle_installs_in_a_fresh_virtual_environment_by_its_readme(bundle, tmp_path):
    """The README's set-up, word for word, in a new virtual environment; then its check.

    Offline: pip may use no index, so the new environment sees the packages this test
    runs with (a .pth file, as --system-site-packages would for the base interpreter's) and
    builds without isolation, with their setuptools (the test extra's).
    """
    folder = tmp_path / "student"
    shutil.copytree(bundle, folder)
    readme = (folder / "README.md").read_text()
    assert SETUP in readme and "python3 -m pip install ." not in readme.replace(SETUP, "")
    make_venv, install = SETUP.split("\n")[:2]
    assert make_venv.split() == ["python3", "-m", "venv", ".venv"]
    subprocess.run([sys.executable, *make_venv.split()[1:]], cwd=folder, check=True,
                   timeout=300)
    (site,) = (folder / ".venv" / "lib").glob("python3.*/site-packages")
    ours = [p for p in sys.path if p.endswith("-packages")]
    (site / "outer.pth").write_text("\n".join(ours))
    # First on the path while pip builds: this environment's setuptools, not the older
    # one a new environment may come with (before 70.1 it cannot build wheels alone).
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_INPUT": "1",
           "PYTHONPATH": os.pathsep.join(ours)}
    done = subprocess.run([*install.split(), "-q", "--no-index", "--no-build-isolation"],
                          cwd=folder, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    where = subprocess.run([str(folder / ".venv/bin/python"), "-c",
                            "import grader; print(grader.__file__)"],
                           cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert Path(where.stdout.strip()).is_relative_to(site), where.stderr
    assert f"    .venv/bin/grade check {TEMPLATE_FILE}\n" in readme
    checked = subprocess.run([".venv/bin/grade", "check", TEMPLATE_FILE], cwd=folder,
                             capture_output=True, text=True, timeout=300)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("# Self-check: homework\n\n**Public parts: 0 / 42**")
