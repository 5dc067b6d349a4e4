"""Helpers to grade one answer with the course's prepared checks, without a notebook.

Student functions here are plain Python run in the test process: these tests are about
the checks' decisions. The sandbox's own tests cover running hostile code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from grader.answers import CallResult, Function, Value
from grader.checks.base import Outcome


def as_function(name: str, function: Callable[..., Any]) -> Function:
    def call(args: list[Any]) -> CallResult:
        try:
            return CallResult(True, function(*args))
        except Exception as error:
            return CallResult(False, error=f"{type(error).__name__}: {error}")

    return Function(name, call)


@pytest.fixture(scope="session")
def grade_answer(gradebook) -> Callable[[str, Any], Outcome]:
    def grade(part_id: str, answer: Any) -> Outcome:
        if callable(answer):
            answer = as_function(part_id, answer)
        elif not isinstance(answer, Function):
            answer = Value(answer)
        return gradebook.checks[part_id].grade(answer)

    return grade
