"""Near-misses of a numeric reference: right on ordinary inputs, wrong on one kind of input.

Each is a mistake students make with numpy (a loop over the first axis with math.exp, an
output buffer that truncates integers, a clip "for stability", an exp that overflows),
built from the reference itself so that it fits any part. `grade validate` grades each
against the part's check: a domain that lets one earn full credit does not reach where
that mistake is wrong (grader.selftest).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

Function = Callable[..., Any]
OVERFLOW = 700.0
"""Beyond this, exp(x) overflows float64 (at about 709.78)."""


def near_misses(reference: Function) -> list[tuple[str, Function]]:
    return [
        ("clipped to ±10", _clipped(reference, 10.0)),
        ("clipped to ±500", _clipped(reference, 500.0)),
        ("a loop over the first axis", _first_axis(reference)),
        ("an output of the input's integer type", _integer_output(reference)),
        ("scalars only", _scalar_only(reference)),
        (f"overflowing beyond |x| = {OVERFLOW:g}", _overflowing(reference)),
    ]


def _numbers(value: Any) -> bool:
    return isinstance(value, np.ndarray | int | float) and not isinstance(value, bool)


def _clipped(reference: Function, limit: float) -> Function:
    def clipped(*args: Any) -> Any:
        return reference(*(np.clip(a, -limit, limit) if _numbers(a) else a for a in args))

    return clipped


def _first_axis(reference: Function) -> Function:
    """`for v in x: out.append(f(float(v)))`: right on vectors, fails on matrices."""
    def looped(first: Any, *rest: Any) -> Any:
        if np.ndim(first) == 0:
            return reference(first, *rest)
        return np.array([reference(float(v), *rest) for v in first])

    return looped


def _integer_output(reference: Function) -> Function:
    """`out = np.zeros_like(x); out[...] = ...`: an integer input truncates the output."""
    def truncated(*args: Any) -> Any:
        out = reference(*args)
        first = next((a for a in args if isinstance(a, np.ndarray)), None)
        if first is not None and first.dtype.kind in "iu":
            return np.asarray(out).astype(first.dtype)
        if isinstance(args[0], int) and not isinstance(args[0], bool):
            return int(np.asarray(out).item()) if np.ndim(out) == 0 else out
        return out

    return truncated


def _scalar_only(reference: Function) -> Function:
    """`if x <= 0:`: an array's truth value is ambiguous."""
    def scalar(*args: Any) -> Any:
        if np.ndim(args[0]) > 0:
            raise ValueError("The truth value of an array with more than one element is "
                             "ambiguous")
        return reference(*args)

    return scalar


def _overflowing(reference: Function) -> Function:
    """exp of a large input without the max subtracted: inf / inf."""
    def overflowing(*args: Any) -> Any:
        out = reference(*args)
        large = any(_numbers(a) and np.abs(np.asarray(a, dtype=float)).max(initial=0) > OVERFLOW
                    for a in args)
        return np.full_like(np.asarray(out, dtype=float), np.nan) if large else out

    return overflowing
