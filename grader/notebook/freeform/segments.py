"""Answers to several questions in one place, cut apart by the labels that name them.

Students often answer the three activation questions ("1 Sigmoid", "2 Relu", "3 Softmax")
together, in one cell after the last of them and in any order, each under a label:
"**Softmax:**", "### ReLU", "2. Sigmoid derivative:"; or all their answers in one cell at
the end, the first exercise's under "**1. Linear activations**". A question's name is
what its wording ends with, when that is a title and no other question of its exercise
ends with the same word; a question alone in its exercise is also named by the
exercise's title. A line that is such a label starts that question's segment; a segment
runs to the next label, of any exercise.
Only labels count, not a name in passing ("unlike the sigmoid, ..."), so an answer is
never cut in the middle of a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from grader.notebook.freeform.cells import Cell
from grader.notebook.freeform.locate import Question, normalise
from grader.notebook.freeform.sections import ANOTHER, TITLE_WORDS, Names, owner, sequence_key

MIN_NAME = 4
"""Shorter words ("z", "x1") name nothing."""
_WORD = re.compile(r"[a-z]++")


def names(questions: Sequence[Question], title: str = "") -> dict[str, Question]:
    """Each question's name: a word of its wording's last line when that line is a title
    ("1 Sigmoid"), unique among `questions`; for an exercise of one question, the words of
    the exercise's `title` too ("**1. Linear activations**" labels its answer)."""
    last: dict[Question, set[str]] = {}
    for question in questions:
        words: set[str] = set()
        for wording in question.all_wordings:
            lines = [line for line in wording.strip().splitlines() if line.strip()]
            words |= _words(lines[-1]) if lines and _is_title(lines[-1]) else set()
        if len(questions) == 1:
            words |= _words(title)
        last[question] = words
    named: dict[str, Question] = {}
    for question, words in last.items():
        for word in words:
            if sum(word in other for other in last.values()) == 1:
                named[word] = question
    if len(questions) > 1 and not named:
        named = {f"({'abcdefgh'[k]})": q for k, q in enumerate(questions[:8])}
    return named


def course_names(exercises: Sequence[tuple[str, Sequence[Question]]]) -> Names:
    """The names of every exercise's questions (`names`, given each exercise's title and
    questions), but a word that also names, or is in the title of, another exercise, in
    the singular or the plural ("activation", "activations"): such a label could open
    either's answer."""
    each = [names(questions, title) for title, questions in exercises]
    stems = [{_stem(w) for w in (*named, *_words(title))}
             for named, (title, _) in zip(each, exercises, strict=True)]
    merged: dict[str, Question] = {}
    for number, named in enumerate(each):
        for word, question in named.items():
            if not any(_stem(word) in other for k, other in enumerate(stems) if k != number):
                merged[word] = question
    asked = [(title, qs) for title, qs in exercises if qs]
    titles = {word: k for k, (title, _) in enumerate(asked) for word in _words(title)
              if word not in merged and not any(
                  _stem(word) in {_stem(w) for w in _words(other)}
                  for j, (other, _) in enumerate(asked) if j != k)}
    return Names.of(merged, tuple(tuple(qs) for _, qs in asked), titles)


def _words(line: str) -> set[str]:
    return {w for w in _WORD.findall(normalise(line)) if len(w) >= MIN_NAME}


def _is_title(line: str) -> bool:
    return len(line.split()) <= TITLE_WORDS


def _stem(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def cut(chunks: Sequence[Cell], named: Names | Mapping[str, Question],
        headings_end: bool = False) -> list[tuple[Question | None, Cell]]:
    """`_cut`, with the text labelled for a whole exercise cut again into its questions'
    answers when items numbered 1 to n, one for each of its n questions, follow the label
    ("**2. Activation derivatives.** 1. ... 2. ... 3. ...")."""
    names = named if isinstance(named, Names) else Names.of(named)
    out: list[tuple[Question | None, Cell]] = []
    for owner_, cell in _cut(chunks, names, headings_end):
        questions = names.items(owner_)
        pieces = _items(cell, len(questions)) if questions else None
        if pieces is None:
            out.append((owner_, cell))
            continue
        head, items = pieces
        if head.strip():
            out.append((owner_, Cell(cell.index, cell.kind, head)))
        out += [(q, Cell(cell.index, cell.kind, text))
                for q, text in zip(questions, items, strict=True)]
    return out


def _items(cell: Cell, count: int) -> tuple[str, list[str]] | None:
    """The text before a list numbered 1 to `count` (each number once, in order), or of
    `count` bullets, and the items; None for a list of any other length. The label's own
    number ("**2. ...**") is not an item."""
    lines = cell.text.splitlines()
    starts = _numbered_starts(lines, count, after=1)
    if starts is None:
        starts = [k for k, line in enumerate(lines) if k and _BULLET.match(line)]
    if cell.kind != "markdown" or len(starts) != count:
        return None
    bounds = [*starts, len(lines)]
    return ("\n".join(lines[: bounds[0]]),
            ["\n".join(lines[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)])


def _numbered_starts(lines: Sequence[str], count: int, after: int = 0) -> list[int] | None:
    """The lines (from line `after` on) that open the items of a list numbered 1 to
    `count`, each number once and in order; None for a list of any other numbering."""
    starts = [(k, int(m.group(1))) for k, line in enumerate(lines)
              if k >= after and (m := _ITEM.match(line))]
    return [k for k, _ in starts] if [n for _, n in starts] == list(range(1, count + 1)) \
        else None


def _cut(chunks: Sequence[Cell], names: Names,
         headings_end: bool = False) -> list[tuple[Question | None, Cell]]:
    """The chunks as (question the text is labelled for, or None before any label, text).

    With `headings_end`, a heading that labels no question ends the segment before it
    (its text is ANOTHER's): in answers gathered under headings of their own, a section
    nobody can name answers no question."""
    out: list[tuple[Question | None, Cell]] = []
    current: Question | None = None
    titled: tuple[Question, ...] = ()  # the questions of the exercise last titled as a whole
    marks = _marks(chunks)
    sequences = _sequences(marks, names)
    for chunk in chunks:
        if chunk.kind != "markdown":
            out.append((current, chunk))
            continue
        lines: list[str] = []
        for line in chunk.text.splitlines():
            found = owner(line, names, numbers=headings_end)
            key = sequence_key(line) if found is None else None
            if found is not None:
                titled = names.items(found) or (titled if found in titled else ())
            if key and titled and key[1] < len(titled) and _counted(marks.get(key[0], [])):
                found = titled[key[1]]  # "**Derivadas** a) ... b) ... c) ...": its questions
            elif key and key[0] in sequences and (
                    key[0] in ("letter", "roman") or current is None or current is ANOTHER
                    or current in names.whole or current in names.lettered):
                found = names.lettered[key[1]]
            if found is None and headings_end and line.lstrip().startswith("#"):
                found = ANOTHER
            if found is not None and found is not current:
                if lines:
                    out.append((current, Cell(chunk.index, chunk.kind, "\n".join(lines))))
                current, lines = found, []
            lines.append(line)
        if lines:
            out.append((current, Cell(chunk.index, chunk.kind, "\n".join(lines))))
    return out


def _counted(places: list[int]) -> bool:
    """Marks that count up from the first, each run in order: `a b c`, `a b a b c`."""
    return bool(places) and all(b == a + 1 or b == 0
                                for a, b in zip([-1, *places], places, strict=False))


def _marks(chunks: Sequence[Cell]) -> dict[str, list[int]]:
    """The places of the sequence marks opening the chunks' lines, by kind (letters,
    digits, roman numerals, ordinals), in order."""
    marks: dict[str, list[int]] = {}
    for chunk in chunks:
        if chunk.kind == "markdown":
            for line in chunk.text.splitlines():
                if (key := sequence_key(line)) is not None:
                    marks.setdefault(key[0], []).append(key[1])
    return marks


def _sequences(marks: Mapping[str, list[int]], names: Names) -> set[str]:
    """The kinds of sequence marks that label the lettered questions here: only a kind
    whose marks name each question once, in order (`(a)`, `(b)`, `(c)` for three): `(a)`
    and `(b)` alone may be steps of one answer. Digits and ordinals, common in other answers
    ("(1) the identity", "the first kernel"), count only outside a labelled question's
    answer, or in a lettered one's."""
    wanted = list(range(len(names.lettered)))
    return {kind for kind, places in marks.items() if wanted and places == wanted}


_BULLET = re.compile(r"^[ \t]{0,3}[-*+][ \t]")
"""A top-level bullet of a Markdown list."""
_ITEM = re.compile(r"^[ \t>*_]*+([1-9])[.)][ \t*_]")


def numbered_item(chunks: Sequence[Cell], index: int, count: int) -> tuple[Cell, ...]:
    """Item `index` of a list in `chunks` numbered 1 to `count`, each number once and in
    order, as many items as the exercise has questions: the answers written after the
    questions, in their order. A list of any other length is steps, not answers."""
    for chunk in chunks:
        if chunk.kind != "markdown":
            continue
        lines = chunk.text.splitlines()
        starts = _numbered_starts(lines, count)
        if starts is None:
            continue
        first = starts[index]
        last = starts[index + 1] if index + 1 < count else len(lines)
        return (Cell(chunk.index, chunk.kind, "\n".join(lines[first:last])),)
    return ()


def own(chunks: Sequence[Cell], question: Question, named: Names | Mapping[str, Question]
        ) -> tuple[Cell, ...]:
    """The chunks of a question's region that are not labelled for another question (a
    label for the question's whole exercise, "**Derivatives:**", is not another's)."""
    names = named if isinstance(named, Names) else Names.of(named)
    mine = (None, question, names.whole_of(question))
    return tuple(cell for owner_, cell in cut(chunks, names) if owner_ in mine)


def labelled(chunks: Sequence[Cell], question: Question, named: Names | Mapping[str, Question]
             ) -> tuple[Cell, ...]:
    """The chunks labelled for `question` (found in another question's region, or in
    answers gathered outside every region)."""
    return tuple(cell for owner_, cell in cut(chunks, named, headings_end=True)
                 if owner_ is question)
