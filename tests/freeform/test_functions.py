"""Functions found by what their names say, not only by the exact name."""

from __future__ import annotations

import pytest

from grader.notebook.freeform.cells import Definition
from grader.notebook.freeform.functions import candidates, meaning, unnamed, vocabulary_of

PARTS = ["collapse", "sigmoid_derivative", "relu_derivative", "softmax", "softmax_jacobian",
         "apply_kernel"]
ALIASES = {"softmax_jacobian": ["softmax_derivative", "softmax_grad"],
           "apply_kernel": ["convolve", "conv2d"]}


def found(part: str, name: str) -> str:
    """"strong", "weak" or "" for a notebook defining only `name`."""
    others = [p for p in PARTS if p != part]
    got = candidates(part, ALIASES.get(part, []), others, [Definition(name, 1, "function", "")])
    return ("strong" if got[0].strong else "weak") if got else ""


ROWS = [
    ("relu_derivative", "ReLu_derivative", "strong"),
    ("relu_derivative", "relu_grad", "strong"),
    ("relu_derivative", "reluPrime", "strong"),
    ("relu_derivative", "dReLU", "strong"),
    ("relu_derivative", "d_relu", "strong"),
    ("relu_derivative", "relu_derivative_scalar", "weak"),
    ("relu_derivative", "relu", ""),
    ("sigmoid_derivative", "sigmoid_prime", "strong"),
    ("sigmoid_derivative", "sigmoidDerivative", "strong"),
    ("sigmoid_derivative", "dsigmoid", "strong"),
    ("sigmoid_derivative", "sigmoid_derivitive", "weak"),
    ("sigmoid_derivative", "sigmoid", ""),
    ("sigmoid_derivative", "my_sigmoid_derivative_v2", "strong"),
    ("softmax", "Softmax", "strong"),
    ("softmax", "my_softmax", "strong"),
    ("softmax", "softmx", "weak"),
    ("softmax", "softmax_derivative", ""),
    ("softmax_jacobian", "softmax_derivative", "strong"),
    ("softmax_jacobian", "Softmax", ""),
    ("apply_kernel", "convolve", "strong"),
    ("apply_kernel", "conv2d", "strong"),
    ("collapse", "delta", ""),
]


@pytest.mark.parametrize(("part", "name", "expected"), ROWS)
def test_names_by_role(part, name, expected):
    assert found(part, name) == expected


def test_the_exact_name_is_not_a_candidate_and_later_definitions_come_first():
    defined = [Definition("relu_grad", 1, "function", ""), Definition("relu_derivative", 2,
               "function", ""), Definition("relu_prime", 3, "function", ""),
               Definition("relu_grad_value", 4, "value", "")]
    got = candidates("relu_derivative", [], PARTS, defined)
    assert [c.definition.name for c in got] == ["relu_prime", "relu_grad"]


@pytest.mark.parametrize(("name", "words"), [
    ("ReLu_derivative", {"relu", "derivative"}),
    ("sigmoidPrime", {"sigmoid", "derivative"}),
    ("computeSoftmaxJacobian", {"softmax", "jacobian"}),
    ("conv2d", {"apply"}),
])
def test_meaning_folds_synonyms_and_drops_filler(name, words):
    vocabulary = vocabulary_of(tuple(PARTS))
    assert meaning(name, vocabulary)[0] == words


def test_a_name_too_long_to_mean_anything_is_read_at_once() -> None:
    import time

    vocabulary = vocabulary_of(tuple(PARTS))
    started = time.monotonic()
    for name in ("relu" * 2000, "relu_" + "x" * 8000, "sigmoidderivative" * 500):
        said, fixed = meaning(name, vocabulary)
        assert said == frozenset({name.lower()}) and fixed == ()
    assert time.monotonic() - started < 0.5


@pytest.mark.parametrize(("part", "name", "kept"), [
    # a name that says nothing of any part: the probe decides
    ("collapse", "merge_layers", True),
    ("collapse", "single_layer_equivalent", True),
    ("apply_kernel", "aplicar_filtro", True),
    ("softmax", "stable", True),
    # another part's word, or a derivative's question without the role in the name
    ("softmax_jacobian", "softmax", False),
    ("sigmoid_derivative", "sigmoid", False),
    ("collapse", "relu_grad", False),
    ("softmax", "jacobian", False),
])
def test_functions_under_the_question_named_otherwise(part, name, kept):
    others = [p for p in PARTS if p != part]
    nearby = [Definition(name, 4, "function", ""), Definition("x0", 4, "value", "")]
    got = unnamed(part, ALIASES.get(part, []), others, nearby)
    assert [c.definition.name for c in got] == ([name] if kept else [])
    assert all(not c.strong for c in got)
