"""The check kinds by their YAML `kind:` name: the one table everything loops over.

Built-in kinds register exactly as a new kind does, with `register(SomeKind())` in their
own module; that module is imported the first time its kind is asked for, so a program
that only reads results never loads numpy or sympy for them. A kind from outside the
package registers itself when its module is imported, before the course is loaded.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from grader.checks.base import PreparedCheck
    from grader.checks.kind import CheckKind
    from grader.course import Part, Solution

BUILT_IN = ("numeric", "symbolic", "text", "manual")
"""The kinds of this package, each the module `grader.checks.<name>`, in the order the
spec schema lists them."""
KINDS: dict[str, CheckKind] = {}


def register(kind: CheckKind) -> CheckKind:
    """Make `kind` the meaning of `kind: <kind.name>` in specs."""
    KINDS[kind.name] = kind
    return kind


def kind_of(name: str) -> CheckKind:
    """The kind registered under `name`; KeyError if there is none."""
    if name not in KINDS and name in BUILT_IN:
        importlib.import_module(f"grader.checks.{name}")
    return KINDS[name]


def names() -> tuple[str, ...]:
    """Every kind's name: the built-in ones first, then the others as registered."""
    return (*BUILT_IN, *(name for name in KINDS if name not in BUILT_IN))


def by_person(name: str) -> bool:
    """Whether parts of this kind are graded by a person (False for a kind not known
    here, such as one in results written by a grader with more kinds)."""
    return name in names() and kind_of(name).by_person


def in_markdown(name: str) -> bool:
    """Whether this kind's answers are markdown (shown as such in reports)."""
    return name in names() and kind_of(name).reads == "markdown"


def prepare(part: Part, solution: Solution) -> PreparedCheck:
    return kind_of(part.kind).prepare(part, solution)
