"""Values as JSON, tagged where JSON would lose their type, so that a decoded value is equal,
type for type and bit for bit, to the one encoded (`{"ndarray": ..., "dtype": ...,
"shape": ...}`, `{"tuple": [...]}`, `{"float": "nan"}`): how a student bundle ships the
values a check reads.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np


def encode(value: Any) -> Any:
    """A value as JSON, tagged where JSON would lose its type."""
    if isinstance(value, np.ndarray):
        return {"ndarray": encode(value.tolist()), "dtype": value.dtype.str,
                "shape": list(value.shape)}
    if isinstance(value, np.generic):  # before float: np.float64 is a float subclass
        return {"scalar": encode(value.item()), "dtype": value.dtype.str}
    if value is None or isinstance(value, bool | str | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else {"float": repr(value)}
    if isinstance(value, complex):
        return {"complex": [encode(value.real), encode(value.imag)]}
    if isinstance(value, tuple):
        return {"tuple": [encode(v) for v in value]}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {"dict": {k: encode(v) for k, v in value.items()}}
    raise TypeError(f"cannot ship a {type(value).__name__} in a student bundle")


def decode(data: Any) -> Any:
    if isinstance(data, list):
        return [decode(v) for v in data]
    if not isinstance(data, dict):
        return data
    if "ndarray" in data:
        array = np.array(decode(data["ndarray"]), dtype=np.dtype(data["dtype"]))
        return array.reshape(data["shape"])
    if "scalar" in data:
        return np.dtype(data["dtype"]).type(decode(data["scalar"]))
    if "tuple" in data:
        return tuple(decode(v) for v in data["tuple"])
    if "float" in data:
        return float(data["float"])
    if "complex" in data:
        real, imag = (decode(v) for v in data["complex"])
        return complex(real, imag)
    return {k: decode(v) for k, v in data["dict"].items()}
