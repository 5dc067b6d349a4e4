"""Test inputs for numeric checks: literal cases, seeded random arrays, generator functions.

Everything is built once per batch in the grader's process, from the spec and the trusted
solution module, so every submission is called on exactly the same inputs.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from grader.checks.compare import show
from grader.course import Part, Solution
from grader.errors import SpecError


def literal(value: Any, part: Part, where: str) -> Any:
    """A spec literal: numbers stay numbers, {array: ...} becomes an ndarray, lists recurse."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, list):
        return [literal(v, part, f"{where}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, dict) and set(value) == {"array"}:
        try:
            array = np.asarray(value["array"], dtype=float)
        except (TypeError, ValueError):
            raise SpecError(
                part.spec_file, where, "expected a rectangular array of numbers"
            ) from None
        return array
    raise SpecError(part.spec_file, where, "expected a number, a list, or {array: [...]}")


def cases_for(group: dict[str, Any], part: Part, solution: Solution, where: str) -> list[tuple]:
    cases: list[tuple] = []
    for i, args in enumerate(group.get("cases", [])):
        cases.append(tuple(literal(args, part, f"{where}.cases[{i}]")))
    if "random" in group:
        spec = group["random"]
        rng = np.random.default_rng(spec["seed"])
        for _ in range(spec["count"]):
            cases.append(tuple(_uniform(rng, arg) for arg in spec["args"]))
    if "generator" in group:
        spec = group["generator"]
        make = solution.get(spec["function"], f"{where}.generator.function")
        rng = np.random.default_rng(spec["seed"])
        for _ in range(spec["count"]):
            args = make(rng)
            if not isinstance(args, tuple):
                raise SpecError(part.spec_file, f"{where}.generator",
                                f"{spec['function']}(rng) must return a tuple of arguments")
            cases.append(args)
    return cases


def _uniform(rng: np.random.Generator, arg: dict[str, Any]) -> Any:
    shape = tuple(arg["shape"])
    value = rng.uniform(arg["low"], arg["high"], size=shape)
    return float(value) if shape == () else value


def show_call(name: str, args: tuple, limit: int = 200) -> str:
    """The call as the student would write it; an array of integers says so, since the
    same numbers as floats would not have failed."""
    text = f"{name}({', '.join(_shown_arg(a) for a in args)})"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _shown_arg(value: Any) -> str:
    text = show(value, 120)
    if isinstance(value, np.ndarray) and value.dtype.kind in "iub":
        return f"{text} (dtype {value.dtype})"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{text} (an int)"
    return text
