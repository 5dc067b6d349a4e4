"""One looping and one crashing notebook among twenty good ones: the batch finishes within
the configured limits and grades the twenty exactly as they are graded alone."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import pytest

from grader.pipeline import Gradebook, grade_folder
from grader.results import SubmissionResult
from tests.adversarial.conftest import LIMITS, to_dict_row
from tests.adversarial.notebooks import GOOD, cells, write
from tests.conftest import EXAMPLES

LOOPING = cells("while True:\n    pass",
                "def softmax(z):\n    while True:\n        pass",
                "def relu_derivative(x):\n    while True:\n        pass",
                "two_layer_weight = 'W2*W1'")
CRASHING = cells("import ctypes\nctypes.string_at(0)",
                 "import os\ndef softmax(z):\n    os._exit(9)",
                 "two_layer_weight = 'W2*W1'")
FUNCTION_PARTS = 6
"""Parts graded by calling a student function: each may cost the call timeout once."""


@pytest.fixture(scope="module")
def mixed(adversarial_gradebook: Gradebook, workspace: Path, good_alone):
    folder = workspace / "mixed"
    folder.mkdir()
    samples = list(GOOD)
    for i in range(20):
        name = samples[i % len(samples)]
        write(folder / f"good_{i:02d}.ipynb", (EXAMPLES / GOOD[name]).read_bytes())
    write(folder / "looping.ipynb", LOOPING)
    write(folder / "crashing.ipynb", CRASHING)
    took: dict[str, float] = {}
    last = [time.monotonic()]

    def clock(result: SubmissionResult) -> None:
        now = time.monotonic()
        took[result.submission] = now - last[0]
        last[0] = now

    batch = grade_folder(folder, adversarial_gradebook, on_result=clock)
    return batch, took


def test_the_batch_grades_everyone(mixed) -> None:
    batch, _ = mixed
    rows = {row.submission: row for row in batch.submissions}
    assert len(rows) == 22
    assert rows["looping.ipynb"].status == "timeout"
    assert rows["crashing.ipynb"].status == "crashed"
    for row in (rows["looping.ipynb"], rows["crashing.ipynb"]):
        assert row.score == 2.0  # two_layer_weight, the one answer each of them has


def test_bad_notebooks_stay_within_their_limits(mixed) -> None:
    """A bound from the configuration (a notebook's time plus one call timeout per function
    part, with a second of slack), not a speed figure: bench/bench_sandbox.py measures."""
    _, took = mixed
    bound = LIMITS.notebook_timeout_s + FUNCTION_PARTS * LIMITS.call_timeout_s + 1.0
    assert took["looping.ipynb"] <= bound
    assert took["crashing.ipynb"] <= bound


def test_the_twenty_are_graded_exactly_as_alone(mixed, good_alone) -> None:
    """Each is also named a copy of the others made from the same sample (`same_as`)."""
    batch, _ = mixed
    samples = list(GOOD)
    for row in batch.submissions:
        if row.submission.startswith("good_"):
            index = int(row.submission[5:7])
            alone = good_alone[samples[index % len(samples)]]
            copies = tuple(f"good_{i:02d}.ipynb" for i in range(index % 3, 20, 3) if i != index)
            renamed = dataclasses.replace(alone, submission=row.submission,
                                          student=row.student, same_as=copies)
            assert to_dict_row(row) == to_dict_row(renamed)
