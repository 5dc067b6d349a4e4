"""Pure predicates comparing a student's returned value with the expected one.

Shape and type come before values, as PrairieLearn does, so the message says what kind of
thing was wrong ("shape (3,), expected (3, 3)") before any number is compared.
"""

from __future__ import annotations

import math
import reprlib
from dataclasses import dataclass
from typing import Any

import numpy as np

from grader.checks.found import described_value


@dataclass(frozen=True)
class Mismatch:
    """Why an actual value is not the expected one, in words for the student."""

    reason: str


def as_array(value: Any) -> np.ndarray | None:
    """A plain numeric value as a float/complex array, or None when it is not numeric."""
    if isinstance(value, bool | int | float | complex | np.ndarray | np.generic):
        array = np.asarray(value)
    elif isinstance(value, list | tuple):  # a tuple of numbers is as good as a list
        if not _numbers_only(value):
            return None
        try:
            array = np.asarray(value)
        except (ValueError, TypeError, OverflowError):
            return None
    else:
        return None
    if array.dtype.kind in "biuf":
        return array.astype(float)
    if array.dtype.kind == "c":
        return array
    return None


def _numbers_only(value: list[Any] | tuple[Any, ...]) -> bool:
    """Nested lists of numbers only, at most MAX_DIMS deep: checked before numpy sees them,
    which would pad a list of strings into one block (a long one times the count) or
    recurse through any depth."""
    stack: list[tuple[list[Any] | tuple[Any, ...], int]] = [(value, 1)]
    while stack:
        items, depth = stack.pop()
        if depth > MAX_DIMS:
            return False
        for item in items:
            if isinstance(item, list | tuple):
                stack.append((item, depth + 1))
            elif not isinstance(item, bool | int | float | complex | np.generic):
                return False
    return True


def compare(
    expected: Any, actual: Any, *, rtol: float, atol: float, finite: bool = False,
    upper: Any = None,
) -> Mismatch | None:
    """None when `actual` matches; `upper` turns `expected` into the lower end of a range."""
    if isinstance(expected, tuple | list) and not _is_numeric_list(expected):
        if not isinstance(actual, tuple | list):
            return Mismatch(f"expected {len(expected)} values (a tuple), got "
                            f"{described_value(actual)}")
        if len(actual) != len(expected):
            return Mismatch(f"expected {len(expected)} values, got {len(actual)}")
        uppers = upper if upper is not None else [None] * len(expected)
        for index, (e, a, u) in enumerate(zip(expected, actual, uppers, strict=True)):
            mismatch = compare(e, a, rtol=rtol, atol=atol, finite=finite, upper=u)
            if mismatch is not None:
                return Mismatch(f"item {index}: {mismatch.reason}")
        return None
    want = np.asarray(expected, dtype=float)
    got = as_array(actual)
    if got is None:
        return Mismatch(f"expected a number or numpy array, got {described_value(actual)}")
    if got.shape != want.shape:
        return Mismatch(f"wrong shape: got {got.shape}, expected {want.shape}")
    if np.iscomplexobj(got):
        return Mismatch("got complex numbers, expected real ones")
    if finite and not np.all(np.isfinite(got)):
        return Mismatch("the result contains nan or inf")
    if upper is not None:
        high = np.asarray(upper, dtype=float)
        ok = (got >= want - atol) & (got <= high + atol)
        if not np.all(ok):
            return Mismatch("wrong values")
    elif not all_close(got, want, rtol=rtol, atol=atol):
        return Mismatch("wrong values")
    return None


def all_close(got: np.ndarray, want: np.ndarray, *, rtol: float, atol: float) -> bool:
    """`np.isclose(got, want, rtol, atol, equal_nan=True).all()` for real arrays of one
    shape: |got - want| <= atol + rtol * |want| where both are finite, equal (the same
    infinity, or both nan) where not. Written out because np.isclose's checks and
    broadcasting cost ten times the comparison on the small arrays a check compares,
    a hundred of them per notebook."""
    if got.ndim == 0:
        a, b = float(got), float(want)
        if math.isfinite(a) and math.isfinite(b):
            return abs(a - b) <= atol + rtol * abs(b)
        return a == b or (math.isnan(a) and math.isnan(b))
    with np.errstate(invalid="ignore", over="ignore"):
        close = np.abs(got - want) <= atol + rtol * np.abs(want)
    finite = np.isfinite(got) & np.isfinite(want)
    same = (got == want) | (np.isnan(got) & np.isnan(want))
    return bool(np.where(finite, close, same).all())


def _is_numeric_list(value: Any) -> bool:
    return isinstance(value, list | tuple) and as_array(value) is not None


def _number(value: float) -> str:
    return f"{value:.6g}"


def show(value: Any, limit: int = 160) -> str:
    """A value as the student would print it, shortened for feedback.

    Built piece by piece and cut at `limit`, whatever the value holds: a reply may nest
    lists thousands deep or hold megabytes of text, and a repr of all of it would cost as
    much (or, nested, end in a RecursionError). Objects that are not plain values are
    described, never shown by their own repr (it holds memory addresses)."""
    text = _shown(value, limit, 0)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _shown(value: Any, limit: int, depth: int) -> str:
    if depth > MAX_DEPTH:
        return "…"
    if isinstance(value, tuple) or (isinstance(value, list) and not _is_numeric_list(value)):
        pieces: list[str] = []
        size = 0
        for item in value:
            if size > limit:
                pieces.append("…")
                break
            pieces.append(_shown(item, limit, depth + 1))
            size += len(pieces[-1]) + 2
        ends = "()" if isinstance(value, tuple) else "[]"
        return ends[0] + ", ".join(pieces) + ends[1]
    array = as_array(value)
    if array is not None:
        return _array(array)
    if not isinstance(value, str | bytes | bool | int | float | complex | dict | type(None)):
        return described_value(value)
    try:
        return _REPR.repr(value)
    except ValueError:  # an int beyond the interpreter's limit on printed digits
        digits = int(value.bit_length() * 0.30103) if isinstance(value, int) else "many"
        return f"an integer of about {digits} digits"


def _array(array: np.ndarray) -> str:
    if array.ndim == 0:
        return f"{array.item():.6g}"
    formatter: Any = {"float_kind": _number, "complex_kind": str}
    text = np.array2string(array, threshold=12, separator=", ", formatter=formatter)
    return " ".join(text.split())


MAX_DEPTH = 8
"""Nesting shown in feedback; deeper levels print as '…'."""
MAX_DIMS = 32
"""numpy's own limit on dimensions."""
_REPR = reprlib.Repr()
"""repr, but bounded: any ordinary value prints exactly as repr prints it."""
_REPR.maxlevel = MAX_DEPTH
_REPR.maxdict = _REPR.maxlist = _REPR.maxtuple = _REPR.maxset = _REPR.maxfrozenset = 64
_REPR.maxdeque = _REPR.maxarray = 64
_REPR.maxstring = _REPR.maxlong = _REPR.maxother = 10_000
