"""Partial derivatives written as a Markdown table."""

from __future__ import annotations

import pytest

from grader.notebook.freeform.tables import table_lines

ROWS = [
    ("variables down, derivatives beside",
     "| variable | derivative |\n|---|---|\n| $x_1$ | $1$ |\n| $x_2$ | 5 |\n| x3 | $-6x_3$ |",
     [(r"\frac{\partial z}{\partial x_{1}}", "1"), (r"\frac{\partial z}{\partial x_{2}}", "5"),
      (r"\frac{\partial z}{\partial x_{3}}", "-6x_3")]),
    ("a backprop table: inner nodes skipped, the function's own derivative read",
     "| node | local grad | upstream | $\\partial z/\\partial\\,\\cdot$ |\n|---|---|---|---|\n"
     "| $x_1$ | 1 | 1 | $1$ |\n| $b$ | $-3$ | 1 | $-3$ |\n| $x_3$ | $2x_3$ | $-3$ | $-6x_3$ |",
     [(r"\frac{\partial z}{\partial x_{1}}", "1"),
      (r"\frac{\partial z}{\partial x_{3}}", "-6x_3")]),
    ("the function named in the header",
     "|input|$\\partial f/\\partial x_i$|\n|:-:|:-:|\n|x1|x_2 - 4|",
     [(r"\frac{\partial f}{\partial x_{1}}", "x_2 - 4")]),
    ("derivatives across, one row of values",
     "| dz/dx1 | dz/dx2 | dz/dx3 |\n|--------|--------|--------|\n| 1 | 5 | -6x_3 |",
     [(r"\frac{\partial z}{\partial x_{1}}", "1"), (r"\frac{\partial z}{\partial x_{2}}", "5"),
      (r"\frac{\partial z}{\partial x_{3}}", "-6x_3")]),
    ("one function a row, under derivatives across",
     "| function | dz/dx1 | dz/dx2 |\n|---|---|---|\n| z = x1*x2 | x2 | x1 |\n"
     "| $f(x) = x_1 + x_2^2$ | $1$ | n/a |",
     [(r"\frac{\partial}{\partial x_{1}}\left(x1*x2\right)", "x2"),
      (r"\frac{\partial}{\partial x_{2}}\left(x1*x2\right)", "x1"),
      (r"\frac{\partial}{\partial x_{1}}\left(x_1 + x_2^2\right)", "1")]),
    ("rows that are not functions are not read as functions",
     "| | dz/dx1 | dz/dx2 |\n|---|---|---|\n| first | 1 | 5 |\n| second | 2 | 3 |", []),
    ("a table about something else", "| Layer | Output |\n|---|---|\n| Conv 1 | 24x24 |", []),
    ("no rule under the header, no table", "| x1 | derivative |\n| x1 | 1 |", []),
]


@pytest.mark.parametrize(("text", "expected"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_table_lines(text, expected):
    assert [(t.lhs, t.rhs) for t in table_lines(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("| $x$ | $f(x)$ | $f'(x)$ |\n|---|---|---|\n| $x<0$ | $0$ | $0$ |\n"
     "| $x=0$ | $0$ | undefined (use 0) |\n| $x>0$ | $x$ | $1$ |",
     [("f'(x)", "0", "x<0"), ("f'(x)", "1", "x>0")]),
    ("| case | ReLU'(x) |\n|---|---|\n| x \\geq 0 | 1 |\n| x < 0 | 0 |",
     [("ReLU'(x)", "1", "x \\geq 0"), ("ReLU'(x)", "0", "x < 0")]),
    # no primed column, or a column that is not all conditions: not cases
    ("| $x$ | $f(x)$ |\n|---|---|\n| $x<0$ | $0$ |\n| $x>0$ | $x$ |", []),
    ("| $x$ | $f'(x)$ |\n|---|---|\n| $x<0$ | $0$ |\n| positive | $1$ |", []),
])
def test_a_column_of_conditions_beside_a_derivative_gives_its_cases(text, expected):
    assert [(t.lhs, t.rhs, t.condition) for t in table_lines(text)] == expected
