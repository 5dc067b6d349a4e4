"""Answers to several questions in one place, cut apart by the labels that name them."""

from __future__ import annotations

import pytest

from grader.notebook.freeform.cells import Cell
from grader.notebook.freeform.locate import Question
from grader.notebook.freeform.segments import (
    course_names,
    cut,
    labelled,
    names,
    numbered_item,
    own,
)

SIGMOID = Question("Compute the derivative of these activation functions:\n1 Sigmoid",
                   ("sigmoid_derivative_expr",))
RELU = Question("2 Relu", ("relu_derivative_expr",))
SOFTMAX = Question("3 Softmax", ("softmax_jacobian_expr",))
NAMED = names([SIGMOID, RELU, SOFTMAX])
GATHERED = Cell(9, "markdown", "**Softmax:**\n$J_{ij} = s_i(\\delta_{ij} - s_j)$\n\n"
                               "### ReLU\n$f'(x) = H(x)$\n\n"
                               "2. Sigmoid derivative: $f'(x) = f(x)(1-f(x))$")


def test_a_question_is_named_by_the_last_word_of_its_wording():
    assert NAMED == {"sigmoid": SIGMOID, "relu": RELU, "softmax": SOFTMAX}


def test_shared_words_name_nothing_and_the_questions_go_by_letters():
    z1 = Question("z = x1 + 5*x2 - 3*x3^2", ("grad_z1",))
    z2 = Question("z = x1*(x2-4) + exp(x3^2) / 5*x4^2", ("grad_z2",))
    z3 = Question("z = 1/x3 + exp( (x1+5*(x2+3)) ^2 )", ("grad_z3",))
    named = names([z1, z2, z3])
    assert named == {"(a)": z1, "(b)": z2, "(c)": z3}
    every = Cell(9, "markdown", "(a) $dz/dx_1 = 1$\n\nb) $dz/dx_1 = x_2 - 4$\n\n(c) $dz/dx_3 = 1$")
    assert [owner for owner, _ in cut([every], named)] == [z1, z2, z3]
    # letters that are not each question's once, in order, are steps of one answer
    steps = Cell(9, "markdown", "(a) the local gradients\n\n(b) $dz/dx_1 = 1$")
    assert [owner for owner, _ in cut([steps], named)] == [None]


def test_labels_cut_one_cell_into_each_question_s_answer():
    got = [(owner.parts[0] if owner else None, cell.text.splitlines()[0])
           for owner, cell in cut([Cell(8, "markdown", "My answers:"), GATHERED], NAMED)]
    assert got == [(None, "My answers:"), ("softmax_jacobian_expr", "**Softmax:**"),
                   ("relu_derivative_expr", "### ReLU"),
                   ("sigmoid_derivative_expr", "2. Sigmoid derivative: $f'(x) = f(x)(1-f(x))$")]


@pytest.mark.parametrize("line", ["Unlike the sigmoid, ReLU does not saturate.",
                                  "We use the softmax of z_j here."])
def test_a_name_in_passing_is_no_label(line):
    assert [owner for owner, _ in cut([Cell(1, "markdown", line)], NAMED)] == [None]


def test_own_and_labelled():
    assert [c.text.splitlines()[0] for c in own([GATHERED], SOFTMAX, NAMED)] == ["**Softmax:**"]
    assert labelled([GATHERED], RELU, NAMED)[0].text.startswith("### ReLU")
    assert labelled([Cell(1, "markdown", "no labels")], RELU, NAMED) == ()


COLLAPSE = Question("Show that a network of N layers that uses a linear activation\nfunction can "
                    "be reduced into a network with just an input and output layers.",
                    ("two_layer_weight",))
KERNELS = Question("Consider the following convolution filters:\nCan you guess what each of "
                   "them computes?", ("kernel_effects",))


def test_a_sentence_names_nothing_but_the_title_of_a_lone_question_does():
    assert names([COLLAPSE]) == {}
    assert names([COLLAPSE], "Linear activations collapse") == {
        "linear": COLLAPSE, "activations": COLLAPSE, "collapse": COLLAPSE}
    # an exercise of several questions is not named by its title: its questions are
    assert names([SIGMOID, RELU, SOFTMAX], "Derivatives of activation functions") == NAMED


def test_a_word_of_two_exercises_names_neither():
    named = course_names([("Linear activations collapse", [COLLAPSE]),
                          ("Derivatives of activation functions", [SIGMOID, RELU, SOFTMAX]),
                          ("Convolution kernels", [KERNELS])]).words
    assert named == {"linear": COLLAPSE, "collapse": COLLAPSE, "sigmoid": SIGMOID,
                     "relu": RELU, "softmax": SOFTMAX, "convolution": KERNELS,
                     "kernels": KERNELS}


@pytest.mark.parametrize(("line", "owner"), [
    ("**1. Linear activations**", COLLAPSE),
    ("### Linear networks collapse", COLLAPSE),
    ("Question 1, linear layers:", COLLAPSE),
    ("**Kernels**", KERNELS),
    # a sentence, a line naming two questions, a long title: no label
    ("A linear network collapses, see below.", None),
    ("**Linear layers and convolution kernels**", None),
    ("### Why a deep linear network collapses into a single layer", None),
])
def test_a_short_title_line_labels_the_question_it_names(line, owner):
    named = {"linear": COLLAPSE, "collapse": COLLAPSE, "kernels": KERNELS,
             "convolution": KERNELS}
    cell = Cell(3, "markdown", f"{line}\nthe answer")
    assert [o for o, _ in cut([cell], named)] == [owner]


def test_an_item_of_a_list_numbered_like_the_questions():
    answers = Cell(7, "markdown", "Answers:\n\n1. $f'(t) = f(t)(1-f(t))$\n2. $f'(x) = H(x)$\n"
                                  "   (Heaviside)\n3. $J = diag(s) - ss^T$")
    assert numbered_item([answers], 1, 3)[0].text == "2. $f'(x) = H(x)$\n   (Heaviside)"
    assert numbered_item([answers], 2, 3)[0].text == "3. $J = diag(s) - ss^T$"
    # four steps, or a list out of order: steps of one answer, not the answers
    steps = Cell(7, "markdown", "1. a\n2. b\n3. c\n4. d")
    assert numbered_item([steps], 0, 3) == ()
    assert numbered_item([Cell(7, "markdown", "2. a\n1. b\n3. c")], 0, 3) == ()
