"""Inputs generated over a part's domain: seeded, covering every kind, valid for the
reference, smallest first."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from grader.checks.domain import Domain, all_pairs, size


def spec(**arg):
    return {"seed": 4, "args": [arg]}


def test_the_same_inputs_every_time():
    domain = Domain.of(spec(ranks=[0, 1, 2], dtypes=["float64", "int64"]))
    first, again = domain.cases(np.tanh), domain.cases(np.tanh)
    assert len(first) == len(again) and all(
        np.array_equal(a[0], b[0]) for a, b in zip(first, again, strict=True))


def test_every_rank_dtype_magnitude_and_special_value_is_drawn():
    domain = Domain.of({**spec(ranks=[0, 1, 2], dtypes=["float64", "int64", "uint8"],
                               magnitudes=[1, 1000], special=["zeros", "equal", "near_equal"]),
                        "coverage": "all"})
    cases = domain.cases(lambda x: x)
    kinds = {(np.ndim(c[0]), np.asarray(c[0]).dtype.kind) for c in cases}
    assert kinds >= {(r, k) for r in (0, 1, 2) for k in "fiu"} - {(0, "u")}
    assert any(np.abs(np.asarray(c[0], dtype=float)).max(initial=0) > 500 for c in cases)
    pixels = [c[0] for c in cases if np.asarray(c[0]).dtype == np.uint8]
    assert all(p.min() >= 0 for p in pixels)
    assert any(np.ndim(c[0]) == 1 and len(c[0]) > 1 and c[0][0] - c[0][1] == 1
               for c in cases if np.asarray(c[0]).dtype.kind == "f")  # [1000, 999, ...]


def test_pairs_coverage_meets_every_pair_of_values_in_fewer_inputs():
    factors = [(0, 1, 2), ("float64", "int64"), (1e-3, 1.0, 20.0, 1e3), (None, "zeros", "equal")]
    rows = all_pairs(factors)
    assert len(rows) < len(list(itertools.product(*factors))) / 4
    for (i, a), (j, b) in itertools.combinations(list(enumerate(factors)), 2):
        for x, y in itertools.product(a, b):
            assert any(row[i] == x and row[j] == y for row in rows), (x, y)


@given(st.lists(st.lists(st.integers(0, 5), min_size=1, max_size=4, unique=True),
                min_size=1, max_size=5))
@settings(max_examples=60, deadline=None)
def test_pairs_coverage_holds_for_any_factors(factors):
    rows = all_pairs(factors)
    assert set(rows) <= set(itertools.product(*factors))
    for (i, a), (j, b) in itertools.combinations(list(enumerate(factors)), 2):
        assert {(row[i], row[j]) for row in rows} == set(itertools.product(a, b))


def test_a_pairs_domain_still_draws_each_dtype_at_each_rank():
    cases = Domain.of(spec(ranks=[0, 1, 2], dtypes=["float64", "int64"], magnitudes=[1, 1000],
                           special=["zeros"])).cases(lambda x: x)
    kinds = {(np.ndim(c[0]), np.asarray(c[0]).dtype.kind) for c in cases}
    assert kinds == {(r, k) for r in (0, 1, 2) for k in "fi"}


def test_the_reference_decides_which_inputs_count():
    def positive_only(x):
        if np.any(np.asarray(x) <= 0):
            raise ValueError("log of a non-positive number")
        return np.log(x)

    cases = Domain.of(spec(ranks=[1], magnitudes=[1, 10], special=["zeros"])).cases(
        positive_only)
    assert cases and all(np.all(np.asarray(c[0]) > 0) for c in cases)


def test_smallest_first():
    cases = Domain.of(spec(ranks=[0, 1, 2], magnitudes=[1, 100])).cases(np.sin)
    assert [size(c) for c in cases] == sorted(size(c) for c in cases)
    assert np.ndim(cases[0][0]) == 0


def test_fixed_shapes_and_several_arguments():
    domain = Domain.of({"seed": 1, "args": [{"ranks": [2], "sizes": [3, 5]},
                                            {"shape": [3, 3], "magnitudes": [10]}]})
    cases = domain.cases(lambda image, kernel: image[:1, :1] * kernel[0, 0])
    assert all(c[1].shape == (3, 3) and min(c[0].shape) >= 3 for c in cases)
