"""Find each part's answer in what the sandbox returned and in the notebook's markdown."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from grader.answers import Answer, CallResult, Function, Markdown, Missing, Value
from grader.course import Part
from grader.sandbox import FunctionRef, Session


def answer_for(part: Part, values: Mapping[str, Any], markdown: Mapping[str, Markdown],
               session: Session) -> Answer:
    """A defined name wins; a manual part falls back to the markdown under its heading."""
    if part.id in values:
        value = values[part.id]
        if isinstance(value, FunctionRef):
            return Function(part.id, caller(session, part.id))
        return Value(value)
    if part.kind == "manual" and part.id in markdown:
        return markdown[part.id]
    return Missing(f"`{part.id}` is not defined")


def caller(session: Session, function: str) -> Callable[[list[Any]], CallResult]:
    def call(args: list[Any]) -> CallResult:
        outcome = session.call(function, args)
        return CallResult(outcome.ok, outcome.value, outcome.error, outcome.timed_out)

    return call
