"""One formula cut into the equations it states: rows, pieces side by side, conditions."""

from __future__ import annotations

import pytest

from grader.notebook.freeform.rows import Row, rows

ROWS = [
    ("one equation", r"f'(x) = 1", [Row("f'(x) = 1")]),
    ("a thin space is no comma", r"\frac{d}{dx}\,\mathrm{ReLU}(x) = 1",
     [Row(r"\frac{d}{dx}\,\mathrm{ReLU}(x) = 1")]),
    ("a comma before a thin space still parts two equations", r"a = 1,\, b = 2",
     [Row("a = 1"), Row(r"\, b = 2")]),
    ("array rows, as the MathJax editor writes them",
     "\\begin{array}{l}\n\\frac{\\partial z\\ }{\\partial x_{1}} =\\ 1\\\\\n"
     "\\frac{\\partial z\\ }{\\partial x_{2}} =\\ 5\n\\end{array}",
     [Row("\\frac{\\partial z\\ }{\\partial x_{1}} =\\ 1"),
      Row("\\frac{\\partial z\\ }{\\partial x_{2}} =\\ 5")]),
    ("aligned rows with alignment marks", r"\begin{aligned} a &= 1 \\ b &= 2 \end{aligned}",
     [Row("a  = 1"), Row("b  = 2")]),
    ("gathered rows", r"\begin{gathered} a = 1 \\ b = 2 \end{gathered}",
     [Row("a = 1"), Row("b = 2")]),
    ("split rows", r"\begin{split} a = 1 \\ b = 2 \end{split}", [Row("a = 1"), Row("b = 2")]),
    ("eqnarray rows", r"\begin{eqnarray} a &=& 1 \\ b &=& 2 \end{eqnarray}",
     [Row("a  =  1"), Row("b  =  2")]),
    ("an array{rcl} derivation with spaced rows",
     "\\begin{array}{rcl} f'(x) & = & a \\\\[2mm]\n & = & b \\\\[0.5em] & = & c \\end{array}",
     [Row("f'(x)   =   a"), Row("=   b"), Row("=   c")]),
    ("cases written with a left brace and an array",
     r"f'(x) = \left\{ \begin{array}{ll} 0 & x < 0 \\ 1 & x > 0 \end{array} \right.",
     [Row(r"f'(x) = \begin{cases} 0 & x < 0 \\ 1 & x > 0 \end{cases}")]),
    ("a left brace never closed stays as written",
     r"f'(x) = \left\{ \begin{array}{ll} 0 & x < 0",
     [Row(r"f'(x) = \left\{   0", "x < 0")]),
    ("cases as a value stays whole",
     r"f'(x) = \begin{cases} 1 & x > 0 \\ 0 & x < 0 \end{cases}",
     [Row(r"f'(x) = \begin{cases} 1 & x > 0 \\ 0 & x < 0 \end{cases}")]),
    ("cases that only list equations are rows",
     r"\begin{cases} g'(z) = e^{z_j} & \text{when } g(z) = e^{z_j} \\ h = 2 \end{cases}",
     [Row("g'(z) = e^{z_j}", "g(z) = e^{z_j}"), Row("h = 2")]),
    ("a matrix inside brackets stays whole",
     r"\nabla z = \left(\begin{array}{c} 1 \\ 5 \end{array}\right)",
     [Row(r"\nabla z = \left(\begin{array}{c} 1 \\ 5 \end{array}\right)")]),
    ("side by side with a comma", "a = 1, b = 2", [Row("a = 1"), Row("b = 2")]),
    ("side by side with quad and semicolon", r"a = 1 \quad b = 2; c = 3",
     [Row("a = 1"), Row("b = 2"), Row("c = 3")]),
    ("side by side with 'and'", r"a = 1 \text{ and } b = 2", [Row("a = 1"), Row("b = 2")]),
    ("an implication", r"a = 1 \Rightarrow b = 2", [Row("a = 1"), Row("b = 2")]),
    ("a comma inside brackets is no separator", "f(x, y) = (1, 2)", [Row("f(x, y) = (1, 2)")]),
    ("a condition after a comma", "f'(x) = 1, x > 0", [Row("f'(x) = 1", "x > 0")]),
    ("a condition in words", r"f'(x) = 0 \quad \text{if } x < 0", [Row("f'(x) = 0", "x < 0")]),
    ("a row's condition after '&'", r"\begin{aligned} f'(x) &= 1 & \text{for } x > 0"
     r"\end{aligned}", [Row("f'(x)  = 1", "x > 0")]),
    ("a condition set in text after the value, in Spanish",
     r"\frac{\partial y_a}{\partial z_b} = y_a(1-y_a) \text{ cuando } a = b, \quad "
     r"\frac{\partial y_a}{\partial z_b} = -y_ay_b \textrm{ si } a \neq b",
     [Row(r"\frac{\partial y_a}{\partial z_b} = y_a(1-y_a)", "a = b"),
      Row(r"\frac{\partial y_a}{\partial z_b} = -y_ay_b", r"a \neq b")]),
    ("a word in text that opens no condition stays in the value",
     r"f'(x) = 1 \text{ siempre }", [Row(r"f'(x) = 1 \text{ siempre }")]),
    ("a chain broken after '='", r"f'(x) = a = \\ b = c", [Row("f'(x) = a = b = c")]),
    ("labels and tags dropped", r"a = 1 \label{eq:a} \tag{1}", [Row("a = 1")]),
    ("math in brackets after a value stays", "f'(x) = 2 (x + 1)", [Row("f'(x) = 2 (x + 1)")]),
    ("typed cases with their conditions in brackets", "f'(x) = 0 (x<0), 1 (x>0)",
     [Row("f'(x) = 0", "x<0"), Row("f'(x) = 1", "x>0")]),
    ("bare typed cases", "0 (x<0), 1 (x >= 0)", [Row("0", "x<0"), Row("1", "x >= 0")]),
]


@pytest.mark.parametrize(("body", "expected"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_rows(body, expected):
    assert rows(body) == expected
