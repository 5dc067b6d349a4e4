"""Shared fixtures: the repository's own course, prepared once per test session."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from grader.course import Course, load_course

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "submissions"


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's chromium for the browser tests: skipped without it, except under CI."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run installs Debian's chromium package")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return found


WAIT_MS = 30_000
"""How long a browser test waits for anything: generous, as the machine may be busy;
nothing asserts on time."""


@pytest.fixture(scope="session")
def browser(chromium):
    """Headless Chromium driven by Playwright, launched from Debian's package by its path:
    nothing downloads a browser."""
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=WAIT_MS)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium,
                                              args=["--no-sandbox", "--disable-gpu"])
        yield launched
        launched.close()


@pytest.fixture
def new_page(browser):
    """Pages in their own contexts (two graders are two browsers), each checked for script
    errors when the test ends."""
    contexts, errors = [], []

    def make(width: int = 1280, height: int = 900):
        context = browser.new_context(viewport={"width": width, "height": height})
        context.set_default_timeout(WAIT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda m: errors.append(m.text)
                if m.type == "error" and "status of 409" not in m.text else None)
        return page

    yield make
    for context in contexts:
        context.close()
    assert errors == []


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
