"""Public checks as data, so a student bundle grades them without solutions/.

A check needs its reference only to know what to expect, so each public part is compiled,
by its kind (CheckKind.compile), to what the reference gives: for numeric, the test inputs
and the reference's outputs on them; for symbolic, the reference expression strings; for
text, the accepted patterns or kernels; for manual, nothing (the model answer never ships).

Shipping these for public parts is deliberate, as Gradescope and otter-grader ship public
tests: a student can read the expected outputs of a public numeric part, and the answer of
a public expression or text part, which is why a course marks such parts `hidden: true`.
Hidden parts are absent from the file altogether, apart from their names.

Values are tagged JSON (grader.values, in the sandbox's form), so feedback quotes the same
numbers as the full grader's.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from grader.checks import PreparedCheck, kind_of
from grader.course import Course, load_solution
from grader.errors import SpecError
from grader.values import decode, encode

__all__ = ["Compiled", "compile_course", "decode", "encode", "load_checks", "read"]

FORMAT = 2
"""The compiled file's version; a bundle from another version is rebuilt, not guessed at.
Version 2 writes values in the sandbox's tagged JSON (non-finite floats as JSON's NaN and
Infinity, as Python reads and writes them)."""


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
            parts[part.id] = kind_of(part.kind).compile(part, solution)
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
        checks[part.id] = kind_of(part.kind).load(part, entry, _path(course))
    return checks


def _path(course: Course) -> Path:
    assert course.config.checks is not None, "not a student bundle"
    return course.config.checks
