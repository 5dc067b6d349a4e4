"""Scores never depend on how busy the machine is.

Time budgets count the sandbox's CPU time, so a correct function graded while every core
is saturated gets the verdict it gets on an idle machine, and so does a function that
loops (it times out either way, with the same words).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from grader.pipeline import grade_folder
from grader.pipeline.workers import LocalWorkers
from grader.reports import results_json

BUSY_PER_CORE = 2


@contextmanager
def saturated() -> Iterator[None]:
    """Busy-loop processes, two per core, for the duration of the block."""
    loops = [subprocess.Popen([sys.executable, "-c", "while True: pass"])
             for _ in range(BUSY_PER_CORE * (os.cpu_count() or 1))]
    try:
        yield
    finally:
        for loop in loops:
            loop.kill()
            loop.wait()


def test_results_are_byte_identical_on_a_saturated_machine(gradebook, mixed_folder,
                                                          mixed_serial):
    with saturated():
        loaded = grade_folder(mixed_folder, gradebook, executor=LocalWorkers(2))
    assert results_json.dumps(loaded) == results_json.dumps(mixed_serial)
