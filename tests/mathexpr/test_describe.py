from __future__ import annotations

from grader.mathexpr import describe_expr, parse_reference

from .cases import CONTEXTS


def test_describe_uses_the_syntax_students_type() -> None:
    ctx = CONTEXTS["sigmoid"]
    assert describe_expr(parse_reference("sigmoid(x)*(1-sigmoid(x))", ctx)) == (
        "(1 - sigmoid(x))*sigmoid(x)"
    )
    assert describe_expr(parse_reference("W2*W1", CONTEXTS["linear"])) == "W2*W1"


def test_describe_shortens_long_expressions() -> None:
    expr = parse_reference("+".join(f"x^{k}" for k in range(1, 60)), CONTEXTS["relu"])
    assert len(describe_expr(expr)) <= 300
    assert describe_expr(expr).endswith("…")
