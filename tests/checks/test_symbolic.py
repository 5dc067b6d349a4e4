"""Symbolic checks on the course's expression parts: (part, answer, verdict, credit) rows."""

from __future__ import annotations

import pytest
import sympy

from grader.answers import Value
from grader.sandbox import SympyText
from tests.precision import symbolic as symbolic_classes

x = sympy.Symbol("x")

Z3_INNER = "(x1 + 5*(x2 + 3))"

RIGHT = [
    ("two_layer_weight", "W2*W1"),
    ("two_layer_weight", r"W_2 W_1"),
    ("two_layer_weight", r"W^{(2)} W^{(1)}"),
    ("two_layer_weight", "W2 W1"),
    ("two_layer_bias", "W2*b1 + b2"),
    ("two_layer_bias", r"W_{2} b_{1} + b_{2}"),
    ("two_layer_bias", "b2 + W2 b1"),
    ("sigmoid_derivative_expr", "sigmoid(x)*(1-sigmoid(x))"),
    ("sigmoid_derivative_expr", r"\frac{e^{-x}}{(1+e^{-x})^{2}}"),
    ("sigmoid_derivative_expr", "σ(x)(1 − σ(x))"),
    ("sigmoid_derivative_expr", "exp(-x)/(1+exp(-x))^2"),
    ("sigmoid_derivative_expr", SympyText(str(sympy.exp(x) / (1 + sympy.exp(x)) ** 2))),
    ("relu_derivative_expr", "Heaviside(x)"),
    ("relu_derivative_expr", "Piecewise((0, x < 0), (1, True))"),
    ("relu_derivative_expr", "\\begin{cases} 0 & x < 0 \\\\ 1 & x \\geq 0 \\end{cases}"),
    ("relu_derivative_expr", SympyText("Heaviside(x, 1)")),
    ("softmax_jacobian_expr", "s_i*(KroneckerDelta(i, j) - s_j)"),
    ("softmax_jacobian_expr", "s_i*(delta_ij - s_j)"),
    ("softmax_jacobian_expr", r"s_i(\delta_{ij} - s_j)"),
    ("softmax_jacobian_expr", "s_i δ_ij − s_i s_j"),
    ("grad_z1", {"x1": "1", "x2": "5", "x3": "-6*x3"}),
    ("grad_z1", {"x1": 1, "x2": 5.0, "x3": r"-6x_3"}),
    ("grad_z1", {"x1": r"1 \cdot 1 = 1", "x2": "5", "x3": "-3*2*x3"}),
    ("grad_z2", {"x1": "x2 - 4", "x2": "x1", "x3": "2*x3*exp(x3^2)/(5*x4^2)",
                 "x4": "-2*exp(x3^2)/(5*x4^3)"}),
    ("grad_z2", {"x1": "-4 + x2", "x2": "x1", "x3": r"\frac{2x_3 e^{x_3^2}}{5x_4^2}",
                 "x4": r"-\frac{2}{5} e^{x_3^2} x_4^{-3}"}),
    ("grad_z2", {"x1": "x2 - 4", "x2": "x1", "x3": "(2/5)*x3*exp(x3**2)*x4**2",
                 "x4": "(2/5)*exp(x3**2)*x4"}),  # the literal reading, accepted with a note
    ("grad_z3", {"x1": f"2*{Z3_INNER}*exp({Z3_INNER}^2)", "x2": f"10*{Z3_INNER}*exp({Z3_INNER}^2)",
                 "x3": "-1/x3^2"}),
    ("grad_z3", {"x1": "2(x1+5x2+15)exp((x1+5x2+15)^2)", "x2": "10(x1+5x2+15)e^((x1+5x2+15)^2)",
                 "x3": "-x3^(-2)"}),
    ("grad_z3", {"x1": r"2(x_1+5(x_2+3))\exp((x_1+5(x_2+3))^2)",
                 "x2": r"10(x_1+5(x_2+3))\exp((x_1+5(x_2+3))^2)", "x3": r"-\frac{1}{x_3^2}"}),
]


@pytest.mark.parametrize(("part", "answer"), RIGHT)
def test_right_forms_get_full_credit(grade_answer, part, answer):
    outcome = grade_answer(part, answer)
    assert (outcome.verdict, outcome.credit) == ("correct", 1.0), outcome.feedback


def test_literal_reading_of_z2_is_noted(grade_answer):
    outcome = grade_answer("grad_z2", dict(RIGHT[25][1]))
    assert outcome.verdict == "correct"
    assert any("literal Python reading" in line for line in outcome.feedback)


WRONG = [
    # (part, answer, misconception or None)
    ("two_layer_weight", "W1*W2", "matrix product in the wrong order"),
    ("two_layer_weight", "W2", "collapsed weights are the last layer's"),
    ("two_layer_weight", r"W_1 W_2", "matrix product in the wrong order"),
    ("two_layer_weight", "W2 + W1", None),
    ("two_layer_bias", "b1 + b2", "biases added without the second layer's weights"),
    ("two_layer_bias", "b2", "biases dropped"),
    ("two_layer_bias", "W2*b1", "first bias without the second"),
    ("two_layer_bias", "W1*b2 + b1", None),
    ("sigmoid_derivative_expr", "sigmoid(x)*(1+sigmoid(x))", "sigma times one plus sigma"),
    ("sigmoid_derivative_expr", r"\frac{e^{-x}}{1+e^{-x}}", "square missing in the denominator"),
    ("sigmoid_derivative_expr", "x*(1-x)",
     "derivative applied to the input instead of the sigmoid"),
    ("sigmoid_derivative_expr", "-sigmoid(x)*(1-sigmoid(x))", None),
    ("sigmoid_derivative_expr", "sigmoid(x)*(1-sigmoid(x)) + 1e-3*exp(-x^2)", None),
    ("relu_derivative_expr", "1 - Heaviside(x)", "branches swapped"),
    ("relu_derivative_expr", "Max(0, x)", "ReLU itself instead of its derivative"),
    ("relu_derivative_expr", "Piecewise((1, x < 0), (0, True))", "branches swapped"),
    ("relu_derivative_expr", "Piecewise((0, x < 1), (1, True))", None),
    ("softmax_jacobian_expr", "s_i*(1 - s_i)", "softmax Jacobian with only its diagonal"),
    ("softmax_jacobian_expr", "s_i*(1 - s_j)", "softmax Jacobian without the Kronecker delta"),
    ("softmax_jacobian_expr", "-s_i*s_j", "off-diagonal entry only"),
    ("softmax_jacobian_expr", "s_j*(KroneckerDelta(i, j) + s_i)", None),
]


@pytest.mark.parametrize(("part", "answer", "misconception"), WRONG)
def test_wrong_answers_get_no_credit(grade_answer, part, answer, misconception):
    outcome = grade_answer(part, answer)
    assert (outcome.verdict, outcome.credit) == ("incorrect", 0.0), outcome.feedback
    assert outcome.misconception == misconception


WRONG_KEYS = [
    # (part, answer, credit, misconception)
    ("grad_z1", {"x1": "1", "x2": "5", "x3": "-3*x3"}, 2 / 3, "power rule without the factor 2"),
    ("grad_z1", {"x1": "1", "x2": "1", "x3": "-3*x3^2"}, 1 / 3,
     "coefficient dropped; function instead of its derivative"),
    ("grad_z1", {"x1": "0", "x2": "-5", "x3": "6*x3"}, 0.0, None),
    ("grad_z2", {"x1": "x2 - 4", "x2": "x1", "x3": "exp(x3^2)/(5*x4^2)",
                 "x4": "2*exp(x3^2)/(5*x4^3)"}, 0.5,
     "chain-rule factor dropped; sign lost differentiating 1/x4^2"),
    ("grad_z2", {"x1": "x2", "x2": "x1", "x3": "2*x3*exp(x3^2)/(5*x4^2)",
                 "x4": "-2*exp(x3^2)/(5*x4^3)"}, 0.75, "constant dropped"),
    ("grad_z2", {"x1": "x1", "x2": "x2 - 4", "x3": "0", "x4": "0"}, 0.0, None),
    ("grad_z3", {"x1": f"2*{Z3_INNER}*exp({Z3_INNER}^2)", "x2": f"2*{Z3_INNER}*exp({Z3_INNER}^2)",
                 "x3": "-1/x3^2"}, 2 / 3, "chain-rule factor dropped"),
    ("grad_z3", {"x1": f"exp({Z3_INNER}^2)", "x2": f"10*{Z3_INNER}*exp({Z3_INNER}^2)",
                 "x3": "1/x3^2"}, 1 / 3,
     "outer chain-rule factor dropped; sign lost differentiating 1/x3"),
    ("grad_z3", {"x1": "1", "x2": "5", "x3": "-1/x3"}, 0.0, None),
]


@pytest.mark.parametrize(("part", "answer", "credit", "misconception"), WRONG_KEYS)
def test_dicts_get_per_key_credit(grade_answer, part, answer, credit, misconception):
    outcome = grade_answer(part, answer)
    assert outcome.credit == pytest.approx(credit), outcome.feedback
    assert outcome.verdict == ("incorrect" if credit == 0 else "partial")
    assert outcome.misconception == misconception


def test_counterexample_in_feedback(grade_answer):
    outcome = grade_answer("sigmoid_derivative_expr", "-sigmoid(x)*(1-sigmoid(x))")
    assert "At x = " in outcome.feedback[0] and "the correct one gives" in outcome.feedback[0]


@pytest.mark.parametrize("answer", ["", {"x1": "", "x2": "", "x3": ""}])
def test_empty_answers_are_missing(grade_answer, answer):
    part = "grad_z1" if isinstance(answer, dict) else "sigmoid_derivative_expr"
    assert grade_answer(part, answer).verdict == "missing"


def test_unreadable_answers_go_to_a_person(grade_answer):
    outcome = grade_answer("sigmoid_derivative_expr", "sigmoid(x) * (1 -")
    assert (outcome.verdict, outcome.credit) == ("needs_review", 0.0)
    assert "^" in outcome.feedback[0]


@pytest.mark.parametrize("answer", ["__import__('os').system('touch /tmp/grader_pwned')",
                                    "().__class__.__base__", "x.__class__"])
def test_malicious_text_is_not_run(grade_answer, answer, tmp_path):
    outcome = grade_answer("sigmoid_derivative_expr", answer)
    assert outcome.credit == 0.0
    assert not __import__("os").path.exists("/tmp/grader_pwned")


@pytest.mark.parametrize(("part", "answer"), [
    ("grad_z1", "1, 5, -6*x3"), ("grad_z1", ["1", "5", "-6*x3"]), ("sigmoid_derivative_expr", 3j),
])
def test_wrong_types_are_explained(grade_answer, part, answer):
    outcome = grade_answer(part, answer)
    assert outcome.verdict == "incorrect" and "expected" in outcome.feedback[0]
    assert "found" in outcome.feedback[0]



def test_each_class_has_wrong_answers():
    for name, table in symbolic_classes.CLASSES.items():
        assert any(expected == "wrong" for *_, expected in table), name


def test_a_commutative_product_names_why_a_person_decides(grade_answer):
    outcome = grade_answer("two_layer_weight", SympyText("W1*W2", commutative=True))
    assert outcome.misconception is None and "wrong order" not in outcome.feedback[0]
    assert "commutative=False" in outcome.feedback[0]


AT = {"x1": "1", "x2": "3", "x3": "-2", "x4": "2"}


@pytest.mark.parametrize(("part", "answer", "credit"), [
    ("grad_z1", {"x1": "1", "x2": "5", "x3": "12"}, 1.0),
    ("grad_z1", {"x1": "1", "x2": "5", "x3": "-12"}, 2 / 3),
    ("grad_z1", {"x1": "1", "x2": "5", "x3": "-6*x3"}, 2 / 3),
    ("grad_z2", {"x1": "-1", "x2": "1", "x3": r"-\frac{e^4}{5}", "x4": r"-\frac{e^4}{20}"},
     1.0),
])
def test_a_check_at_a_point_compares_values_there(gradebook, part, answer, credit):
    check = gradebook.checks[part].at({k: v for k, v in AT.items()
                                        if k in gradebook.checks[part].keys})
    assert check.grade(Value(answer)).credit == pytest.approx(credit)


def test_values_are_no_answer_without_the_point(gradebook):
    assert gradebook.checks["grad_z1"].grade(Value({"x1": "1", "x2": "5", "x3": "12"})
                                             ).credit == pytest.approx(2 / 3)
