"""Every kind of value bound to every auto-graded part's name, through the real pipeline.

Whatever a student binds to a name, that is an ordinary answer: a row with status
`graded`, no credit for the wrong kind of thing, feedback that says what was found, and
never a grader fault or a traceback.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from grader.course import Course
from grader.pipeline import grade_folder
from grader.pipeline.faults import GraderFault
from grader.pipeline.workers import LocalWorkers
from grader.reports import feedback, results_json
from grader.results import BatchResult
from tests.value_kinds import KINDS, notebook

ROTATIONS = 6
NAMES_WHAT_IT_FOUND = re.compile(
    r"found|returned|raised|timed out|you wrote|could not read|still empty")


def auto_graded(course: Course) -> list[str]:
    return [p.id for p in course.parts if p.kind != "manual"]


@pytest.fixture(scope="module")
def matrix(course: Course, gradebook, tmp_path_factory) -> tuple[BatchResult, list, Path]:
    folder = tmp_path_factory.mktemp("value-kinds")
    names = auto_graded(course)
    kinds = list(KINDS.values())
    for index, kind in enumerate(kinds):
        (folder / f"kind_{index:02d}.ipynb").write_text(notebook(dict.fromkeys(names, kind)))
    for rotation in range(ROTATIONS):  # every notebook a mix of kinds, each part another
        mixed = {name: kinds[(7 * i + rotation) % len(kinds)] for i, name in enumerate(names)}
        (folder / f"mixed_{rotation}.ipynb").write_text(notebook(mixed))
    faults: list[GraderFault] = []
    batch = grade_folder(folder, gradebook, executor=LocalWorkers(2, threads=1, per_process=1),
                         on_fault=faults.append)
    return batch, faults, folder


def test_every_notebook_is_graded_and_no_grader_fault(matrix):
    batch, faults, folder = matrix
    assert len(batch.submissions) == len(KINDS) + ROTATIONS
    assert faults == []
    for row in batch.submissions:
        assert row.status == "graded", (row.submission, row.detail)
        verdicts = {p.id: p.verdict for e in row.exercises for p in e.parts}
        assert "error" not in verdicts.values(), (row.submission, verdicts)


def test_no_wrong_kind_of_value_earns_full_credit(matrix, course):
    batch, _, _ = matrix
    auto = set(auto_graded(course))
    for row in batch.submissions:
        for exercise in row.exercises:
            for part in exercise.parts:
                if part.id in auto:
                    assert part.score < part.max_score, (row.submission, part.id, part.feedback)


@pytest.mark.parametrize("label", list(KINDS))
def test_feedback_names_what_was_found(matrix, course, label):
    batch, _, _ = matrix
    index = list(KINDS).index(label)
    row = next(r for r in batch.submissions if r.submission == f"kind_{index:02d}.ipynb")
    auto = set(auto_graded(course))
    for exercise in row.exercises:
        for part in exercise.parts:
            if part.id in auto:
                assert NAMES_WHAT_IT_FOUND.search(part.feedback), (label, part.id, part.feedback)
                assert "Traceback" not in part.feedback


def test_results_and_feedback_are_written_and_valid(matrix, tmp_path):
    batch, _, _ = matrix
    out = tmp_path / "results.json"
    results_json.write(batch, out)
    schema = json.loads((Path(results_json.__file__).parent.parent / "schemas" /
                         "results.schema.json").read_text())
    jsonschema.validate(json.loads(out.read_text()), schema)
    written = feedback.write_all(batch, tmp_path / "feedback")
    assert len(written) == len(batch.submissions)


def test_a_function_where_an_expression_belongs_says_so(matrix):
    batch, _, _ = matrix
    index = list(KINDS).index("function returning a constant")
    row = next(r for r in batch.submissions if r.submission == f"kind_{index:02d}.ipynb")
    expr = next(p for e in row.exercises for p in e.parts if p.id == "sigmoid_derivative_expr")
    assert expr.verdict == "incorrect"
    assert ("expected an expression (a string, LaTeX or a sympy object); found a function "
            "`sigmoid_derivative_expr`") in expr.feedback


def test_a_tuple_is_as_good_as_a_list(gradebook, tmp_path):
    """grad-style numeric answers: a function returning a tuple of numbers is read as the
    same list of numbers (here the collapse's (W, b) pair, and softmax as a tuple)."""
    code = ("import numpy as np\n"
            "def softmax(z):\n"
            "    e = np.exp(np.asarray(z, dtype=float) - np.max(z))\n"
            "    return tuple(float(v) for v in e / e.sum())")
    import nbformat

    (tmp_path / "t.ipynb").write_text(nbformat.writes(nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(code)])))
    row = grade_folder(tmp_path, gradebook).submissions[0]
    softmax = next(p for e in row.exercises for p in e.parts if p.id == "softmax")
    assert softmax.verdict == "correct", softmax.feedback
