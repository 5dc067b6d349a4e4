"""Questions found by their wording, answers as the cells between one question and the next."""

from __future__ import annotations

import pytest

from grader.notebook.freeform.cells import Cell
from grader.notebook.freeform.locate import (
    Question,
    after_question,
    locate,
    normalise,
    score,
)

RELU = Question("2 Relu", ("relu_derivative", "relu_derivative_expr"), ("relu_derivative",))
SOFTMAX = Question("3 Softmax", ("softmax",), ("softmax",))
Z2 = Question("z = x1*(x2-4) + exp(x3^2) / 5*x4^2", ("grad_z2",), ("grad_z2",))
KERNELS = Question("Consider the following convolution filters:\nk1 = [ [0 0 0], [0 1 0], "
                   "[0 0 0] ]\nCan you guess what each of them computes?", ("kernel_effects",),
                   ("kernel_effects",))


def md(index: int, text: str) -> Cell:
    return Cell(index, "markdown", text)


@pytest.mark.parametrize(("question", "cell", "wanted"), [
    ("2 Relu", '2 Relu \n\n<img src="https://x/relu.png" width="200">', "found"),
    ("2 Relu", "2. ReLU", "found"),
    ("2 Relu", "## 2 Relu (my answer below)", "found"),
    ("2 Relu", "The derivative of the relu function is:", "no"),
    (Z2.text, "```\nz = x1*(x2-4) + exp(x3^2) / 5*x4^2\n```", "found"),
    (Z2.text, "```\nz = 1/x3 + exp( (x1+5*(x2+3)) ^2 )\n```", "no"),
    (Z2.text, "We differentiate $z = x_1(x_2 - 4) + \\frac{\\exp(x_3^2)}{5x_4^2}$ term by "
              "term, using the chain rule for the exponential.", "no"),
    (KERNELS.text, "### Convolution\nConsider the following convolution filters:\n```python\n"
                   "k1 = [ [0 0 0], [0 1 0], [0 0 0] ]\n```\nCan you guess what each of them "
                   "computes?", "found"),
])
def test_a_question_is_recognised_despite_edits_but_not_in_answers(question, cell, wanted):
    assert (score(question, cell) >= 0.6) == (wanted == "found")


def test_normalise_drops_markup_images_and_math():
    text = '### **Derivatives**\n<img src="a.png">\n$f(x) = 1$ `code` ```python'
    assert normalise(text) == "derivatives code"


def test_answers_are_the_cells_up_to_the_next_question():
    cells = [md(0, "# Title"), md(1, "2 Relu"), Cell(2, "code", "def relu_grad(x): ..."),
             md(3, "$f'(x) = 1$"), md(4, "3 Softmax"), md(5, "softmax answer")]
    found = locate(cells, [RELU, SOFTMAX])
    assert found["relu_derivative"].cell == 1
    assert [c.index for c in found["relu_derivative_expr"].chunks] == [2, 3]
    assert [c.index for c in found["softmax"].chunks] == [5]


def test_reordered_sections_and_added_cells_are_followed():
    cells = [md(0, "3 Softmax"), md(1, "softmax answer"), md(2, "## Notes to self"),
             md(3, "2 Relu"), md(4, "relu answer")]
    found = locate(cells, [RELU, SOFTMAX])
    assert [c.index for c in found["softmax"].chunks] == [1, 2]
    assert [c.index for c in found["relu_derivative"].chunks] == [4]


def test_a_missing_question_is_reported_not_guessed():
    found = locate([md(0, "2 Relu"), md(1, "answer")], [RELU, SOFTMAX])
    assert not found["softmax"].found and found["softmax"].chunks == ()
    assert found["relu_derivative"].found


def test_a_template_heading_marks_its_part():
    question = Question("a long question nobody kept", ("grad_z1",), ("grad_z1",))
    found = locate([md(0, "## grad_z1\n\n*9 points.*"), md(1, "answer")], [question])
    assert found["grad_z1"].cell == 0


def test_an_answer_typed_into_the_question_cell_is_kept():
    text = "2 Relu\n\n<img src='r.png'>\n\nMy answer: $f'(x) = 1$ for $x > 0$"
    found = locate([md(0, text)], [RELU])
    (chunk,) = found["relu_derivative"].chunks
    assert chunk.index == 0 and chunk.text == "My answer: $f'(x) = 1$ for $x > 0$"


@pytest.mark.parametrize(("text", "rest"), [
    ("3 Softmax\n<img src='s.png'>", ""),
    ("### Intro\n3 Softmax\nmy note", "my note"),
])
def test_after_question(text, rest):
    assert after_question(text, "3 Softmax") == rest


def test_a_huge_question_cell_is_read_only_as_far_as_it_is_compared() -> None:
    import time

    from grader.notebook.freeform.locate import after_question

    question = "Use the chain rule to compute the partial derivatives dz/dx1, dz/dx2, dz/dx3."
    text = question + "\n" + ("a" * 3999 + "\n") * 2000
    started = time.monotonic()
    rest = after_question(text, question)
    assert rest.startswith("a" * 3999)
    assert time.monotonic() - started < 1.0


# --- the course's structure: versions, split cells, reworded questions, other prompts ---

Z1 = Question("Use the chain rule and backprop to compute the partial derivatives:\n"
              "z = x1 + 5*x2 - 3*x3^2", ("grad_z1",), ("grad_z1",),
              ("Use the chain rule and backprop to compute the partial derivatives:\n"
               "z = x1 + 5*x2 - 3*x3^2",
               "Use the delta rule and backprop to compute the derivatives for these "
               "computations:\nz = x1 + 5*x2 - 3*x3^2"))
Z2Q = Question("z = x1*(x2-4) + exp(x3^2) / 5*x4^2", ("grad_z2",), ("grad_z2",))


def test_an_older_wording_split_over_two_cells_is_found():
    cells = [md(0, "3 Softmax"), md(1, "softmax answer"),
             md(2, "### Back Propagation\nUse the delta rule and backprop to compute the "
                   "derivatives for these computations:"),
             md(3, "```\nz = x1 + 5*x2 - 3*x3^2\n```"), md(4, "$dz/dx_1 = 1$"),
             md(5, "```\nz = x1*(x2-4) + exp(x3^2) / 5*x4^2\n```"), md(6, "z2 answer")]
    found = locate(cells, [SOFTMAX, Z1, Z2Q])
    assert found["grad_z1"].cell == 3
    assert [c.index for c in found["grad_z1"].chunks] == [4]
    assert [c.index for c in found["softmax"].chunks] == [1]


def test_a_reworded_question_is_placed_between_its_found_neighbours():
    cells = [md(0, "3 Softmax"), md(1, "softmax answer"),
             md(2, "Backprop, first formula: z = x1 + 5 x2 - 3 x3^2"), md(3, "z1 answer"),
             md(4, "```\nz = x1*(x2-4) + exp(x3^2) / 5*x4^2\n```"), md(5, "z2 answer")]
    found = locate(cells, [SOFTMAX, Z1, Z2Q])
    assert found["grad_z1"].cell == 2 and found["grad_z1"].placed
    assert [c.index for c in found["grad_z1"].chunks] == [3]


def test_the_course_s_other_prompts_end_an_answer():
    cells = [md(0, KERNELS.text), md(1, "k1: identity"), md(2, "What would be the output "
             "dimensions in these cases?\n1. No padding, stride of 1"), md(3, "1. 3x3"),
             md(4, "2 Relu"), md(5, "relu answer")]
    found = locate(cells, [KERNELS, RELU],
                   ["What would be the output dimensions in these cases?\n"
                    "1. No padding, stride of 1"])
    assert [c.index for c in found["kernel_effects"].chunks] == [1]
    assert [c.index for c in found["kernel_effects"].further] == [3]


def test_a_heading_above_the_question_s_level_ends_it_but_an_answer_heading_does_not():
    cells = [md(0, "### Convolutions\n" + KERNELS.text), md(1, "## Answer\nk1: identity"),
             md(2, "## The convolution filters, again\nk2: shift"),
             md(3, "## Week 3\nnot this one")]
    found = locate(cells, [KERNELS])
    assert [c.index for c in found["kernel_effects"].chunks] == [1, 2]
