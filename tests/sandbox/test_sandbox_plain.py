"""The wire format: round trips, hostile objects, and malformed data."""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from grader.sandbox import plain
from grader.sandbox.plain import FunctionRef, Opaque, PlainError, SympyText


def roundtrip(value: Any) -> Any:
    return plain.from_plain(plain.loads(plain.dumps(plain.to_plain(value))))


@pytest.mark.parametrize("value", [None, True, 0, -7, 2.5, "héllo", [1, [2, "x"]], 10**30])
def test_json_values_roundtrip(value: Any) -> None:
    assert roundtrip(value) == value


def test_nonfinite_floats_roundtrip() -> None:
    assert math.isnan(roundtrip(float("nan")))
    assert roundtrip([float("inf"), float("-inf")]) == [math.inf, -math.inf]


def test_containers_keep_their_kind() -> None:
    value = {"t": (1, (2.0,)), "l": [], "__tuple__": "a user key", "c": 1 - 2j}
    assert roundtrip(value) == value
    assert isinstance(roundtrip(value)["t"], tuple)


@pytest.mark.parametrize("arr", [
    np.arange(6).reshape(2, 3),
    np.array([[0.5, np.nan]], dtype=np.float32),
    np.array([True, False]),
    np.array([1 + 2j, -3j]),
    np.zeros((2, 0)),
    np.array(4.0),
    np.array([2**64 - 1], dtype=np.uint64),
])
def test_arrays_roundtrip_with_dtype_and_shape(arr: np.ndarray) -> None:
    back = roundtrip(arr)
    assert type(back) is np.ndarray
    assert back.dtype == arr.dtype and back.shape == arr.shape
    np.testing.assert_array_equal(back, arr)


def test_numpy_scalars_become_python_scalars() -> None:
    assert roundtrip(np.float64(1.5)) == 1.5 and type(roundtrip(np.float64(1.5))) is float
    assert type(roundtrip(np.int32(3))) is int
    assert roundtrip(np.bool_(True)) is True
    assert roundtrip(np.complex128(1j)) == 1j


def test_sympy_functions_and_other_objects() -> None:
    x = sympy.Symbol("x")
    assert roundtrip(x**2 + 1) == SympyText("x**2 + 1")
    assert roundtrip(sympy.Matrix([[1, 2]])).text == "Matrix([[1, 2]])"
    assert roundtrip(len) == FunctionRef("len")
    assert roundtrip({1, 2}) == Opaque("set", "{1, 2}")
    assert roundtrip({1.5: 2}) == Opaque("dict", "{1.5: 2}")
    assert roundtrip({2**70: 2}) == Opaque("dict", f"{{{2**70}: 2}}")


def test_sympy_objects_say_whether_they_commute() -> None:
    """sympy prints a product of commutative symbols in its own order (W1*W2 for W2*W1),
    so the grader must know which kind of symbols the student made."""
    w1, w2 = sympy.symbols("W1 W2")
    m1, m2 = sympy.symbols("W1 W2", commutative=False)
    assert (roundtrip(w2 * w1).text, roundtrip(w2 * w1).commutative) == ("W1*W2", True)
    assert (roundtrip(m2 * m1).text, roundtrip(m2 * m1).commutative) == ("W2*W1", False)


def test_dicts_keyed_by_numbers_keep_their_keys() -> None:
    value = {1: "identity", "k2": "shift", 3: {"nested": (1, 2)}}
    assert roundtrip(value) == value
    assert type(next(iter(roundtrip(value)))) is int


@pytest.mark.parametrize("data", [
    {"__items__": {"1": 2}}, {"__items__": [[1.5, 2]]}, {"__items__": [[1]]},
    {"__items__": [[2**70, 1]]}, {"__items__": [[True, 1]]}, {"__sympy__": "x", "commutative": 1},
])
def test_malformed_items_and_flags_are_refused(data: Any) -> None:
    with pytest.raises(PlainError):
        plain.from_plain(data)


class Liar:
    def __eq__(self, other: object) -> bool:
        return True

    def __float__(self) -> float:
        return 1.0

    def __array__(self, *args: Any, **kwargs: Any) -> np.ndarray:
        return np.ones(3)

    def __repr__(self) -> str:
        return "L" * 1000


class Sneaky(np.ndarray):
    def tolist(self) -> Any:  # type: ignore[override]
        return "forged"

    def __array__(self, *args: Any, **kwargs: Any) -> np.ndarray:
        raise RuntimeError("must not be called")


class BadRepr:
    def __repr__(self) -> str:
        raise RuntimeError("no")


def test_hostile_objects_gain_nothing() -> None:
    liar = roundtrip(Liar())
    assert isinstance(liar, Opaque) and liar.type_name == "Liar" and len(liar.repr) == 200
    sneaky = roundtrip(np.arange(3).view(Sneaky))
    assert type(sneaky) is np.ndarray and sneaky.tolist() == [0, 1, 2]
    assert roundtrip(BadRepr()) == Opaque("BadRepr", "<repr failed>")


def test_size_and_depth_are_bounded() -> None:
    assert isinstance(roundtrip(np.zeros(plain.MAX_ELEMENTS + 1)), Opaque)
    assert isinstance(roundtrip("x" * (plain.MAX_CHARS + 1)), Opaque)
    nested: list[Any] = []
    for _ in range(500):
        nested = [nested]
    encoded = roundtrip(nested)
    depth = 0
    while isinstance(encoded, list):
        encoded, depth = encoded[0], depth + 1
    assert isinstance(encoded, Opaque) and depth <= plain.MAX_DEPTH + 1


@pytest.mark.parametrize("data", [
    {"__ndarray__": [1, 2], "dtype": "float64", "shape": [3]},
    {"__ndarray__": ["1", "2"], "dtype": "float64", "shape": [2]},
    {"__ndarray__": [[1], [2, 3]], "dtype": "int64", "shape": [2]},
    {"__ndarray__": [1], "dtype": "object", "shape": [1]},
    {"__ndarray__": [1], "dtype": "int64", "shape": [1], "extra": 1},
    {"__tuple__": [1], "__sympy__": "x"},
    {"__sympy__": 5},
    {"__opaque__": "T"},
    {"__complex__": [1]},
    {"__function__": None},
])
def test_malformed_data_is_rejected(data: Any) -> None:
    with pytest.raises(PlainError):
        plain.from_plain(data)


def test_loads_rejects_garbage() -> None:
    with pytest.raises(PlainError):
        plain.loads('{"a": 1} trailing')
    with pytest.raises(PlainError):
        plain.loads("not json")


EMPTIES = "[" + ",".join(["[]"] * (plain.MAX_OBJECTS + 1)) + "]"


@pytest.mark.parametrize(("text", "depth"), [
    ('{"id": 1, "body": {"ok": true, "value": [1.5, 2]}}', 3),
    ("[]", 1),
    ("3", 0),
    # brackets, commas and quotes inside strings are not structure
    ('["[[[{,:", "\\"[[[", "\\\\", "]]]"]', 1),
    ("[" * 300 + "]" * 300, 300),
    (EMPTIES, 2),
])
def test_measure_counts_values_and_depth_without_decoding(text: str, depth: int) -> None:
    """With no room (limits of 0) the counts are the exact ones: the depth, and the values
    within a factor of two (an empty container counts twice); with room, upper bounds."""
    values = _values(json.loads(text))
    size = plain.measure(text, objects=0, depth=0)
    assert size.chars == len(text) and size.depth == depth
    assert values <= size.objects <= 2 * values
    assert plain.measure(text).objects >= values


def _values(data: Any) -> int:
    if isinstance(data, list):
        return 1 + sum(_values(item) for item in data)
    if isinstance(data, dict):
        return 1 + sum(1 + _values(item) for item in data.values())
    return 1


@pytest.mark.parametrize(("text", "words"), [
    (EMPTIES, "too many values"),
    ("[" * (plain.MAX_NESTING + 1) + "]" * (plain.MAX_NESTING + 1), "nested"),
    ("[" * 100_000 + "]" * 100_000, "nested 100,000 deep"),
])
def test_loads_refuses_before_building(text: str, words: str) -> None:
    with pytest.raises(PlainError, match=words):
        plain.loads(text)


def test_loads_takes_strings_full_of_brackets() -> None:
    text = json.dumps({"sympy": "Matrix([[" * 400 + "x" + "]])" * 400, "n": [1] * 1000})
    assert plain.loads(text)["n"] == [1] * 1000


def test_a_reply_takes_values_while_they_fit() -> None:
    room = plain.Room()
    assert room.take(plain.dumps(plain.to_plain(np.zeros((100, 100)))))
    assert not room.take("[" + ",".join(["[]"] * plain.MAX_OBJECTS) + "]")
    assert not room.take('"' + "x" * plain.MAX_REPLY_BYTES + '"')
    assert not room.take("[" * plain.MAX_NESTING + "]" * plain.MAX_NESTING)
    assert room.take("[1, 2]")


_PLAIN = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(), inner, max_size=5),
    max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(_PLAIN)
def test_the_c_encoder_writes_what_the_python_writer_does(data: Any) -> None:
    parts: list[str] = []
    plain._write(data, parts)
    assert plain.dumps(data) == "".join(parts)


@pytest.mark.parametrize("data", [{"a": object()}, [1j], [{"b": {1, 2}}]])
def test_the_encoder_refuses_what_is_not_plain(data: Any) -> None:
    with pytest.raises(PlainError):
        plain.dumps(data)
