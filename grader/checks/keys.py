"""Which of a part's keys each key of a student's dict means.

Students key their dicts the way they write the question: `"x_1"`, `"dz/dx1"`, `1`,
`"kernel 1"`, `"K1"`. A spelling is read as a part's key only when it can mean that key
and no other; two of the student's keys that read as the same key are a doubt for a
person (a stale `x_3` beside `x3` must not quietly win), and a key that reads as none is
named back to the student. Shared by every kind whose answer is a dict.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from grader.checks.found import described_value

ITEM_WORDS = frozenset({"kernel", "filter", "item", "part", "question", "key", "q", "no"})
"""Words a student may put before an item's number ("kernel 1") when every key of the part
is one letter and a number."""
_DROPPED = str.maketrans("", "", " _{}$\\*`'\"#.:")


@dataclass(frozen=True)
class Entry:
    """One of the student's keys with its value."""

    key: Any
    value: Any


@dataclass(frozen=True)
class KeyReading:
    """A student's dict read against a part's keys."""

    found: dict[str, tuple[Entry, ...]]
    """Per part key, every entry read as it (more than one, with different values, is a
    doubt)."""
    unknown: tuple[Any, ...]
    """The student's keys that read as none of the part's keys."""

    def value(self, key: str) -> Any:
        """The one value under `key`, or None (nothing, or several that differ)."""
        entries = self.found.get(key, ())
        return entries[0].value if len(entries) == 1 else None

    def clashing(self, key: str) -> tuple[Entry, ...]:
        """The entries of `key` when more than one was found: each is quoted to a person."""
        entries = self.found.get(key, ())
        return entries if len(entries) > 1 else ()


def read_keys(value: dict[Any, Any], keys: tuple[str, ...]) -> KeyReading:
    found: dict[str, list[Entry]] = {key: [] for key in keys}
    unknown: list[Any] = []
    for raw, item in value.items():
        key = key_for(raw, keys)
        if key is None:
            unknown.append(raw)
        elif not any(_same(e.value, item) for e in found[key]):
            found[key].append(Entry(raw, item))
    return KeyReading({k: tuple(v) for k, v in found.items()}, tuple(unknown))


def key_for(raw: Any, keys: tuple[str, ...]) -> str | None:
    """The one part key that `raw` can mean, else None."""
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        return None
    spelled = _spelling(str(raw))
    matches = [key for key in keys if _means(spelled, _spelling(key), keys)]
    return matches[0] if len(matches) == 1 else None


def _spelling(text: str) -> str:
    """Case, spaces, subscripts, braces, markup and derivative notation set aside."""
    text = text.strip().lower().replace("\\partial", "d").replace("∂", "d")
    text = text.replace("\\frac", "").replace("partial", "d").translate(_DROPPED)
    if "/" in text:  # dz/dx1: the variable differentiated by
        top, _, bottom = text.rpartition("/")
        text = bottom if top.startswith("d") or not top else text
    return text


def _means(spelled: str, key: str, keys: tuple[str, ...]) -> bool:
    if spelled == key:
        return True
    if key in _derivative_of(spelled):
        return True
    stem = _stem(key)
    if stem is None or not _one_stem(keys):
        return False
    letters, number = stem
    said = _stem(spelled)
    if said is None or said[1].lstrip("0") != number.lstrip("0"):
        return False
    word = said[0]
    return word in ("", letters) or (len(letters) == 1 and (
        word in ITEM_WORDS or (word.startswith(letters) and len(word) > 3)))


def _stem(text: str) -> tuple[str, str] | None:
    """`kernel12` -> ("kernel", "12"): letters, then a number; None for anything else."""
    letters = text.rstrip("0123456789")
    number = text[len(letters):]
    if not number or not (letters.isalpha() or not letters) or not letters.isascii():
        return None
    return letters, number


def _derivative_of(text: str) -> set[str]:
    """What `dzdx1`, `ddx1`, `dx1` (slashes, braces and partial signs already gone) may be
    a derivative by: `x1` (and, for `dzdx1`, `zdx1`, which names no key)."""
    if not text.startswith("d"):
        return set()
    return {text[k + 1:] for k in range(min(len(text), 5))
            if text[k] == "d" and (rest := _stem(text[k + 1:])) is not None and rest[0]}


def _one_stem(keys: tuple[str, ...]) -> bool:
    """Every key is the same letters and a number: then a bare number names one key."""
    stems = {stem[0] if (stem := _stem(_spelling(k))) else None for k in keys}
    return len(stems) == 1 and None not in stems


def _same(a: Any, b: Any) -> bool:
    """Two entries saying the same thing; only plain values are compared (never arrays or
    other objects, whose == is not a plain answer)."""
    if isinstance(a, str) and isinstance(b, str):
        return a.strip() == b.strip()
    plain = (int, float)
    return isinstance(a, plain) and isinstance(b, plain) and type(a) is type(b) and a == b


def quoted(key: Any) -> str:
    """A student's key as it would be typed: `"x_3"`, `1`."""
    return repr(key) if isinstance(key, str | int) else f"a key of type {type(key).__name__}"


def unknown_line(reading: KeyReading, keys: tuple[str, ...]) -> str:
    """The feedback line naming the keys that mean none of the part's."""
    shown = ", ".join(quoted(k) for k in reading.unknown[:6])
    more = ", ..." if len(reading.unknown) > 6 else ""
    wanted = ", ".join(f'"{k}"' for k in keys)
    return f"Keys not understood (found {shown}{more}); the keys are {wanted}."


def clash_line(entries: tuple[Entry, ...]) -> str:
    """Two keys that both read as one, with different answers: which one is meant is for
    a person to decide, never for the order of the dict."""
    both = " and ".join(f"{quoted(e.key)} ({_shown(e.value)})" for e in entries[:3])
    return f"answered twice, under {both}; a person will check which one counts."


def _shown(value: Any) -> str:
    if isinstance(value, str):
        text = " ".join(value.split())
        return repr(text if len(text) <= 80 else text[:79] + "…")
    return described_value(value)
