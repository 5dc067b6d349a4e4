"""Public checks as data, so a student bundle grades them without solutions/.

A check needs its reference only to know what to expect, so the public parts are compiled
to what the reference gives:

- numeric: the test inputs, the reference's outputs on them (and the known mistakes'
  outputs), exactly as the full grader computed them;
- symbolic: the reference expression strings (and alternatives'); the spec holds the rest;
- text: the accepted patterns, or the kernels the descriptions are checked against;
- manual: nothing (the model answer never ships).

Shipping these for public parts is deliberate, as Gradescope and otter-grader ship public
tests: a student can read the expected outputs of a public numeric part, and the answer of
a public expression or text part, which is why a course marks such parts `hidden: true`.
Hidden parts are absent from the file altogether, apart from their names.

Values are JSON with tags for what JSON lacks (`{"ndarray": ..., "dtype": ..., "shape":
...}`, `{"tuple": [...]}`, `{"float": "nan"}`), so a decoded value is equal, type for type
and bit for bit, to the one the grader computed, and feedback quotes the same numbers.
"""

from __future__ import annotations

import json
import math
import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from grader.checks import PreparedCheck, prepare
from grader.checks.numeric import Group, Misconception, NumericCheck
from grader.course import Course, Part, Solution, load_solution
from grader.errors import SpecError

FORMAT = 1
"""The compiled file's version; a bundle from another version is rebuilt, not guessed at."""

Names = Callable[[Mapping[str, Any]], list[str]]
RECORDED: dict[str, Names] = {
    "symbolic": lambda p: [p["reference"], *(a["reference"] for a in p.get("alternatives", []))],
    "text": lambda p: [p[name] for name in ("accept", "kernels") if name in p],
    "manual": lambda p: [],
}
"""Per kind (other than numeric): the solution-module names whose values its check reads."""
PRESENCE_ONLY: dict[str, Names] = {
    "text": lambda p: [p["reference"]],
    "manual": lambda p: [p["reference"]],
}
"""Names a kind only checks exist (model answers): shipped as None, never their text."""


@dataclass(frozen=True)
class Compiled:
    hidden: tuple[str, ...]
    """The hidden parts' ids, so a student is told what is left for after the hand-in."""
    parts: Mapping[str, Mapping[str, Any]]
    """Part id -> its compiled check."""


def compile_course(public: Course, hidden: tuple[str, ...]) -> dict[str, Any]:
    """The JSON form of every check of `public` (a course holding only public parts)."""
    parts: dict[str, Any] = {}
    for exercise in public.exercises:
        solution = load_solution(exercise)
        for part in exercise.parts:
            parts[part.id] = _compile_part(part, solution)
    return {"format": FORMAT, "course": public.title, "hidden": list(hidden), "parts": parts}


def read(course: Course) -> Compiled:
    path = _path(course)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SpecError(path, "", f"expected the bundle's compiled checks ({error})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SpecError(path, "format", f"expected {FORMAT}; rebuild the bundle with "
                        "`grade build --student`")
    return Compiled(tuple(data.get("hidden", ())), data["parts"])


def load_checks(course: Course) -> dict[str, PreparedCheck]:
    """The prepared checks of a bundle's course, from its compiled file."""
    compiled = read(course)
    checks: dict[str, PreparedCheck] = {}
    for part in course.parts:
        entry = compiled.parts.get(part.id)
        if entry is None or entry.get("kind") != part.kind:
            raise SpecError(_path(course), f"parts.{part.id}",
                            f"expected a compiled {part.kind} check")
        checks[part.id] = _load_part(part, entry, course)
    return checks


def _path(course: Course) -> Path:
    assert course.config.checks is not None, "not a student bundle"
    return course.config.checks


def _compile_part(part: Part, solution: Solution) -> dict[str, Any]:
    if part.kind == "numeric":
        check = prepare(part, solution)
        assert isinstance(check, NumericCheck)
        return {"kind": "numeric", "check": _numeric_to_data(check)}
    if part.kind not in RECORDED:
        raise SpecError(part.spec_file, part.where, f"a {part.kind} part cannot be checked "
                        "without solutions; mark it `hidden: true`")
    where = f"{part.where}.reference"
    values = {name: solution.get(name, where) for name in RECORDED[part.kind](part.params)}
    return {"kind": part.kind, "solution": {k: encode(v) for k, v in values.items()}}


def _load_part(part: Part, entry: Mapping[str, Any], course: Course) -> PreparedCheck:
    if part.kind == "numeric":
        return _numeric_from_data(part.id, entry["check"])
    values = {k: decode(v) for k, v in entry["solution"].items()}
    values.update({name: None for name in PRESENCE_ONLY.get(part.kind, lambda p: [])(
        part.params)})
    module = types.ModuleType("public_checks")
    module.__dict__.update(values)
    return prepare(part, Solution(module=module, file=_path(course), spec_file=part.spec_file))


def _numeric_to_data(check: NumericCheck) -> dict[str, Any]:
    return {
        "rtol": check.rtol, "atol": check.atol,
        "groups": [{
            "name": g.name, "weight": g.weight, "finite": g.finite, "feedback": g.feedback,
            "cases": encode(g.cases), "expected": encode(g.expected), "upper": encode(g.upper),
            "generated": g.generated,
        } for g in check.groups],
        "misconceptions": [{
            "name": m.name, "feedback": m.feedback, "credit": m.credit,
            "outputs": encode(m.outputs),
        } for m in check.misconceptions],
    }


def _numeric_from_data(name: str, data: Mapping[str, Any]) -> NumericCheck:
    groups = tuple(
        Group(g["name"], g["weight"], g["finite"], g["feedback"], decode(g["cases"]),
              decode(g["expected"]), decode(g["upper"]), g.get("generated", False))
        for g in data["groups"]
    )
    mistakes = tuple(Misconception(m["name"], m["feedback"], m["credit"], decode(m["outputs"]))
                     for m in data["misconceptions"])
    return NumericCheck(name=name, rtol=data["rtol"], atol=data["atol"], groups=groups,
                        misconceptions=mistakes)


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
