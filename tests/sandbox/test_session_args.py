"""Which call arguments make the child import sympy (and so earn extra time)."""

import numpy as np
import pytest
import sympy

from grader.sandbox import plain
from grader.sandbox.session import _mentions_sympy

ARGS = [
    ([1.0, "x"], False),
    ([np.arange(5.0)], False),
    ([sympy.Symbol("x")], True),
    ([[np.eye(2), {"k": sympy.Integer(2)}]], True),
    ([(1, 2), {"__sympy__": "a dict whose key clashes"}], False),
    ([(np.zeros(3), sympy.Rational(1, 3))], True),
]


@pytest.mark.parametrize(("args", "expected"), ARGS)
def test_sympy_arguments_are_found_without_serialising(args, expected):
    encoded = [plain.to_plain(arg) for arg in args]
    assert _mentions_sympy(encoded) is expected
