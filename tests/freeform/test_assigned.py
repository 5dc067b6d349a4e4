"""Answers given as Python values under the student's own names, read from the source."""

from __future__ import annotations

import pytest

from grader.notebook.freeform.assigned import Wanted, assigned, expression
from grader.notebook.freeform.cells import Cell
from grader.notebook.freeform.denote import target_of
from tests.freeform.engine import InProcess


@pytest.fixture(scope="module")
def read(gradebook):
    parts = {p.id: p for p in gradebook.course.parts}

    def run(part_id: str, *sources: str):
        part = parts[part_id]
        wanted = Wanted(part_id, tuple(map(str, part.aliases)),
                        tuple(p for p in parts if p != part_id))
        cells = [Cell(10 + n, "code", s) for n, s in enumerate(sources)]
        math = InProcess(gradebook.checks[part_id].ctx)
        return expression(target_of(part), wanted, cells, math)

    return run


FOUND = [
    ("a derivative's name for the sigmoid", "sigmoid_derivative_expr",
     ['sigma = "1/(1+exp(-x))"\nd_sigmoid = "sigma(x)*(1 - sigma(x))"'],
     "sigma(x)*(1 - sigma(x))"),
    ("an abbreviation and a prime", "sigmoid_derivative_expr",
     ['sig_prime = "exp(-x) * (1 + exp(-x))**(-2)"'], "exp(-x) * (1 + exp(-x))**(-2)"),
    ("a word for how it is written", "relu_derivative_expr",
     ["relu_grad_str = 'Heaviside(x)'"], "Heaviside(x)"),
    ("a piecewise in sympy's words", "relu_derivative_expr",
     ['drelu = "Piecewise((0, x <= 0), (1, True))"'], "Piecewise((0, x <= 0), (1, True))"),
    ("a Jacobian by its letter", "softmax_jacobian_expr",
     ['J = "s_i*delta_ij - s_i*s_j"'], "s_i*delta_ij - s_i*s_j"),
    ("a Jacobian by its word", "softmax_jacobian_expr",
     ["softmax_jac = 's_i*(KroneckerDelta(i, j) - s_j)'"], "s_i*(KroneckerDelta(i, j) - s_j)"),
    ("partials in a dict named as derivatives", "grad_z1",
     ['dz1 = {"x3": "-6 * x3", "x1": "1.0", "x2": "5"}'],
     {"x1": "1.0", "x2": "5", "x3": "-6 * x3"}),
    ("numbers, and a key left out", "grad_z1",
     ["partials = {'x2': 5, 'x1': 1}"], {"x1": "1", "x2": "5", "x3": ""}),
    ("the dict whose number is the part's", "grad_z3",
     ['dz1 = {"x1": "1", "x2": "5", "x3": "-6 x3"}\n'
      'dz3 = {"x1": "a", "x2": "b", "x3": "-x3**-2"}'], {"x1": "a", "x2": "b", "x3": "-x3**-2"}),
    ("the last of two, the first a rival", "grad_z1",
     ['grads = {"x1": "1", "x2": "5", "x3": "6*x3"}', 'grads = {"x1": "1", "x2": "5", '
      '"x3": "-6*x3"}'], {"x1": "1", "x2": "5", "x3": "-6*x3"}),
]


@pytest.mark.parametrize(("part", "sources", "value"), [r[1:] for r in FOUND],
                         ids=[r[0] for r in FOUND])
def test_a_value_whose_name_and_form_say_which_answer_it_is(read, part, sources, value):
    found = read(part, *sources)
    assert found.value == value and not found.review
    assert "a value assigned in your code" in found.notes[0]


NOT_FOUND = [
    # the function itself, not its derivative
    ("sigmoid_derivative_expr", 'sigmoid = "1/(1+exp(-x))"'),
    # another function's derivative in this region
    ("sigmoid_derivative_expr", 'relu_prime = "Heaviside(x)"'),
    # a Jacobian is no scalar function's derivative
    ("sigmoid_derivative_expr", 'J = "s*(1 - s)"'),
    ("relu_derivative_expr", 'relu_jacobian = "Heaviside(x)"'),
    # the softmax, not its Jacobian
    ("softmax_jacobian_expr", 's = "exp(z_i)/Sum(exp(z_k), (k, 1, n))"'),
    # another part's number
    ("grad_z2", 'dz1 = {"x1": "x2 - 4", "x2": "x1"}'),
    # keys that are not the part's variables
    ("grad_z1", 'dz = {"x1": "1", "x4": "0"}'),
    ("grad_z1", 'dz = {"a": "1"}'),
    # not a literal: never run
    ("sigmoid_derivative_expr", "sig_prime = str(sympy.diff(expr, x))"),
    ("grad_z1", 'dz = dict(x1="1")'),
    # text of several lines is prose, not a value
    ("sigmoid_derivative_expr", 'sig_prime = """\nthe derivative is\ns(1-s)\n"""'),
    # a name that is not a formula the part can read
    ("sigmoid_derivative_expr", 'dsig = "see the cell above"'),
]


@pytest.mark.parametrize(("part", "source"), NOT_FOUND)
def test_a_value_that_is_not_clearly_the_answer_is_not_taken(read, part, source):
    assert read(part, source).empty and not read(part, source).review


def test_two_values_for_one_answer_keep_the_other_as_a_rival(read):
    found = read("sigmoid_derivative_expr", 'sig_prime = "s(x)*(1 - s(x))"',
                 'sig_prime = "exp(-x)"')
    assert found.value == "exp(-x)" and found.rivals == ("s(x)*(1 - s(x))",)


def test_a_dict_of_the_variables_under_a_silent_name_goes_to_a_person(read):
    found = read("grad_z1", 'point = {"x1": 1, "x2": 3, "x3": -2}')
    assert found.value == {"x1": "", "x2": "", "x3": ""}
    assert "does not say what it holds" in found.review[0] and found.quotes[0].cell == 10


def test_only_literals_at_the_top_level_are_read():
    cells = [Cell(1, "code", 'a = "x"\nb = -2\nc = {"k": 1.5}\nif True:\n    d = "y"\n'
                             'e, f = "1", "2"\ng = f"{a}"\nh = True\ni = """two\nlines"""'),
             Cell(2, "markdown", 'j = "x"'), Cell(3, "code", "def broken(:")]
    assert [(a.name, a.value) for a in assigned(cells)] == [
        ("a", "x"), ("b", "-2"), ("c", {"k": "1.5"})]
