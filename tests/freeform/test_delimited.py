"""Delimited spans: what the lazy regexes found, in linear time."""

from __future__ import annotations

import random
import re
import time

import pytest

from grader.notebook.freeform import statements
from grader.notebook.freeform.delimited import blank, spans

SEGMENT = re.compile(
    r"\$\$(?P<display>.+?)\$\$"
    r"|\\\[(?P<bracket>.+?)\\\]"
    r"|\\begin\{(?P<env>align\*?|equation\*?|gather\*?|eqnarray\*?|multline\*?)\}"
    r"(?P<envbody>.+?)\\end\{(?P=env)\}"
    r"|\$(?P<inline>[^$]+?)\$"
    r"|\\\((?P<paren>.+?)\\\)",
    re.S,
)
STRUCK = re.compile(r"~~.*?~~|<(del|s|strike)>.*?</\1>", re.S | re.I)
"""The regexes the scanner replaces, kept here as its specification."""
PIECES = ["$", "$$", "\\[", "\\]", "\\(", "\\)", "\\begin{align}", "\\end{align}",
          "\\begin{gather*}", "\\end{gather*}", "~~", "<del>", "</DEL>", "<s>", "</s>", "x",
          " ", "\n", "=", "a"]


def segments(text: str) -> list[tuple[int, int, str]]:
    return [(s.start, s.end, s.body)
            for s in spans(text, statements._SEGMENT_STARTS, statements._SEGMENTS)]


@pytest.mark.parametrize("seed", range(5))
def test_the_spans_are_the_ones_the_regexes_found(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(400):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randrange(1, 30)))
        expected = [(m.start(), m.end(), next(g for g in m.group("display", "bracket",
                     "envbody", "inline", "paren") if g is not None))
                    for m in SEGMENT.finditer(text)]
        assert segments(text) == expected, text
        struck = [(s.start, s.end)
                  for s in spans(text, statements._STRUCK_STARTS, statements._STRUCK)]
        assert struck == [m.span() for m in STRUCK.finditer(text)], text


def test_blank_keeps_offsets() -> None:
    text = "a $x$ b \\[y\\] c"
    assert blank(text, list(spans(text, statements._SEGMENT_STARTS, statements._SEGMENTS))) \
        == "a     b       c"


@pytest.mark.parametrize("opener", ["\\[", "\\(", "$$", "\\begin{align}", "<del>", "~~"])
def test_openers_never_closed_cost_one_pass(opener: str) -> None:
    text = (opener + "x ") * 20_000
    started = time.monotonic()
    segments(text)
    list(spans(text, statements._STRUCK_STARTS, statements._STRUCK))
    assert time.monotonic() - started < 2.0
