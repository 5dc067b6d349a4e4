"""Find each question in a student's notebook by its text, and the cells that answer it.

Students answer in the course's own notebook: they add cells, fix typos in the questions,
move sections around and delete cell metadata. So a question is found by a fuzzy match of
its wording against every markdown cell (stdlib difflib: the texts are short and the job is
"how much of this question is in that cell", which a longest-common-blocks match answers
directly), and its answer is every cell after it up to the next question found.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from grader.notebook.freeform.cells import Cell
from grader.notebook.reader import heading_of

MIN_BLOCK = 4
"""Shorter common runs ("the ", "ion") are chance, not a sign the question is there."""
MIN_SCORE = 0.6
MAX_CHARS = 4000
"""Of a cell's text, what is compared with a question (difflib is quadratic in the worst
case): a question is a few hundred characters, at the top of its cell."""
SHINGLE = 3
CANDIDATES = 4

_IMAGE = re.compile(r"<img[^<>]*>|!\[[^\[\]]*\]\([^()]*\)", re.I)
_TAG = re.compile(r"<[^<>]+>")
_MATH = re.compile(r"\$\$.*?\$\$|\$[^$]*\$", re.S)
_FENCE = re.compile(r"```[a-z]*")
_MARKUP = re.compile(r"[#*_`>|]")


@dataclass(frozen=True)
class Question:
    """One question of the course, answered by one or more parts."""

    text: str
    parts: tuple[str, ...]
    alternatives: tuple[str, ...] = ()
    """Other texts that also mark the question: the part's template heading, a title."""


@dataclass(frozen=True)
class Located:
    question: Question
    cell: int | None
    """The question's cell, or None when the question was not found."""
    score: float
    chunks: tuple[Cell, ...]
    """The answer cells; the question's own cell appears with only the text after the
    question."""

    @property
    def found(self) -> bool:
        return self.cell is not None


def normalise(text: str) -> str:
    """Question wording without markup, images or student math, for comparing texts."""
    text = _IMAGE.sub(" ", text[:MAX_CHARS])
    text = _TAG.sub(" ", _MATH.sub(" ", _FENCE.sub(" ", text)))
    return " ".join(_MARKUP.sub(" ", text).lower().split())


def coverage(question: str, cell: str) -> tuple[float, float]:
    """(share of the question found in the cell, share of the cell that is question)."""
    if not question or not cell:
        return 0.0, 0.0
    blocks = SequenceMatcher(None, question, cell, autojunk=False).get_matching_blocks()
    matched = sum(b.size for b in blocks if b.size >= min(MIN_BLOCK, len(question)))
    return matched / len(question), matched / len(cell)


def score(question: str, cell: str) -> float:
    """How surely `cell` is the question: all of the question, and little else, scores 1."""
    of_question, of_cell = coverage(normalise(question), normalise(cell))
    if of_question < 0.75:
        return 0.0
    return of_question * (0.6 + 0.4 * min(1.0, of_cell))


def shingles(text: str) -> set[str]:
    return {text[k : k + SHINGLE] for k in range(max(1, len(text) - SHINGLE + 1))}


def likely(question: str, cells: Sequence[Cell]) -> list[Cell]:
    """The few cells worth an exact comparison: most of the question's letter runs appear in
    them. (difflib is quadratic in the worst case; this keeps long notebooks fast.)"""
    wanted = shingles(normalise(question))
    ranked = []
    for cell in cells:
        share = len(wanted & shingles(normalise(cell.text))) / len(wanted) if wanted else 0.0
        if share >= 0.6:
            ranked.append((share, cell.index, cell))
    ranked.sort(key=lambda r: (-r[0], r[1]))
    return [cell for _, _, cell in ranked[:CANDIDATES]]


def locate(cells: Sequence[Cell], questions: Sequence[Question]) -> dict[str, Located]:
    """Each question's cell and answer chunks, keyed by part id."""
    markdown = [c for c in cells if c.kind == "markdown"]
    where: dict[Question, tuple[int | None, float]] = {}
    for question in questions:
        best: tuple[int | None, float] = (None, 0.0)
        headed = [c for c in markdown if _headed(question, c)]
        for cell in sorted({*headed, *likely(question.text, markdown)}, key=lambda c: c.index):
            value = _best_score(question, cell)
            if value > best[1] + 1e-9:
                best = (cell.index, value)
        where[question] = best if best[1] >= MIN_SCORE else (None, 0.0)
    starts = sorted({cell for cell, _ in where.values() if cell is not None})
    located: dict[str, Located] = {}
    for question, (start, value) in where.items():
        chunks = _region(cells, question, start, starts) if start is not None else ()
        for part in question.parts:
            located[part] = Located(question, start, value, chunks)
    return located


def _best_score(question: Question, cell: Cell) -> float:
    return 1.0 if _headed(question, cell) else score(question.text, cell.text)


def _headed(question: Question, cell: Cell) -> bool:
    """The template's `## part_id` heading names the question for certain."""
    heading = heading_of(cell.text)
    return heading is not None and heading[1].lower() in {t.lower() for t in
                                                          question.alternatives}


def _region(cells: Sequence[Cell], question: Question, start: int,
            starts: list[int]) -> tuple[Cell, ...]:
    later = [s for s in starts if s > start]
    end = later[0] if later else None
    chunks: list[Cell] = []
    for cell in cells:
        if cell.index == start:
            rest = after_question(cell.text, question.text)
            if rest:
                chunks.append(Cell(cell.index, cell.kind, rest))
        elif cell.index > start and (end is None or cell.index < end):
            chunks.append(cell)
    return tuple(chunks)


def after_question(text: str, question: str) -> str:
    """What a student wrote in the question's own cell, below the question's last line."""
    wanted = normalise(question)
    lines = text.splitlines()
    last = -1
    seen = 0
    for k, line in enumerate(lines):
        if seen >= MAX_CHARS:  # as far as the cell was compared with the question
            break
        seen += len(line) + 1
        plain = normalise(line)
        if plain and coverage(plain, wanted)[0] >= 0.8:
            last = k
    rest = lines[last + 1 :]
    while rest and not _TAG.sub("", _IMAGE.sub("", rest[0])).strip():
        rest = rest[1:]
    return "\n".join(rest).strip()
