"""The weight and bias read off an output written as an affine map of its input."""

from __future__ import annotations

import pytest

from grader.notebook.freeform.affine import affine

ROWS = [
    # (last member of the output's chain, (weight, bias) or None)
    (r"W_{2}W_{1}x + W_{2}b_{1} + b_{2}", ("W_{2}W_{1}", "W_{2}b_{1} + b_{2}")),
    (r"(W_2 W_1)x + (W_2 b_1 + b_2)", ("(W_2 W_1)", "(W_2 b_1 + b_2)")),
    (r"W_2W_1 \cdot x - W_2b_1", ("W_2W_1", "- W_2b_1")),
    (r"W_2W_1x", ("W_2W_1", "0")),
    (r"W_1W_2x + b_1 + b_2", ("W_1W_2", "b_1 + b_2")),
    (r"-W_2 x + b_2", ("- W_2", "b_2")),
    # not yet multiplied out, or not affine: no reading
    (r"W_2(W_1x+b_1)+b_2", None),
    (r"W_{2}(W_{1} x)+b", None),
    (r"x W_2 W_1 + b", None),
    (r"W_2 x^2 + b", None),
    (r"W_2 b_1 + b_2", None),
]


@pytest.mark.parametrize(("text", "expected"), ROWS, ids=[r[0] for r in ROWS])
def test_affine_form(text, expected):
    found = affine(text)
    assert (found.coefficient, found.constant) == expected if expected else found is None
