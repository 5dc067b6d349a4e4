"""Expression answers, by class: ReLU's derivative and its near-misses region by region,
hyperbolic forms of the sigmoid's, answers right only at ordinary magnitudes, matrix order
and transposes (strings and sympy objects), sums over an index, point masses, |x|."""

from __future__ import annotations

from typing import Any

from grader.sandbox.plain import SympyText
from tests.precision import Row, flatten

RELU = "relu_derivative_expr"
SIGMOID = "sigmoid_derivative_expr"
WEIGHT, BIAS = "two_layer_weight", "two_layer_bias"
SOFTMAX = "softmax_jacobian_expr"


def relu_regions() -> list[Row]:
    """Right everywhere but near 0, between 0 and 1, or just beside 0: never right."""
    rows: list[Row] = [(RELU, "Min(1, Max(0, x))", "wrong")]
    rows += [(RELU, f"Min(1, Max(0, {c}*x))", "wrong") for c in (2, 10, 100, 1000)]
    rows += [(RELU, f"Heaviside(x - {a})", "wrong") for a in ("1/1000", "1/100", "1/2", "-1/100")]
    rows += [(RELU, f"Max(0, sign(x - {a}))", "wrong") for a in ("1/1000", "1/2")]
    rows += [(RELU, f"Piecewise((1, x > {a}), (0, True))", "wrong") for a in ("1/1000", "-1/1000")]
    rows += [(RELU, f"sigmoid({c}*x)", "wrong") for c in (10, 1000, 10**6)]
    rows += [(RELU, f"(1 + tanh({c}*x))/2", "wrong") for c in (100, 10**5)]
    rows += [(RELU, "x/Abs(x)", "wrong"), (RELU, "Abs(sign(x))", "wrong"),
             (RELU, "Min(0, sign(x))", "wrong"), (RELU, "Max(0, x)", "wrong")]
    return rows


def relu_at_zero() -> list[Row]:
    """ReLU has no derivative at 0, as the part declares: any value in [0, 1] there,
    "undefined", or 0 left out is right; a value outside [0, 1] is not."""
    right = ["Max(0, sign(x))", "Min(1, Max(0, sign(x)))", "(1 + sign(x))/2",
             "(x + Abs(x))/(2*x)", "Max(0, x)/x", "Heaviside(x, 1)", "Heaviside(x, 0)",
             "Piecewise((1, x > 0), (0, x < 0))",
             r"\begin{cases} 1 & x > 0 \\ 0 & x < 0 \end{cases}",
             r"\begin{cases} 1 & x > 0 \\ 0 & x < 0 \\ \text{undefined} & x = 0 \end{cases}",
             "Piecewise((1, x > 0), (0, x < 0), (nan, True))",
             r"\frac{x + |x|}{2x}", r"\frac{1}{2} + \frac{|x|}{2x}"]
    rows = [(RELU, text, "right") for text in right]
    rows += [(RELU, f"Piecewise((1, x > 0), (0, x < 0), ({v}, True))",
              "right" if 0 <= float(v) <= 1 else "wrong") for v in ("0", "0.3", "1", "2", "-1")]
    rows += [(RELU, r"\frac{1}{2} - \frac{|x|}{2x}", "wrong"), (RELU, r"\frac{|x|}{x}", "wrong")]
    rows += [(RELU, text, "wrong") for text in ("DiracDelta(x)", "Heaviside(x) + DiracDelta(x)",
                                                "delta(x)")]
    return rows


def sigmoid_hyperbolic() -> list[Row]:
    right = ["sech(x/2)**2/4", "1/(4*cosh(x/2)^2)", r"\frac{1}{4}\operatorname{sech}^2(x/2)",
             r"\frac{1 - \tanh^{2}(x/2)}{4}", r"\frac{1}{4}\text{sech}^{2}\left(\frac{x}{2}\right)",
             "(coth(x/2)^2 - 1)/(4*coth(x/2)^2)", "np.exp(-x)/(1 + np.exp(-x))**2"]
    rows = [(SIGMOID, text, "right") for text in right]
    near = ["sech(x)**2/4", "sech(x/2)**2/2", "sech(x/2)/4", "(1 - tanh(x/2))/4",
            r"\frac{\tanh^{2}(x/2)}{4}", "(1 - coth(x/2)**2)/4", "csch(x/2)**2/4",
            r"\frac{1}{4}\operatorname{sech}^2(2x)", "np.exp(x)/(1 + np.exp(-x))**2"]
    return rows + [(SIGMOID, text, "wrong") for text in near]


def magnitudes() -> list[Row]:
    """Right at ordinary magnitudes, wrong near 0 or at large ones."""
    rows = [("grad_z1", {"x1": "1", "x2": "5", "x3": wrong}, "wrong") for wrong in (
        "-6*x3 + x3**3/10**9", "-6*x3*exp(-x3**2/10**12)", "-6*sin(x3)", "-6*x3 + 1/10**7",
        "-6*x3*(1 + x3**2/10**10)")]
    rows += [(SIGMOID, wrong, "wrong") for wrong in (
        "1/4 - x^2/16", "exp(-x^2/4)/4", "sigmoid(x)*(1 - sigmoid(x))*(1 + x^4/10**12)",
        "sigmoid(x)*(1 - sigmoid(x)) + 1/10**9")]
    return rows


def matrix_order() -> list[Row]:
    right = ["W2*W1", "np.dot(W2, W1)", "W2 @ W1", "np.matmul(W2, W1)", "(W1^T W2^T)^T",
             "(W1.T @ W2.T).T", r"(W_1^\top W_2^\top)^\top", r"\left(W_1^{T} W_2^{T}\right)^{T}"]
    wrong = ["W1 @ W2", "np.dot(W1, W2)", "W2^T W1^T", "W1^T W2^T", "(W2 W1)^T",
             "np.matmul(W1, W2)", "W2.T @ W1.T"]
    rows = [(WEIGHT, t, "right") for t in right] + [(WEIGHT, t, "wrong") for t in wrong]
    rows += [(BIAS, t, "right") for t in ("W2 @ b1 + b2", "np.dot(W2, b1) + b2")]
    rows += [(BIAS, t, "wrong") for t in ("b1 @ W2 + b2", "W2^T b1 + b2", "np.dot(b1, W2) + b2")]
    rows += [
        (WEIGHT, SympyText("W1*W2", commutative=True), "review"),
        (WEIGHT, SympyText("W2*W1", commutative=False), "right"),
        (WEIGHT, SympyText("W1*W2", commutative=False), "wrong"),
        (WEIGHT, SympyText("W1 + W2", commutative=True), "wrong"),
        (WEIGHT, SympyText("W2", commutative=True), "wrong"),
        (WEIGHT, SympyText("2*W1*W2", commutative=True), "wrong"),
        (BIAS, SympyText("W2*b1 + b2", commutative=True), "review"),
        (BIAS, SympyText("W1*b1 + b2", commutative=True), "wrong"),
        (BIAS, SympyText("b1 + b2", commutative=True), "wrong"),
    ]
    return rows


def sums() -> list[Row]:
    right = [r"\sum_k \delta_{ik}\delta_{kj} s_k - s_i s_j",
             r"\sum_{k=1}^{n} s_k \delta_{ik} \delta_{jk} - s_i s_j",
             r"s_i \delta_{ij} - s_i \sum_k \delta_{jk} s_k"]
    wrong = [r"\sum_k \delta_{ik}\delta_{kj} s_k + s_i s_j",
             r"\sum_k s_i\delta_{ij} s_k - s_i s_j", r"\sum_k s_k - s_i s_j",
             r"s_i \sum_k \delta_{ik} - s_i s_j"]
    return ([(SOFTMAX, t, "right") for t in right] + [(SOFTMAX, t, "wrong") for t in wrong]
            + [(SOFTMAX, r"\sum_m s_m \delta_{im} - s_i s_j", "review")])


CLASSES = {
    "ReLU derivative near-misses by region": relu_regions(),
    "ReLU derivative at 0 (declared undefined)": relu_at_zero(),
    "hyperbolic and numpy forms of the sigmoid derivative": sigmoid_hyperbolic(),
    "right only at ordinary magnitudes": magnitudes(),
    "matrix order, transposes and sympy objects": matrix_order(),
    "sums over a declared index": sums(),
}


def rows() -> list[tuple[str, str, Any, str]]:
    return flatten(CLASSES)
