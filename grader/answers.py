"""What a check receives: a student's answer as plain data, never a live object.

The pipeline builds these from the sandbox's JSON; checks see only these types, so they know
nothing about notebooks or child processes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class CallResult:
    """The outcome of calling a student's function once in the sandbox."""

    ok: bool
    value: Any = None
    error: str | None = None
    timed_out: bool = False


@dataclass(frozen=True)
class Missing:
    """The student did not define the name (or left the template's placeholder)."""

    reason: str


@dataclass(frozen=True)
class Value:
    """A plain value the student defined: str, number, dict, list, SympyText, Opaque, array."""

    value: Any


@dataclass(frozen=True)
class Function:
    """A function the student defined; `call` runs it in the sandbox on plain arguments.

    `call_many`, where there is one, runs a list of cases in one round trip to the
    sandbox, as `call` would one after the other, and stops after the first call that
    timed out (its list is then shorter than the cases)."""

    name: str
    call: Callable[[Sequence[Any]], CallResult] = field(compare=False)
    call_many: Callable[[Sequence[Sequence[Any]]], list[CallResult]] | None = field(
        default=None, compare=False)


@dataclass(frozen=True)
class Markdown:
    """Markdown the student wrote under the part's heading."""

    text: str
    cells: tuple[int, ...] = ()


Answer = Missing | Value | Function | Markdown

MARKDOWN_PLACEHOLDER = "_Write your answer here._"
"""The template's text in a markdown answer cell; left as is, the part is unanswered."""
