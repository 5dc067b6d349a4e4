"""Equations found in markdown (and literals in code), with what surrounds them."""

from __future__ import annotations

import pytest

from grader.notebook.freeform.cells import Cell
from grader.notebook.freeform.statements import statements


def found(text: str, kind: str = "markdown") -> list[tuple[str, str]]:
    return [(s.lhs, s.rhs) for s in statements([Cell(4, kind, text)]) if not s.bare]


ROWS = [
    ("inline", r"$f'(x) = 1$", [("f'(x)", "1")]),
    ("display", "$$\\sigma'(x) = \\sigma(x)(1-\\sigma(x))$$", [(r"\sigma'(x)",
                                                              r"\sigma(x)(1-\sigma(x))")]),
    ("brackets", r"\[ dz/dx_1 = 1 \]", [("dz/dx_1", "1")]),
    ("parentheses", r"\( dz/dx_1 = 1 \)", [("dz/dx_1", "1")]),
    ("chain kept whole", r"$f'(x) = 1 \cdot 1 = 1$", [("f'(x)", r"1 \cdot 1 = 1")]),
    ("align rows", "\\begin{align}\na &= 1 \\\\\nb &= 2\n\\end{align}", [("a", "1"), ("b", "2")]),
    ("align continued rows", "\\begin{align*}\nf'(x) &= 2 \\\\\n&= 1 + 1\n\\end{align*}",
     [("f'(x)", "2 = 1 + 1")]),
    ("aligned inside $$", "$$\\begin{aligned} a &= 1 \\\\ b &= 2 \\end{aligned}$$",
     [("a", "1"), ("b", "2")]),
    ("a chain continued in a second span", r"$f'(x) = a$ $ = b$", [("f'(x)", "a = b")]),
    ("two equations side by side", r"$a = 1, \quad b = 2$", [("a", "1"), ("b", "2")]),
    ("cases keep their rows", "$f'(x) = \\begin{cases} 1 & x > 0 \\\\ 0 & x < 0 \\end{cases}$",
     [("f'(x)", "\\begin{cases} 1 & x > 0 \\\\ 0 & x < 0 \\end{cases}")]),
    ("<= is not =", r"$x <= 1$", []),
    ("definition with :=", r"$f(x) := 2x$", [("f(x)", "2x")]),
    ("plain text", "dz/dx1 = 1\n\n- dz/dx2 = 5", [("dz/dx1", "1"), ("dz/dx2", "5")]),
    ("plain text after a colon", "so we get: dz/dx3 = -6*x3", [("dz/dx3", "-6*x3")]),
    ("prose with = is not an equation", "It gives a weight of 1/9 to each of the nine = ok",
     []),
    ("formulas typed as inline code", "`dz/dx1 = 1`, then `dz/dx2 = 5`",
     [("dz/dx1", "1"), ("dz/dx2", "5")]),
    ("html is not an equation", '<img src="a.png" width="150">', []),
    ("a condition is not an equation", r"When $x = 0$ it is not defined", []),
    ("arrows and colons for '='", "dz/dx1 -> 1\n\ndz/dx2: 5\n\ndz/dx3 → -6*x3",
     [("dz/dx1", "1"), ("dz/dx2", "5"), ("dz/dx3", "-6*x3")]),
    ("an arrow after an equation leads to the next one",
     "h = V(Ux + c) + d -> a single layer with W = VU => b = Vc + d",
     [("h", "V(Ux + c) + d"), ("W", "VU"), ("b", "Vc + d")]),
    ("a derivative table", "| var | derivative |\n|---|---|\n| x1 | 1 |",
     [(r"\frac{\partial z}{\partial x_{1}}", "1")]),
    ("literals in code", 'dz_dx1 = 1\ndz_dx3 = "-6*x3"\nx = compute()', [("dz_dx1", "1"),
                                                                       ("dz_dx3", "-6*x3")]),
]


@pytest.mark.parametrize(("text", "expected"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_equations_found(text, expected):
    kind = "code" if "compute()" in text else "markdown"
    assert found(text, kind) == expected


def test_statements_are_numbered_in_reading_order_across_cells():
    cells = [Cell(2, "markdown", "dz/dx2 = 5\n\n$dz/dx_1 = 1$"), Cell(5, "markdown", "$a = 1$")]
    got = statements(cells)
    assert [(s.cell, s.lhs, s.position) for s in got] == [
        (2, "dz/dx2", 0), (2, "dz/dx_1", 1), (5, "a", 2)]


@pytest.mark.parametrize(("text", "field", "value"), [
    ("Therefore, the derivative is:\n\n$f'(x) = 1$", "cue", True),
    ("Finally, we have: $f'(x) = 1$", "cue", True),
    ("Similarly $f'(x) = 1$", "cue", False),
    ("Correction: $f'(x) = 1$", "correction", True),
    ("$f'(x) = 1$ (I meant this one)", "correction", True),
    ("$f'(x) = 1$", "correction", False),
    ("$f'(x) = 1$ for $x > 0$", "condition", "x > 0"),
    (r"$\frac{\partial f_j}{\partial z_k} = -f_j f_k$ for $j \neq k$", "condition",
     r"j \neq k"),
    ("$r'(x) = 1$ si $x > 0$: se anula en otro caso", "condition", "x > 0"),
    ("~~$f'(x) = 1$~~", "struck", True),
    ("<del>$f'(x) = 1$</del>", "struck", True),
    ("$f'(x) = 1$", "struck", False),
])
def test_what_surrounds_an_equation(text, field, value):
    (statement,) = [s for s in statements([Cell(0, "markdown", text)]) if not s.bare]
    assert getattr(statement, field) == value


def test_a_bare_formula_keeps_the_words_before_it():
    (statement,) = statements([Cell(0, "markdown", "So the derivative is $2x$.")])
    assert statement.bare and statement.rhs == "2x"
    assert statement.intro == "So the derivative is"


def test_a_formula_in_inline_code_keeps_the_words_before_it():
    (where, bare) = statements([Cell(0, "markdown",
                                     "The derivative is `s*(1-s)` where s = sigmoid(x)")])
    assert bare.bare and bare.rhs == "s*(1-s)" and bare.intro == "The derivative is"
    assert (where.lhs, where.rhs) == ("s", "sigmoid(x)")


def test_equations_in_a_string_of_several_lines_under_a_name():
    text = 'notes = """\nTwo layers: y = A(Bx + c) + d\nso W = AB\n"""\nanswer = "W = AB"'
    assert found(text, "code") == [("answer", "W = AB"), ("y", "A(Bx + c) + d"), ("W", "AB")]


@pytest.mark.parametrize(("text", "expected"), [
    # a condition right after a formula is that formula's, even when a value follows it
    ("$h'(u) = 1$ si $u > 0$; $0$ en otro caso", [("1", "u > 0"), ("0", "otherwise")]),
    ("$r'(x) = 1$ if $x > 0$ and $r'(x) = 0$ if $x<0$", [("1", "x > 0"), ("0", "x<0")]),
    # a condition written first holds for what follows it, after 'and' in Hebrew too
    ("כאשר $x>0$: $r'(x)=1$\nוכאשר $x<0$: $r'(x)=0$", [("1", "x>0"), ("0", "x<0")]),
    ("Si $x>0$: $r'(x)=1$, si $x<0$: $r'(x)=0$", [("1", "x>0"), ("0", "x<0")]),
    # the first formula already has its condition: the next one leads
    ("$r'(x) = 1$ for $x>0$. For $x<0$: $r'(x)=0$", [("1", "x>0"), ("0", "x<0")]),
])
def test_which_formula_a_condition_belongs_to(text, expected):
    got = [(s.rhs, s.condition) for s in statements([Cell(0, "markdown", text)]) if s.lhs]
    assert got == expected


def test_equations_in_code_comments_and_strings():
    text = ('# Write your answer here\n# dz/dx1 = 1\n"""$dz/dx_2 = 5$"""\n# dz/dx3 -> -6*x3\n'
            'x = compute()')
    assert found(text, "code") == [("dz/dx1", "1"), ("dz/dx3", "-6*x3"), ("dz/dx_2", "5")]


@pytest.mark.parametrize("intro", ["Por lo tanto", "Entonces la derivada es", "לכן",
                                   "**Answer:**", "Finalement"])
def test_a_conclusion_in_other_words_and_languages(intro):
    (statement,) = [s for s in statements([Cell(0, "markdown", f"{intro} $f'(x) = 1$")])
                    if not s.bare]
    assert statement.cue


REMARKS = [
    # (a typed line, the value read, its condition, the remark left out)
    ("f'(x) = 1 if x > 0 else 0 (not defined at 0, take 0)", "1 if x > 0 else 0", None,
     "not defined at 0, take 0"),
    ("f'(x) = 0 (undefined at x = 0)", "0", None, "undefined at x = 0"),
    ("f'(x) = 1 (for x > 0)", "1", "x > 0", ""),
    ("f'(x) = 1 (if x > 0, undefined at 0)", "1 (if x > 0, undefined at 0)", None, ""),
    ("f'(x) = 1 if x > 0 else 0 (times two)", "1 if x > 0 else 0 (times two)", None, ""),
    ("f'(x) = 1 (if positive)", "1 (if positive)", None, ""),
    ("f'(x) = f(x) (1 - f(x))", "f(x) (1 - f(x))", None, ""),
    ("f'(x) = g(x (undefined at 0))", "g(x (undefined at 0))", None, ""),
]


@pytest.mark.parametrize(("text", "value", "condition", "remark"), REMARKS,
                         ids=[r[0] for r in REMARKS])
def test_a_remark_in_brackets_after_the_value(text, value, condition, remark):
    """Only a remark about where the value does not hold is left out, and only a bracket
    that opens with "if"/"for" is a condition: other words stay, for a person to read."""
    (statement,) = statements([Cell(0, "markdown", text)])
    assert (statement.rhs, statement.condition, statement.remark) == (value, condition, remark)


@pytest.mark.parametrize(("text", "expected"), [
    ("dz/dx1 = 1 dz/dx2 = 5 dz/dx3 = -6*x3",
     [("dz/dx1", "1"), ("dz/dx2", "5"), ("dz/dx3", "-6*x3")]),
    # a chain stays a chain; a name that is no derivative opens nothing
    ("s'(x) = s(x) (1 - s(x)) = e^-x/(1+e^-x)^2",
     [("s'(x)", "s(x) (1 - s(x)) = e^-x/(1+e^-x)^2")]),
    ("dz/dx1 = 2 x1 = 3", [("dz/dx1", "2 x1 = 3")]),
])
def test_typed_equations_run_together_on_one_line(text, expected):
    assert [(s.lhs, s.rhs) for s in statements([Cell(0, "markdown", text)])] == expected


def test_lines_a_code_cell_printed_are_read_data_is_not():
    cell = Cell(7, "code", "for v in xs:\n    print(f'dz/d{v} =', sp.diff(z, v))",
                output="dz/dx1 = x2 - 4\ndz/dx2 = x1\n[0.1 0.2]\narray([1, 2]) = 3\nok")
    assert [(s.lhs, s.rhs, s.cell) for s in statements((cell,))] == [
        ("dz/dx1", "x2 - 4", 7), ("dz/dx2", "x1", 7)]
