from __future__ import annotations

import time

import numpy as np
import pytest
import sympy

from grader.mathexpr.evaluate import MP, ShapeMismatch, Undefined, Unsupported, evaluate

x = sympy.Symbol("x", real=True)


def test_values_beyond_float64_are_exact_enough() -> None:
    value = evaluate(sympy.exp((x + 15) ** 2), {x: MP.mpf(3)})
    assert MP.log(value) == pytest.approx(324)


@pytest.mark.parametrize("expr", [sympy.log(x), sympy.sqrt(x), 1 / (x + 1)])
def test_undefined_points_raise(expr: sympy.Expr) -> None:
    with pytest.raises(Undefined):
        evaluate(expr, {x: MP.mpf(-1)})


def test_heaviside_uses_its_value_at_zero() -> None:
    assert evaluate(sympy.Heaviside(x), {x: MP.mpf(0)}) == MP.mpf(0.5)
    assert evaluate(sympy.Heaviside(x, 1), {x: MP.mpf(0)}) == 1


def test_matrix_products_keep_order_and_check_shapes() -> None:
    a, b = sympy.symbols("A B", commutative=False)
    ma = np.array([[MP.mpf(1), MP.mpf(2)], [MP.mpf(0), MP.mpf(1)]], dtype=object)
    mb = np.array([[MP.mpf(0), MP.mpf(1)], [MP.mpf(1), MP.mpf(0)]], dtype=object)
    assert (evaluate(a * b, {a: ma, b: mb}) != evaluate(b * a, {a: ma, b: mb})).any()
    c = sympy.Symbol("c", commutative=False)
    column = np.array([[MP.mpf(1)], [MP.mpf(2)]], dtype=object)
    with pytest.raises(ShapeMismatch):
        evaluate(b * a + a * c, {a: ma, b: mb, c: column})
    with pytest.raises(ShapeMismatch):
        evaluate(c * a, {a: ma, c: column})


def test_unknown_functions_are_unsupported() -> None:
    with pytest.raises(Unsupported):
        evaluate(sympy.Function("g")(x), {x: MP.mpf(1)})


def test_a_matrix_power_costs_the_logarithm_of_its_exponent() -> None:
    w = sympy.Symbol("W2", commutative=False)
    start = np.array([[MP.mpf(1), MP.mpf(1)], [MP.mpf(0), MP.mpf(1)]], dtype=object)
    started = time.monotonic()
    value = evaluate(w**1000, {w: start})
    assert value[0, 1] == 1000 and value[0, 0] == 1
    assert time.monotonic() - started < 0.5


def test_the_sine_of_a_number_too_large_to_reduce_has_no_value_here() -> None:
    with pytest.raises(Unsupported):
        evaluate(sympy.sin(sympy.exp(x)), {x: MP.mpf(5000)})
