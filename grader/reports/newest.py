"""One submission per student in an LMS: Canvas takes one row per ID, LTI one score per
user, and a second one would silently overwrite the first, in whatever order it came."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")


def keep_newest(items: Sequence[T], key: Callable[[T], Hashable],
                rank: Callable[[T], Any]) -> tuple[list[T], list[tuple[T, T]]]:
    """The items whose `key` no other item shares, and of each group sharing one the
    highest `rank` (the newest), in their order; and (left out, kept instead) pairs, so
    that the caller can name every submission it did not export."""
    newest: dict[Hashable, int] = {}
    for index, item in enumerate(items):
        held = newest.get(key(item))
        if held is None or rank(item) > rank(items[held]):  # a tie keeps the first
            newest[key(item)] = index
    kept, dropped = [], []
    for index, item in enumerate(items):
        chosen = newest[key(item)]
        if chosen == index:
            kept.append(item)
        else:
            dropped.append((item, items[chosen]))
    return kept, dropped
