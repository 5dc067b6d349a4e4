"""Which line answers a symbolic part, read by its label, and what the reading had to decide."""

from __future__ import annotations

import pytest

from grader.notebook.freeform.cells import Cell
from grader.notebook.freeform.expressions import extract
from grader.notebook.freeform.statements import statements
from tests.freeform.engine import InProcess


@pytest.fixture(scope="module")
def read(gradebook):
    parts = {p.id: p for p in gradebook.course.parts}

    def run(part_id: str, *texts: str):
        cells = [Cell(10 + n, "markdown", t) for n, t in enumerate(texts)]
        math = InProcess(gradebook.checks[part_id].ctx)
        return extract(parts[part_id], statements(cells), math)

    return run


DZ = r"\frac{\partial z}{\partial x_%d}"
RESTATED = ("**z = x1 + 5x2 - 3x3^2**\n\n$dz/dx_1 = 1$, $dz/dx_2 = 5$, $dz/dx_3 = -6x_3$\n\n"
            "$z = x_1x_2 - 4x_1 + \\frac{e^{x_3^2}}{5x_4^2}$\n\n$dz/dx_1 = x_2 - 4$, "
            "$dz/dx_2 = x_1$")

VALUES = [
    ("keys by label, in any order",
     "grad_z1", [f"${DZ % 3} = -6x_3$\n\n${DZ % 1} = 1$\n\n${DZ % 2} = 5$"],
     {"x1": "1", "x2": "5", "x3": "-6x_3"}),
    ("a chain counts as its last member",
     "grad_z1", [f"${DZ % 1} = 1 \\cdot 1 = 1$"], {"x1": "1", "x2": "", "x3": ""}),
    ("a helper definition is substituted",
     "sigmoid_derivative_expr", ["$f(t) = \\frac{1}{1+e^{-t}}$", "$f'(t) = f(t)(1-f(t))$"],
     r"\left(\frac{1}{1+e^{-x}}\right)(1-\left(\frac{1}{1+e^{-x}}\right))"),
    ("a stand-in variable is renamed",
     "relu_derivative_expr", [r"$f'(t) = \begin{cases} 1 & t > 0 \\ 0 & t < 0 \end{cases}$"],
     r"\begin{cases} 1 & x > 0 \\ 0 & x < 0 \end{cases}"),
    ("indices and the family are renamed",
     "softmax_jacobian_expr", [r"$\frac{\partial f_j}{\partial z_k} = f_j(z)(\delta_{jk}-f_k(z))$"],
     r"s_{i}(\delta_{ij}-s_{j})"),
    ("the Jacobian entry label",
     "softmax_jacobian_expr", [r"$J_{ij} = s_i(\delta_{ij} - s_j)$"],
     r"s_{i}(\delta_{ij} - s_{j})"),
    ("the diagonal only",
     "softmax_jacobian_expr", [r"$\frac{\partial s_k}{\partial z_k} = s_k(1-s_k)$"],
     "s_{i}(1-s_{i})"),
    ("the last line marked as the conclusion",
     "sigmoid_derivative_expr", ["$f'(x) = 2x$", "Therefore $f'(x) = f(x)(1-f(x))$"],
     "f(x)(1-f(x))"),
    ("a correction",
     "grad_z1", [f"${DZ % 3} = -3x_3$", f"Correction: ${DZ % 3} = -6x_3$"],
     {"x1": "", "x2": "", "x3": "-6x_3"}),
    ("a crossed-out line does not count",
     "grad_z1", [f"~~${DZ % 3} = -6x_3$~~", f"${DZ % 3} = -3x_3$"],
     {"x1": "", "x2": "", "x3": "-3x_3"}),
    ("conditional lines alone are combined into cases",
     "relu_derivative_expr", ["$f'(x) = 1$ for $x > 0$", "$f'(x) = 0$ for $x < 0$"],
     r"\begin{cases} 1 & x > 0 \\ 0 & x < 0 \end{cases}"),
    ("a line for every input beats conditional ones",
     "relu_derivative_expr", ["$f'(x) = 1$ for $x > 0$",
                              r"$f'(x) = \begin{cases} 1 & x > 0 \\ 0 & x \leq 0 \end{cases}$"],
     r"\begin{cases} 1 & x > 0 \\ 0 & x \leq 0 \end{cases}"),
    ("a derivation step that cannot be read is passed over",
     "sigmoid_derivative_expr", [r"$f'(x) = \frac{d}{dx}(1+e^{-x})^{-1}$",
                                 r"$f'(x) = \frac{e^{-x}}{(1+e^{-x})^2}$"],
     r"\frac{e^{-x}}{(1+e^{-x})^2}"),
    ("a formula after 'the derivative is'",
     "sigmoid_derivative_expr", [r"So the derivative is $\sigma(x)(1-\sigma(x))$."],
     r"\sigma(x)(1-\sigma(x))"),
    ("exponentials over their sum are the softmax's outputs",
     "softmax_jacobian_expr", [r"$\frac{\partial s_i}{\partial z_j} = \frac{e^{z_i}\delta_{ij}}"
                               r"{\sum_k e^{z_k}} - \frac{e^{z_i}e^{z_j}}{(\sum_k e^{z_k})^2}$"],
     r"\frac{(s_{i} \cdot 1)\delta_{ij}}{(1)} - \frac{(s_{i} \cdot 1)(s_{j} \cdot 1)}{((1))^2}"),
    ("exponentials that do not cancel are left as written",
     "softmax_jacobian_expr", [r"$\frac{\partial s_i}{\partial z_j} = e^{z_i}(\delta_{ij} - "
                               r"\frac{e^{z_j}}{\sum_k e^{z_k}})$"],
     r"e^{z_i}(\delta_{ij} - \frac{e^{z_j}}{\sum_k e^{z_k}})"),
    ("plain equations side by side", "grad_z1", ["dz/dx1 = 1, dz/dx2 = 5, dz/dx3 = -6*x3"],
     {"x1": "1", "x2": "5", "x3": "-6*x3"}),
    ("a gradient vector after words that say so", "grad_z1", ["The gradient is $(1, 5, -6x_3)$"],
     {"x1": "1", "x2": "5", "x3": "-6x_3"}),
    ("a function written without its argument", "sigmoid_derivative_expr",
     [r"$$\frac{d\sigma}{dx} = \sigma (1 - \sigma)$$"], r"\sigma(x) (1 - \sigma(x))"),
    ("'otherwise' after a line is its condition", "relu_derivative_expr",
     ["$f'(x) = 1$ if $x > 0$ and $f'(x) = 0$ otherwise"],
     r"\begin{cases} 1 & x > 0 \\ 0 & otherwise \end{cases}"),
    ("a condition before its line", "softmax_jacobian_expr",
     [r"For $i = j$: $\frac{\partial s_i}{\partial z_j} = s_i(1-s_i)$, and for $i \ne j$: "
      r"$\frac{\partial s_i}{\partial z_j} = -s_is_j$"],
     r"\begin{cases} s_{i}(1-s_{i}) & i = j \\ -s_{i}s_{j} & i \ne j \end{cases}"),
    ("the family's name in a font", "softmax_jacobian_expr",
     [r"$\frac{\partial \text{softmax}(z)_i}{\partial z_j} = \text{softmax}(z)_i(\delta_{ij}"
      r" - \text{softmax}(z)_j)$"], r"s_{i}(\delta_{ij} - s_{j})"),
    ("a matrix part by its label",
     "two_layer_weight", ["so $W = W_2 W_1$ and $b = W_2 b_1 + b_2$"], "W_2 W_1"),
    ("a helper is its definition, not the rest of its chain",
     "sigmoid_derivative_expr", [r"$f(t) = \frac{1}{1+e^{-t}} = (1+e^{-t})^{-1}$",
                                 "$f'(t) = f(t)(1-f(t))$"],
     r"\left(\frac{1}{1+e^{-x}}\right)(1-\left(\frac{1}{1+e^{-x}}\right))"),
    ("helpers in the steps of a chain are not used", "grad_z1",
     [f"$a = x_1$\n\n${DZ % 1} = \\frac{{\\partial a}}{{\\partial x_1}} = 1$"],
     {"x1": "1", "x2": "", "x3": ""}),
    ("a helper named like the bias is not the bias",
     "two_layer_bias", [r"$b = 5\cdot x_2 = 15$"], None),
    ("the weight read off the network's output",
     "two_layer_weight", [r"$h_2 = W_2(W_1x+b_1)+b_2 = W_2W_1x + W_2b_1 + b_2$"], "W_2W_1"),
    ("the bias read off the network's output",
     "two_layer_bias", [r"$h_2 = W_2(W_1x+b_1)+b_2 = W_2W_1x + W_2b_1 + b_2$"], "W_2b_1 + b_2"),
    ("the output's wrong bias is read as written",
     "two_layer_bias", [r"$h_2 = W_2(W_1x+b_1)+b_2 = W_1W_2x + b_1 + b_2$"], "b_1 + b_2"),
    ("an output not multiplied out states no weight",
     "two_layer_weight", [r"$h_2 = W_2(W_1x+b_1)+b_2$"], None),
    ("one layer's output is not the collapsed layer",
     "two_layer_weight", [r"$h_1 = W_1x + b_1$"], None),
    ("a labelled weight is preferred to the output's",
     "two_layer_weight", [r"$y = W_1W_2x + b$", r"$W = W_2W_1$"], "W_2W_1"),
    ("the weight named in words",
     "two_layer_weight", ["one layer with weight W2*W1 and bias W2*b1 + b2"], "W_{2}*W_{1}"),
    ("a symbol's line is preferred to the words",
     "two_layer_weight", ["the weight is $W_1$", "$W = W_2W_1$"], "W_2W_1"),
    ("the block under the part's restated formula",
     "grad_z1", [RESTATED], {"x1": "1", "x2": "5", "x3": "-6x_3"}),
    ("the block under another restatement of the formula",
     "grad_z2", [RESTATED], {"x1": "x_2 - 4", "x2": "x_1", "x3": "", "x4": ""}),
    ("a formula restated wrongly keeps every line, for a person",
     "grad_z1", [RESTATED.replace("3x3^2", "3x3^3")], None),
    ("a derivative of a helper is not the answer",
     "grad_z1", [r"$\frac{\partial u}{\partial x_1} = 7$"], None),
]


@pytest.mark.parametrize(("part", "texts", "value"), [r[1:] for r in VALUES],
                         ids=[r[0] for r in VALUES])
def test_the_value_read(read, part, texts, value):
    found = read(part, *texts)
    if value is None:
        assert found.value is None or found.review or found.rivals
    else:
        assert found.value == value


def test_lines_the_math_engine_proves_equal_are_one_answer(read):
    found = read("sigmoid_derivative_expr", r"$f'(x) = \frac{e^{-x}}{(1+e^{-x})^2}$",
                 "$f'(x) = f(x)(1-f(x))$")
    assert found.value == "f(x)(1-f(x))"
    assert found.rivals == () and not found.review
    assert not any("different lines" in note for note in found.notes)


def test_lines_in_other_notations_that_agree_are_one_answer(read):
    found = read("relu_derivative_expr", r"$f'(x) = \begin{cases} 1 & x > 0 \\ 0 & x < 0"
                 r" \end{cases}$", "$f'(x) = H(x)$ where H is Heaviside, i.e. "
                 "$f'(x) = Heaviside(x)$")
    assert found.value == "Heaviside(x)" and found.rivals == ()


def test_disagreeing_lines_are_handed_back_as_rivals(read):
    found = read("grad_z1", f"${DZ % 2} = 5$", f"${DZ % 2} = 1$")
    assert found.value["x2"] == "1"
    assert found.rivals == ({"x1": "", "x2": "5", "x3": ""},)
    assert "2 different lines for x2" in found.notes[0]


@pytest.mark.parametrize(("lines", "moved"), [
    ([1, 1, 3], "x2"),
    ([2, 2, 3], "x1"),
])
def test_a_mislabelled_line_is_read_as_the_missing_key_and_flagged(read, lines, moved):
    values = {1: "1", 2: "5", 3: "-6x_3"}
    texts = [f"${DZ % n} = {values[n] if k == 0 or n != lines[k - 1] else 'q'}$"
             for k, n in enumerate(lines)]
    found = read("grad_z1", "\n\n".join(texts))
    assert found.guessed == {moved}
    assert found.value[moved] and found.review
    assert f"read as {moved}" in " ".join(found.notes)


def test_a_duplicate_that_agrees_is_no_mislabel(read):
    found = read("grad_z1", f"${DZ % 1} = 1$\n\n${DZ % 1} = 1$\n\n${DZ % 3} = -6x_3$")
    assert found.value["x2"] == "" and not found.review and not found.guessed


def test_an_index_the_left_side_never_names_is_flagged(read):
    found = read("softmax_jacobian_expr",
                 r"$\frac{\partial f_j}{\partial z_k} = \begin{cases} f_j(1-f_j) & i = k \\ "
                 r"-f_j f_k & j \neq k \end{cases}$")
    assert found.guessed == {""}
    assert "the index i" in found.review[0] and "reads as j" in found.review[0]


def test_a_helper_defined_twice_differently_is_not_used(read):
    found = read("relu_derivative_expr", "$f(x) = x$", "$f(x) = 0$", "$f'(x) = f(x)/x$")
    assert "f(x)/x" in found.value
    assert found.review and "defined more than once" in found.review[0]


def test_nothing_labelled_is_nothing(read):
    assert read("grad_z2", "We use the chain rule.", "$z = x_1(x_2 - 4)$").value is None


def test_a_formula_someone_else_wrote_is_not_the_answer(read):
    assert read("sigmoid_derivative_expr",
                r"The book says the derivative is $\sigma(x)(1-\sigma(x))$.").value is None


def test_a_conclusion_with_a_condition_does_not_end_the_search(read):
    found = read("relu_derivative_expr", "$f'(x) = 0$ for $x < 0$",
                 "Therefore $f'(x) = 1$ for $x > 0$")
    assert found.value == r"\begin{cases} 0 & x < 0 \\ 1 & x > 0 \end{cases}"


def test_among_other_answers_only_a_restated_block_counts(gradebook):
    """Text under another question counts only under a restatement of the part's formula."""
    part = next(p for p in gradebook.course.parts if p.id == "grad_z3")
    math = InProcess(gradebook.checks["grad_z3"].ctx)
    found = extract(part, statements([Cell(3, "markdown", RESTATED)]), math,
                    restated_only=True)
    assert found.empty
