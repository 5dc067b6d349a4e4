"""A call's arguments as the child receives them, encoded once per test case.

Every notebook of a class is called with the same test cases: a numeric check's cases are
tuples it builds once, when the course is prepared. Encoding them again for each notebook
(`plain.to_plain`, then JSON) was a tenth of the grader's own time per submission, so the
text is kept, by the identity of the case tuple. The cache holds the tuple itself, so its
id cannot be reused by another object while the entry lives; only tuples are kept (a list
may change between calls), and the checks never change the values in their cases.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from grader.sandbox import plain

MAX_KEPT = 4096
"""Cases remembered at once: a course has a few hundred; arguments made afresh for each
call (symbolic probes) fill the rest, and the whole cache is dropped when full."""


@dataclass(frozen=True)
class EncodedArgs:
    """One case's argument list as JSON text, and whether it holds a sympy object (the
    child then imports sympy, which the grader allows extra time for)."""

    text: str
    sympy: bool


_kept: dict[int, tuple[object, EncodedArgs]] = {}
_lock = threading.Lock()


def encoded_args(args: Sequence[Any]) -> EncodedArgs:
    """`args` encoded for the child, from the cache when this very tuple was sent before."""
    key = id(args)
    hit = _kept.get(key)
    if hit is not None and hit[0] is args:
        return hit[1]
    values = [plain.to_plain(arg) for arg in args]
    found = EncodedArgs(plain.dumps(values), mentions_sympy(values))
    if type(args) is tuple:
        with _lock:
            if len(_kept) >= MAX_KEPT:
                _kept.clear()
            _kept[key] = (args, found)
    return found


def mentions_sympy(value: Any) -> bool:
    """Whether encoded arguments hold a sympy object.

    Walks the encoded structure instead of serialising it a second time, and never
    descends into an array's numbers."""
    if isinstance(value, dict):
        if "__dict__" in value:  # a student dict whose own keys look like markers
            inner = value["__dict__"]
            return isinstance(inner, dict) and any(mentions_sympy(v) for v in inner.values())
        if "__sympy__" in value:
            return True
        if "__ndarray__" in value:
            return False
        return any(mentions_sympy(item) for item in value.values())
    if isinstance(value, list):
        return any(mentions_sympy(item) for item in value)
    return False
