"""The one scanner for `=` outside brackets, shared by the answer's preparation and the
free-form reader: its rules, one row each."""

from __future__ import annotations

import pytest

from grader.mathexpr.latex import equals_positions


@pytest.mark.parametrize(("text", "definitions", "expected"), [
    ("f'(x) = x", True, [6]),
    ("y = x = 2x", False, [2, 6]),
    ("x <= 1 >= 2 == 3 != 4", True, []),
    ("f := x", True, [3]),                                  # the reader's definitions
    ("f := x", False, []),                                  # an answer keeps its `:=`
    (r"\frac{b=c}{2} = 1", True, [14]),
    (r"\begin{cases} 1 & x = 0 \\ 0 & x \neq 0 \end{cases}", False, []),
    (r"\begin{aligned} y &= x \end{aligned}", True, []),    # any environment, not just cases
    (r"\{ a = b", True, [5]),                               # an escaped brace is text
    ("x) = 2", False, [3]),                                 # a stray bracket closes nothing
])
def test_equals_outside_brackets_and_environments(text, definitions, expected):
    assert equals_positions(text, definitions=definitions) == expected
