"""How one word of a description is read before the synonym table sees it.

In order: a word the table knows is itself; a Spanish or Hebrew word is its English
reading (translations.py); a Hebrew word with a one-letter prefix ("התמונה") is read
without it; and a word of five or more letters that is none of these is the one known
word it misspells, one letter inserted, deleted, changed, or two letters swapped
("identiy", "shfits", "pixle"). A misspelling keeps its first letter and changes its last
only by a swap, since a word's end is where English inflects ("means" is not "mean",
"relies" is not "relief"); a word two known words are as close to is left not understood.
Every reading is looked up in tables built once, so a word costs a few dictionary look-ups.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache

from grader.checks.prose.phrases import compiled
from grader.checks.prose.translations import HEBREW_PREFIXES, STEM_TRANSLATIONS, TRANSLATIONS
from grader.checks.prose.vocabulary import (
    CENTRE,
    CLAIMS,
    CONTRASTS,
    DIRECTIONS,
    FILLER,
    MODIFIERS,
    NEGATIONS,
    NUMBERS,
    ORDINALS,
    SIDES,
    SPLITTERS,
    UNCORRECTED,
)

SHORTEST_TYPO = 5
"""Shorter words are too close to too many others to guess what was meant."""


@cache
def _vocabulary() -> tuple[frozenset[str], tuple[str, ...]]:
    """(the words the tables know, the stems they know: `shift*` as "shift")."""
    words: set[str] = set()
    stems: set[str] = set()
    for pattern, _ in (*CLAIMS, *MODIFIERS):
        for spec in compiled(pattern):
            for word in spec.words:
                (stems.add(word[:-1]) if word.endswith("*") else words.add(word))
    words |= FILLER | NEGATIONS | SPLITTERS | CENTRE | set(DIRECTIONS) | set(SIDES)
    words |= set(NUMBERS) | set(ORDINALS) | {w for pair in CONTRASTS for w in pair}
    words |= {"or", "minus", "ninths", "eighths", "x", "y"}
    return frozenset(words), tuple(sorted(stems, key=len, reverse=True))


def known(word: str) -> bool:
    words, stems = _vocabulary()
    return word in words or any(word.startswith(s) for s in stems)


@lru_cache(maxsize=1 << 16)
def reading(word: str) -> tuple[str, ...]:
    """The words `word` is read as (itself when nothing better is known); remembered, as
    a batch repeats its words, but bounded, as students' words are not."""
    return _reading(word, typo=True)


_ELISION = re.compile(r"^(?:l|d|qu|n|s|c|j)'(\w{2,}+)$")
"""French elided articles and pronouns: `l'image` is `image`, `d'un` is `un`; `n'est`
is "not is"."""


def _reading(word: str, typo: bool) -> tuple[str, ...]:
    if (elided := _ELISION.match(word)) is not None:
        rest = _reading(elided.group(1), typo)
        return ("not", *rest) if word.startswith("n'") else rest
    if word in TRANSLATIONS:  # before English: "imagen" would pass for `image*`
        return (TRANSLATIONS[word],)
    if known(word):
        return (word,)
    stem = next((s for s in STEM_TRANSLATIONS if word.startswith(s)), None)
    if stem is not None:
        return (STEM_TRANSLATIONS[stem],)
    unprefixed = _unprefixed(word)
    if unprefixed is not None:
        return unprefixed
    if typo:
        meant = _misspelt(word)
        if meant is not None:
            return _reading(meant, typo=False)
    return (word,)


_AXIS_BEFORE = frozenset({"along", "in", "on", "over", "of", "to", "the", "and", "or", "wrt",
                         "en", "la", "el", "de", "eje", "axis", "direction", "direccion"})
_AXIS_AFTER = frozenset({"axis", "axes", "direction", "directions", "coordinate",
                        "coordinates", "component", "derivative", "gradient", "eje",
                        "direccion"})
"""Words next to "y" that make it the axis ("along y", "the y direction", "en y")."""


def joins(tokens: Sequence[str], n: int) -> bool:
    """Whether the token at `n` is "and" in another language: Spanish "y" between two words
    when neither makes it the axis ("detecta bordes y resalta", not "a lo largo de y"),
    Hebrew "ו" standing alone or "וגם" ("and also")."""
    token = tokens[n]
    if token in ("ו", "וגם", "וכן"):
        return True
    if token != "y" or n == 0 or n + 1 >= len(tokens):
        return False
    before, after = tokens[n - 1], tokens[n + 1]
    return (before.isalpha() and after.isalpha() and before not in _AXIS_BEFORE
            and after not in _AXIS_AFTER)


def _unprefixed(word: str) -> tuple[str, ...] | None:
    """A Hebrew word read without its one-letter prefix, and "and" (ו) before another."""
    prefix = HEBREW_PREFIXES.get(word[:1])
    if prefix is None or len(word) < 3:
        return None
    rest = word[1:]
    if rest in TRANSLATIONS:
        return (*prefix, TRANSLATIONS[rest])
    if word[0] == "ו" and rest[:1] in HEBREW_PREFIXES and rest[1:] in TRANSLATIONS:
        return (*prefix, TRANSLATIONS[rest[1:]])
    return None


@cache
def _index() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]], frozenset[int]]:
    """(known words by each spelling one deletion away, the same for stems of five or
    more letters, those stems' lengths). A misspelling and the word it misspells are one
    deletion apart, or have one deletion in common."""
    words, stems = _vocabulary()
    targets = (words - UNCORRECTED) | set(TRANSLATIONS)
    long_stems = {s for s in (*stems, *STEM_TRANSLATIONS) if len(s) >= SHORTEST_TYPO}
    return (_deletions(t for t in targets if len(t) >= SHORTEST_TYPO - 1),
            _deletions(long_stems), frozenset(len(s) for s in long_stems))


def _deletions(words: object) -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = {}
    for word in words:  # type: ignore[attr-defined]
        for variant in _variants(word):
            index.setdefault(variant, set()).add(word)
    return {v: frozenset(w) for v, w in index.items()}


def _variants(word: str) -> set[str]:
    return {word} | {word[:i] + word[i + 1:] for i in range(len(word))}


def _misspelt(word: str) -> str | None:
    """The one known word `word` misspells, if there is exactly one."""
    if len(word) < SHORTEST_TYPO or not word.isalpha():
        return None
    words, stems, lengths = _index()
    meant = {t for v in _variants(word) for t in words.get(v, ()) if _one_edit(word, t)}
    for length in lengths:
        for cut in (length - 1, length, length + 1):
            head, tail = word[:cut], word[cut:]
            for v in _variants(head):
                meant |= {s + tail for s in stems.get(v, ()) if _one_edit(word, s + tail)}
    if not meant:
        return None
    senses = {_sense(m) for m in meant}
    if len(senses) > 1 and not senses <= FILLER:
        return None  # two known words as close: which was meant is a guess
    return min(meant, key=lambda m: (m not in _vocabulary()[0], m))


def _sense(word: str) -> str:
    """What a known word is read as: its English, then the longest stem that begins
    it, else itself ("pixel" and "pixele" are both `pixel*`)."""
    word = TRANSLATIONS.get(word, word)
    stems = _vocabulary()[1]
    return next((s + "*" for s in stems if word.startswith(s)), word)


def _one_edit(typo: str, word: str) -> bool:
    """`typo` is `word` with one letter inserted, deleted or changed, or two neighbours
    swapped; never its first letter, and its last only by a swap."""
    if typo == word or abs(len(typo) - len(word)) > 1 or typo[0] != word[0]:
        return False
    i = 0
    while i < min(len(typo), len(word)) and typo[i] == word[i]:
        i += 1
    if len(typo) == len(word):
        if typo[i + 1:] == word[i + 1:]:
            return i < len(word) - 1
        return (i + 1 < len(word) and typo[i] == word[i + 1] and typo[i + 1] == word[i]
                and typo[i + 2:] == word[i + 2:])
    longer, shorter = (typo, word) if len(typo) > len(word) else (word, typo)
    return longer[i + 1:] == shorter[i:] and i < len(longer) - 1
