"""Find each question in a student's notebook by its text, and the cells that answer it.

Students answer in the course's own notebook: they add cells, fix typos in the questions,
move sections around and delete cell metadata, and the notebook itself changes from one
year of the course to the next. So the notebook is segmented by the course's structure:

- each question is found by a fuzzy match of one of its wordings (a spec's `question:` may
  list the wording of several course versions) against a markdown cell, or against two
  consecutive ones (a version that split the question's cell); stdlib difflib answers
  "how much of this question is in that cell" directly;
- a question that matches nothing well is looked for, less strictly, between the
  questions before and after it in the course that were found: a reworded question still
  gets its region;
- the course notebook's other prompts (tasks that are not graded: the spec's
  `other_prompts:`) and any heading above the question's own level end a region too;
- a question's answer is every cell after it up to the next of those; its own cell counts
  only below the question, so prompt text is never an answer.

A part that finds nothing in its own region may look on into the regions of the ungraded
prompts that follow it, up to the next question (`further`): students answer a question
after the course's next instruction, too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from grader.notebook.freeform.cells import Cell
from grader.notebook.reader import heading_of

MIN_BLOCK = 4
"""Shorter common runs ("the ", "ion") are chance, not a sign the question is there."""
MIN_SCORE = 0.6
PLACED_SCORE = 0.35
"""A looser bar for a question looked for only between its found neighbours."""
LOOSE_RUN = 15
"""Characters of the question, verbatim, that a loosely matched cell must hold."""
MAX_CHARS = 4000
"""Of a cell's text, what is compared with a question (difflib is quadratic in the worst
case): a question is a few hundred characters, at the top of its cell."""
SHINGLE = 3
MIN_WORD = 4
"""Shorter words ("the", "of") are shared by every heading and question."""
CANDIDATES = 8

_IMAGE = re.compile(r"<img[^<>]*>|!\[[^\[\]]*\]\([^()]*\)", re.I)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_MATH = re.compile(r"\$\$.*?\$\$|\$[^$]*\$", re.S)
_FENCE = re.compile(r"```[a-z]*")
_MARKUP = re.compile(r"[#*_`>|]")
_ANSWER_HEADING = re.compile(
    r"^\W*+(?:all\s++)?(?:my\s++|the\s++|our\s++)?(?:answers?|solutions?|proofs?|explanations?|derivations?"
    r"|results?|a|q\d*|response|work)\b", re.I)
"""A student's own heading over an answer ("### answer", "## Proof"): it ends nothing."""


@dataclass(frozen=True)
class Question:
    """One question of the course, answered by one or more parts."""

    text: str
    parts: tuple[str, ...]
    alternatives: tuple[str, ...] = ()
    """Other texts that also mark the question: the part's template heading, a title."""
    wordings: tuple[str, ...] = ()
    """Its wording in every course version (`text` is the first); empty: just `text`."""

    @property
    def all_wordings(self) -> tuple[str, ...]:
        return self.wordings or (self.text,)


@dataclass(frozen=True)
class Located:
    question: Question
    cell: int | None
    """The question's cell (the last, when it spans two), or None when it was not found."""
    score: float
    chunks: tuple[Cell, ...]
    """The answer cells; the question's own cell appears with only the text after the
    question."""
    further: tuple[Cell, ...] = ()
    """Cells under the ungraded prompts that follow, up to the next question."""
    placed: bool = False
    """Found only by looking between the questions around it, less strictly."""
    start: int | None = None
    """The first cell of the question, when it spans two."""

    @property
    def found(self) -> bool:
        return self.cell is not None


@dataclass(frozen=True)
class _Match:
    start: int
    cell: int
    score: float
    wording: str
    placed: bool = False


def normalise(text: str) -> str:
    """Question wording without markup, images, student math or accents, for comparing
    texts and reading labels ("Dérivées" is "derivees")."""
    text = _IMAGE.sub(" ", text[:MAX_CHARS])
    text = _TAG.sub(" ", _MATH.sub(" ", _FENCE.sub(" ", text)))
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFD", text)
                       if not unicodedata.combining(c))
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


def loose_score(question: str, cell: str) -> float:
    """How surely `cell` is a reworded or shortened version of the question: a long run of
    the question's own text (its formula, most often) in a cell that is mostly question,
    or that holds half of it."""
    wanted, text = normalise(question), normalise(cell)
    if not wanted or not text:
        return 0.0
    blocks = SequenceMatcher(None, wanted, text, autojunk=False).get_matching_blocks()
    longest = max(b.size for b in blocks)
    of_question, of_cell = coverage(wanted, text)
    if longest >= min(LOOSE_RUN, len(wanted)) and max(of_question, of_cell) >= 0.5:
        return 0.5 * of_question + 0.5 * min(1.0, of_cell)
    return 0.0


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


def locate(cells: Sequence[Cell], questions: Sequence[Question],
           others: Sequence[str] = ()) -> dict[str, Located]:
    """Each question's cell and answer chunks, keyed by part id; `others` are the course
    notebook's ungraded prompts."""
    markdown = [c for c in cells if c.kind == "markdown"]
    windows = _windows(markdown)
    matches = {q: _best(q, windows, markdown) for q in questions}
    _place_between(questions, matches, markdown)
    taken = {m.cell for m in matches.values() if m is not None}
    prompts = {m.start: m for m in (_prompt(text, markdown) for text in others)
               if m is not None and m.cell not in taken}
    ends = sorted({*(m.start for m in matches.values() if m is not None), *prompts})
    located: dict[str, Located] = {}
    for question, match in matches.items():
        chunks: tuple[Cell, ...] = ()
        further: tuple[Cell, ...] = ()
        if match is not None:
            limit = _heading_limit(cells, match.cell, question)
            chunks, stop = _region(cells, match, match.wording, ends, limit)
            further = _further(cells, stop, prompts, ends, limit)
        for part in question.parts:
            located[part] = Located(question, match.cell if match else None,
                                    match.score if match else 0.0, chunks, further,
                                    bool(match and match.placed),
                                    match.start if match else None)
    return located


def prompt_cells(cells: Sequence[Cell], others: Sequence[str]) -> frozenset[int]:
    """The cells that hold the course notebook's ungraded prompts (`others`)."""
    markdown = [c for c in cells if c.kind == "markdown"]
    found = (_prompt(text, markdown) for text in others)
    return frozenset(index for m in found if m is not None
                     for index in range(m.start, m.cell + 1))


def _windows(markdown: Sequence[Cell]) -> list[tuple[int, Cell]]:
    """(first cell, text) for every markdown cell and every two adjacent markdown cells."""
    out = [(c.index, c) for c in markdown]
    for a, b in zip(markdown, markdown[1:], strict=False):
        if b.index == a.index + 1:
            out.append((a.index, Cell(b.index, "markdown", f"{a.text}\n{b.text}")))
    return out


def _best(question: Question, windows: Sequence[tuple[int, Cell]],
          markdown: Sequence[Cell]) -> _Match | None:
    best: _Match | None = None
    headed = {c.index for c in markdown if _headed(question, c)}
    if headed:
        first = min(headed)
        return _Match(first, first, 1.0, question.text)
    for wording in question.all_wordings:
        texts = [cell for _, cell in windows]
        for cell in likely(wording, texts):
            start = next(s for s, c in windows if c is cell)
            value = score(wording, cell.text)
            single = start == cell.index
            if value >= MIN_SCORE and (best is None or value > best.score + 1e-9 or (
                    abs(value - best.score) < 1e-9 and single and best.start != best.cell)):
                best = _Match(start, cell.index, value, wording)
    return best


def _place_between(questions: Sequence[Question], matches: dict[Question, _Match | None],
                   markdown: Sequence[Cell]) -> None:
    """Look for each question not found between the found questions around it."""
    for k, question in enumerate(questions):
        if matches[question] is not None:
            continue
        before = [m for q in questions[:k] if (m := matches[q]) is not None]
        after = [m for q in questions[k + 1 :] if (m := matches[q]) is not None]
        low = before[-1].cell if before else -1
        high = after[0].start if after else None
        if high is not None and high <= low:
            continue
        best: _Match | None = None
        between = [c for c in markdown
                   if low < c.index and (high is None or c.index < high)]
        for wording in question.all_wordings:
            for cell in _sharing(wording, between):
                value = loose_score(wording, cell.text)
                if value >= PLACED_SCORE and (best is None or value > best.score):
                    best = _Match(cell.index, cell.index, value, wording, placed=True)
        matches[question] = best


def _sharing(question: str, cells: Sequence[Cell]) -> list[Cell]:
    """Cells worth a loose comparison: half of their letter runs, or half of the
    question's, are the question's."""
    wanted = shingles(normalise(question))
    out = []
    for cell in cells:
        have = shingles(normalise(cell.text))
        common = len(wanted & have)
        if wanted and have and (common >= 0.5 * len(have) or common >= 0.5 * len(wanted)):
            out.append(cell)
    return out


def _prompt(text: str, markdown: Sequence[Cell]) -> _Match | None:
    best: _Match | None = None
    for cell in likely(text, markdown):
        value = score(text, cell.text)
        if value >= MIN_SCORE and (best is None or value > best.score):
            best = _Match(cell.index, cell.index, value, text)
    return best


def _headed(question: Question, cell: Cell) -> bool:
    """The template's `## part_id` heading names the question for certain."""
    heading = heading_of(cell.text)
    return heading is not None and heading[1].lower() in {t.lower() for t in
                                                          question.alternatives}


def _heading_limit(cells: Sequence[Cell], at: int, question: Question) -> int | None:
    """The first cell after `at` whose heading is above the level of the heading the
    question stands under: not a student's own heading over the answer ("## Answer",
    "## Sigmoid derivative", which shares a word with the question)."""
    level = None
    for cell in cells:
        if cell.index > at:
            break
        heading = heading_of(cell.text) if cell.kind == "markdown" else None
        if heading is not None:
            level = heading[0]
    if level is None:
        return None
    for cell in cells:
        heading = heading_of(cell.text) if cell.kind == "markdown" and cell.index > at else None
        if heading is not None and heading[0] < level and not _answers(heading[1], question):
            return cell.index
    return None


def _answers(title: str, question: Question) -> bool:
    """A heading over a student's own answer: "Answer", or words of the question."""
    if _ANSWER_HEADING.match(title):
        return True
    words = {w for w in normalise(title).split() if len(w) >= MIN_WORD}
    return any(words & set(normalise(w).split()) for w in question.all_wordings)


def _region(cells: Sequence[Cell], match: _Match, wording: str, ends: list[int],
            limit: int | None) -> tuple[tuple[Cell, ...], int | None]:
    """The question's answer cells, and where they stop."""
    later = [s for s in ends if s > match.cell]
    stop = min([s for s in (later[0] if later else None, limit) if s is not None], default=None)
    chunks: list[Cell] = []
    for cell in cells:
        if cell.index == match.cell:
            rest = after_question(cell.text, wording, 0.5 if match.placed else 0.8)
            if rest:
                chunks.append(Cell(cell.index, cell.kind, rest))
        elif cell.index > match.cell and (stop is None or cell.index < stop):
            chunks.append(cell)
    return tuple(chunks), stop


def _further(cells: Sequence[Cell], stop: int | None, prompts: dict[int, _Match],
             ends: list[int], limit: int | None) -> tuple[Cell, ...]:
    """The regions of the ungraded prompts from `stop` on, until a question or heading."""
    if stop is None or stop not in prompts:
        return ()
    questions = [s for s in ends if s > stop and s not in prompts]
    end = min([s for s in (questions[0] if questions else None, limit) if s is not None],
              default=None)
    out: list[Cell] = []
    for cell in cells:
        if cell.index < stop or (end is not None and cell.index >= end):
            continue
        if cell.index in prompts:
            rest = after_question(cell.text, prompts[cell.index].wording)
            if rest:
                out.append(Cell(cell.index, cell.kind, rest))
        else:
            out.append(cell)
    return tuple(out)


def after_question(text: str, question: str, share: float = 0.8) -> str:
    """What a student wrote in the question's own cell, below the question's last line (a
    line mostly, by `share`, made of the question's text)."""
    wanted = normalise(question)
    lines = text.splitlines()
    last = -1
    seen = 0
    for k, line in enumerate(lines):
        if seen >= MAX_CHARS:  # as far as the cell was compared with the question
            break
        seen += len(line) + 1
        plain = normalise(line)
        if plain and coverage(plain, wanted)[0] >= share:
            last = k
    rest = lines[last + 1 :]
    while rest and not _FENCE.sub("", _TAG.sub("", _IMAGE.sub("", rest[0]))).strip():
        rest = rest[1:]
    return "\n".join(rest).strip()
