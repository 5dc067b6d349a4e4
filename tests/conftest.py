"""Shared fixtures: the repository's own course, prepared once per test session."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from grader.course import Course, load_course

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "submissions"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true",
                     help="rewrite the golden files of report tests from the current output")


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Compare text with tests/**/goldens/NAME, or rewrite it under --update-goldens."""

    def check(name: str, text: str) -> None:
        path = Path(request.path).parent / "goldens" / name
        if request.config.getoption("--update-goldens"):
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
        assert path.exists(), f"no golden file {path}; run pytest --update-goldens"
        assert text == path.read_text(encoding="utf-8")

    return check


@pytest.fixture(scope="session")
def course() -> Course:
    return load_course(ROOT)


@pytest.fixture(scope="session")
def gradebook(course: Course):
    """The course with short limits, so notebooks that loop cost seconds, not minutes."""
    from grader.pipeline import prepare_course
    from grader.sandbox import Limits

    return prepare_course(course, Limits(**TEST_LIMITS))


TEST_LIMITS = {"notebook_timeout_s": 30.0, "cell_timeout_s": 2.0, "call_timeout_s": 1.0}


@pytest.fixture
def course_copy(tmp_path: Path) -> Callable[[], Path]:
    """A writable copy of the course, for tests that break or extend it."""

    def make() -> Path:
        root = tmp_path / "course"
        for name in ("exercises", "solutions", "data"):
            shutil.copytree(ROOT / name, root / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.ipynb"))
        shutil.copy(ROOT / "grader.toml", root / "grader.toml")
        return root

    return make


@pytest.fixture(scope="session")
def mixed_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example submissions plus a notebook whose function loops forever and one whose
    process crashes: what executors must grade identically."""
    import nbformat

    folder = tmp_path_factory.mktemp("mixed")
    for path in EXAMPLES.glob("*.ipynb"):
        shutil.copy(path, folder / path.name)
    extra = {"looping.ipynb": "def softmax(z):\n    while True:\n        pass",
             "crashing.ipynb": "import os\nos._exit(3)"}
    for name, source in extra.items():
        notebook = nbformat.read(EXAMPLES / "full_marks.ipynb", as_version=4)
        notebook.cells.append(nbformat.v4.new_code_cell(source))
        nbformat.write(notebook, folder / name)
    return folder


@pytest.fixture(scope="session")
def mixed_serial(mixed_folder: Path, gradebook):
    """`mixed_folder` graded in this process, one submission after the other."""
    from grader.pipeline import grade_folder

    return grade_folder(mixed_folder, gradebook)
