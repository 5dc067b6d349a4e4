"""Pure predicates comparing a student's returned value with the expected one.

Shape and type come before values, as PrairieLearn does, so the message says what kind of
thing was wrong ("shape (3,), expected (3, 3)") before any number is compared.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from grader.checks.found import described_value

SHOWN_ITEMS = 12
"""Items of a tuple or list shown in feedback; the text is clipped anyway."""


@dataclass(frozen=True)
class Mismatch:
    """Why an actual value is not the expected one, in words for the student."""

    reason: str


def as_array(value: Any) -> np.ndarray | None:
    """A plain numeric value as a float/complex array, or None when it is not numeric."""
    if isinstance(value, bool | int | float | complex | np.ndarray | np.generic):
        array = np.asarray(value)
    elif isinstance(value, list | tuple):  # a tuple of numbers is as good as a list
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
    else:
        ok = np.isclose(got, want, rtol=rtol, atol=atol, equal_nan=True)
    if not np.all(ok):
        return Mismatch("wrong values")
    return None


def _is_numeric_list(value: Any) -> bool:
    return isinstance(value, list | tuple) and as_array(value) is not None


def _number(value: float) -> str:
    return f"{value:.6g}"


def show(value: Any, limit: int = 160) -> str:
    """A value as the student would print it, shortened for feedback."""
    if isinstance(value, tuple) or (isinstance(value, list) and not _is_numeric_list(value)):
        shown = [show(v, limit) for v in value[:SHOWN_ITEMS]]
        if len(value) > SHOWN_ITEMS:
            shown.append("…")
        ends = "()" if isinstance(value, tuple) else "[]"
        text = ends[0] + ", ".join(shown) + ends[1]
    else:
        array = as_array(value)
        if array is None:
            text = repr(value) if isinstance(value, str | None) else described_value(value)
        elif array.ndim == 0:
            text = f"{array.item():.6g}"
        else:
            formatter: Any = {"float_kind": _number, "complex_kind": str}
            text = np.array2string(array, threshold=12, separator=", ", formatter=formatter)
            text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
