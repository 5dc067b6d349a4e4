"""Test inputs for numeric checks: literal cases, seeded random arrays, generator functions.

Everything is built once per batch in the grader's process, from the spec and the trusted
solution module, so every submission is called on exactly the same inputs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from grader.checks.compare import show
from grader.course import Part, Solution, schema_node, with_defaults
from grader.errors import SpecError


@dataclass(frozen=True)
class UniformArg:
    """One argument of `random:` inputs: uniform over [low, high), of this shape."""

    shape: tuple[int, ...]
    low: float
    high: float


@dataclass(frozen=True)
class RandomInputs:
    """`random:`: `count` seeded calls, each argument drawn uniformly."""

    count: int
    seed: int
    args: tuple[UniformArg, ...]


@dataclass(frozen=True)
class GeneratedInputs:
    """`generator:`: `count` calls on what the solution's `function(rng)` returns."""

    function: str
    count: int
    seed: int


@dataclass(frozen=True)
class GroupSpec:
    """A numeric part's `tests:` entry: a named, weighted group of inputs."""

    name: str
    weight: float
    finite: bool
    """Whether a non-finite output (inf, nan) is wrong even where the reference's is too."""
    feedback: str | None
    cases: tuple[Any, ...]
    """Literal argument lists, as written (read by `literal` when the check is prepared)."""
    random: RandomInputs | None
    generator: GeneratedInputs | None


def group_spec(entry: Mapping[str, Any]) -> GroupSpec:
    """A `tests:` entry, valid against the schema, with the schema's defaults."""
    g = with_defaults(entry, schema_node("$defs", "test_group"))
    random = g.get("random")
    generator = g.get("generator")
    return GroupSpec(
        name=g["name"], weight=float(g["weight"]), finite=g["finite"], feedback=g.get("feedback"),
        cases=tuple(g.get("cases", ())),
        random=RandomInputs(random["count"], random["seed"], tuple(
            UniformArg(tuple(a["shape"]), a["low"], a["high"]) for a in random["args"]))
        if random is not None else None,
        generator=GeneratedInputs(generator["function"], generator["count"], generator["seed"])
        if generator is not None else None)


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


def cases_for(group: GroupSpec, part: Part, solution: Solution, where: str) -> list[tuple]:
    cases: list[tuple] = []
    for i, args in enumerate(group.cases):
        cases.append(tuple(literal(args, part, f"{where}.cases[{i}]")))
    if group.random is not None:
        random = group.random
        rng = np.random.default_rng(random.seed)
        for _ in range(random.count):
            cases.append(tuple(_uniform(rng, arg) for arg in random.args))
    if group.generator is not None:
        generator = group.generator
        make = solution.get(generator.function, f"{where}.generator.function")
        rng = np.random.default_rng(generator.seed)
        for _ in range(generator.count):
            args = make(rng)
            if not isinstance(args, tuple):
                raise SpecError(part.spec_file, f"{where}.generator",
                                f"{generator.function}(rng) must return a tuple of arguments")
            cases.append(args)
    return cases


def _uniform(rng: np.random.Generator, arg: UniformArg) -> Any:
    value = rng.uniform(arg.low, arg.high, size=arg.shape)
    return float(value) if arg.shape == () else value


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
