"""End to end on the sample submissions: real notebooks, real sandbox, real checks."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from grader.course import load_course
from grader.pipeline import grade_folder, grade_notebook, prepare_course
from grader.reports import results_json
from grader.results import SubmissionResult, from_dict, to_dict
from tests.conftest import EXAMPLES, ROOT


def parts(result: SubmissionResult) -> dict:
    return {p.id: p for e in result.exercises for p in e.parts}


@pytest.fixture(scope="module")
def graded(gradebook) -> dict[str, SubmissionResult]:
    batch = grade_folder(EXAMPLES, gradebook)
    return {Path(s.submission).stem: s for s in batch.submissions}


MANUAL = {"collapse_proof", "puppy_or_bagel"}


def test_full_marks_gets_every_automatic_point(graded, course):
    result = graded["full_marks"]
    assert result.status == "graded"
    for part_id, part in parts(result).items():
        if part_id in MANUAL:
            assert part.verdict == "pending_manual"
        else:
            assert (part.verdict, part.score) == ("correct", part.max_score), part.feedback
    assert result.score == course.max_score - 21


def test_alternative_forms_get_every_automatic_point(graded):
    for part_id, part in parts(graded["alternative_forms"]).items():
        if part_id not in MANUAL:
            assert (part.verdict, part.score) == ("correct", part.max_score), part.feedback


def test_blank_template_scores_zero_with_missing(graded):
    result = graded["blank"]
    assert result.status == "graded" and result.score == 0
    assert {p.verdict for p in parts(result).values()} == {"missing"}


SEED_VERDICTS = {
    # part: (verdict, score, misconception)
    "collapse": ("incorrect", 0, "collapsed weights are the last layer's, biases dropped"),
    "two_layer_weight": ("incorrect", 0, "collapsed weights are the last layer's"),
    "two_layer_bias": ("missing", 0, None),
    "collapse_proof": ("pending_manual", 0, None),
    "sigmoid_derivative": ("correct", 3, None),
    "sigmoid_derivative_expr": ("correct", 2, None),
    "relu_derivative": ("partial", 1, None),
    "relu_derivative_expr": ("correct", 2, None),
    "softmax": ("incorrect", 0, "softmax without the exponential"),
    "softmax_jacobian": ("incorrect", 0, None),
    "softmax_jacobian_expr": ("correct", 4, None),
    "grad_z1": ("correct", 9, None),
    "grad_z2": ("correct", 12, None),
    "grad_z3": ("correct", 9, None),
    "puppy_or_bagel": ("pending_manual", 0, None),
    "kernel_effects": ("partial", 9, "shift mistaken for edge detection"),
    "apply_kernel": ("missing", 0, None),
}


def test_real_submission_gets_the_expected_verdicts(graded):
    seed = parts(graded["seed_student"])
    got = {k: (p.verdict, p.score, p.misconception) for k, p in seed.items()}
    assert got == SEED_VERDICTS


def test_real_submission_feedback_is_actionable(graded):
    seed = parts(graded["seed_student"])
    relu = seed["relu_derivative"].feedback
    assert "relu_derivative([-2, -0.5, 0, 0.5, 3]) raised ValueError" in relu
    assert "exp(z_i) / Σ_k exp(z_k)" in seed["softmax"].feedback
    kernels = seed["kernel_effects"].feedback
    assert "k2: recognised mistake: shift mistaken for edge detection" in kernels
    assert "horizontal edge detection" in seed["kernel_effects"].answer
    assert seed["collapse_proof"].answer.startswith("an N-layer neural network")


def test_misbehaving_notebook_still_grades_what_it_defined(graded):
    result = graded["errors"]
    assert result.status == "timeout"
    cells = {c.status for c in result.cells}
    assert {"error", "timeout"} <= cells
    assert any("ZeroDivisionError" in (c.error or "") for c in result.cells)
    got = parts(result)
    assert got["sigmoid_derivative"].verdict == "correct"
    assert got["softmax"].verdict == "correct"
    assert got["collapse"].verdict == "incorrect" and "NameError" in got["collapse"].feedback
    assert got["relu_derivative"].verdict == "missing"
    assert got["softmax_jacobian"].verdict == "incorrect"
    assert "timed out" in got["softmax_jacobian"].feedback
    assert got["grad_z1"].verdict == "needs_review" and got["grad_z1"].score == 6


def test_the_self_check_import_grades_exactly_as_without_it(graded, gradebook, course,
                                                            tmp_path):
    """The README's `from grader import check`, in the cell that imports numpy, and a
    `check()` call: the final grade and the student's `grade check` are as without them."""
    import nbformat

    from grader.student.public import public_gradebook

    notebook = nbformat.read(EXAMPLES / "full_marks.ipynb", as_version=4)
    numpy_cell = next(c for c in notebook.cells if c.source == "import numpy as np")
    numpy_cell.source = "from grader import check\nimport numpy as np"
    notebook.cells.append(nbformat.v4.new_code_cell("check()"))
    nbformat.write(notebook, tmp_path / "full_marks.ipynb")
    with_import = grade_notebook(tmp_path / "full_marks.ipynb", gradebook)
    assert with_import == graded["full_marks"]
    public = public_gradebook(course)
    assert (grade_notebook(tmp_path / "full_marks.ipynb", public)
            == grade_notebook(EXAMPLES / "full_marks.ipynb", public))


def test_the_self_check_import_grades_the_same_on_gradescope(tmp_path):
    import nbformat

    from grader.autograder.run import grade_upload

    notebook = nbformat.read(EXAMPLES / "full_marks.ipynb", as_version=4)
    for name, first in (("plain", "import numpy as np"),
                        ("with_import", "from grader import check\nimport numpy as np")):
        next(c for c in notebook.cells if c.source.endswith("import numpy as np")).source = first
        (tmp_path / name).mkdir()
        nbformat.write(notebook, tmp_path / name / "homework.ipynb")
    plain, with_import = (grade_upload(tmp_path / name, ROOT) for name in ("plain", "with_import"))
    assert with_import == plain and plain["tests"]


def test_results_json_matches_its_schema_and_round_trips(graded, tmp_path):
    from grader.results import BatchResult

    batch = BatchResult("c", "0", tuple(graded[k] for k in sorted(graded)))
    schema = json.loads((ROOT / "grader" / "schemas" / "results.schema.json").read_text())
    data = json.loads(results_json.dumps(batch))
    jsonschema.Draft202012Validator(schema).validate(data)
    results_json.write(batch, tmp_path / "results.json")
    assert results_json.read(tmp_path / "results.json") == batch
    assert from_dict(to_dict(batch)) == batch


def test_a_result_lists_the_first_cells_and_clips_what_it_quotes(gradebook, tmp_path):
    """Thirty failing cells and a 100,000-character expression: the first 20 cells and a
    count, and feedback that quotes the expression only in part."""
    import nbformat

    from grader.pipeline.submission import MAX_ANSWER, MAX_CELL_ISSUES, MAX_FEEDBACK

    sources = ["1 / 0"] * 30 + ["two_layer_weight = 'W2 * W1 +' + ' x' * 50_000"]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    path = tmp_path / "flood.ipynb"
    path.write_text(nbformat.writes(notebook), encoding="utf-8")
    result = grade_notebook(path, gradebook)
    assert [c.cell for c in result.cells] == list(range(MAX_CELL_ISSUES))
    assert result.cells_omitted == 30 - MAX_CELL_ISSUES
    weight = parts(result)["two_layer_weight"]
    assert weight.verdict != "correct"
    assert len(weight.feedback) < MAX_FEEDBACK + 100 and len(weight.answer) < MAX_ANSWER + 100
    assert weight.answer.endswith(" more characters]")


@pytest.mark.parametrize(("content", "reason"), [
    (b"", "empty file"),
    (b"{not json", "not valid JSON"),
    (b'{"cells": []}', "no 'nbformat' key"),
    (b"\xff\xfe\x00", "not UTF-8"),
])
def test_unreadable_files_get_a_row(gradebook, tmp_path, content, reason):
    path = tmp_path / "bad.ipynb"
    path.write_bytes(content)
    result = grade_notebook(path, gradebook)
    assert result.status == "invalid_notebook" and reason in result.detail
    assert result.score == 0 and all(p.verdict == "missing" for p in parts(result).values())


def test_a_new_course_grades_without_code_changes(tmp_path):
    """A tanh exercise from YAML and a reference alone, graded on two notebooks."""
    import nbformat

    root = tmp_path / "tanh_course"
    (root / "exercises").mkdir(parents=True)
    (root / "solutions").mkdir()
    (root / "solutions" / "tanh.py").write_text(
        "import numpy as np\n\n"
        "def tanh_derivative(x):\n    return 1 - np.tanh(np.asarray(x, dtype=float)) ** 2\n\n"
        "def forgot_square(x):\n    return 1 - np.tanh(np.asarray(x, dtype=float))\n\n"
        'TANH_EXPR = "1 - tanh(x)**2"\n'
    )
    (root / "exercises" / "tanh.yaml").write_text(
        "spec_version: 1\nid: tanh\ntitle: Derivative of tanh\nsolution: solutions/tanh.py\n"
        "parts:\n"
        "  - id: tanh_derivative\n    kind: numeric\n    points: 2\n"
        '    signature: "tanh_derivative(x)"\n    reference: tanh_derivative\n'
        "    tests:\n      - name: scalars\n        cases: [[0.0], [0.7], [-2.0]]\n"
        "      - name: arrays\n"
        "        random: {count: 3, seed: 1, args: [{shape: [4], low: -3, high: 3}]}\n"
        "    misconceptions:\n      - name: square forgotten\n        reference: forgot_square\n"
        "        feedback: The tanh is squared.\n"
        "  - id: tanh_expr\n    kind: symbolic\n    points: 2\n    variables: [x]\n"
        "    reference: TANH_EXPR\n"
        "    misconceptions:\n      - name: square forgotten\n        expr: 1 - tanh(x)\n"
        "        feedback: The tanh is squared.\n"
    )
    course = load_course(root)
    gradebook = prepare_course(course)

    def notebook(name: str, cells: list[str]) -> Path:
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
        path = tmp_path / "subs" / f"{name}.ipynb"
        path.parent.mkdir(exist_ok=True)
        path.write_text(nbformat.writes(nb))
        return path

    notebook("good", ["import numpy as np",
                      "def tanh_derivative(x):\n    return 1 / np.cosh(x) ** 2",
                      'tanh_expr = "1/cosh(x)^2"'])
    notebook("bad", ["import numpy as np",
                     "def tanh_derivative(x):\n    return 1 - np.tanh(x)",
                     'tanh_expr = "1 - tanh(x)"'])
    batch = grade_folder(tmp_path / "subs", gradebook)
    by_name = {s.student: parts(s) for s in batch.submissions}
    assert by_name["good"]["tanh_derivative"].verdict == "correct"
    assert by_name["good"]["tanh_expr"].verdict == "correct"
    assert by_name["bad"]["tanh_derivative"].misconception == "square forgotten"
    assert by_name["bad"]["tanh_expr"].misconception == "square forgotten"
    assert [s.score for s in batch.submissions] == [0, 4]
