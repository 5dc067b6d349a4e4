"""Helpers to grade one answer with the course's prepared checks, without a notebook.

Student functions here are plain Python run in the test process: these tests are about
the checks' decisions. The sandbox's own tests cover running hostile code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from grader.answers import Function, Value
from grader.checks.base import Outcome
from grader.checks.probes import in_process


@pytest.fixture(scope="session")
def grade_answer(gradebook) -> Callable[[str, Any], Outcome]:
    def grade(part_id: str, answer: Any) -> Outcome:
        if callable(answer):
            answer = in_process(part_id, answer)
        elif not isinstance(answer, Function):
            answer = Value(answer)
        return gradebook.checks[part_id].grade(answer)

    return grade
