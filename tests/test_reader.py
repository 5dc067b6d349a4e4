"""Markdown headings are read in one pass, as the old heading regex read them."""

from __future__ import annotations

import random
import re
import time

import pytest

from grader.notebook.reader import heading_of

OLD = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
"""The heading regex before: cubic in a heading's padding; kept as the specification."""


def old_heading(source: str) -> tuple[int, str] | None:
    first = next((line for line in source.splitlines() if line.strip()), "")
    match = OLD.match(first)
    if match is None:
        return None
    return len(match.group(1)), match.group(2).strip().strip("`").strip()


@pytest.mark.parametrize("seed", range(4))
def test_headings_read_as_before(seed: int) -> None:
    rng = random.Random(seed)
    pieces = ["#", "##", " ", "\t", "a", "`", "x y", "\n", "#######"]
    for _ in range(2000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 12)))
        assert heading_of(text) == old_heading(text), repr(text)


def test_a_heading_padded_with_thousands_of_spaces_is_read_at_once() -> None:
    started = time.monotonic()
    for _ in range(100):
        assert heading_of("# a" + " " * 6000 + "b") == (1, "a" + " " * 6000 + "b")
    assert time.monotonic() - started < 1.0
