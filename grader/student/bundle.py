"""`grade build --student OUT`: what students get, so they can check themselves.

The bundle is itself a course folder, one `grade check homework.ipynb` works in:

    homework.ipynb        the template (every part, hidden ones included: students answer all)
    grader.toml           the course's settings, marked as a bundle ([student] checks)
    exercises/*.yaml      the specs, public parts only
    public_checks.json    the public parts' checks, precomputed (grader/student/compiled.py)
    grader/               the grader package; pyproject.toml installs it (`pip install .`)
    README.md             how to check yourself

It holds no solutions/ file, no hidden part's spec, inputs or reference values, and no
model answer. A name ending in `.zip` writes a zip of the same files under one folder.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import yaml

import grader
from grader.checks.registry import by_person
from grader.config import CONFIG_FILE
from grader.course import Course, is_hidden
from grader.errors import UsageError
from grader.notebook.template import build_template, dumps
from grader.packaging import project_table, pyproject
from grader.student.compiled import compile_course
from grader.student.public import hidden_parts, public_course

CHECKS_FILE = "public_checks.json"
TEMPLATE_FILE = "homework.ipynb"
RUBRIC_WITHHELD = "Graded by a person after the hand-in; the rubric is not part of the bundle."
SETUP = """\
    python3 -m venv .venv
    .venv/bin/python -m pip install .
"""
"""The README's set-up commands, word for word (the bundle's test runs them)."""
KERNEL_NAME = "Homework (grader)"


def write_bundle(course: Course, out: Path) -> Path:
    """Write the bundle to `out` (a folder, or a zip when it ends in .zip); returns `out`."""
    if out.suffix == ".zip":
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / out.stem
            _write_folder(course, folder)
            _zip(folder, out)
        return out
    _write_folder(course, out)
    return out


def _write_folder(course: Course, folder: Path) -> None:
    if folder.exists() and any(folder.iterdir()):
        if not (folder / CHECKS_FILE).is_file():
            raise UsageError(str(folder), "exists and is not a student bundle; "
                             "choose a new folder")
        shutil.rmtree(folder)
    (folder / "exercises").mkdir(parents=True)
    public = public_course(course)
    hidden = hidden_parts(course)
    (folder / TEMPLATE_FILE).write_text(dumps(build_template(course)), encoding="utf-8")
    (folder / CONFIG_FILE).write_text(_config_text(public), encoding="utf-8")
    for exercise in public.exercises:
        spec = yaml.safe_load(exercise.spec_file.read_text(encoding="utf-8"))
        spec["parts"] = [shipped_spec(p) for p in spec["parts"] if not is_hidden(p)]
        (folder / "exercises" / exercise.spec_file.name).write_text(
            yaml.safe_dump(spec, sort_keys=False, allow_unicode=True, width=100),
            encoding="utf-8")
    checks = compile_course(public, hidden)
    (folder / CHECKS_FILE).write_text(
        json.dumps(checks, ensure_ascii=False, separators=(",", ":")) + "\n",
        encoding="utf-8")
    shutil.copytree(Path(grader.__file__).parent, folder / "grader",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for data in course.config.files:  # the notebooks open them, where the course has them
        target = folder / _relative(data, course.root)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(data, target)
    (folder / "pyproject.toml").write_text(pyproject(course.config.packages), encoding="utf-8")
    (folder / "README.md").write_text(_readme(public, hidden), encoding="utf-8")


def shipped_spec(part: dict[str, Any]) -> dict[str, Any]:
    """A public part's spec as shipped: a manual part's rubric is for graders only."""
    if by_person(str(part.get("kind"))):
        return {**part, "rubric": RUBRIC_WITHHELD}
    return part


def _relative(path: Path, root: Path) -> str:
    return path.resolve().relative_to(root.resolve()).as_posix()


def _config_text(public: Course) -> str:
    """The course's settings for the bundle: its exercises with public parts, its limits."""
    lines = ["# A student bundle: checks come from public_checks.json; there is no solutions/.",
             "[course]", f"title = {_toml(public.title)}",
             "exercises = [" + ", ".join(_toml(e.id) for e in public.exercises) + "]", "",
             "[limits]"]
    lines += [f"{key} = {value!r}" for key, value in public.config.limits.items()]
    lines += ["", "[environment]",
              "packages = [" + ", ".join(_toml(p) for p in public.config.packages) + "]",
              "files = [" + ", ".join(_toml(_relative(f, public.root))
                                      for f in public.config.files) + "]"]
    lines += ["", "[student]", f"checks = {_toml(CHECKS_FILE)}", ""]
    return "\n".join(lines)


def _toml(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _readme(public: Course, hidden: tuple[str, ...]) -> str:
    parts = ", ".join(f"`{p.id}`" for p in public.parts)
    later = ", ".join(f"`{name}`" for name in hidden) or "none"
    python = project_table()["requires-python"].removeprefix(">=")
    return f"""# {public.title}: check yourself before you hand in

Answer every part in `{TEMPLATE_FILE}`. Before handing it in you can check the public parts
({parts}) and read the same feedback the final grade will give for them. The hidden parts
({later}) are graded only after you hand in.

## Set up once

In this folder, with Python {python} or newer, make a virtual environment and install the
grader into it:

{SETUP}
A virtual environment is needed: Debian's and Ubuntu's own Python refuse `pip install`
outside one ("externally-managed-environment"), and it keeps the grader's packages apart
from your others. On Debian or Ubuntu, if `python3 -m venv` says that ensurepip is not
available, install it first with `sudo apt install python3-venv`. The grader runs on Linux
and macOS (it runs your code under Unix resource limits); on Windows, use it in WSL, the
Windows Subsystem for Linux, with the same commands.

## Check yourself

From this folder:

    .venv/bin/grade check {TEMPLATE_FILE}

(or `source .venv/bin/activate` once per terminal, then `grade check {TEMPLATE_FILE}`).

Or inside the notebook, where it checks what the kernel holds now, saved or not (you
hand in the saved file, though: save it after running every cell):

    from grader import check
    check()                       # every public part
    check("{public.parts[0].id if public.parts else "part"}")     # one part

For that, Jupyter's kernel must be this environment's Python. Either run Jupyter from it:

    .venv/bin/python -m pip install jupyterlab
    .venv/bin/jupyter lab {TEMPLATE_FILE}

or make it a kernel of the Jupyter you already have, then pick the kernel "{KERNEL_NAME}":

    .venv/bin/python -m pip install ipykernel
    .venv/bin/python -m ipykernel install --user --name homework --display-name "{KERNEL_NAME}"

`check()` still reads the saved notebook for your written answers, and for any answer
it cannot take from the kernel (it says which and why). It finds the file through Jupyter
or VS Code, or as the only .ipynb file in the folder Jupyter runs in, or from the
environment variable `GRADER_NOTEBOOK`; pass the path, `check(notebook="...")`, if it
cannot. As with any public test suite, `{CHECKS_FILE}` holds what the public checks expect;
nothing of the hidden parts is in this folder.
"""


def _zip(folder: Path, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, Path(folder.name) / path.relative_to(folder))

