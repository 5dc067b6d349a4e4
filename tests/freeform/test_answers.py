"""Where each part's answer comes from, with student functions run in this process.

A fake session stands in for the sandbox: these tests are about which function is chosen
and what the part's result says, not about running hostile code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from grader.notebook.reader import Notebook
from grader.pipeline.answers import NotebookAnswers
from grader.sandbox import CallOutcome, FunctionRef


class FakeSession:
    def __init__(self, functions: dict[str, Callable[..., Any]]) -> None:
        self.functions = functions
        self.calls: list[str] = []
        self.timed_out: set[str] = set()

    def call(self, name: str, args: list[Any]) -> CallOutcome:
        self.calls.append(name)
        try:
            return CallOutcome(True, self.functions[name](*args))
        except Exception as error:
            return CallOutcome(False, error=f"{type(error).__name__}: {error}")

    def call_many(self, name: str, cases: list[list[Any]]) -> list[CallOutcome]:
        return [self.call(name, args) for args in cases]


def relu_right(x):
    return (np.asarray(x, dtype=float) > 0).astype(float)


def relu_scalar_only(x):
    return 1.0 if x > 0 else 0.0


def relu_wrong_shape(x):
    return np.zeros(3)


@pytest.fixture
def grade(gradebook):
    part = next(p for p in gradebook.course.parts if p.id == "relu_derivative")

    def run(functions: dict[str, Callable[..., Any]], markdown: tuple = ()):
        code = tuple((n + 1, f"def {name}(x):\n    pass") for n, name in enumerate(functions))
        notebook = Notebook(code_cells=code, markdown_cells=((0, "2 Relu"), *markdown))
        values = {name: FunctionRef(name) for name in functions}
        session = FakeSession(functions)
        found = NotebookAnswers(notebook, gradebook.course, values, {}, session)
        return found.grade(part, gradebook.checks[part.id]), session

    return run


def test_a_function_found_by_its_name_is_named_in_the_feedback(grade):
    outcome, _ = grade({"relu_grad": relu_right})
    assert outcome.verdict == "correct"
    assert outcome.feedback[0].startswith("Graded your function `relu_grad` (cell 1)")
    assert outcome.answer.startswith("cell 1: def relu_grad(x):")


def test_a_weak_name_must_behave_like_the_part(grade):
    outcome, session = grade({"relu_derivative_scalar": relu_scalar_only})
    assert outcome.verdict == "partial" and "relu_derivative_scalar" in session.calls
    outcome, _ = grade({"relu_derivative_scalar": relu_wrong_shape})
    assert outcome.verdict == "missing"
    assert "did not behave like it" in outcome.feedback[0]


def test_two_functions_that_grade_differently_go_to_a_person(grade):
    outcome, _ = grade({"relu_grad": relu_right, "relu_prime": relu_scalar_only})
    assert outcome.verdict == "needs_review"
    assert outcome.credit == 0.5
    assert "grades differently" in outcome.feedback[-1]


def test_two_functions_that_agree_are_one_answer(grade):
    outcome, _ = grade({"relu_grad": relu_right, "relu_prime": relu_right})
    assert outcome.verdict == "correct"
    assert "grades the same" in outcome.feedback[1]


def test_no_function_at_all_is_missing_in_a_free_form_notebook(grade):
    outcome, _ = grade({"relu": relu_right})
    assert outcome.verdict == "missing"
    assert "No function for `relu_derivative` was found" in outcome.feedback[0]


def test_a_template_notebook_keeps_the_checks_own_message(grade):
    outcome, _ = grade({"unrelated": relu_right}, ((5, "## relu_derivative"),))
    assert outcome.verdict == "missing"
    assert outcome.feedback == ("No function `relu_derivative` was defined.",)
