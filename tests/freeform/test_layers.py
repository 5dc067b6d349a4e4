"""Weights and biases by layer: superscripts, either case, layers counted from 0, W_N…W_1."""

from __future__ import annotations

import pytest

from grader.notebook.freeform.layers import as_layers, layers_used, own_letters, shift_for

MATRICES = ("W1", "W2", "b1", "b2")

ROWS = [
    ("subscripts are kept as written", "W_2 W_1", 0, "W_2 W_1", ()),
    ("superscripts are layers", "W^{2}W^{1}", 0, "W_{2}W_{1}", ("superscripts",)),
    ("parenthesised and bracketed superscripts", r"W^{(2)} b^{[1]} + b^{(2)}", 0,
     "W_{2} b_{1} + b_{2}", ("superscripts",)),
    ("lower-case weights", "w_2 * b_1 + b_2", 0, "W_{2} * b_1 + b_2", ("Read w as W",)),
    ("layers counted from 0", "W_1 W_0", 1, "W_{2} W_{1}", ("counted from 0",)),
    ("a bias counted from 0", "W_1*b_0 + b_1", 1, "W_{2}*b_{1} + b_{2}", ("counted from 0",)),
    ("the product over N layers", r"W_N \cdots W_1", 0, "W_{2} W_{1}", ("N = 2",)),
    ("the product with its next factor", r"W_N W_{N-1}\cdots W_1", 0, "W_{2} W_{1}",
     ("N = 2",)),
    ("the product with both ends", r"W_N\, W_{N-1} \cdot \ldots \cdot W_2 W_1", 0,
     "W_{2} W_{1}", ("N = 2",)),
    ("a product missing its first factor", r"W_{N-1}\cdots W_1", 0, r"W_{N-1}\cdots W_1", ()),
    ("a product missing its last factor", r"W_N W_{N-1}\cdots W_2", 0,
     r"W_N W_{N-1}\cdots W_2", ()),
    ("a product in the wrong order", r"W_1 W_2 \cdots W_N", 0, r"W_1 W_2 \cdots W_N", ()),
    ("shapes written below the matrices", r"W^{2}_{K \times N} \times W^{1}_{N \times M}", 0,
     r"W_{2} \times W_{1}", ("superscripts",)),
    ("other letters untouched", r"x_1 + e^{2}", 0, r"x_1 + e^{2}", ()),
]


@pytest.mark.parametrize(("text", "shift", "expected", "said"), [r[1:] for r in ROWS],
                         ids=[r[0] for r in ROWS])
def test_as_layers(text, shift, expected, said):
    rewritten, notes = as_layers(text, MATRICES, shift)
    assert rewritten == expected
    assert all(any(word in note for note in notes) for word in said)
    assert bool(notes) == bool(said)


@pytest.mark.parametrize(("texts", "shift"), [
    (["W_1 W_0", "W_1 b_0 + b_1"], 1),
    (["W^{1}W^{0}"], 1),
    (["W_2 W_1", "W_2 b_1 + b_2"], 0),
    (["W_2 W_1 W_0"], 0),
    (["x_0"], 0),
])
def test_layers_are_renumbered_only_when_consistently_shifted(texts, shift):
    assert shift_for(layers_used(texts, MATRICES)) == shift


OWN_LETTERS = [
    # (what the student wrote, the letters read as the spec's weight and bias)
    (r"y = A_2(A_1 x + c_1) + c_2", {"A": "W", "c": "b"}),
    (r"y_k = A_k y_{k-1} + c_k", {"A": "W", "c": "b"}),
    (r"h_1 = V_1 \cdot x + u_1", {"V": "W", "u": "b"}),
    # the spec's own letters, two pairs, or no layer written: nothing to rename
    (r"h_1 = W_1 x + b_1", {}),
    (r"A_1 x + c_1 \quad B_1 x + d_1", {}),
    (r"y = A x + c", {}),
]


@pytest.mark.parametrize(("text", "letters"), OWN_LETTERS, ids=[r[0] for r in OWN_LETTERS])
def test_the_student_s_own_letters_for_a_layer(text, letters):
    assert own_letters([text], ("W1", "W2", "b1", "b2")) == letters
