"""A notebook read part by part: questions from the specs, answers under them."""

from __future__ import annotations

from grader.notebook import read_notebook
from grader.notebook.freeform.found import Found
from grader.notebook.freeform.reading import FreeformReading, is_template, questions_of
from grader.notebook.reader import Notebook
from tests.conftest import EXAMPLES
from tests.freeform.engine import InProcess
from tests.freeform.expected import FIXTURES


def test_parts_without_a_question_share_the_one_before(course):
    questions = {q.parts: q.text for q in questions_of(course)}
    assert questions[("softmax", "softmax_jacobian", "softmax_jacobian_expr")].startswith(
        "3 Softmax")
    assert ("collapse", "two_layer_weight", "two_layer_bias", "collapse_proof") in questions
    assert len(questions) == 9


def test_template_notebooks_are_told_apart(course):
    assert is_template(read_notebook(EXAMPLES / "blank.ipynb"), course)
    assert not is_template(read_notebook(FIXTURES / "seed_submission.ipynb"), course)


def test_the_real_submission_questions_are_all_found(course):
    reading = FreeformReading(read_notebook(FIXTURES / "seed_submission.ipynb"), course)
    cells = {p.id: reading.question_cell(p) for p in course.parts}
    assert cells["collapse_proof"] == 2 and cells["relu_derivative"] == 8
    assert cells["grad_z2"] == 17 and cells["kernel_effects"] == 26
    assert reading.defined("ReLu_derivative").cell == 9
    assert "softmax_derivative" in reading.names()


def test_a_question_not_found_searches_everything_with_a_doubt(course, gradebook):
    notebook = Notebook(code_cells=(), markdown_cells=((0, r"$\frac{dz}{dx_4} = 1$"),))
    reading = FreeformReading(notebook, course)
    part = next(p for p in course.parts if p.id == "grad_z2")
    found = reading.expression(part, InProcess(gradebook.checks["grad_z2"].ctx))
    assert found.value["x4"] == "1"
    assert found.review and found.guessed == {"x1", "x2", "x3", "x4"}


def test_manual_answers_without_their_question_are_not_guessed(course):
    notebook = Notebook(code_cells=(), markdown_cells=((0, "My proof: W = W2 W1."),))
    part = next(p for p in course.parts if p.id == "collapse_proof")
    assert FreeformReading(notebook, course).manual(part).value is None


def test_a_manual_answer_gathers_markdown_and_code_prose(course):
    reading = FreeformReading(read_notebook(FIXTURES / "seed_submission.ipynb"), course)
    part = next(p for p in course.parts if p.id == "collapse_proof")
    found = reading.manual(part)
    assert [q.cell for q in found.quotes] == [3, 4]
    assert "code cell 3" in found.notes[0]


def test_a_self_check_still_knows_each_question_that_has_a_public_part(course):
    """A self-check grades only public parts, so a question given on a hidden part alone
    would vanish and the answer before it would run on into the next section."""
    from grader.student.public import public_course

    public = {q.text for q in questions_of(public_course(course))}
    for question in questions_of(course):
        parts = [p for p in course.parts if p.id in question.parts]
        if any(not p.hidden for p in parts):
            assert question.text in public, question.parts


def test_a_question_may_have_the_wording_of_several_course_versions(course):
    (question,) = [q for q in questions_of(course) if "grad_z1" in q.parts]
    assert len(question.all_wordings) == 2
    assert "delta rule" in question.all_wordings[1]
    assert question.text == question.all_wordings[0]


def test_the_course_notebook_s_other_prompts_come_from_the_specs(course):
    from grader.notebook.freeform.reading import other_prompts

    prompts = other_prompts(course)
    assert any(p.startswith("What would be the output dimensions") for p in prompts)
    assert any(p.startswith("Gradient Checking") for p in prompts)


def test_the_values_a_question_gives_are_read_when_the_answers_are_numbers(course):
    notebook = Notebook(code_cells=(), markdown_cells=(
        (0, "### Back Propagation\nUse the delta rule and backprop to compute the derivatives "
            "for these computations.\nUse these values -\n*x1 = 1, x2 = 3, x3 = -2, x4 = 2*"),
        (1, "```\nz = x1 + 5*x2 - 3*x3^2\n```"), (2, "$a = x_1 = 7$"),
        (3, "```\nz = x1*(x2-4) + exp(x3^2) / 5*x4^2\n```")))
    reading = FreeformReading(notebook, course)
    parts = {p.id: p for p in course.parts}
    numbers = Found({"x1": "1", "x2": "5", "x3": r"-12 \cdot (-1)"})
    assert reading.point(parts["grad_z1"], numbers) == {"x1": "1", "x2": "3", "x3": "-2"}
    assert reading.point(parts["grad_z2"], Found({"x1": "-1"})) == {
        "x1": "1", "x2": "3", "x3": "-2", "x4": "2"}
    assert reading.point(parts["grad_z1"], Found({"x1": "1", "x2": "5", "x3": "-6x_3"})) is None
