"""Pack the autograder zip: Gradescope's two scripts at the root, the grader and the course.

The zip is reproducible: entries in a fixed order with a fixed date, so building twice from
the same course gives the same bytes, and a changed zip means a changed grader or course.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from grader.course import Course
from grader.packaging import PACKAGE, package_files, pyproject

SCRIPTS = ("setup.sh", "run_autograder")
COURSE_FOLDER = "course"
"""Where the course goes inside the zip, next to the grader package."""
FIXED_DATE = (1980, 1, 1, 0, 0, 0)


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


def _entries(course: Course) -> Iterator[tuple[str, bytes]]:
    scripts = resources.files("grader.autograder").joinpath("scripts")
    for name in SCRIPTS:
        yield name, scripts.joinpath(name).read_bytes()
    yield "pyproject.toml", pyproject(course.config.packages).encode()
    for file in package_files():
        yield f"grader/{file.relative_to(PACKAGE).as_posix()}", file.read_bytes()
    for file in _course_files(course):
        yield f"{COURSE_FOLDER}/{file.relative_to(course.root).as_posix()}", file.read_bytes()


def _course_files(course: Course) -> list[Path]:
    files = {course.config.file} if course.config.file.is_file() else set()
    files |= {e.spec_file for e in course.exercises} | {e.solution_file for e in course.exercises}
    files |= set(course.config.files)
    solutions = course.root / "solutions"
    if solutions.is_dir():
        files |= {f for f in package_files(solutions) if f.suffix != ".ipynb"}
    return sorted(files)
