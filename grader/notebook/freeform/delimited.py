"""Delimited spans of a text (`$$…$$`, `\\[…\\]`, `<del>…</del>`), found in linear time.

A lazy regex such as `\\$\\$(.+?)\\$\\$` scans from every opener to the end of the text when
the opener is never closed, so a markdown cell of ten thousand `\\[` costs a hundred
million steps. Here an opener looks for its closer with one search, and a closer missing
after one opener is missing after every later one, so each kind of closer is searched for
to the end of the text at most once. Openers are tried in the order of the kinds at each
position, leftmost first, as the alternatives of one regex would be.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    opener: re.Pattern[str]
    closer: Callable[[re.Match[str]], re.Pattern[str]]
    """The closer for this opener (the `\\end{align}` of a `\\begin{align}`)."""
    lead: int = 0
    """Characters after the opener where the closer may not start (`.+?` needs one)."""
    min_body: int = 0
    """A closer nearer than this fails the opener here (`[^$]+?` needs one character)."""


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: int
    opener: re.Match[str]
    body: str


def fixed(closer: str, flags: int = 0) -> Callable[[re.Match[str]], re.Pattern[str]]:
    pattern = re.compile(re.escape(closer), flags)
    return lambda opened: pattern


def spans(text: str, starts: re.Pattern[str], kinds: Sequence[Kind]) -> Iterator[Span]:
    """Every span, left to right, none overlapping; `starts` finds where openers may be."""
    missing: set[tuple[str, int]] = set()
    position = 0
    while (candidate := starts.search(text, position)) is not None:
        at = candidate.start()
        position = at + 1
        for index, kind in enumerate(kinds):
            opened = kind.opener.match(text, at)
            if opened is None:
                continue
            closer = kind.closer(opened)
            if (closer.pattern, closer.flags) in missing:
                continue
            closed = closer.search(text, opened.end() + kind.lead)
            if closed is None:
                missing.add((closer.pattern, closer.flags))
                continue
            if closed.start() - opened.end() < kind.min_body:
                continue
            yield Span(at, closed.end(), index, opened, text[opened.end() : closed.start()])
            position = closed.end()
            break


def blank(text: str, found: Sequence[Span]) -> str:
    """`text` with every span replaced by as many spaces, so offsets stay put."""
    pieces: list[str] = []
    last = 0
    for span in found:
        pieces += [text[last : span.start], " " * (span.end - span.start)]
        last = span.end
    return "".join(pieces) + text[last:]
