"""The answer table: every syntax, near misses, misconceptions, malformed and hostile input."""

from __future__ import annotations

from collections import Counter

import pytest

from .cases import ROWS
from .table_runner import decide


def test_table_is_large_and_covers_every_outcome() -> None:
    counts = Counter(expected for _, _, _, expected in ROWS)
    assert len(ROWS) >= 150
    assert set(counts) == {"equal", "different", "undecided", "parse_error"}
    assert counts["different"] >= 50


@pytest.mark.parametrize(
    ("reference", "answer", "context", "expected"),
    ROWS,
    ids=[f"{n:03d}-{row[2]}-{row[3]}" for n, row in enumerate(ROWS)],
)
def test_row(reference: str, answer: str, context: str, expected: str) -> None:
    got = decide(reference, answer, context)
    if expected == "different":
        assert got != "equal", "false accept"
    assert got == expected
