"""Returned values compared and shown in bounded time and memory, whatever they hold."""

from __future__ import annotations

import time

import hypothesis.extra.numpy as hnp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grader.checks.compare import all_close, as_array, compare, show


def nested(depth: int) -> list:
    value: list = []
    inner = value
    for _ in range(depth):
        inner.append([])
        inner = inner[0]
    return value


PATHOLOGICAL = [
    nested(5000),  # deeper than the interpreter recurses
    ["x" * 1_000_000] + ["a"] * 100_000,  # numpy would pad 100,001 strings to a megabyte each
    [[0.5] * 1000] * 100,
    10**5000,  # more digits than int() will print
    {"k": nested(3000)},
    ("a" * 100_000,) * 100,
]


@pytest.mark.parametrize("value", PATHOLOGICAL, ids=range(len(PATHOLOGICAL)))
def test_pathological_values_are_compared_and_shown_at_once(value: object) -> None:
    started = time.monotonic()
    assert compare([1.0, 2.0], value, rtol=1e-6, atol=1e-9) is not None
    assert compare((1.0, [2.0]), value, rtol=1e-6, atol=1e-9) is not None
    assert len(show(value)) <= 160
    as_array(value)
    assert time.monotonic() - started < 1.0


@pytest.mark.parametrize(("value", "shown"), [
    ((1.5, [1.0, 2.0], "abc"), "(1.5, [1, 2], 'abc')"),
    ([[1, 2], [3, 4]], "[[1, 2], [3, 4]]"),
    ({"a": [1, {"b": 2}]}, "{'a': [1, {'b': 2}]}"),
    ([1, "a"], "[1, 'a']"),
    (None, "None"),
])
def test_ordinary_values_are_shown_as_repr_shows_them(value: object, shown: str) -> None:
    assert show(value) == shown


FLOATS = st.floats(allow_nan=True, allow_infinity=True, width=64)
SPECIAL = st.sampled_from([0.0, -0.0, 1e-9, 1.0, 1.0 + 1e-7, np.inf, -np.inf, np.nan, 1e308])


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 2).flatmap(lambda ndim: st.tuples(
    hnp.array_shapes(min_dims=ndim, max_dims=ndim, min_side=1, max_side=4)
    if ndim else st.just(()), st.just(ndim))).flatmap(lambda shaped: st.tuples(
        hnp.arrays(np.float64, shaped[0], elements=FLOATS | SPECIAL),
        hnp.arrays(np.float64, shaped[0], elements=FLOATS | SPECIAL))),
    st.sampled_from([0.0, 1e-6, 1e-3]), st.sampled_from([0.0, 1e-9, 1e-3]))
def test_all_close_is_numpys_isclose(pair: tuple[np.ndarray, np.ndarray], rtol: float,
                                     atol: float) -> None:
    got, want = pair
    with np.errstate(all="ignore"):
        expected = bool(np.isclose(got, want, rtol=rtol, atol=atol, equal_nan=True).all())
    assert all_close(got, want, rtol=rtol, atol=atol) is expected
