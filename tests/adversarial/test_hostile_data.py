"""Hostile data, not hostile code: notebooks whose replies, values, JSON or cell count are
built to exhaust the grader's own process.

Each attack is graded in a batch of its own beside a victim (the full-marks sample): the
batch completes, the victim's row is exactly what it gets graded alone, the attacker's
row says what happened, and the grader's peak resident set (VmHWM from /proc, reset at
the start of the batch) rises by less than PEAK_BOUND. Without the bounds these attacks
took the grader to several gigabytes, or crashed it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pytest

from grader.pipeline import Gradebook, grade_folder
from grader.reports import feedback, results_json
from grader.results import BatchResult, SubmissionResult
from tests.adversarial.conftest import by_name, same_rows
from tests.adversarial.notebooks import GOOD, cells, copy_good, correct_with, write

T = TypeVar("T")
VICTIM = "00_good_full.ipynb"
PEAK_BOUND = 100 * 1024 * 1024
"""How far the grading process's peak resident set may rise while it grades an attack
and its victim: replies and notebooks of a few megabytes, decoded within their limits
(the forged 4 MB reply costs about 50 MB while it is measured). Before the bounds, the
forged frame took 1.8 GB, the 4 MB reply 180 MB, three of the twelve wide values 410 MB."""
BATCH_BOUND_S = 60.0
"""Generous on a busy machine: the attacks end within a notebook's time limit (10 s)."""

FORGE = '''import os, sys

def forge(announced, body):
    """Write a frame on the sandbox's private reply pipe, answering the current request."""
    frame = sys._getframe()
    while "request" not in frame.f_locals:
        frame = frame.f_back
    child, request = frame.f_locals["self"], frame.f_locals["request"]
    data = ('{"id":%d,"body":%s}' % (request["id"], body)).encode()
    view = memoryview((announced or len(data)).to_bytes(4, "big") + data)
    while view:
        view = view[os.write(child.resp_fd, view):]
    __import__("time").sleep(0.5)
'''


def _empties(count: int) -> str:
    """Python source for a call's reply whose value is `count` empty lists."""
    return f'\'{{"ok":true,"value":[\' + "[]," * {count - 1} + "[]]}}"'


WIDE_NAMES = ("two_layer_weight", "two_layer_bias", "sigmoid_derivative_expr",
              "relu_derivative_expr", "softmax_jacobian_expr", "grad_z1", "grad_z2", "grad_z3",
              "kernel_effects", "collapse", "apply_kernel", "softmax_jacobian")
CELLS = 2_000


def _forged_frame() -> str:
    """A student function that answers a call with a 40 MB frame of its own."""
    return correct_with(last=[FORGE, f"def softmax(z):\n    forge(0, {_empties(13_300_000)})"])


def _forged_values() -> str:
    """A frame of the right size (under 4 MB) that decodes to 1.3 million lists."""
    return correct_with(last=[FORGE, f"def softmax(z):\n    forge(0, {_empties(1_300_000)})"])


def _wide_values() -> str:
    """Twelve honest values of `[[]] * 999000`: 1.7 GB once decoded, twice."""
    return correct_with(last=[" = ".join(WIDE_NAMES) + " = [[]] * 999000"])


def _deep_metadata() -> str:
    notebook = json.loads(correct_with())
    notebook["metadata"]["nested"] = "PLACE"
    return json.dumps(notebook).replace('"PLACE"', "[" * 100_000 + "]" * 100_000)


def _many_cells() -> str:
    return cells(*(["1 / 0"] * CELLS), "two_layer_weight = 'W2*W1'")


@dataclass(frozen=True)
class Attack:
    build: Callable[[], str]
    status: str
    words: str
    """In the attacker's row: its detail, or the feedback of the part it attacked."""
    part: str | None = None


ATTACKS = {
    "forged_frame": Attack(_forged_frame, "graded", "bytes is too large",
                           "softmax"),
    "forged_values": Attack(_forged_values, "graded", "too many values", "softmax"),
    "wide_values": Attack(_wide_values, "graded", "<too large>", "two_layer_weight"),
    "deep_metadata": Attack(_deep_metadata, "invalid_notebook",
                            "nested 100,002 levels deep (limit 100)"),
    "many_cells": Attack(_many_cells, "graded", ""),
}


@dataclass(frozen=True)
class Outcome:
    batch: BatchResult
    rows: dict[str, SubmissionResult]
    seconds: float
    peak_growth: int


@pytest.fixture(scope="module", params=sorted(ATTACKS))
def attacked(request: pytest.FixtureRequest, adversarial_gradebook: Gradebook,
             workspace: Path, good_alone: dict[str, SubmissionResult]) -> Outcome:
    name = request.param
    folder = workspace / f"data-{name}"
    copy_good(folder)
    for other in set(GOOD) - {VICTIM}:
        (folder / other).unlink()
    write(folder / f"attacker_{name}.ipynb", ATTACKS[name].build())
    started = time.monotonic()
    batch, growth = peak_growth(lambda: grade_folder(folder, adversarial_gradebook))
    return Outcome(batch, by_name(batch), time.monotonic() - started, growth)


def peak_growth(run: Callable[[], T]) -> tuple[T, int]:
    """`run()`'s result, and how far this process's peak resident set rose above the
    resident set it had when `run` began (the kernel resets VmHWM on writing 5 to
    /proc/self/clear_refs)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError as error:
        pytest.skip(f"the peak resident set cannot be reset here: {error}")
    before = _status_kb("VmHWM")
    result = run()
    return result, (_status_kb("VmHWM") - before) * 1024


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise AssertionError(f"no {field} in /proc/self/status")


def test_the_batch_completes_and_the_victim_is_graded_as_alone(
        attacked: Outcome, good_alone: dict[str, SubmissionResult]) -> None:
    assert sorted(attacked.rows) == sorted([VICTIM, *(r for r in attacked.rows
                                                       if r.startswith("attacker_"))])
    assert len(attacked.rows) == 2
    assert attacked.seconds < BATCH_BOUND_S
    same_rows(attacked.batch, {VICTIM: good_alone[VICTIM]})


def test_the_grader_stays_small(attacked: Outcome) -> None:
    assert attacked.peak_growth < PEAK_BOUND, f"{attacked.peak_growth / 2**20:.0f} MB"


def test_the_attacker_row_says_what_happened(attacked: Outcome) -> None:
    name = next(n for n in attacked.rows if n.startswith("attacker_"))
    attack = ATTACKS[name.removeprefix("attacker_").removesuffix(".ipynb")]
    row = attacked.rows[name]
    assert row.status == attack.status, row.detail
    if attack.part is not None:
        part = next(p for e in row.exercises for p in e.parts if p.id == attack.part)
        assert part.score == 0, part.feedback
        assert attack.words in f"{part.feedback} {part.answer}", part.feedback
    else:
        assert attack.words in (row.detail or "")


def test_a_notebook_of_failing_cells_gives_a_short_row(attacked: Outcome) -> None:
    row = attacked.rows.get("attacker_many_cells.ipynb")
    if row is None:
        pytest.skip("about the many_cells attack only")
    assert len(row.cells) + row.cells_omitted == CELLS
    assert len(row.cells) == 20
    one = BatchResult("c", "0", (row,))
    assert len(results_json.dumps(one)) < 50_000
    assert len(feedback.markdown(row)) < 20_000
