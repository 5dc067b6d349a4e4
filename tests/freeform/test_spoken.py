"""A piecewise answer said in words, read as the cases a formula would write."""

from __future__ import annotations

import pytest

from grader.notebook.freeform.spoken import spoken, typed

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
    ("The derivative is 1 for positive x and 0 for negative x; at 0 it is undefined.",
     r"\begin{cases} 1 & x > 0 \\ 0 & x < 0 \end{cases}"),
    ("The derivative is the step function: 0 for negative inputs, 1 for positive ones.",
     r"\begin{cases} 0 & x < 0 \\ 1 & x > 0 \end{cases}"),
    # each condition before its value
    ("For x > 0 the derivative is 1, for x < 0 it is 0.",
     r"\begin{cases} 1 & x > 0 \\ 0 & x < 0 \end{cases}"),
    ("For x > 0 the derivative is 0, otherwise it is 1.",
     r"\begin{cases} 0 & x > 0 \\ 1 & \text{otherwise} \end{cases}"),
    ("The derivative is zero for negative inputs, one otherwise.",
     r"\begin{cases} 0 & x < 0 \\ 1 & \text{otherwise} \end{cases}"),
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


OWN_ROWS = [
    # (sentence in a cell that answers one part only, the value read, or None)
    ("One for positive inputs and zero otherwise.", POSITIVE_ONE),
    ("It equals 1 for x > 0 and 0 for x < 0 (undefined at 0).",
     r"\begin{cases} 1 & x > 0 \\ 0 & x < 0 \end{cases}"),
    ("It is zero for positive inputs and one otherwise.",
     r"\begin{cases} 0 & x > 0 \\ 1 & \text{otherwise} \end{cases}"),
    # without a naming word only what the grammar reads whole is an answer
    ("I am not sure about this one.", None),
    ("One of the two is right, the other zero.", None),
]


@pytest.mark.parametrize(("text", "value"), OWN_ROWS, ids=[r[0] for r in OWN_ROWS])
def test_said_in_words_in_a_cell_of_its_own(text, value):
    assert [s.value for s in spoken(text, own=True)] == ([value] if value else [])


TYPED_ROWS = [
    # (sentence, own cell?, the formula read, or None)
    ("The derivative is sigma(x) * (1 - sigma(x)).", False, "sigma(x) * (1 - sigma(x))"),
    ("The derivative is sigma(x)(1 + sigma(x)).", False, "sigma(x)(1 + sigma(x))"),
    ("**Answer:** s(1-s)", False, "s(1-s)"),
    ("The gradient is 4 + 6x3", False, "4 + 6x3"),
    ("sigmoid(x)(1 - sigmoid(x))", True, "sigmoid(x)(1 - sigmoid(x))"),
    ("It is exp(-x)/(1 + exp(-x))^2", True, "exp(-x)/(1 + exp(-x))^2"),
    # a formula with no naming word, where the cell may answer anything: not read
    ("sigmoid(x)(1 - sigmoid(x))", False, None),
    # words that are not the math's, a lone name, a denial: nothing
    ("The derivative is a smooth function.", True, None),
    ("The derivative is x", True, None),
    ("The derivative is not sigma(x)(1 - sigma(x))", True, None),
    ("I am not sure about this one.", True, None),
]


@pytest.mark.parametrize(("text", "own", "value"), TYPED_ROWS,
                         ids=[f"{r[0]}-{r[1]}" for r in TYPED_ROWS])
def test_a_formula_typed_in_a_sentence(text, own, value):
    assert [s.value for s in typed(text, own)] == ([value] if value else [])
