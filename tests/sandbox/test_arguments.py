"""Call arguments as the child receives them: encoded once per case tuple, and which
ones make the child import sympy (and so earn extra time)."""

import numpy as np
import pytest
import sympy

from grader.sandbox import arguments, plain
from grader.sandbox.arguments import encoded_args, mentions_sympy

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
    assert mentions_sympy(encoded) is expected


def test_a_case_tuple_is_encoded_once_and_decodes_to_its_values():
    case = (np.arange(3.0), 2, "x")
    first = encoded_args(case)
    assert encoded_args(case) is first
    assert plain.from_plain(plain.loads(first.text))[1:] == [2, "x"]
    assert np.array_equal(plain.from_plain(plain.loads(first.text))[0], np.arange(3.0))


def test_an_equal_case_made_again_is_encoded_afresh_and_alike():
    first = encoded_args((np.ones(2), 1.5))
    again = encoded_args((np.ones(2), 1.5))
    assert again is not first
    assert again == first


def test_a_list_of_arguments_is_never_kept():
    args = [np.zeros(2)]
    first = encoded_args(args)
    args[0] = np.ones(2)
    assert encoded_args(args) != first


def test_the_cache_is_bounded():
    kept = [(float(k),) for k in range(arguments.MAX_KEPT + 10)]
    for case in kept:
        encoded_args(case)
    assert len(arguments._kept) <= arguments.MAX_KEPT
