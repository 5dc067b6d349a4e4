"""Answers named in words: "with weight W2*W1 and bias W2*b1 + b2", "the bias is $…$"."""

from __future__ import annotations

import pytest

from grader.notebook.freeform.cells import Cell
from grader.notebook.freeform.statements import statements
from grader.notebook.freeform.worded import typed

TYPED = [
    # (text, [(quantity, value)])
    ("one layer with weight W2*W1 and bias W2*b1 + b2.",
     [("weight", "W2*W1"), ("bias", "W2*b1 + b2")]),
    ("the weight is W_2W_1, the bias is W_2b_1 + b_2",
     [("weight", "W_2W_1"), ("bias", "W_2b_1 + b_2")]),
    ("una capa con peso W2 W1 y sesgo W2 b1 + b2", [("weight", "W2 W1"), ("bias", "W2 b1 + b2")]),
    ("weight matrix (W2 W1)", [("weight", "(W2 W1)")]),
    ("bias: b2.", [("bias", "b2")]),
    # the layers' own matrices listed, not one quantity
    ("the weights W1 and W2 are multiplied", []),
    ("weight W2 W1, W3", []),
    # a formula that runs into words states nothing
    ("the weight is a product of matrices", []),
    ("the weight is W2 times W1", []),
    ("the bias (W2 b1 + b2", []),
    ("the derivative is 2x", []),
]


@pytest.mark.parametrize(("text", "expected"), TYPED, ids=[t[0] for t in TYPED])
def test_typed_after_a_quantity_name(text, expected):
    assert [(w.name, w.value) for w in typed(text)] == expected


DOLLARS = [
    ("the weight is $W_2W_1$ and the bias $W_2 b_1 + b_2$",
     [("weight", "W_2W_1", "weight is $W_2W_1$"), ("bias", "W_2 b_1 + b_2",
                                                   "bias $W_2 b_1 + b_2$")]),
    ("the weights $W_1$ and $W_2$ multiply", []),
    ("the weights of layer 1 are $W_1$", []),
    ("So $W = W_2W_1$", []),
]


@pytest.mark.parametrize(("text", "expected"), DOLLARS, ids=[t[0] for t in DOLLARS])
def test_a_formula_after_a_quantity_name(text, expected):
    found = [(s.lhs, s.rhs, s.quote) for s in statements([Cell(0, "markdown", text)])
             if s.worded]
    assert found == expected
