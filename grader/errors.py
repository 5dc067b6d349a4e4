"""Typed errors that carry data; `describe_error` is the one place a user-facing line is built.

Library code raises these; only the CLI turns them into text and an exit code, so every
message has the same shape: ``<file>: <place>: <what was expected>``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class GraderError(Exception):
    """Base of every error the CLI reports as one line instead of a traceback."""


@dataclass
class SpecError(GraderError):
    """An exercise spec (or the course config) is not what the format expects."""

    file: Path
    where: str
    expected: str

    def __str__(self) -> str:
        return describe_error(self)


@dataclass
class ReferenceError_(SpecError):
    """A spec points at something in solutions/ that is missing or broken."""


@dataclass
class UsageError(GraderError):
    """A command-line argument or path the user gave cannot be used."""

    where: str
    expected: str

    def __str__(self) -> str:
        return describe_error(self)


@dataclass
class UsageErrors(UsageError):
    """Every problem found in one pass over an input (each bad row of a sheet), so a person
    fixes them all at once instead of one per attempt."""

    problems: tuple[UsageError, ...] = ()


def describe_error(error: BaseException) -> str:
    """The line a user sees for an error (one line per problem for `UsageErrors`)."""
    if isinstance(error, UsageErrors):
        return "\n".join(describe_error(problem) for problem in error.problems)
    if isinstance(error, SpecError):
        place = f": {error.where}" if error.where else ""
        return f"{error.file}{place}: {error.expected}"
    if isinstance(error, UsageError):
        return f"{error.where}: {error.expected}" if error.where else error.expected
    return f"{type(error).__name__}: {error}"
