"""What a left-hand side says a line is: a derivative, or a name being defined."""

from __future__ import annotations

import pytest

from grader.notebook.freeform.labels import Derivative, Name, label, normal_variable

D = Derivative

ROWS = [
    # the forms
    (r"\frac{\partial z}{\partial x_1}", D("z", "x1")),
    (r"\partial z/\partial x_1", D("z", "x1")),
    ("dz/dx1", D("z", "x1")),
    ("z_{x_1}", D("z", "x1")),
    ("f'(x)", D("f", "x")),
    (r"\sigma'(t)", D("sigma", "t")),
    (r"\frac{d}{dx}\sigma(x)", D("sigma", "x")),
    # other spellings of the same
    (r"\dfrac{\partial z}{\partial x_{3}}", D("z", "x3")),
    (r"\frac{dz}{dx_1}", D("z", "x1")),
    ("∂z/∂x2", D("z", "x2")),
    ("∂z/∂x₂", D("z", "x2")),
    (r"\partial_{x_1} z", D("z", "x1")),
    (r"\frac{d\sigma}{dx}", D("sigma", "x")),
    (r"\sigma^\prime(x)", D("sigma", "x")),
    (r"\text{ReLU}'(t)", D("relu", "t")),
    (r"\frac{d}{dx}\mathrm{ReLU}(x)", D("relu", "x")),
    (r"\frac{d}{dx}\,\mathrm{ReLU}(x)", D("relu", "x")),  # a thin space before the name
    (r"\frac{d}{dx}\;\operatorname{relu}(x)", D("relu", "x")),
    (r"\left( \frac{\partial z}{\partial x_2} \right)", None),
    ("dz_dx1", D("z", "x1")),
    # indexed: the softmax Jacobian
    (r"\frac{\partial f_j}{\partial z_k}", D("f", "z", "j", "k")),
    (r"\frac{\partial \sigma(z)_i}{\partial z_j}", D("sigma", "z", "i", "j")),
    (r"\frac{\partial s_i}{\partial z_i}", D("s", "z", "i", "i")),
    # names: helper definitions and labels
    ("f(t)", Name("f", None, ("t",))),
    ("u", Name("u")),
    ("s_i", Name("s", "i")),
    ("J_{ij}", Name("J", "ij")),
    ("W_{eq}", Name("W", "eq")),
    ("W_2", Name("W2")),
    (r"\tilde{W}", Name("wtilde")),
    # the function written out: which one it is, the part decides
    (r"\frac{d}{dt}\left(\frac{1}{1+e^{-t}}\right)", D("", "t", written=r"\frac{1}{1+e^{-t}}")),
    (r"\frac{d}{dx}\left(\frac{1}{1+\mathrm{e}^{-x}}\right)",
     D("", "x", written=r"\frac{1}{1+e^{-x}}")),
    (r"\left(\frac{1}{1+e^{-t}}\right)'", D("", "", written=r"\frac{1}{1+e^{-t}}")),
    (r"\frac{\partial}{\partial x_1}(x_1 + 5x_2)", D("", "x1", written="x_1+5x_2")),
    # primes after the argument or the index, dots, D and nabla
    ("f(t)'", D("f", "t")),
    (r"\sigma(z)_j'", D("sigma", "z", "j")),
    (r"\dot{\sigma}(x)", D("sigma", "x")),
    (r"D_{x_1} z", D("z", "x1")),
    (r"\nabla_{x_2} z", D("z", "x2")),
    ("z'", D("z", "")),
    (r"\nabla z", D("z", "")),
    (r"\frac{\partial z\ }{\partial x_{1}}", D("z", "x1")),
    # not a label
    (r"z_i^{(l)}", None),
    ("the derivative", None),
]


@pytest.mark.parametrize(("lhs", "expected"), ROWS)
def test_label(lhs, expected):
    assert label(lhs) == expected


@pytest.mark.parametrize(("text", "expected"), [("x_1", "x1"), ("x_{12}", "x12"), ("x1", "x1")])
def test_normal_variable(text, expected):
    assert normal_variable(text) == expected
