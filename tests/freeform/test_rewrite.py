"""Rewriting a right-hand side into the exercise's names, as text."""

from __future__ import annotations

import pytest

from grader.mathexpr.latex import equals_positions
from grader.notebook.freeform.latex import (
    is_constant,
    rename,
    split_top,
    tokens,
)
from grader.notebook.freeform.rewrite import Helper, index_letters, substitute, to_family

F = Helper("f", ("t",), r"\frac{1}{1+e^{-t}}", 3)
U = Helper("u", (), "1+e^{-x}", 2)
W = Helper("W", (), "W_2 W_1", 4)


@pytest.mark.parametrize(("text", "helpers", "expected"), [
    ("f(t)(1-f(t))", {"f": F},
     r"\left(\frac{1}{1+e^{-t}}\right)(1-\left(\frac{1}{1+e^{-t}}\right))"),
    (r"f\left(x\right)", {"f": F}, r"\left(\frac{1}{1+e^{-x}}\right)"),
    ("f(-x)", {"f": F}, r"\left(\frac{1}{1+e^{-(-x)}}\right)"),
    (r"\frac{e^{-x}}{u^2}", {"u": U}, r"\frac{e^{-x}}{\left(1+e^{-x}\right)^2}"),
    ("f'(x)", {"f": F}, "f'(x)"),
    ("f", {"f": F}, "f"),
    (r"\frac{1}{2}", {"f": F}, r"\frac{1}{2}"),
    ("W_2 b_1 + b_2", {"W": W}, "W_2 b_1 + b_2"),
    ("x_u", {"u": U}, "x_u"),
])
def test_substitute(text, helpers, expected):
    assert substitute(text, helpers)[0] == expected


def test_substitute_reports_the_helpers_used_and_nests():
    g = Helper("g", ("x",), "u x", 5)
    text, used = substitute("g(x)", {"g": g, "u": U})
    assert text == r"\left(\left(1+e^{-x}\right) x\right)"
    assert [h.name for h in used] == ["g", "u"]


@pytest.mark.parametrize(("text", "aliases", "expected"), [
    ("f_j(z)(1 - f_j(z))", {"f"}, "s_{j}(1 - s_{j})"),
    (r"\sigma(z)_i (\delta_{ij} - \sigma(z)_j)", {"sigma"}, r"s_{i} (\delta_{ij} - s_{j})"),
    (r"S_i(1-S_j)", {"S"}, "s_{i}(1-s_{j})"),
    (r"p_{i}(\mathbf{z})", {"p"}, "s_{i}"),
    ("x_i", {"s"}, "x_i"),
])
def test_to_family(text, aliases, expected):
    assert to_family(text, aliases, "s") == expected


@pytest.mark.parametrize(("text", "expected"), [
    (r"s_i(\delta_{ij} - s_j)", {"i", "j"}),
    (r"\begin{cases} s_j(1-s_j) & i = k \\ -s_j s_k & j \neq k \end{cases}", {"i", "j", "k"}),
    ("x_1 + x_2", set()),
])
def test_index_letters(text, expected):
    assert index_letters(text) == expected


@pytest.mark.parametrize(("text", "mapping", "expected"), [
    (r"e^{-t} + \sqrt{t}", {"t": "x"}, r"e^{-x} + \sqrt{x}"),
    (r"s_j \delta_{jk}", {"j": "i", "k": "j"}, r"s_i \delta_{ij}"),
    ("te^{t}", {"t": "x"}, "xe^{x}"),
    (r"\exp(t)", {"t": "x"}, r"\exp(x)"),
])
def test_rename_is_simultaneous_and_skips_commands(text, mapping, expected):
    assert rename(text, mapping) == expected


def test_top_level_splitting_respects_brackets_and_environments():
    text = r"a = \frac{b=c}{2} = \begin{cases} 1 & i = j \end{cases}"
    assert [text[k] for k in equals_positions(text)] == ["=", "="]
    assert len(equals_positions(text)) == 2
    assert split_top(r"a \\ \begin{cases} 1 \\ 2 \end{cases} \\ b", "\\\\") == [
        "a ", r" \begin{cases} 1 \\ 2 \end{cases} ", " b"]
    assert equals_positions("x <= 1 >= 2 == 3 != 4") == []


def test_letter_runs_are_products_except_known_words():
    assert [t.text for t in tokens(r"xe \exp sigmoid") if t.kind != "space"] == [
        "x", "e", r"\exp", "sigmoid"]


@pytest.mark.parametrize(("text", "constant"), [
    ("12", True), (r"-\frac{e^4}{5}", True), (r"1 \cdot (-1)", True), ("62e^{31^2}", True),
    ("-6x_3", False), (r"\frac{e^{x_3^2}}{5}", False), ("e", False), ("", False),
])
def test_is_constant(text, constant):
    assert is_constant(text) == constant
