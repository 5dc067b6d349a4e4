"""Pack the autograder zip: Gradescope's two scripts at the root, the grader and the course.

The zip is reproducible: entries in a fixed order with a fixed date, so building twice from
the same course gives the same bytes, and a changed zip means a changed grader or course.
"""

from __future__ import annotations

import json
import tomllib
import zipfile
from collections.abc import Iterator
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from grader.course import Course

SCRIPTS = ("setup.sh", "run_autograder")
COURSE_FOLDER = "course"
"""Where the course goes inside the zip, next to the grader package."""
FIXED_DATE = (1980, 1, 1, 0, 0, 0)
SKIPPED = ("__pycache__", ".ipynb_checkpoints")


def build_zip(course: Course, path: Path) -> tuple[str, ...]:
    """Write the zip; returns its entry names. Solved notebooks stay out: they are not needed
    to grade and are the one file students must never see."""
    entries = dict(_entries(course))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(entries, key=lambda n: (n not in SCRIPTS, n)):
            info = zipfile.ZipInfo(name, FIXED_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (0o755 if name in SCRIPTS else 0o644) << 16
            archive.writestr(info, entries[name])
    tmp.replace(path)
    return tuple(entries)


def pyproject() -> str:
    """A pyproject.toml that installs this grader with its dependencies on Gradescope."""
    project = project_table()
    lines = [
        "[build-system]", 'requires = ["setuptools>=61"]',
        'build-backend = "setuptools.build_meta"', "", "[project]", 'name = "grader"',
        f"version = {json.dumps(project['version'])}",
        f"requires-python = {json.dumps(project['requires-python'])}",
        f"dependencies = {json.dumps(project['dependencies'])}", "",
        "[tool.setuptools.packages.find]", 'include = ["grader*"]', "",
        "[tool.setuptools.package-data]", f"grader = {json.dumps(_data_patterns())}",
    ]
    return "\n".join(lines) + "\n"


def project_table() -> dict[str, Any]:
    """Version, Python and dependencies of this grader: from the source tree's
    pyproject.toml when the grader runs from one (an editable install's recorded metadata
    goes stale as dependencies change), else from the installed distribution."""
    source = Path(__file__).resolve().parents[2] / "pyproject.toml"
    if source.is_file():
        project = tomllib.loads(source.read_text(encoding="utf-8")).get("project", {})
        if project.get("name") == "grader":
            return {"version": project["version"],
                    "requires-python": project.get("requires-python", ">=3.11"),
                    "dependencies": list(project.get("dependencies", []))}
    meta = metadata.metadata("grader")
    return {"version": meta["Version"], "requires-python": meta["Requires-Python"] or ">=3.11",
            "dependencies": [r for r in metadata.requires("grader") or []
                             if "extra ==" not in r]}


def _entries(course: Course) -> Iterator[tuple[str, bytes]]:
    scripts = resources.files("grader.autograder").joinpath("scripts")
    for name in SCRIPTS:
        yield name, scripts.joinpath(name).read_bytes()
    yield "pyproject.toml", pyproject().encode()
    package = Path(__file__).resolve().parent.parent
    for file in _files(package):
        yield f"grader/{file.relative_to(package).as_posix()}", file.read_bytes()
    for file in _course_files(course):
        yield f"{COURSE_FOLDER}/{file.relative_to(course.root).as_posix()}", file.read_bytes()


def _course_files(course: Course) -> list[Path]:
    files = {course.config.file} if course.config.file.is_file() else set()
    files |= {e.spec_file for e in course.exercises} | {e.solution_file for e in course.exercises}
    solutions = course.root / "solutions"
    if solutions.is_dir():
        files |= {f for f in _files(solutions) if f.suffix != ".ipynb"}
    return sorted(files)


def _files(folder: Path) -> list[Path]:
    return sorted(f for f in folder.rglob("*") if f.is_file() and f.suffix != ".pyc"
                  and not set(SKIPPED) & set(f.relative_to(folder).parts))


def _data_patterns() -> list[str]:
    """Every non-Python file in the package, as package-data globs, so none is left out."""
    package = Path(__file__).resolve().parent.parent
    folders = {f.parent.relative_to(package).as_posix() for f in _files(package)
               if f.suffix != ".py"}
    return sorted(f"{folder}/*" for folder in folders)
