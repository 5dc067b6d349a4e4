"""What the extractor found for one part: the answer, where it was, and how sure it is."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Quote:
    """A piece of the student's notebook the grader used, and where it is."""

    cell: int
    text: str
    key: str = ""
    """The dict key ("x1", "k2") this piece answers; empty for a whole answer."""


@dataclass(frozen=True)
class Found:
    value: Any
    """What the part's check receives: a string, or a dict keyed like the part; None when
    nothing plausible was found."""
    quotes: tuple[Quote, ...] = ()
    notes: tuple[str, ...] = ()
    """What the extractor decided on the student's behalf (renamed t to x, used the line
    marked "therefore"), so a misread is visible."""
    review: tuple[str, ...] = ()
    """Why a person must check the reading; non-empty means needs_review."""
    guessed: frozenset[str] = field(default_factory=frozenset)
    """Keys whose answer rests on a guess (a relabelled line): they earn no credit until a
    person confirms them."""
    rivals: tuple[Any, ...] = ()
    """Other values the notebook also supports; if any grades differently, the part is
    flagged instead of graded on a pick."""
    whole: bool = False
    """One expression written for the whole function (`z' = 4 + 6x_3`), read as every
    key's answer: it earns credit only if it is right for all of them."""

    @property
    def empty(self) -> bool:
        if self.value is None:
            return True
        if isinstance(self.value, dict):
            return not any(str(v).strip() for v in self.value.values())
        return not str(self.value).strip()


NOTHING = Found(None)


def where(cells: list[int] | tuple[int, ...]) -> str:
    """"cell 7" or "cells 7, 9" for feedback; cells count from 0 as in results' cells[]."""
    unique = sorted(dict.fromkeys(cells))
    if not unique:
        return "no cell"
    if len(unique) == 1:
        return f"cell {unique[0]}"
    return "cells " + ", ".join(str(c) for c in unique)
