"""Which quantity of a part a left-hand side names, judged by what it denotes."""

from __future__ import annotations

import pytest

from grader.notebook.freeform.denote import SINGLE, WHOLE, key_of, target_of
from tests.freeform.engine import InProcess


@pytest.fixture(scope="module")
def key(gradebook):
    parts = {p.id: p for p in gradebook.course.parts}

    def run(part_id: str, lhs: str) -> str | None:
        return key_of(target_of(parts[part_id]), lhs,
                      InProcess(gradebook.checks[part_id].ctx))

    return run


ROWS = [
    # derivatives, however they are written
    ("grad_z1", r"\frac{\partial z}{\partial x_1}", "x1"),
    ("grad_z1", r"\frac{\partial z\ }{\partial x_{3}}", "x3"),
    ("grad_z1", r"D_{x_2} z", "x2"),
    ("grad_z1", "dz/dx1", "x1"),
    ("grad_z1", r"\frac{\partial a}{\partial x_1}", None),
    ("grad_z1", "z'", WHOLE),
    ("grad_z1", r"\nabla z", WHOLE),
    ("grad_z1", r"\frac{\partial}{\partial x_1}\left(x_1 + 5x_2 - 3x_3^2\right)", "x1"),
    ("grad_z1", r"\frac{\partial}{\partial x_1}\left(x_1 + 5x_2\right)", None),
    ("sigmoid_derivative_expr", "f(t)'", SINGLE),
    ("sigmoid_derivative_expr", r"\dot{\sigma}(x)", SINGLE),
    ("sigmoid_derivative_expr", r"\frac{d}{dx}\left(\frac{1}{1+\mathrm{e}^{-x}}\right)",
     SINGLE),
    ("sigmoid_derivative_expr", r"\left(\frac{1}{1+e^{-t}}\right)'", SINGLE),
    ("sigmoid_derivative_expr", r"\frac{d}{dx}\left(\frac{1}{1-e^{-x}}\right)", None),
    ("relu_derivative_expr", r"\frac{d}{dx}\max(0, x)", SINGLE),
    # the Jacobian by two indices, or the diagonal by one
    ("softmax_jacobian_expr", r"\frac{\partial \sigma(z)_i}{\partial z_j}", SINGLE),
    ("softmax_jacobian_expr", r"\sigma(z)_j'", SINGLE),
    ("softmax_jacobian_expr", "J_{ij}", SINGLE),
    ("softmax_jacobian_expr", r"\sigma(z)", None),
    # the collapsed weight and bias: the part's letter, no layer number
    ("two_layer_weight", "W", SINGLE),
    ("two_layer_weight", "W'", SINGLE),
    ("two_layer_weight", r"W'_{K \times M}", SINGLE),
    ("two_layer_weight", r"\tilde{W}", SINGLE),
    ("two_layer_weight", "W_{new}", SINGLE),
    ("two_layer_weight", "w", SINGLE),
    ("two_layer_weight", "W_2", None),
    ("two_layer_weight", "W^{(l)}", None),
    ("two_layer_weight", "W_N", None),
    ("two_layer_weight", "b", None),
    ("two_layer_bias", "B", SINGLE),
    ("two_layer_bias", "b_{eq}", SINGLE),
    ("two_layer_bias", "b_1", None),
    # accents without braces, a star, a second prime; with a layer number they are a layer
    ("two_layer_weight", r"\tilde W", SINGLE),
    ("two_layer_weight", r"\hat  W_{eq}", SINGLE),
    ("two_layer_weight", "W^*", SINGLE),
    ("two_layer_weight", r"W^{\ast}", SINGLE),
    ("two_layer_bias", r"\hat b", SINGLE),
    ("two_layer_bias", r"\bar{\mathbf{b}}", SINGLE),
    ("two_layer_bias", "b''", SINGLE),
    ("two_layer_weight", r"\tilde W_2", None),
    ("two_layer_weight", r"\hat{W}^{(1)}", None),
    ("two_layer_weight", r"\tilde b", None),
    ("two_layer_bias", r"\hat W", None),
    ("two_layer_weight", r"\tilde x", None),
]


@pytest.mark.parametrize(("part", "lhs", "expected"), ROWS)
def test_key_of(key, part, lhs, expected):
    assert key(part, lhs) == expected
