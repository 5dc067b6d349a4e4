"""Public text that gives away a hidden answer is found by meaning, in any notation."""

from __future__ import annotations

import pytest

from grader.course import load_course
from grader.pipeline import prepare_course
from grader.student.leaks import find_leaks, snippets, variants
from tests.test_cli import run


@pytest.mark.parametrize(("text", "wanted"), [
    ("every layer's weights take part, W = W_N ... W_2 W_1, and every bias", "W_N ... W_2 W_1"),
    ("The derivative is σ(x)(1 − σ(x)), with a minus sign.", "σ(x)(1 − σ(x))"),
    ("use np.where(x > 0, 1.0, 0.0) or (x > 0).astype(float).", "np.where(x > 0, 1.0, 0.0)"),
    ("so $b = W_2 b_1 + b_2$ in the end", "b = W_2 b_1 + b_2"),
    ("the slope is 0.25 at x = 0.", "0"),
])
def test_snippets_keep_formulas_whole(text, wanted):
    assert wanted in snippets(text)


@pytest.mark.parametrize(("snippet", "two_layers"), [
    ("W_N ... W_2 W_1", "W_2 W_1"),
    ("W_N \\cdots W_1", "W_2 W_1"),
    ("W_N...W_2 b_1 + ... + W_N b_{N-1} + b_N", "W_2 b_1 + b_2"),
    ("b_1 + \\dots + b_N", "b_1 + b_2"),
])
def test_ellipses_expand_for_two_layers(snippet, two_layers):
    assert two_layers in variants(snippet)


def test_without_n_or_an_ellipsis_a_snippet_is_itself():
    assert variants("W_2 W_1") == ["W_2 W_1"]
    assert variants("s_i(δ_ij − s_j)") == ["s_i(δ_ij − s_j)"]


def test_the_course_gives_nothing_away(course, gradebook):
    assert find_leaks(course, gradebook.checks) == []


LEAKY = [
    ("linear_collapse.yaml", "multiplied in the order the layers act, and every bias",
     "W = W_N ... W_2 W_1, and every bias", "two_layer_weight"),
    ("linear_collapse.yaml",
     "multiplied by their weights, before the next bias is\n          added.",
     "so b = W_N...W_2 b_1 + ... + W_N b_{N-1} + b_N.", "two_layer_bias"),
    ("activation_derivatives.yaml", "not of the input x.",
     "not of the input x: $\\frac{1}{1+e^{-x}}\\left(1 - \\frac{1}{1+e^{-x}}\\right)$",
     "sigmoid_derivative_expr"),
    ("activation_derivatives.yaml", "which a factor that grows with σ(x) cannot do.",
     "which sigmoid(x) - sigmoid(x)**2 does.", "sigmoid_derivative_expr"),
    ("activation_derivatives.yaml", "Check the two branches x > 0 (slope 1) and x < 0 (slope 0).",
     "Its derivative is Heaviside(x), with any value at 0.", "relu_derivative_expr"),
]


@pytest.mark.parametrize(("spec", "old", "new", "hidden"), LEAKY,
                         ids=[f"{h}-{i}" for i, (_, _, _, h) in enumerate(LEAKY)])
def test_a_leak_in_public_feedback_is_found(course_copy, spec, old, new, hidden):
    root = course_copy()
    path = root / "exercises" / spec
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    leaky = load_course(root)
    leaks = find_leaks(leaky, prepare_course(leaky).checks)
    assert [leak.hidden for leak in leaks] == [hidden]


def test_validate_names_the_leak_in_one_line(course_copy):
    root = course_copy()
    path = root / "exercises" / "linear_collapse.yaml"
    path.write_text(path.read_text().replace(LEAKY[0][1], LEAKY[0][2]))
    done = run("validate", "--course", str(root))
    assert done.returncode == 2
    assert ("linear_collapse.yaml: parts[0] (collapse).misconceptions[0].feedback: gives away "
            "the hidden part two_layer_weight's answer ('W = W_N ... W_2 W_1')") in done.stderr
