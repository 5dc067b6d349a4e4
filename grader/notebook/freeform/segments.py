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
from collections.abc import Sequence

from grader.notebook.freeform.cells import Cell
from grader.notebook.freeform.locate import Question, normalise

MIN_NAME = 4
"""Shorter words ("z", "x1") name nothing."""
TITLE_WORDS = 4
"""A question's last line of at most this many words is its title ("1 Sigmoid"); the
words of a longer one, a sentence, name nothing."""
_LABEL = re.compile(
    r"^(?:\d{1,2}[.)]?[ \t]++)?(?:(?:the|for|for the|derivative of|derivative of the)[ \t]++)?"
    r"(?P<word>[a-z]{4,}+)(?:[ \t]++(?:functions?|activations?|derivatives?|'s derivative))*+"
    r"[ \t]*+(?::|-|–|=|\(|$)")
"""A line that opens with a name as a label (after its markup is taken out)."""
_WORD = re.compile(r"[a-z]++")
_LETTER = re.compile(r"^[ \t>*_-]*+\(?([a-h])\)[ \t*_]")
"""A line opening with a letter in brackets, `(b)` or `b)`: the exercise's second question,
when its questions have no names of their own (three formulas to differentiate)."""


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


def course_names(exercises: Sequence[tuple[str, Sequence[Question]]]) -> dict[str, Question]:
    """The names of every exercise's questions (`names`, given each exercise's title and
    questions), but a word that also names, or is in the title of, another exercise, in
    the singular or the plural ("activation", "activations"): such a label could open
    either's answer."""
    each = [(names(questions, title), {_stem(w) for w in _words(title)})
            for title, questions in exercises]
    merged: dict[str, Question] = {}
    for number, (named, _) in enumerate(each):
        for word, question in named.items():
            elsewhere = any(_stem(word) in {_stem(w) for w in other} | titled
                            for k, (other, titled) in enumerate(each) if k != number)
            if not elsewhere:
                merged[word] = question
    return merged


def _words(line: str) -> set[str]:
    return {w for w in _WORD.findall(normalise(line)) if len(w) >= MIN_NAME}


def _is_title(line: str) -> bool:
    return len(line.split()) <= TITLE_WORDS


def _stem(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


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
            owner = named.get(label.group("word")) if label else _titled(line, named)
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


def _titled(line: str, named: dict[str, Question]) -> Question | None:
    """The question a short title line names ("### Linear networks collapse",
    "Question 1, linear activations:"): a heading, a bold line or a line ending in a colon,
    of at most TITLE_WORDS + 1 words, whose names are of one question only."""
    text = line.strip()
    plain = normalise(text)
    if not plain or len(plain.split()) > TITLE_WORDS + 1:
        return None
    if not (text.startswith("#") or plain.endswith(":")
            or (text.startswith("**") and text.rstrip(":").endswith("**"))):
        return None
    owners = {named[word] for word in _WORD.findall(plain) if word in named}
    return owners.pop() if len(owners) == 1 else None


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
