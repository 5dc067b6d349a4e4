"""A bounded memo of verdicts, kept by a prepared check for the whole batch.

Many students give the same answer text, and many texts read as the same expression;
deciding one (parsing, the numeric stage, perhaps a sympy proof in a worker process) costs
milliseconds, looking it up microseconds. A check is prepared once per batch and each
worker process holds its own copy, so the memo lives as long as the batch, per worker.

Only pure decisions are memoised: the same key always yields the same value, so a batch
graded with a warm memo, a cold one, or none gives the same results.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

DEFAULT_SIZE = 4096
"""Entries per check; an entry is a few small objects, so a full memo is a few MB."""


class Memo:
    """Least-recently-used memo, safe to share between threads.

    It compares equal to every other memo and pickles empty, so a check that carries one
    keeps its value semantics and is shipped to workers without what this process learnt.
    """

    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        self.size = size
        self.entries: OrderedDict[Hashable, Any] = OrderedDict()
        self.lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The value memoised under `key`, computed (outside the lock) when absent."""
        with self.lock:
            if key in self.entries:
                self.entries.move_to_end(key)
                self.hits += 1
                return self.entries[key]
            self.misses += 1
        value = compute()
        with self.lock:
            self.entries[key] = value
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self.entries)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Memo)

    def __hash__(self) -> int:
        return 0

    def __repr__(self) -> str:
        return f"Memo({len(self.entries)} of {self.size}, {self.hits} hits)"

    def __reduce__(self) -> tuple[type[Memo], tuple[int]]:
        return (Memo, (self.size,))
