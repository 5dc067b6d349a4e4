"""Answers to several questions in one place, cut apart by the labels that name them.

Students often answer the three activation questions ("1 Sigmoid", "2 Relu", "3 Softmax")
together, in one cell after the last of them and in any order, each under a label:
"**Softmax:**", "### ReLU", "2. Sigmoid derivative:". A question's name is what its
wording ends with, when no other question of its exercise ends with the same word. A line
that is such a label starts that question's segment; a segment runs to the next label.
Only labels count, not a name in passing ("unlike the sigmoid, ..."), so an answer is
never cut in the middle of a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from grader.notebook.freeform.cells import Cell
from grader.notebook.freeform.locate import Question, normalise

MIN_NAME = 4
"""Shorter words ("z", "x1") name nothing."""
_LABEL = re.compile(
    r"^(?:\d{1,2}[.)]?[ \t]++)?(?:(?:the|for|for the|derivative of|derivative of the)[ \t]++)?"
    r"(?P<word>[a-z]{4,}+)(?:[ \t]++(?:functions?|activations?|derivatives?|'s derivative))*+"
    r"[ \t]*+(?::|-|–|=|\(|$)")
"""A line that opens with a name as a label (after its markup is taken out)."""
_WORD = re.compile(r"[a-z]++")
_LETTER = re.compile(r"^[ \t>*_-]*+\(?([a-h])\)[ \t*_]")
"""A line opening with a letter in brackets, `(b)` or `b)`: the exercise's second question,
when its questions have no names of their own (three formulas to differentiate)."""


def names(questions: Sequence[Question]) -> dict[str, Question]:
    """Each question's name (the word its wording ends with, unique among `questions`)."""
    last: dict[Question, set[str]] = {}
    for question in questions:
        words: set[str] = set()
        for wording in question.all_wordings:
            lines = [line for line in wording.strip().splitlines() if line.strip()]
            words |= {w for w in _WORD.findall(normalise(lines[-1]) if lines else "")
                      if len(w) >= MIN_NAME}
        last[question] = words
    named: dict[str, Question] = {}
    for question, words in last.items():
        for word in words:
            if sum(word in other for other in last.values()) == 1:
                named[word] = question
    if len(questions) > 1 and not named:
        named = {f"({'abcdefgh'[k]})": q for k, q in enumerate(questions[:8])}
    return named


def cut(chunks: Sequence[Cell], named: dict[str, Question]
        ) -> list[tuple[Question | None, Cell]]:
    """The chunks as (question the text is labelled for, or None before any label, text)."""
    out: list[tuple[Question | None, Cell]] = []
    current: Question | None = None
    lettered_ok = _every_letter(chunks, named)
    for chunk in chunks:
        if chunk.kind != "markdown":
            out.append((current, chunk))
            continue
        lines: list[str] = []
        for line in chunk.text.splitlines():
            label = _LABEL.match(normalise(line))
            owner = named.get(label.group("word")) if label else None
            lettered = _LETTER.match(line) if owner is None and lettered_ok else None
            owner = named.get(f"({lettered.group(1)})") if lettered else owner
            if owner is not None and owner is not current:
                if lines:
                    out.append((current, Cell(chunk.index, chunk.kind, "\n".join(lines))))
                current, lines = owner, []
            lines.append(line)
        if lines:
            out.append((current, Cell(chunk.index, chunk.kind, "\n".join(lines))))
    return out


def _every_letter(chunks: Sequence[Cell], named: dict[str, Question]) -> bool:
    """Letters label the questions only when each question has its letter, once, in order
    (`(a)`, `(b)`, `(c)` for three): `(a)` and `(b)` alone may be steps of one answer."""
    letters = [m.group(1) for chunk in chunks if chunk.kind == "markdown"
               for line in chunk.text.splitlines() if (m := _LETTER.match(line))]
    wanted = [key[1] for key in named if key.startswith("(")]
    return bool(wanted) and letters == wanted


def own(chunks: Sequence[Cell], question: Question, named: dict[str, Question]
        ) -> tuple[Cell, ...]:
    """The chunks of a question's region that are not labelled for another question."""
    return tuple(cell for owner, cell in cut(chunks, named) if owner in (None, question))


def labelled(chunks: Sequence[Cell], question: Question, named: dict[str, Question]
             ) -> tuple[Cell, ...]:
    """The chunks labelled for `question` (found in another question's region)."""
    return tuple(cell for owner, cell in cut(chunks, named) if owner is question)
