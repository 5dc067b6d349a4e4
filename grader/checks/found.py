"""What a student's answer is, in words: "found a function `f`", "found a list of 3 items".

Every check kind says what it expected and what it found when an answer is the wrong kind
of thing, so a student who bound a function to an expression's name reads exactly that
instead of a bare "incorrect". Values here are the sandbox's plain data (see
grader.sandbox.plain), so describing them never calls student code.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from grader.answers import Answer, Function, Markdown, Missing, Value
from grader.checks.base import assert_never
from grader.sandbox.plain import FunctionRef, Opaque, SympyText

QUOTE_CHARS = 60
SANDBOX_NOTES = ("<integer too large>", "<string too long>", "<too large", "<array of ",
                 "<nested too deeply>", "<conversion failed>", "<encoding ")
"""How the sandbox's own notes on a value it could not send begin (grader.sandbox.plain,
child.py); an object's repr is quoted only when it is one of these."""


def described(answer: Answer) -> str:
    match answer:
        case Missing():
            return "nothing"
        case Function(name=name):
            return f"a function `{_short(name)}`"
        case Markdown():
            return "a markdown answer"
        case Value(value=value):
            return described_value(value)
        case _:
            assert_never(answer)


def described_value(value: Any) -> str:
    """A plain value as a student would recognise it; short, whatever its size."""
    if value is None:
        return "None"
    if isinstance(value, bool):
        return f"the bool {value}"
    if isinstance(value, int):
        if value.bit_length() > 200:  # printing it whole is slow, or refused past 4300 digits
            return f"an integer of about {int(value.bit_length() * 0.30103)} digits"
        return f"the number {_short(str(value))}"
    if isinstance(value, float):
        return f"the number {value!r}" if math.isfinite(value) else f"the float {value!r}"
    if isinstance(value, complex):
        return f"the complex number {value!r}"
    if isinstance(value, str):
        if not value.strip():
            return "an empty string" if not value else "a string of only whitespace"
        return f"the string {_short(value)!r}"
    if isinstance(value, SympyText):
        return f"the sympy object `{_short(value.text)}`"
    if isinstance(value, FunctionRef):
        return f"a function `{_short(value.name)}`"
    if isinstance(value, Opaque):  # its repr is the student's text: addresses, lies
        why = value.repr if value.repr.startswith(SANDBOX_NOTES) else ""
        return f"a `{_short(value.type_name)}` object" + (f" ({_short(why)})" if why else "")
    if isinstance(value, np.ndarray):
        return f"a numpy array of shape {value.shape}"
    if isinstance(value, tuple | list):
        kind = "tuple" if isinstance(value, tuple) else "list"
        return f"an empty {kind}" if not value else f"a {kind} of {_items(len(value))}"
    if isinstance(value, dict):
        if not value:
            return "an empty dict"
        keys = ", ".join(repr(_short(str(k), 20)) for k in list(value)[:4])
        more = ", ..." if len(value) > 4 else ""
        return f"a dict with the keys {keys}{more}"
    return f"a {type(value).__name__}"


def _items(n: int) -> str:
    return "1 item" if n == 1 else f"{n} items"


def _short(text: str, limit: int = QUOTE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
