"""Dict keys read as a part's keys: every unambiguous spelling, and nothing else."""

from __future__ import annotations

import pytest

from grader.checks.keys import key_for, read_keys

X = ("x1", "x2", "x3")
K = ("k1", "k2", "k3", "k4")

SPELLINGS = [
    # (part keys, the student's key, the key it means or None)
    (X, "x1", "x1"), (X, "x_1", "x1"), (X, "x_{1}", "x1"), (X, "X1", "x1"), (X, " x1 ", "x1"),
    (X, "dz/dx1", "x1"), (X, "dz_dx1", "x1"), (X, "dzdx1", "x1"), (X, "dx1", "x1"),
    (X, "d z / d x_1", "x1"), (X, "∂z/∂x1", "x1"), (X, r"\frac{\partial z}{\partial x_1}", "x1"),
    (X, "1", "x1"), (X, 1, "x1"), (X, "3", "x3"), (X, 3, "x3"),
    (X, "x4", None), (X, "z1", None), (X, 4, None), (X, "dzdx", None), (X, "x11", None),
    (X, True, None), (X, 1.0, None), (X, "", None),
    (K, "k1", "k1"), (K, "K1", "k1"), (K, "kernel1", "k1"), (K, "kernel 1", "k1"),
    (K, "Kernel_1", "k1"), (K, "k_3", "k3"), (K, "filter 2", "k2"), (K, "1", "k1"),
    (K, 4, "k4"), (K, "k5", None), (K, "x1", None), (K, "kk1", None), (K, "second", None),
    (("W", "b"), "w", "W"), (("W", "b"), "1", None),
]


@pytest.mark.parametrize(("keys", "raw", "expected"), SPELLINGS)
def test_spellings(keys, raw, expected):
    assert key_for(raw, keys) == expected


def test_two_spellings_of_one_key_with_different_answers_are_both_kept():
    reading = read_keys({"x3": "-6*x3", "x_3": "-3*x3", "x1": "1", "y": "2"}, X)
    assert [e.key for e in reading.clashing("x3")] == ["x3", "x_3"]
    assert reading.value("x3") is None and reading.value("x1") == "1"
    assert reading.unknown == ("y",)


def test_two_spellings_of_one_key_with_the_same_answer_are_one():
    reading = read_keys({"x3": "-6*x3", "x_3": " -6*x3"}, X)
    assert reading.clashing("x3") == () and reading.value("x3") == "-6*x3"



def test_a_key_answered_twice_quotes_both(grade_answer):
    outcome = grade_answer("grad_z1", {"x1": "1", "x2": "5", "x3": "-6*x3", "x_3": "-3*x3"})
    line = next(f for f in outcome.feedback if "answered twice" in f)
    assert "'x3' ('-6*x3')" in line and "'x_3' ('-3*x3')" in line


def test_keys_not_understood_are_named(grade_answer):
    outcome = grade_answer("grad_z1", {"dz/dx": "1", "dz/dy": "5"})
    assert outcome.verdict == "incorrect"
    assert "Keys not understood (found 'dz/dx', 'dz/dy')" in outcome.feedback[-1]
