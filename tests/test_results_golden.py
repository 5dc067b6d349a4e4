"""results.json on the samples and the fixture notebooks, byte for byte as it was.

The goldens were taken before the check kinds were gathered into one module each; any
change to what grading decides shows here first. Run `pytest --update-goldens` only when a
change to the grades is meant.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from grader.cli import main
from tests.conftest import EXAMPLES, ROOT

FIXTURES = ROOT / "tests" / "fixtures"


def fixture_notebooks(folder: Path) -> Path:
    """The project's fixture notebooks in one flat folder: one student per file."""
    notebooks = [FIXTURES / "seed_submission.ipynb", *sorted(FIXTURES.glob("freeform/*.ipynb"))]
    for notebook in notebooks:
        shutil.copy(notebook, folder / notebook.name)
    return folder


def mkdir(folder: Path) -> Path:
    folder.mkdir()
    return folder


def graded(submissions: Path, out: Path) -> str:
    main([str(submissions), "--out", str(out), "--quiet"])
    text = (out / "results.json").read_text(encoding="utf-8")
    # The fields that depend on the host rather than on the notebooks: which isolation this
    # machine's kernel allows, and whether it cuts the network and confines writes.
    return re.sub(r'^  "(isolation|network|writes)": "[^"]*"(,?)$', r'  "\1": "<host>"\2', text,
                  flags=re.MULTILINE)


@pytest.mark.parametrize("name", ["samples", "fixtures"])
def test_results_match_the_golden(name, golden, tmp_path):
    source = EXAMPLES if name == "samples" else fixture_notebooks(mkdir(tmp_path / "in"))
    golden(f"results_{name}.json", graded(source, tmp_path / "out"))
