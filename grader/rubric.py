"""A manual part's rubric: the spec's free text, or items a person applies one at a time.

`rubric:` in a spec is either a string (read by a person, scored by hand) or a list of
items, each with points and the text the student sees when it is applied, as on
Gradescope. Items keep a score explainable: the student reads which items they got, and
changing an item's points later re-scores everyone who got it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RubricItem:
    points: float
    """Added when the item is applied; negative for a deduction."""
    text: str
    """What the student reads when the item is applied to their answer."""


@dataclass(frozen=True)
class Rubric:
    text: str
    """The rubric as a person reads it on the sheet: the spec's text, or one line per item."""
    items: tuple[RubricItem, ...] = ()


def rubric_of(raw: str | Sequence[Mapping[str, Any]] | None) -> Rubric:
    """The rubric from a part's `rubric:` (an empty one when the part has none)."""
    if raw is None:
        return Rubric("")
    if isinstance(raw, list):
        items = tuple(RubricItem(float(i["points"]), str(i["text"]).strip()) for i in raw)
        return Rubric("\n".join(item_line(i) for i in items), items)
    return Rubric(str(raw).strip())


def item_line(item: RubricItem) -> str:
    """`2 points: the base case`, the way the free-text rubrics of this course read."""
    unit = "point" if abs(item.points) == 1 else "points"
    return f"{item.points:g} {unit}: {item.text}"


def score(points: Iterable[float], adjustment: float, max_score: float,
          deductions_only: bool = False) -> float:
    """Applied items' points plus the adjustment, within 0 and the part's points.

    A rubric whose items are all deductions counts down from full points (negative
    scoring); any other counts up from 0, so a person never has to say which they meant.
    """
    start = max_score if deductions_only else 0.0
    total = start + sum(points) + adjustment
    return round(min(max(total, 0.0), max_score), 4)
