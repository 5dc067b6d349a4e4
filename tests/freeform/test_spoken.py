"""A piecewise answer said in words, read as the cases a formula would write."""

from __future__ import annotations

import pytest

from grader.notebook.freeform.spoken import spoken

POSITIVE_ONE = r"\begin{cases} 1 & x > 0 \\ 0 & \text{otherwise} \end{cases}"
ROWS = [
    # (sentence, the value read: cases, the words as written (for a person), or None)
    ("The derivative is one for positive inputs and zero otherwise.", POSITIVE_ONE),
    ("Its derivative is 1 when x is positive, 0 when negative.",
     r"\begin{cases} 1 & x > 0 \\ 0 & x < 0 \end{cases}"),
    ("The derivative is 1 if x > 0, 0 if x < 0, undefined at zero.",
     r"\begin{cases} 1 & x > 0 \\ 0 & x < 0 \end{cases}"),
    # wrong wordings are read as written, to be graded wrong
    ("The derivative is one for negative inputs and zero otherwise.",
     r"\begin{cases} 1 & x < 0 \\ 0 & \text{otherwise} \end{cases}"),
    ("The derivative is 2 for positive inputs and 0 otherwise.",
     r"\begin{cases} 2 & x > 0 \\ 0 & \text{otherwise} \end{cases}"),
    # words the grammar does not read go to a person as written
    ("The derivative is one for big inputs and zero otherwise.",
     "one for big inputs and zero otherwise"),
    ("The derivative is one.", "one"),
    # no value said: nothing
    ("The derivative is simple to compute.", None),
    ("The derivative is $1$ for $x > 0$.", None),
    ("One for positive inputs and zero otherwise.", None),
]


@pytest.mark.parametrize(("text", "value"), ROWS, ids=[r[0] for r in ROWS])
def test_said_in_words(text, value):
    found = spoken(text)
    assert [s.value for s in found] == ([value] if value else [])
