"""End to end on free-form notebooks: the real submission and one notebook per style."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from grader.answers import Missing
from grader.notebook import markdown_answers, read_notebook
from grader.pipeline import grade_notebook
from grader.pipeline.answers import NotebookAnswers, answer_for, names_to_collect
from grader.sandbox import open_session
from tests.conftest import EXAMPLES, ROOT
from tests.freeform.expected import (
    FIXTURES,
    expected_grades,
    false_accepts,
    grade_fixtures,
    needs_review,
    parts_of,
)

EXPECTED = expected_grades()
SEED_TEXT = ROOT.parent / "shared" / "homework" / "seed_submission.txt"


@pytest.fixture(scope="module")
def graded(gradebook):
    return grade_fixtures(gradebook)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_notebook_gets_its_expected_grades(graded, name):
    got = parts_of(graded[name])
    wrong = {part_id: (got[part_id].verdict, got[part_id].score, got[part_id].misconception)
             for part_id, want in EXPECTED[name].items() if not want.matches(got[part_id])}
    assert wrong == {}, "\n".join(got[p].feedback for p in wrong)


def test_there_are_ten_styles_besides_the_real_submission():
    assert len([n for n in EXPECTED if n.startswith("freeform/")]) >= 10


def test_no_wrong_answer_is_accepted(graded):
    assert false_accepts(graded) == []


def test_few_parts_need_a_person(graded):
    flagged = needs_review(graded)
    expected = [f"{n}: {p}" for n, parts in EXPECTED.items() for p, want in parts.items()
                if want.verdict == "needs_review"]
    assert sorted(flagged) == sorted(expected)
    assert len(flagged) <= 0.03 * sum(len(parts) for parts in EXPECTED.values())


READINGS = [
    # (notebook, part, verdict, what the feedback must say)
    ("mathjax_rows", "grad_z2", "correct", [r"$\frac{\partial z\ }{\partial x_{3}} =\ "]),
    ("mathjax_rows", "softmax_jacobian_expr", "correct", ["cell 9", r"\partial \sigma ( z)_{i}"]),
    ("mathjax_rows", "relu_derivative_expr", "correct", ["undefined & if"]),
    ("mathjax_rows", "kernel_effects", "correct", ["cells 27, 29, 31, 33", "k2: Only the pixel"]),
    ("mathjax_rows", "collapse_proof", "pending_manual", ["cell 3, under the question in cell 2"]),
    ("proof_in_comments", "collapse_proof", "pending_manual",
     ["text written in code cell 4", "One layer computes W_i h + b_i"]),
    ("total_derivative", "grad_z1", "incorrect", ["$$z'=6-6x_3$$", "for each partial"]),
    ("total_derivative", "softmax_jacobian_expr", "incorrect",
     [r"$$\sigma(z)_j'=\sigma(z)(1-\sigma(z))$$", "only the diagonal"]),
    ("total_derivative", "kernel_effects", "correct", ["under the course's next instructions",
                                                        "k1: keeps every pixel"]),
    ("values_2020", "grad_z2", "correct", ["values at x1 = 1, x2 = 3, x3 = -2, x4 = 2"]),
    ("values_2020", "two_layer_weight", "correct", ["superscripts"]),
    ("gathered", "sigmoid_derivative_expr", "correct",
     ["labelled among the answers", "$f'(x) = f(x)(1 - f(x))$"]),
    ("gathered", "relu_derivative_expr", "correct", [r"\mathbb{1}\{x > 0\}"]),
    ("left_sides", "sigmoid_derivative_expr", "correct", [r"\frac{d}{dx}\left("]),
    ("left_sides", "grad_z1", "correct", ["D_{x_3} z = -6x_3"]),
    ("left_sides", "grad_z2", "correct", ["| $x_4$ |"]),
    ("left_sides", "grad_z3", "correct", ["Read the vector"]),
    ("left_sides", "two_layer_bias", "correct", ["$b = W_2b_1 + b_2$"]),
    ("layers_from_zero", "two_layer_bias", "correct", ["counted from 0", "Read w as W"]),
    ("superscripts", "two_layer_weight", "correct", ["superscripts"]),
    ("general_product", "two_layer_weight", "correct", ["for two layers (N = 2)"]),
    ("chains", "two_layer_bias", "correct",
     ["the constant term in your output", "= (W_2 W_1)x + (W_2 b_1 + b_2)$"]),
    ("product_terms", "two_layer_weight", "correct", ["for two layers (N = 2)", "W_{N-1}"]),
    ("invisible_marks", "grad_z1", "correct", ["cell 19"]),
    ("whole_forms", "relu_derivative_expr", "correct", ["1 if x > 0 else 0"]),
    ("iverson", "relu_derivative_expr", "correct", ["[x > 0]"]),
    ("relu_in_words", "relu_derivative_expr", "correct",
     ["one for positive inputs and zero otherwise (read as $\\begin{cases} 1 & x > 0"]),
    ("restated_formulas", "grad_z1", "correct",
     ["under your restatement of this formula", "z = x1 + 5x2 - 3x3^2 (cell 23)"]),
    ("restated_formulas", "grad_z3", "correct", ["Read the lines under your restatement"]),
    ("inline_code", "sigmoid_derivative_expr", "correct",
     ["`s*(1-s)`", "Used your definition s = sigmoid(x)"]),
    ("remarks", "relu_derivative_expr", "correct", ["Read your remark (not defined at 0"]),
    ("layers_in_prose", "two_layer_bias", "correct", ["B = w_2 * b_1 + b_2", "Read w as W"]),
    ("conditions_in_prose", "relu_derivative_expr", "correct", ["by their conditions"]),
    ("conditions_in_prose", "softmax_jacobian_expr", "correct", ["by their conditions"]),
    ("conditions_typed", "relu_derivative_expr", "incorrect",
     ["ReLU'(x) = 2", "Piecewise((0, x < 0), (2, x > 0))"]),
    ("conditions_hebrew", "relu_derivative_expr", "correct", ["by their conditions"]),
    ("shorthand", "sigmoid_derivative_expr", "correct", ["$s' = s(1-s)$"]),
    ("own_names", "two_layer_bias", "correct", ["layer numbers"]),
    ("own_names", "grad_z3", "correct", ["Used your definition u"]),
    ("own_names", "softmax_jacobian_expr", "correct", ["y_iy_j"]),
    ("typed_delta", "softmax_jacobian_expr", "correct", ["delta_ij"]),
    ("plain_spanish", "two_layer_bias", "correct", ["b = W2 b1 + b2"]),
    ("weight_in_words", "two_layer_bias", "correct", ["bias W2*b1 + b2"]),
    ("bias_in_words", "two_layer_weight", "correct", ["weight is $W_2W_1$"]),
    ("derivative_tables", "grad_z1", "correct", [r"| $\frac{\partial z}{\partial x_1}$ | $1$ |"]),
    ("derivative_tables", "grad_z2", "partial", [r"\partial z/\partial x_4"]),
    ("bold_names", "two_layer_bias", "correct", [r"\mathbf{b}_{eq}"]),
    ("bold_names", "softmax_jacobian_expr", "correct", [r"\partial\,\text{softmax}"]),
    ("kernel_comments", "kernel_effects", "correct", ["k1: identity", "k4: correct"]),
    ("kernels_joined", "kernel_effects", "correct",
     ["k2: desplaza la imagen un pixel;", "k4: difumina y promedia la imagen"]),
    ("kernels_hebrew_and", "kernel_effects", "correct", ["k4: blur וגם average"]),
    ("otherwise_before", "relu_derivative_expr", "correct", ["(otherwise)"]),
    ("python_values", "grad_z1", "correct", ["partials_z1 = {", "a value assigned in your code"]),
    ("python_values", "softmax_jacobian_expr", "incorrect",
     ['jac = "s_i*(1 - s_i)"', "only the diagonal"]),
    ("python_values", "two_layer_bias", "correct", ["b = W2 b1 + b2"]),
    ("python_values", "collapse_proof", "pending_manual", ["text written in code cell 4"]),
    ("python_values", "kernel_effects", "correct", ["k4: averages each 3x3 patch"]),
    ("kernel_table", "kernel_effects", "partial", ["k1: nothing changes", "mistaken for edge"]),
    ("function_table", "grad_z1", "correct", ["z = x_1 + 5x_2 - 3x_3^2, "]),
    ("function_table", "grad_z3", "partial", ["written out, under another question"]),
    ("function_table", "grad_z2", "correct", ["literal Python reading"]),
    ("decorated_names", "two_layer_weight", "correct", [r"$\tilde W = W_2 W_1$"]),
    ("decorated_names", "two_layer_bias", "incorrect", [r"$\hat b = W_2 b_1$"]),
    ("conditions_after", "relu_derivative_expr", "correct", ["(otherwise)", "by their conditions"]),
    ("conditions_after", "softmax_jacobian_expr", "incorrect", ["by their conditions"]),
    ("layers_general", "two_layer_bias", "needs_review", ["for N layers", r"\sum_{k=1}^{N}"]),
    ("whole_forms", "softmax_jacobian_expr", "correct",
     ["entry by entry", r"\begin{pmatrix} s_1(1-s_1)"]),
]


@pytest.mark.parametrize(("name", "part", "verdict", "said"), READINGS,
                         ids=[f"{r[0]}-{r[1]}" for r in READINGS])
def test_how_each_style_is_read(graded, name, part, verdict, said):
    result = parts_of(graded[f"freeform/{name}.ipynb"])[part]
    assert result.verdict == verdict, result.feedback
    assert all(phrase in result.feedback for phrase in said), result.feedback


@pytest.mark.parametrize("name", ["blank_2020", "blank_2021"])
def test_the_blank_course_notebook_reads_nothing(graded, name):
    parts = parts_of(graded[f"freeform/{name}.ipynb"]).values()
    assert {p.verdict for p in parts} == {"missing"}
    assert not any(p.answer for p in parts)


def test_every_answer_says_where_it_was_found(graded):
    for name, result in graded.items():
        for part in parts_of(result).values():
            if part.verdict == "missing":
                continue
            assert re.search(r"\bcells? \d+", part.feedback), (name, part.id, part.feedback)
            assert part.answer, (name, part.id)


def test_the_real_submission_names_what_it_graded(graded):
    seed = parts_of(graded["seed_submission.ipynb"])
    relu = seed["relu_derivative"]
    assert "Graded your function `ReLu_derivative` (cell 9)" in relu.feedback
    assert "ReLu_derivative([-2, -0.5, 0, 0.5, 3]) raised ValueError" in relu.feedback
    assert "`Softmax` (cell 12)" in seed["softmax"].feedback
    assert "`softmax_derivative` (cell 12)" in seed["softmax_jacobian"].feedback
    assert "Graded `sigmoid_derivative` as defined in cell 6" in seed["sigmoid_derivative"].feedback
    assert r"(cell 7): $f'(x) = f(x) \cdot (1-f(x))$" in seed["sigmoid_derivative_expr"].answer
    assert "x3 (cell 16)" in seed["grad_z1"].answer
    assert "k2 (cell 28): This filter is called a horizontal edge" in seed["kernel_effects"].answer
    proof = seed["collapse_proof"]
    assert "text written in code cell 3" in proof.feedback
    assert proof.answer.startswith("each layer in the neural network")
    assert "index i" in seed["softmax_jacobian_expr"].feedback


def test_feedback_explains_the_reading(graded):
    mislabelled = parts_of(graded["freeform/mislabelled.ipynb"])["grad_z1"].feedback
    assert "labelled x1, like another line, but stands where x2 belongs" in mislabelled
    corrected = parts_of(graded["freeform/corrected.ipynb"])
    assert "marked as a correction" in corrected["grad_z1"].feedback
    assert "crossed-out line" in corrected["grad_z3"].feedback
    assert "different lines for x4" in corrected["grad_z2"].feedback
    variable_t = parts_of(graded["freeform/variable_t.ipynb"])
    assert "Read your variable t as x" in variable_t["sigmoid_derivative_expr"].feedback
    assert "Used your definition f(t)" in variable_t["sigmoid_derivative_expr"].feedback
    other = parts_of(graded["freeform/other_names.ipynb"])
    assert "`sigmoidPrime`" in other["sigmoid_derivative"].feedback
    assert "`dReLU`" in other["relu_derivative"].feedback
    assert "`convolve`" in other["apply_kernel"].feedback
    missing = parts_of(graded["freeform/unanswered.ipynb"])["grad_z2"].feedback
    assert "under the question in cell" in missing


def test_template_notebooks_grade_exactly_as_by_name(gradebook):
    """Every sample template submission: the same outcome as grading by name alone."""
    course = gradebook.course
    for path in sorted(EXAMPLES.glob("*.ipynb")):
        notebook = read_notebook(path)
        markdown = markdown_answers(notebook, [p.id for p in course.parts if p.kind == "manual"])
        with open_session(gradebook.limits) as session:
            run = session.run(list(notebook.code_cells), names_to_collect(notebook, course))
            found = NotebookAnswers(notebook, course, run.values, markdown, session)
            for part in course.parts:
                check = gradebook.checks[part.id]
                by_name = check.grade(answer_for(part, run.values, markdown, session))
                assert found.grade(part, check) == by_name, (path.name, part.id)


def test_an_unknown_name_is_missing_with_the_old_reason(gradebook):
    """A template notebook that never defines a function keeps the check's own message."""
    part = next(p for p in gradebook.course.parts if p.id == "relu_derivative")
    outcome = gradebook.checks[part.id].grade(Missing("`relu_derivative` is not defined"))
    assert outcome.verdict == "missing"


def test_grade_handles_a_folder_mixing_both_kinds(tmp_path):
    folder = tmp_path / "subs"
    folder.mkdir()
    shutil.copy(EXAMPLES / "full_marks.ipynb", folder / "templated.ipynb")
    shutil.copy(FIXTURES / "seed_submission.ipynb", folder / "freeform.ipynb")
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "grader", str(folder), "--out", str(out), "--quiet"],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode in (0, 1), result.stderr
    data = json.loads((out / "results.json").read_text())
    by_student = {s["student"]: s for s in data["submissions"]}
    assert {s["status"] for s in by_student.values()} == {"graded"}
    verdicts = {p["id"]: p["verdict"] for e in by_student["freeform"]["exercises"]
                for p in e["parts"]}
    assert verdicts["grad_z2"] == "correct" and verdicts["relu_derivative"] == "partial"
    templated = {p["id"]: p["verdict"] for e in by_student["templated"]["exercises"]
                 for p in e["parts"]}
    assert templated["collapse"] == "correct"


@pytest.mark.skipif(not SEED_TEXT.exists(), reason="the shared seed text is not here")
def test_the_real_submission_is_rebuilt_cell_for_cell():
    """Same text in the same order: `In [n]:` blocks are code cells, the rest markdown."""
    import nbformat

    notebook = nbformat.read(FIXTURES / "seed_submission.ipynb", as_version=4)
    rebuilt: list[str] = []
    for cell in notebook.cells:
        if cell.cell_type == "code":
            count = cell.execution_count if cell.execution_count is not None else "None"
            rebuilt += [f"In [{count}]:", cell.source]
            rebuilt += [o["data"]["text/plain"] for o in cell.get("outputs", [])]
        else:
            rebuilt.append(cell.source)

    def lines(text: str) -> list[str]:
        return [line.rstrip() for line in text.splitlines() if line.strip()]

    assert lines("\n".join(rebuilt)) == lines(SEED_TEXT.read_text(encoding="utf-8"))
    kinds = [c.cell_type for c in notebook.cells]
    assert kinds.count("code") == SEED_TEXT.read_text().count("\nIn [")


def test_fixture_notebooks_are_what_the_script_writes():
    sys.path.insert(0, str(FIXTURES))
    try:
        import make_freeform
    finally:
        sys.path.remove(str(FIXTURES))
    import nbformat

    for name, style in make_freeform.STYLES.items():
        written = (FIXTURES / "freeform" / f"{name}.ipynb").read_text(encoding="utf-8")
        assert written == nbformat.writes(make_freeform.build(style)) + "\n", name
    assert {Path(n).stem for n in EXPECTED if n.startswith("freeform/")} == set(
        make_freeform.STYLES)


BELOW_AN_EMPTY_VARIABLE = [
    # (part, what its variable holds, the Markdown added under it, verdict)
    ("sigmoid_derivative_expr", '""',
     r"**Answer:** $\frac{d\sigma}{dx} = \sigma(x)(1-\sigma(x))$", "correct"),
    ("sigmoid_derivative_expr", '""', r"**Answer:** $\sigma'(x) = \sigma(x)(1+\sigma(x))$",
     "incorrect"),
    ("relu_derivative_expr", '""',
     r"Answer: $f'(x) = \begin{cases} 1 & x > 0 \\ 0 & x < 0 \end{cases}$", "correct"),
    ("relu_derivative_expr", '""',
     r"Answer: $f'(x) = \begin{cases} 0 & x > 0 \\ 1 & x < 0 \end{cases}$", "incorrect"),
    ("softmax_jacobian_expr", '""',
     r"My answer: $\frac{\partial s_i}{\partial z_j} = s_i(\delta_{ij} - s_j)$", "correct"),
    ("softmax_jacobian_expr", '""',
     r"My answer: $\frac{\partial s_i}{\partial z_j} = s_i(1 - s_j)$", "incorrect"),
    # the variable answers: it is graded, whatever the Markdown under it says
    ("sigmoid_derivative_expr", '"sigmoid(x)*(1 - sigmoid(x))"',
     r"$\sigma'(x) = \sigma(x)(1+\sigma(x))$", "correct"),
    # nothing under it that states an answer
    ("relu_derivative_expr", '""', "I am not sure about this one.", "missing"),
    # a formula with no label, in words or typed: under the variable it can only be its answer
    ("sigmoid_derivative_expr", '""', r"$\sigma(x)(1-\sigma(x))$", "correct"),
    ("sigmoid_derivative_expr", '""', r"$\sigma(x)(1+\sigma(x))$", "incorrect"),
    ("sigmoid_derivative_expr", '""', "sigmoid(x)(1 - sigmoid(x))", "correct"),
    ("sigmoid_derivative_expr", '""', "sigmoid(x)(1 + sigmoid(x))", "incorrect"),
    ("sigmoid_derivative_expr", '""', "The derivative is sigma(x) * (1 - sigma(x)).", "correct"),
    ("sigmoid_derivative_expr", '""', "The derivative is sigma(x) * (1 - x).", "incorrect"),
    ("relu_derivative_expr", '""', "It equals 1 for x > 0 and 0 for x < 0 (undefined at 0).",
     "correct"),
    ("relu_derivative_expr", '""', "It equals 0 for x > 0 and 1 for x < 0.", "incorrect"),
    ("relu_derivative_expr", '""', "$1$ if $x>0$, otherwise $0$", "correct"),
    ("relu_derivative_expr", '""', "$0$ if $x>0$, otherwise $1$", "incorrect"),
    ("softmax_jacobian_expr", '""', r"$s_i(\delta_{ij} - s_j)$", "correct"),
    ("softmax_jacobian_expr", '""', r"$s_i(1 - s_j)$", "incorrect"),
    ("two_layer_weight", '""', "The weight is W2 W1.", "correct"),
    ("two_layer_weight", '""', "The weight is W1 W2.", "incorrect"),
]


@pytest.mark.parametrize(("part", "variable", "below", "verdict"), BELOW_AN_EMPTY_VARIABLE)
def test_a_template_variable_left_empty_is_answered_in_markdown_under_it(
        gradebook, tmp_path, part, variable, below, verdict):
    notebook = json.loads((ROOT / "student_template" / "homework.ipynb").read_text())
    cells = notebook["cells"]
    at = next(n for n, c in enumerate(cells) if c["cell_type"] == "code"
              and "".join(c["source"]).startswith(f"{part} = "))
    cells[at]["source"] = f"{part} = {variable}"
    cells.insert(at + 1, {"cell_type": "markdown", "metadata": {}, "source": below})
    path = tmp_path / "student.ipynb"
    path.write_text(json.dumps(notebook))
    result = parts_of(grade_notebook(path, gradebook, name="student"))[part]
    assert result.verdict == verdict, result.feedback
    if verdict in ("correct", "incorrect") and variable == '""':
        assert "was left empty" in result.feedback
