"""Each near-miss is right on an ordinary input and wrong on the inputs of its kind."""

from __future__ import annotations

import numpy as np
import pytest

from grader.checks.nearmiss import near_misses


def softmax(z):
    e = np.exp(np.asarray(z, dtype=float) - np.max(z))
    return e / e.sum()


def sigmoid(x):
    return 1 / (1 + np.exp(-np.asarray(x, dtype=float)))


MISSES = dict(near_misses(softmax))
ELEMENTWISE = dict(near_misses(sigmoid))

VECTOR = np.array([0.5, -1.0, 2.0])
KINDS = [
    (MISSES["clipped to ±10"], VECTOR, np.array([20.0, 0.0])),
    (MISSES["clipped to ±500"], VECTOR, np.array([1000.0, 999.0, 0.0])),
    (ELEMENTWISE["a loop over the first axis"], VECTOR, np.ones((2, 2))),
    (MISSES["an output of the input's integer type"], VECTOR, np.array([1, 2])),
    (ELEMENTWISE["scalars only"], 0.5, np.array([1.0, 2.0])),
    (MISSES["overflowing beyond |x| = 700"], VECTOR, np.array([800.0, 0.0])),
]


@pytest.mark.parametrize(("miss", "ordinary", "wrong_on"), KINDS)
def test_right_on_ordinary_input_wrong_on_its_kind(miss, ordinary, wrong_on):
    reference = softmax if miss in MISSES.values() else sigmoid
    np.testing.assert_allclose(miss(ordinary), reference(ordinary))
    try:
        with np.errstate(all="ignore"):
            got = miss(wrong_on)
    except (TypeError, ValueError):
        return
    assert not np.allclose(got, reference(wrong_on), equal_nan=False)
