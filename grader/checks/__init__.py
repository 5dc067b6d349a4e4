"""Check kinds, each one small module registered under its YAML `kind:` name.

A kind's `prepare(part, solution)` reads the part's spec and reference once per batch and
returns a `PreparedCheck`; `PreparedCheck.grade(answer)` decides one student's answer.
Built-in kinds register exactly as a new kind would.
"""

from __future__ import annotations

from collections.abc import Callable

from grader.checks.base import Outcome, PreparedCheck
from grader.course import Part, Solution

Prepare = Callable[[Part, Solution], PreparedCheck]
KINDS: dict[str, Prepare] = {}


def register(kind: str) -> Callable[[Prepare], Prepare]:
    def add(prepare: Prepare) -> Prepare:
        KINDS[kind] = prepare
        return prepare

    return add


def prepare(part: Part, solution: Solution) -> PreparedCheck:
    return KINDS[part.kind](part, solution)


from grader.checks import manual, numeric, symbolic, text  # noqa: E402  (registers the kinds)

__all__ = ["KINDS", "Outcome", "PreparedCheck", "prepare", "register",
           "manual", "numeric", "symbolic", "text"]
