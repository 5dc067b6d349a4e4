"""Shared fixtures: the repository's own course, prepared once per test session."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from grader.course import Course, load_course

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "submissions"


@pytest.fixture(scope="session")
def course() -> Course:
    return load_course(ROOT)


@pytest.fixture(scope="session")
def gradebook(course: Course):
    from grader.pipeline import prepare_course

    return prepare_course(course)


@pytest.fixture
def course_copy(tmp_path: Path) -> Callable[[], Path]:
    """A writable copy of the course, for tests that break or extend it."""

    def make() -> Path:
        root = tmp_path / "course"
        for name in ("exercises", "solutions"):
            shutil.copytree(ROOT / name, root / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.ipynb"))
        shutil.copy(ROOT / "grader.toml", root / "grader.toml")
        return root

    return make
