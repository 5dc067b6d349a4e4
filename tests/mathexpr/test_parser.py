"""Parsing: name mapping, notes about liberties taken, and precise failures."""

from __future__ import annotations

import pytest
import sympy

from grader.mathexpr import ParseFailure, ParseSuccess, SymbolContext, parse, parse_reference

from .cases import CONTEXTS

X = SymbolContext(variables=("x",), functions=("sigmoid",))


def ok(text: str, ctx: SymbolContext = X) -> ParseSuccess:
    result = parse(text, ctx)
    assert isinstance(result, ParseSuccess), result
    return result


def fail(text: str, ctx: SymbolContext = X) -> ParseFailure:
    result = parse(text, ctx)
    assert isinstance(result, ParseFailure), result
    return result


@pytest.mark.parametrize("text", ["x1*x2", "x_1 x_2", "x_{1}x_{2}", "x_1*x_{2}", "x1 x2"])
def test_variable_spellings_map_to_context_names(text: str) -> None:
    ctx = CONTEXTS["z1"]
    expected = parse_reference("x1*x2", ctx)
    assert ok(text, ctx).expr == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2x", "2*x"),
        ("2 x", "2*x"),
        ("x(1-x)", "x*(1-x)"),
        ("(x+1)(x-1)", "(x+1)*(x-1)"),
        ("2sigmoid(x)", "2*sigmoid(x)"),
        ("x^2", "x**2"),
        ("x²", "x**2"),
        ("x³ − x", "x**3 - x"),
        ("x⁻¹", "1/x"),
        ("e^x", "exp(x)"),
        ("e**x", "exp(x)"),
        ("2×x·3", "6*x"),
        ("ln(x)", "log(x)"),
        ("√(x)", "sqrt(x)"),
        ("[1 - x] x", "(1-x)*x"),
        ("max(0, x)", "Max(0, x)"),
        ("relu(x)", "Max(0, x)"),
        ("abs(x)", "Abs(x)"),
        ("0.5x", "x/2"),
        ("1e-3*x", "x/1000"),
        ("xe^x", "x*exp(x)"),
        ("2xx", "2*x**2"),
    ],
)
def test_calculator_syntax(text: str, expected: str) -> None:
    assert ok(text).expr == parse_reference(expected, X)


def test_notes_record_each_liberty() -> None:
    assert ok("σ(t)(1-σ(t))").notes == ("read the answer as a function of t: renamed t to x",)
    assert ok("f'(x) = x").notes == ("stripped the left-hand side f'(x) =",)
    assert ok("y = x = 2x").notes == ("equation chain: used the last right-hand side",)
    assert ok("f(x)(1-f(x))").notes == ("read f(...) as sigmoid(...)",)
    assert ok("x.").notes == ()


def test_helper_function_only_in_the_single_function_case() -> None:
    assert "unknown function 'f'" in fail("f(x)", CONTEXTS["relu"]).message
    two = SymbolContext(variables=("x",), functions=("sigmoid", "tanh"))
    assert "unknown function 'f'" in fail("f(x)", two).message
    assert "unknown function 'foo'" in fail("foo(x)").message


def test_stand_in_variable_rules() -> None:
    assert "unknown name 'atan'" in fail("atan").message
    assert "unknown name 'y'" in fail("x + y").message
    assert fail("y", CONTEXTS["z1"]).message == "unknown name 'y'; this answer may use x1, x2, x3"


def test_matrices_are_noncommutative_and_keep_written_order() -> None:
    ctx = CONTEXTS["linear"]
    w1, w2 = sympy.Symbol("W1", commutative=False), sympy.Symbol("W2", commutative=False)
    assert ok("W2 W1", ctx).expr == w2 * w1
    assert ok(r"W_2 W_1", ctx).expr != ok("W_1 W_2", ctx).expr
    assert ok(r"W^{(2)}W^{(1)}", ctx).expr == w2 * w1


def test_kronecker_delta_spellings() -> None:
    ctx = CONTEXTS["softmax"]
    i, j = sympy.Symbol("i", integer=True), sympy.Symbol("j", integer=True)
    delta = sympy.KroneckerDelta(i, j)
    for text in ["δ_ij", "delta_ij", "delta_{ij}", "delta(i,j)", "KroneckerDelta(i, j)",
                 r"\delta_{ij}", r"\delta_{i,j}", r"\mathbb{1}_{i=j}"]:
        assert ok(text, ctx).expr == delta, text


def test_sympy_str_round_trip() -> None:
    ctx = CONTEXTS["relu"]
    for expr in [sympy.Piecewise((0, sympy.Symbol("x", real=True) < 0), (1, True)),
                 sympy.Heaviside(sympy.Symbol("x", real=True), 0)]:
        assert ok(str(expr), ctx).expr == expr


@pytest.mark.parametrize(
    "text",
    [
        r"\frac{1}{x} \foo",
        r"\frac{1}{x} )",
        r"\frac{1}{x} 7 &",
        r"\frac{1}{x}}",
        r"\frac{1}{x} \\ 2",
        r"\frac{1}{x} \infty",
        r"\sigma'(x)",
        r"\begin{matrix} 1 \end{matrix}",
        r"\begin{cases} 0 & x<0 \\ 1 & x \geq 0",
        r"\frac{1}",
        r"x_{1+2}",
    ],
)
def test_latex_never_drops_input_silently(text: str) -> None:
    assert isinstance(parse(text, X), ParseFailure)


def test_latex_failure_offsets_point_into_the_original_text() -> None:
    failure = fail(r"\frac{e^{-x}}{2} + \foo")
    assert failure.offset == 19
    assert failure.caret().splitlines()[1] == " " * 19 + "^"


def test_trailing_garbage_is_reported_not_ignored() -> None:
    failure = fail("x + 1 )")
    assert failure.offset == 6
    assert fail("x + 1 +").message == "the expression ends too early"


def test_input_length_and_exponent_bounds() -> None:
    assert "too long" in fail("x+" * 1500 + "x").message
    assert "exponent" in fail("x^101").message
    assert ok("x^100").expr == sympy.Symbol("x", real=True) ** 100


def test_conditions_only_inside_piecewise() -> None:
    assert "condition" in fail("x < 0").message
    assert "Piecewise argument" in fail("Piecewise(x)").message


def test_letter_runs_split_only_into_known_symbols() -> None:
    assert ok(r"xe^{-x}").expr == parse_reference("x*exp(-x)", X)
    assert "unknown name 'xy'" in fail("xy").message
    assert "unknown name 'ab'" in fail("ab").message


LINEAR = CONTEXTS["linear"]
SUMS = SymbolContext(indices=("i", "j"), indexed=("s",), sums=("k",))


@pytest.mark.parametrize(("text", "expected", "ctx"), [
    ("|x|", "Abs(x)", X), ("2|x - 1| + |x|", "2*Abs(x - 1) + Abs(x)", X),
    (r"\frac{|x|}{x}", "Abs(x)/x", X), (r"\lvert x \rvert", "Abs(x)", X),
    (r"\tanh^{2}(x)", "tanh(x)**2", X), (r"\tanh^2 x", "tanh(x)**2", X),
    (r"\operatorname{sech}^{2}\left(\frac{x}{2}\right)", "sech(x/2)**2", X),
    ("sech(x) + csch(x) + coth(x)", "sech(x) + csch(x) + coth(x)", X),
    ("np.exp(-x) + numpy.tanh(x)", "exp(-x) + tanh(x)", X),
    ("DiracDelta(x)", "DiracDelta(x)", X), ("delta(x)", "DiracDelta(x)", X),
    ("np.dot(W2, W1)", "W2*W1", LINEAR), ("W2 @ W1 @ b1", "W2*W1*b1", LINEAR),
    ("np.matmul(W2, b1)", "W2*b1", LINEAR), ("(W1^T W2^T)^T", "W2*W1", LINEAR),
    (r"(W_1^\top W_2^{\top})^{\top}", "W2*W1", LINEAR), ("(W1.T @ W2.T).T", "W2*W1", LINEAR),
    ("Piecewise((1, x > 0), (0, x < 0), (nan, True))", "Piecewise((1, x > 0), (0, x < 0))", X),
    (r"\begin{cases} 1 & x > 0 \\ 0 & x < 0 \\ \text{undefined} & x = 0 \end{cases}",
     "Piecewise((1, x > 0), (0, x < 0))", X),
])
def test_forms_students_write(text: str, expected: str, ctx: SymbolContext) -> None:
    assert ok(text, ctx).expr == parse_reference(expected, ctx)


def test_sums_run_over_an_index_the_part_declares() -> None:
    expr = ok(r"\sum_{k=1}^{n} \delta_{ik} s_k - s_i s_j", SUMS).expr
    assert expr.has(sympy.Sum)
    assert ok("Sum(delta_ik*s_k, k) - s_i*s_j", SUMS).expr == expr


@pytest.mark.parametrize(("text", "ctx", "message"), [
    ("x @ x", X, "@ multiplies matrices"), ("x^T", X, "^T transposes a matrix"),
    (r"\sin^{-1}(x)", X, "inverse functions"), ("|x", X, "never closed"),
    (r"\sum_m s_m", SUMS, "does not sum over 'm'"), ("s_k - s_j", SUMS, "outside a sum"),
    (r"\sum_k", SUMS, "nothing to sum"),
])
def test_forms_that_say_why_they_cannot_be_read(text: str, ctx: SymbolContext,
                                                message: str) -> None:
    assert message in fail(text, ctx).message
