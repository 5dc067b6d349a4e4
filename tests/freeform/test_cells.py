"""What code cells define, read with ast only."""

from __future__ import annotations

import pytest

from grader.notebook.freeform.cells import (
    Cell,
    cells_of,
    comment_prose,
    definitions,
    function_names,
    prose_in_code,
    unhtml,
)
from grader.notebook.reader import Notebook


def code(index: int, text: str) -> Cell:
    return Cell(index, "code", text)


def test_definitions_in_order_with_their_source():
    cells = (code(1, "%matplotlib inline\nimport numpy as np\n\ndef f(x):\n    return x\n"),
             code(2, "g = lambda x: 2 * x\nh = f\ndz_dx1 = 1\nexpr = 'x^2'\nflag = True"),
             code(3, "def broken(:\n    pass"),
             Cell(4, "markdown", "def not_code(x): pass"))
    got = [(d.name, d.cell, d.kind, d.literal) for d in definitions(cells)]
    assert got == [("f", 1, "function", None), ("g", 2, "function", None),
                   ("h", 2, "value", None), ("dz_dx1", 2, "value", 1),
                   ("expr", 2, "value", "x^2"), ("flag", 2, "value", None)]
    assert definitions(cells)[0].source == "def f(x):\n    return x"


@pytest.mark.parametrize(("signature", "fits"), [
    ("f(weights, biases)", [2]),
    ("f(weights, biases=None)", [1, 2]),
    ("f(layers)", [1]),
    ("f(x, /, y, *rest)", [2, 3, 4]),
    ("f()", [0]),
])
def test_what_calls_a_function_s_parameters_take(signature, fits):
    (defined,) = definitions((code(1, f"def {signature}:\n    pass"),))
    assert [n for n in range(5) if defined.takes(n)] == fits
    assert defined.takes(None)


@pytest.mark.parametrize(("html", "seen"), [
    ("<b>1.</b> dz/dx1 = 1 <br> dz/dx2 = 5<br/>dz/dx3 = -6*x3",
     "1. dz/dx1 = 1 \n dz/dx2 = 5\ndz/dx3 = -6*x3"),
    ("<p>The derivative:</p><p>f'(x) = 1</p>", "\nThe derivative:\n\nf'(x) = 1\n"),
    ("x<sub>1</sub> + 5x<sub>2</sub> - 3x<sub>3</sub><sup>2</sup>", "x_1 + 5x_2 - 3x_3^2"),
    ("0 if x &lt; 0, 1 if x &gt; 0", "0 if x < 0, 1 if x > 0"),
    # comparisons in math are no tags; images stay for the question matcher
    ("$a<b$ and $c>d$", "$a<b$ and $c>d$"),
    ('<img src="relu.png" width="200">', '<img src="relu.png" width="200">'),
])
def test_markdown_written_in_html_is_read_as_rendered(html, seen):
    assert unhtml(html) == seen


def test_function_names_once_each():
    cells = (code(1, "def f(x): pass\ndef f(x): return 1\ng = lambda: 0"),)
    assert function_names(cells) == ["f", "g"]


def test_prose_typed_into_a_code_cell():
    cell = code(3, "# Write your answer here\n'''each layer is linear'''\nx = 1\n'second'")
    assert prose_in_code(cell) == "each layer is linear\n\nsecond"
    assert prose_in_code(code(4, "def (")) == ""


def test_cells_in_notebook_order():
    notebook = Notebook(code_cells=((1, "x = 1"),), markdown_cells=((0, "# T"), (2, "text")))
    assert [(c.index, c.kind) for c in cells_of(notebook)] == [
        (0, "markdown"), (1, "code"), (2, "markdown")]


@pytest.mark.parametrize(("text", "seen"), [
    ("$f'(x) = 1$", "$f'(x) = 1$"),
    ("$\u200eh(z)\u200e = \u200f\\sum_k e^{z_k}$", "$h(z) = \\sum_k e^{z_k}$"),
    ("$\\frac{\\partial z}{\\partial x_1}\u05bf = 1$", "$\\frac{\\partial z}{\\partial x_1} = 1$"),
    ("$x\u200b_1$ and \ufeff$x_2$", "$x_1$ and $x_2$"),
    ("לכן $f'(x) = 1$", "לכן $f'(x) = 1$"),
    ("cafe\u0301", "café"),
])
def test_invisible_marks_are_taken_out(text, seen):
    notebook = Notebook(code_cells=(), markdown_cells=((0, text),))
    assert cells_of(notebook)[0].text == seen


COMMENTS = [
    # (a code cell, the prose read from its comments)
    ("# Two layers: W_2(W_1 x + b_1) + b_2.\n# By induction, one layer.",
     "Two layers: W_2(W_1 x + b_1) + b_2.\nBy induction, one layer."),
    ("# Write your answer here\n# A product of affine maps is affine.",
     "A product of affine maps is affine."),
    ("# Write your answer here", ""),
    ("# Write your answer here, using Markdown, image or any other suitable format", ""),
    ("# TODO", ""),
    ("# the gradient along each dimension\ngrad = f(x + h) - f(x - h)", ""),
    ("x = 1  # a comment beside code", ""),
    ("# Two layers: h2 = W2 h1 + b2 = W2 W1 x + W2 b1 + b2\n# one layer, W = W2 W1\n"
     "# induction: true for every N\ndef collapse(weights, biases):\n    return None",
     "Two layers: h2 = W2 h1 + b2 = W2 W1 x + W2 b1 + b2\none layer, W = W2 W1\n"
     "induction: true for every N"),
    ("# Write your answer here\n# multiply the matrices\n# then add\nW = A @ B", ""),
    ("W = A @ B\n# a\n# derivation\n# after the code", ""),
]


@pytest.mark.parametrize(("text", "prose"), COMMENTS, ids=[c[0][:40] for c in COMMENTS])
def test_comments_in_a_cell_used_as_a_text_box(text, prose):
    assert comment_prose(code(3, text)) == prose


def test_text_of_several_lines_kept_under_a_name_is_prose():
    cell = code(3, 'proof = """\nlayer one is linear\nso is the next\n"""\nlabel = "one line"')
    assert prose_in_code(cell) == "layer one is linear\nso is the next"
    assert [(d.name, d.literal) for d in definitions((cell,))] == [("proof", None),
                                                                  ("label", "one line")]
