"""How a student bundle ships the values a check reads: in the sandbox's tagged JSON
(grader.sandbox.plain), the grader's one tagged form for values, so that a decoded value
is equal, type for type and bit for bit, to the one encoded.

The sandbox's encoder is built for hostile objects: it never raises, and writes what has
no plain form as an opaque note. A bundle's values are the instructor's, and one that
cannot come back exactly is the course's mistake, so it is refused here instead. The
decoder keeps numpy scalars as numpy scalars (the sandbox's makes them Python scalars),
which is what the reference returned.
"""

from __future__ import annotations

import sys
from typing import Any

from grader.sandbox import plain

_LOSSY = ("__opaque__", "__function__", "__sympy__")
"""Tags the sandbox writes for what it cannot bring back as a value."""


def encode(value: Any) -> Any:
    """A value as tagged JSON; TypeError for one that would not come back exactly."""
    data = plain.to_plain(value, max_elements=sys.maxsize, max_chars=sys.maxsize)
    if _lossy(data):
        raise TypeError(f"cannot ship a {type(value).__name__} in a student bundle")
    return data


def decode(data: Any) -> Any:
    return plain.from_plain(data, numpy_scalars=True)


def _lossy(data: Any) -> bool:
    if isinstance(data, list):
        return any(_lossy(item) for item in data)
    if not isinstance(data, dict):
        return False
    if any(tag in data for tag in _LOSSY):
        return True
    if "__ndarray__" in data:
        return False
    return any(_lossy(item) for item in data.values())
