"""Course settings: read from the course's `grader.toml`, the one place they are set.

Command-line flags never carry settings of their own: they only override what the file
says, and `override` is the one function that applies them. So a course behaves the same
for everyone who grades it, and a flag's effect is visible in one line of code.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement

from grader.errors import SpecError

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: the same parser, published before it joined the standard library
    import tomli as tomllib

CONFIG_FILE = "grader.toml"
MAX_DATA_BYTES = 2 * 2**20
"""What the course's data files may weigh together: each sandbox is handed a copy in one
message to its child process, whose replies and requests are bounded."""
LIMIT_KEYS = ("notebook_timeout_s", "cell_timeout_s", "call_timeout_s", "memory_mb")
TABLES = {
    "course": ("title", "exercises"),
    "limits": LIMIT_KEYS,
    "grading": ("jobs", "out", "feedback"),
    "student": ("checks",),
    "canvas": ("assignment", "assignment_id"),
    "environment": ("packages", "files"),
}
"""Every table and key the file may hold; anything else is a typo worth one clear line."""


@dataclass(frozen=True)
class Config:
    file: Path
    """Where the settings come from; when it does not exist every setting is its default."""
    title: str
    """The course's name in templates, reports and exports (default: the folder's name)."""
    exercises: tuple[str, ...] = ()
    """Exercise ids in the order of the template, results and reports (empty: by name)."""
    limits: Mapping[str, float] = field(default_factory=dict)
    """Sandbox limits per submission (`notebook_timeout_s`, `cell_timeout_s`, ...)."""
    jobs: int = 1
    """Submissions graded at once, each in its own worker process and sandbox."""
    out: Path = Path("out")
    """Where `grade SUBMISSIONS_DIR` writes results.json and feedback/ (relative to the
    course folder when set in the file)."""
    feedback: bool = True
    """Whether `grade SUBMISSIONS_DIR` writes one Markdown feedback file per student."""
    checks: Path | None = None
    """Set only in a student bundle: the precomputed public checks that stand in for
    solutions/, which a bundle never contains."""

    canvas_assignment: str | None = None
    """The assignment's name in `grade export canvas` (default: the course title)."""
    canvas_assignment_id: str | None = None
    """The Canvas assignment id; without one a Canvas import creates a new assignment."""
    packages: tuple[str, ...] = ()
    """The course's environment: requirements (`scipy`, `pillow>=10`) its notebooks
    import, installed wherever grading runs, so that a notebook grades as it ran for the
    student (`grade validate` checks them)."""
    files: tuple[Path, ...] = ()
    """Data files the course's notebooks open (an image for the kernels), given to every
    sandbox read-only, in its working folder under their own names."""

    @property
    def is_bundle(self) -> bool:
        return self.checks is not None


def load_config(root: Path) -> Config:
    """The settings of the course in `root`; raises SpecError naming the key at fault."""
    path = root / CONFIG_FILE
    data = _read(path) if path.exists() else {}
    course, limits = data.get("course", {}), data.get("limits", {})
    grading, student = data.get("grading", {}), data.get("student", {})
    exercises = course.get("exercises", [])
    if not isinstance(exercises, list) or not all(isinstance(e, str) for e in exercises):
        raise SpecError(path, "course.exercises", "expected a list of exercise ids")
    title = course.get("title", root.name)
    if not isinstance(title, str):
        raise SpecError(path, "course.title", "expected a string")
    for key, value in limits.items():
        _positive(path, f"limits.{key}", value)
    out = grading.get("out", "out")
    if not isinstance(out, str) or not out:
        raise SpecError(path, "grading.out", "expected a folder name")
    feedback = grading.get("feedback", True)
    if not isinstance(feedback, bool):
        raise SpecError(path, "grading.feedback", "expected true or false")
    checks = student.get("checks")
    if checks is not None and (not isinstance(checks, str) or not checks):
        raise SpecError(path, "student.checks", "expected a file name")
    canvas = _canvas(path, data.get("canvas", {}))
    packages, files = _environment(path, root, data.get("environment", {}))
    return Config(
        file=path, title=title, exercises=tuple(exercises),
        limits=dict(limits),
        jobs=_whole(path, "grading.jobs", grading.get("jobs", 1)),
        out=root / out, feedback=feedback,
        checks=root / checks if checks else None,
        canvas_assignment=canvas["assignment"], canvas_assignment_id=canvas["assignment_id"],
        packages=packages, files=files,
    )


def override(config: Config, *, timeout: float | None = None, jobs: int | None = None,
             out: Path | None = None, assignment: str | None = None,
             assignment_id: str | None = None) -> Config:
    """The config with the command line's flags applied; a flag left out (None) changes
    nothing. Each command names the settings its flags override: a flag that merely shares
    a setting's name (`grade export gradescope --out`) never reaches the config."""
    changes: dict[str, Any] = {}
    if timeout is not None:
        changes["limits"] = {**config.limits, "notebook_timeout_s": timeout}
    if jobs is not None:
        changes["jobs"] = jobs
    if out is not None:
        changes["out"] = out
    if assignment is not None:
        changes["canvas_assignment"] = assignment
    if assignment_id is not None:
        changes["canvas_assignment_id"] = assignment_id
    return replace(config, **changes)


def _canvas(path: Path, table: Mapping[str, Any]) -> dict[str, str | None]:
    """`[canvas]`: the assignment's name, and its id (a number, or a string of one)."""
    settings: dict[str, str | None] = {}
    for key in ("assignment", "assignment_id"):
        value = table.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, str | int)
                                  or not str(value).strip()):
            raise SpecError(path, f"canvas.{key}", "expected a string")
        settings[key] = None if value is None else str(value).strip()
    return settings




def _environment(path: Path, root: Path,
                 table: Mapping[str, Any]) -> tuple[tuple[str, ...], tuple[Path, ...]]:
    """`[environment]`: requirements in pip's form, and data files inside the course."""
    packages = table.get("packages", [])
    if not isinstance(packages, list):
        raise SpecError(path, "environment.packages", "expected a list of package names")
    for index, package in enumerate(packages):
        where = f"environment.packages[{index}]"
        if not isinstance(package, str):
            raise SpecError(path, where, "expected a package name such as 'scipy>=1.10'")
        try:
            Requirement(package)
        except InvalidRequirement:
            raise SpecError(path, where, f"expected a package name such as 'scipy>=1.10', "
                            f"got {package!r}") from None
    files = table.get("files", [])
    if not isinstance(files, list):
        raise SpecError(path, "environment.files", "expected a list of file paths")
    found = []
    for index, name in enumerate(files):
        where = f"environment.files[{index}]"
        file = (root / name).resolve() if isinstance(name, str) and name else None
        if file is None or not file.is_relative_to(root.resolve()):
            raise SpecError(path, where, "expected a path inside the course folder")
        if not file.is_file():
            raise SpecError(path, where, f"no such file: {name}")
        if file.stat().st_size > MAX_DATA_BYTES:
            raise SpecError(path, where, f"{name} is larger than {MAX_DATA_BYTES // 2**20} MB; "
                            "every sandbox gets a copy")
        found.append(file)
    if sum(f.stat().st_size for f in found) > MAX_DATA_BYTES:
        raise SpecError(path, "environment.files", f"together larger than "
                        f"{MAX_DATA_BYTES // 2**20} MB; every sandbox gets a copy")
    names = [f.name for f in found]
    if len(set(names)) < len(names):
        raise SpecError(path, "environment.files", "two files have one name; each is given "
                        "to the sandbox under its own name")
    return tuple(packages), tuple(found)


def _read(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise SpecError(path, "", f"not valid TOML ({error})") from None
    for table, value in data.items():
        if table not in TABLES:
            raise SpecError(path, table, f"unknown table; expected one of {tuple(TABLES)}")
        if not isinstance(value, dict):
            raise SpecError(path, table, "expected a table")
        for key in value:
            if key not in TABLES[table]:
                what = "limit" if table == "limits" else "setting"
                raise SpecError(path, f"{table}.{key}",
                                f"unknown {what}; expected one of {TABLES[table]}")
    return data


def _positive(path: Path, where: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise SpecError(path, where, "expected a positive number")
    return value


def _whole(path: Path, where: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise SpecError(path, where, "expected a whole number of at least 1")
    return value
