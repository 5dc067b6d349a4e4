"""What a line of a student's answers labels: a question by its name, an exercise by its
number, or a question by its letter or ordinal among its exercise's.

Students who answer in one place write their own section titles: "**Sigmoid:**",
"### Activaciones lineales", "**Q2.2 ReLU.** $f'(x) = ...$", "**Aufgabe 5 (Faltung)**",
"(b)", "Segunda función:". A name counts in the student's spelling or language when it
shares a long enough start with the question's name ("sigmoide", "lineales", "kernel").
A number counts only where no name does, and only after a word that says it numbers a
question ("Q3", "Aufgabe 5"), or in a heading of answers gathered away from their
questions; it names the exercise in the order this notebook asks them ("Q3" is its third
exercise, "Q2.1" that exercise's first question).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from grader.notebook.freeform.locate import Question, normalise

TITLE_WORDS = 4
"""A question's last line of at most this many words is its title ("1 Sigmoid"); a
student's title line may have one more ("Q2.1 Sigmoid derivative:")."""
AKIN_PREFIX = 5
AKIN_SHARE = 0.8
"""A word names a question when it starts with at least AKIN_PREFIX letters of the name
and with AKIN_SHARE of it: "sigmoide", "lineales" and "kernel" are "sigmoid", "linear"
and "kernels"; "activaciones" (6 of 11 letters) is not "activations"."""
ANOTHER = Question("(a question of another exercise)", ())
"""The owner of text after a label for an exercise of several questions, before any of
its questions' labels: it answers none of the questions it could be cut for."""

_LABEL = re.compile(
    r"^(?:(?:\d{1,2}(?:\.\d)?[.)]?|\(?[a-h]\)|[a-h]\.)[ \t]++)?"
    r"(?:(?:the|for|for the|derivative of|derivative of the)"
    r"[ \t]++)?"
    r"(?P<word>[a-z]{4,}+)(?:[ \t]++(?:functions?|activations?|derivatives?|'s derivative))*+"
    r"[ \t]*+(?::|-|–|=|\(|\.(?![\w.])|$)")
"""A line that opens with a name as a label (after its markup is taken out)."""
_WORD = re.compile(r"[a-z]++")
_BOLD = re.compile(r"^[ \t>-]*+(?:[1-9][.)][ \t]++)?(\*\*|__|\*|_)([^*_\n]{1,80}+)\1")
"""A line opening with a bold or italic title: "**Q2.2 ReLU.** the rest", "*2.1 Sigmoid:*",
"1. **Red lineal.**"."""
_NUMBERED = re.compile(
    r"^(?P<word>q|question|exercise|ex|task|problem|part|aufgabe|frage|pregunta|ejercicio|"
    r"tarea|exercice|probl[eè]me)?[ \t.#]*+(\d)(?:\.(\d))?(?=$|[ \t.):(-])")
"""A title that numbers its exercise: "Q3", "Question 2.1", "Aufgabe 5 (Faltung)", "4."."""
_LETTER = re.compile(r"^[ \t>*_-]*+\(?([a-h]|[1-8]|i{1,3}|iv|vi{0,3})\)[ \t*_]")
"""A line opening with a letter, digit or roman numeral in brackets, `(b)`, `b)`, `(2)` or
`(iii)`."""
ROMAN = {"i": 0, "ii": 1, "iii": 2, "iv": 3, "v": 4, "vi": 5, "vii": 6, "viii": 7}
_ORDINAL = re.compile(
    r"^[ \t>*_#-]*+(first|second|third|fourth|primera|primero|segunda|segundo|tercera|"
    r"tercero|cuarta|cuarto|erste|zweite|dritte|vierte|premi[eè]re|premier|deuxi[eè]me|"
    r"seconde|troisi[eè]me|quatri[eè]me)\b", re.IGNORECASE)
"""A line opening with an ordinal: "Primera función:", "Second formula"."""
ORDINALS = {
    "first": 0, "primera": 0, "primero": 0, "erste": 0, "première": 0, "premiere": 0,
    "premier": 0, "second": 1, "segunda": 1, "segundo": 1, "zweite": 1, "deuxième": 1,
    "deuxieme": 1, "seconde": 1, "third": 2, "tercera": 2, "tercero": 2, "dritte": 2,
    "troisième": 2, "troisieme": 2, "fourth": 3, "cuarta": 3, "cuarto": 3, "vierte": 3,
    "quatrième": 3, "quatrieme": 3,
}


@dataclass(frozen=True)
class Names:
    """How the questions of a notebook can be labelled."""

    words: Mapping[str, Question]
    """Each question's names (segments.names)."""
    exercises: tuple[tuple[Question, ...], ...] = ()
    """Each exercise's questions, exercises in the order this notebook asks them."""
    lettered: tuple[Question, ...] = field(default=())
    """The questions that go by (a), (b), (c): those of an exercise with no names."""
    titles: Mapping[str, int] = field(default_factory=dict)
    """Words that name an exercise as a whole (its title's, its spec's `labels:`), to its
    place in `exercises`."""
    whole: tuple[Question, ...] = ()
    """For each exercise, the owner of text labelled for all of it ("**3. Backprop**"):
    answers none of its questions, unless items numbered like them follow."""

    @classmethod
    def of(cls, words: Mapping[str, Question],
           exercises: tuple[tuple[Question, ...], ...] = (),
           titles: Mapping[str, int] | None = None) -> Names:
        """Names whose `(a)`-style keys are the lettered questions."""
        lettered = tuple(q for key, q in words.items() if key.startswith("("))
        named = {k: q for k, q in words.items() if not k.startswith("(")}
        whole = tuple(Question(f"(exercise {k + 1} as a whole)",
                               tuple(p for q in questions for p in q.parts))
                      for k, questions in enumerate(exercises))
        return cls(named, exercises, lettered, dict(titles or {}), whole)

    def exercise(self, word: str) -> int | None:
        """The exercise `word` names as a whole, in the student's spelling too."""
        if word in self.titles:
            return self.titles[word]
        owners = {k for name, k in self.titles.items() if _akin(word, name)}
        return owners.pop() if len(owners) == 1 else None

    def whole_of(self, question: Question) -> Question | None:
        """What stands for all of `question`'s exercise."""
        return next((self.whole[k] for k, questions in enumerate(self.exercises)
                     if question in questions and k < len(self.whole)), None)

    def items(self, owner: Question | None) -> tuple[Question, ...]:
        """The questions items numbered 1 to n under `owner` answer: an exercise's, when
        `owner` stands for all of it."""
        return self.exercises[self.whole.index(owner)] if owner in self.whole else ()

    def named(self, word: str) -> Question | None:
        """The question `word` names, in the student's spelling too (AKIN_*)."""
        if word in self.words:
            return self.words[word]
        owners = {q for name, q in self.words.items() if _akin(word, name)}
        return owners.pop() if len(owners) == 1 else None


def owner(line: str, names: Names, numbers: bool = True) -> Question | None:
    """The question (or ANOTHER) that `line` labels, if it is a label; by a heading's bare
    number ("### 2") only with `numbers` (in answers gathered away from the questions:
    under a question, numbered headings are more often the answer's own steps)."""
    if line.lstrip().startswith("|"):  # a table row is labelled by its first cell
        line = line.strip().strip("|").partition("|")[0].strip() + ":"
    label = _LABEL.match(normalise(line))
    if label:
        found = names.named(label.group("word"))
        if found is not None:
            return found
    title = _title(line)
    if title is None:
        return None
    said = _WORD.findall(title)
    said += [a + b for a, b in zip(said, said[1:], strict=False)]  # "back propagation"
    words = {q for word in said if (q := names.named(word)) is not None}
    if len(words) == 1:
        return words.pop()
    if words:
        return None
    exercises = {k for word in said if (k := names.exercise(word)) is not None}
    if len(exercises) == 1:
        k = exercises.pop()
        questions = names.exercises[k]
        return questions[0] if len(questions) == 1 else names.whole[k]
    return _numbered(title, line, names, numbers) if not exercises else None


def sequence_key(line: str) -> tuple[str, int] | None:
    """("letter", 1) for "(b)" or "(2)", ("ordinal", 1) for "Second function:"; None for
    a line that opens with neither."""
    letter = _LETTER.match(line)
    if letter:
        mark = letter.group(1)
        if mark in ROMAN:
            return ("roman", ROMAN[mark])
        return ("digit", int(mark) - 1) if mark.isdigit() else ("letter", ord(mark) - 97)
    ordinal = _ORDINAL.match(line)
    return ("ordinal", ORDINALS[ordinal.group(1).lower()]) if ordinal else None


def _title(line: str) -> str | None:
    """The words of a short title the line is or opens with: a heading, a bold opening, a
    line ending in a colon."""
    text = line.strip()
    bold = _BOLD.match(text)
    if bold:
        text = bold.group(2)
    elif not (text.startswith("#") or text.endswith(":")):
        return None
    plain = normalise(text)
    return plain if plain and len(plain.split()) <= TITLE_WORDS + 1 else None


def _numbered(title: str, line: str, names: Names, bare: bool) -> Question | None:
    """The exercise a title numbers: "Q3", "Aufgabe 5 (Faltung)", or, with `bare`, a
    heading's number alone ("### 2."); a bold "**2.**" alone is a step, not an exercise."""
    number = _NUMBERED.match(title)
    if number is None or not names.exercises or not (
            number.group("word") or (bare and line.lstrip().startswith("#"))):
        return None
    exercise = int(number.group(2)) - 1
    if not 0 <= exercise < len(names.exercises):
        return None
    questions = names.exercises[exercise]
    if len(questions) == 1:
        return questions[0]
    sub = number.group(3)
    if sub is not None and 1 <= int(sub) <= len(questions):
        return questions[int(sub) - 1]
    return names.whole[exercise] if exercise < len(names.whole) else ANOTHER


def _akin(word: str, name: str) -> bool:
    shared = 0
    for a, b in zip(word, name, strict=False):
        if a != b:
            break
        shared += 1
    return shared >= AKIN_PREFIX and shared >= AKIN_SHARE * len(name)
