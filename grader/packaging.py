"""A pyproject.toml that installs a copy of this grader elsewhere (autograder zip, student
bundle), with the same dependencies as the grader that wrote it.

Dependencies come from the source tree's pyproject.toml when the grader runs from one (an
editable install's recorded metadata goes stale as dependencies change), else from the
installed distribution.
"""

from __future__ import annotations

import json
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

from packaging.requirements import Requirement

import grader

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: the same parser, published before it joined the standard library
    import tomli as tomllib

PACKAGE = Path(grader.__file__).resolve().parent
SKIPPED = ("__pycache__", ".ipynb_checkpoints")


def package_files(folder: Path = PACKAGE) -> list[Path]:
    """Every file of the package (or another folder) that a copy needs, in a stable order."""
    return sorted(f for f in folder.rglob("*") if f.is_file() and f.suffix != ".pyc"
                  and not set(SKIPPED) & set(f.relative_to(folder).parts))


def _name(requirement: str) -> str:
    return Requirement(requirement).name.lower().replace("_", "-")


def project_table() -> dict[str, Any]:
    source = PACKAGE.parent / "pyproject.toml"
    if source.is_file():
        project = tomllib.loads(source.read_text(encoding="utf-8")).get("project", {})
        if project.get("name") == "grader":
            return {"version": project["version"],
                    "requires-python": project.get("requires-python", ">=3.10"),
                    "dependencies": list(project.get("dependencies", []))}
    try:
        meta = metadata.metadata("grader")
        requires = metadata.requires("grader") or []
    except metadata.PackageNotFoundError:
        return {"version": grader.__version__, "requires-python": ">=3.10", "dependencies": []}
    return {"version": meta["Version"], "requires-python": meta["Requires-Python"] or ">=3.10",
            "dependencies": [r for r in requires if "extra ==" not in r]}


def pyproject(environment: tuple[str, ...] = ()) -> str:
    """Enough to `pip install .` the copied grader and get the `grade` command, with the
    course's `environment` (grader.toml's packages) installed beside it."""
    project = project_table()
    names = {_name(r) for r in project["dependencies"]}
    project["dependencies"] += [r for r in environment if _name(r) not in names]
    folders = {f.parent.relative_to(PACKAGE).as_posix() for f in package_files()
               if f.suffix != ".py"}
    data = sorted(f"{folder}/*" if folder != "." else "*" for folder in folders)
    lines = [
        "[build-system]", 'requires = ["setuptools>=61"]',
        'build-backend = "setuptools.build_meta"', "", "[project]", 'name = "grader"',
        f"version = {json.dumps(project['version'])}",
        f"requires-python = {json.dumps(project['requires-python'])}",
        f"dependencies = {json.dumps(project['dependencies'])}", "",
        "[project.scripts]", 'grade = "grader.cli:main"', "",
        "[tool.setuptools.packages.find]", 'include = ["grader*"]', "",
        "[tool.setuptools.package-data]", f"grader = {json.dumps(data)}",
    ]
    return "\n".join(lines) + "\n"
