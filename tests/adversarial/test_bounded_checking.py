"""Student data that is expensive to check, graded beside good submissions.

Each attack once cost the grader's own process minutes or gigabytes: expression answers
whose value is huge (a matrix to the power 10^8, a polynomial of degree 20,000, the sine
of a number of millions of digits), an answer sympy is slow to build, and notebook text
that made regular expressions backtrack (a line of dashes, a padded heading, a function
name of 8,000 characters). Now the batch finishes within a stated bound, the grader
process's peak memory stays under a stated bound, every good submission gets exactly the
result it gets alone, and each attacked part goes to a person ("too expensive to check").
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from grader.mathexpr import bounded
from grader.pipeline import Gradebook, grade_folder
from grader.results import BatchResult, PartResult
from tests.adversarial.conftest import by_name, same_rows
from tests.adversarial.notebooks import copy_good, correct_with, write
from tests.conftest import ROOT

SLOW_MAX = "Max(" + ", ".join(f"x1^{k}" for k in range(1, 91)) + ")"
"""Within every size bound, but sympy compares a Max's arguments pairwise as it builds it:
about ten seconds."""
EXPRESSIONS = correct_with(last=[
    "two_layer_weight = '(((W2^100)^100)^100)^100*W1'",
    "relu_derivative_expr = '+ Heaviside(x) + Heaviside((((x+c)^2)^100)^100) - 1'",
    "sigmoid_derivative_expr = 'sin(exp(exp(16)))'",
    f"grad_z1 = {{'x1': {SLOW_MAX!r}, 'x2': '5', 'x3': '-6*x3'}}",
])
BATCH_S = 60.0
"""Everything above costs at most one checking deadline (5 s for that grad_z1 key); the
five notebooks run in a few seconds. Before the bounds, the first answer alone multiplied
3x3 matrices 10^8 times."""
PEAK_MB = 1024
"""Peak resident memory of the grader process (this test's) from the reset of its peak
before the batch: about 100 MB on the development machine, imports and course included.
Before the bounds, the degree-20,000 answer alone expanded polynomials for minutes."""


def text_attacks() -> str:
    """A free-form notebook (no template headings) whose markdown and code backtracked."""
    notebook = nbformat.read(ROOT / "tests/fixtures/freeform/align.ipynb", as_version=4)
    dashes = "-" * 40
    cells = []
    for cell in notebook.cells:  # after every question, so in every answer region
        cells.append(cell)
        if cell.cell_type == "markdown":
            cells.append(nbformat.v4.new_markdown_cell("\\[" * 5000 + "$$" + "<del>" * 3000))
    notebook.cells = [
        nbformat.v4.new_markdown_cell("# a" + " " * 6000 + "b"),
        nbformat.v4.new_code_cell(f"def {'relu' * 2000}_x(x):\n    return x"),
        *cells,
        nbformat.v4.new_markdown_cell(f"{dashes}\n{dashes}x\n" + "- " * 3000 + "k"),
    ]
    return nbformat.writes(notebook)


@dataclass(frozen=True)
class Graded:
    batch: BatchResult
    seconds: float
    peak_mb: float


def peak_since_reset() -> float:
    """VmHWM in MB, after the kernel's peak was reset for this process (clear_refs 5)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM")


@pytest.fixture(scope="module")
def graded(adversarial_gradebook: Gradebook, workspace: Path, good_alone) -> Graded:
    folder = workspace / "bounded"
    copy_good(folder)
    write(folder / "m_expressions.ipynb", EXPRESSIONS)
    write(folder / "m_text.ipynb", text_attacks())
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pytest.skip("this kernel cannot reset a process's peak memory (/proc/self/clear_refs)")
    started = time.monotonic()
    batch = grade_folder(folder, adversarial_gradebook)
    return Graded(batch, time.monotonic() - started, peak_since_reset())


def part(batch: BatchResult, submission: str, part_id: str) -> PartResult:
    row = by_name(batch)[submission]
    return next(p for e in row.exercises for p in e.parts if p.id == part_id)


def test_the_batch_finishes_within_its_bound(graded: Graded) -> None:
    print(f"batch {graded.seconds:.1f} s, peak {graded.peak_mb:.0f} MB")
    assert graded.seconds < BATCH_S
    assert {row.status for row in graded.batch.submissions} == {"graded"}


def test_the_grader_process_stays_within_its_memory_bound(graded: Graded) -> None:
    assert graded.peak_mb < PEAK_MB


def test_the_good_submissions_grade_as_they_do_alone(graded: Graded, good_alone) -> None:
    same_rows(graded.batch, good_alone)


@pytest.mark.parametrize("part_id", ["two_layer_weight", "relu_derivative_expr",
                                     "sigmoid_derivative_expr", "grad_z1"])
def test_each_attacked_part_goes_to_a_person_as_too_expensive(graded: Graded,
                                                              part_id: str) -> None:
    result = part(graded.batch, "m_expressions.ipynb", part_id)
    assert result.verdict == "needs_review"
    assert "too expensive to check" in result.feedback


def test_the_slow_answer_is_stopped_at_its_deadline(graded: Graded) -> None:
    result = part(graded.batch, "m_expressions.ipynb", "grad_z1")
    assert f"no decision within {bounded.deadline(0, 2.0):.0f} s" in result.feedback
    assert result.score == pytest.approx(6.0)  # x2 and x3 are right: two thirds of 9


def test_the_rest_of_the_attacking_notebooks_is_graded(graded: Graded) -> None:
    collapse = part(graded.batch, "m_expressions.ipynb", "collapse")
    assert collapse.verdict == "correct"
    row = by_name(graded.batch)["m_text.ipynb"]
    assert row.score > 0
