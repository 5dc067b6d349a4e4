"""Split a prose answer into its items: what the student says about k1, k2, … in turn.

Items are recognised by how students introduce them: the key itself (`k1 =`, `**K_2**:`),
a word and a number ("kernel 3", "filter #3"), an ordinal ("the first kernel"), a code cell
that only shows the item (`k1`, `print(k2)`) right before an unlabelled paragraph, or, when
none of those appear, a numbered list. An item runs until the next item starts. The matrix
a student copies after the label (`k1 = [[0 0 0], ...]`) is not part of the description.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from grader.notebook.freeform.assigned import descriptions
from grader.notebook.freeform.cells import Cell, comments_in_code, prose_in_code
from grader.notebook.freeform.found import NOTHING, Found, Quote, where

ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")
SUFFIXES = {1: "st", 2: "nd", 3: "rd"}
_NOUN = r"(?:kernel|filter|one|matrix)"
"""After an ordinal, what names the item; after "the" it may be left out ("the third
detects edges")."""
_LEAD = (r"^[ \t]*+(?:\|[ \t]*+)?(?:[-*+>][ \t]*+)*+(?:\d{1,2}[.)][ \t]++)?(?:#++[ \t]*+)?"
         r"(?:\*\*|__|`|\$|\()*+[ \t]*+")
"""Before a label at the start of a line: a table's first cell (`| k1 | identity |`), a
list's bullet or number (`2. k2 -> ...`: the number is not the previous item's), a
heading's hashes, bold, code or math marks."""
_INLINE = (r"(?:(?:[.;,:](?:\*\*|__)?|\band|\bwhile|\bwhereas|\by|\bet|\bund|וגם)[ \t]++"
           r"|(?<!\S)ו-?[ \t]*+)(?:\*\*|`|\$)*+")
"""Before a key inside a sentence: punctuation or "and" ("y", "et", "und"; Hebrew "ו",
alone or on the key, "וגם"), so "k1 es la identidad y k2 desplaza ..." is two items."""
_MATRIX = re.compile(
    r"^[\s`$*]*+(?:[=:][\s`$*]*+)?\[[^\n]*\][\s`$*]*+(?:/\s*+\d++[\s`$*]*+)?(?:[:.,-]|\bis\b)?",
    re.I)
_SEPARATOR = re.compile(r"^[\s`$*_)|]*(?:[:=.,)\-–—]|\bis\b)?", re.I)


@dataclass(frozen=True)
class Item:
    key: str
    cell: int
    text: str
    order: int


def key_parts(key: str) -> tuple[str, str] | None:
    """("k", "1") for "k1": the letter prefix and the number students write."""
    match = re.fullmatch(r"^([A-Za-z]*+)_?(\d+)", key)
    return (match.group(1), match.group(2)) if match else None


def _patterns(keys: Sequence[str]) -> dict[str, list[re.Pattern[str]]]:
    patterns: dict[str, list[re.Pattern[str]]] = {}
    for key in keys:
        parts = key_parts(key)
        forms = [re.escape(key)]
        if parts is not None:
            prefix, number = parts
            n = int(number)
            forms = [rf"{re.escape(prefix)}[ \t]*+_?[ \t]*+\{{?[ \t]*+{number}(?:[ \t]*+\}})?"
                     r"(?!\d)",
                     rf"(?:kernel|filter|matrix|mask)[ \t]*+#?[ \t]*+{number}(?!\d)"]
            if 0 < n <= len(ORDINALS):
                ordinal = rf"(?:{ORDINALS[n - 1]}|{n}{SUFFIXES.get(n, 'th')})"
                forms.append(rf"(?:the[ \t]++{ordinal}(?:[ \t]++{_NOUN})?|{ordinal}[ \t]++{_NOUN})")
        patterns[key] = [re.compile(_LEAD + f"(?:{f})" + r"(?![A-Za-z])", re.I | re.M)
                         for f in forms]
        patterns[key] += [re.compile(_INLINE + f"(?:{f})" + r"(?![A-Za-z0-9])", re.I)
                          for f in forms]
    return patterns


def _numbered(keys: Sequence[str]) -> dict[str, list[re.Pattern[str]]]:
    numbered: dict[str, list[re.Pattern[str]]] = {}
    for n, key in enumerate(keys, start=1):
        numbered[key] = [re.compile(_LEAD + rf"{n}[ \t]*+[.)](?=\s)", re.M)]
    return numbered


def items(chunks: Sequence[Cell], keys: Sequence[str],
          labelled_only: bool = False) -> tuple[list[Item], bool]:
    """The items found, and whether they came only from a numbered list (a weaker reading,
    not made with `labelled_only`)."""
    texts = _shown(chunks, keys)
    found = _split(texts, _patterns(keys))
    if found or labelled_only:
        return found, False
    return _split(texts, _numbered(keys)), True


_SHOWN = re.compile(r"^\s*+(?:(?:print|display)\s*+\(\s*+)?(?P<name>[A-Za-z_][A-Za-z0-9_]*+)"
                    r"\s*+\)?\s*+;?\s*+$")
"""A code cell that only shows one name: `k1`, `print(k2)`, `display(k3);`."""


def _shown(chunks: Sequence[Cell], keys: Sequence[str]) -> list[tuple[int, str]]:
    """Each chunk's text; a markdown cell right after a code cell that only shows one
    key (`k1`) is that key's item, written as if labelled."""
    wanted = {k.lower(): k for k in keys}
    out: list[tuple[int, str]] = []
    shown: str | None = None
    for chunk in chunks:
        text = _text_of(chunk, keys)
        if chunk.kind == "markdown" and shown is not None and text.strip():
            text = f"{shown}: {text}"
        name = _shown_name(chunk.text) if chunk.kind == "code" else None
        shown = wanted.get(name.lower()) if name else None
        out.append((chunk.index, text))
    return out


def _shown_name(code: str) -> str | None:
    """The one name a code cell shows: `k1`, `print(k2)`, or `k3 = np.array(...)` then
    `k3` (the item defined, then displayed); None for any other code."""
    lines = [line for line in code.splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    match = _SHOWN.match(lines[-1]) if lines else None
    if match is None:
        return None
    name = match.group("name")

    def defines(line: str) -> bool:
        target, equals, rest = line.partition("=")
        return bool(equals) and target.strip() == name and not rest.startswith("=")

    return name if all(defines(line) for line in lines[:-1]) else None


_WORD = re.compile(r"[A-Za-z0-9]++")


def _text_of(chunk: Cell, keys: Sequence[str] = ()) -> str:
    """A markdown cell's text; a code cell's bare strings, its comment lines that name
    an item (`# k1 - identity`; not a placeholder such as `# Write your answer here`) and
    a dict of descriptions keyed by the items (`{"k1": "identity", ...}`)."""
    if chunk.kind != "code":
        return chunk.text
    wanted = {k.lower() for k in keys}
    named = [line for line in comments_in_code(chunk).splitlines()
             if wanted & {w.lower() for w in _WORD.findall(line)}]
    beside = [f"{m['name']}: {m['text'].strip()}" for m in _ASSIGNED.finditer(chunk.text)
              if m["name"].lower() in wanted and m["text"].strip()]
    return "\n\n".join(t for t in (prose_in_code(chunk), "\n".join(named), "\n".join(beside),
                                    descriptions(chunk, keys)) if t)


_ASSIGNED = re.compile(r"^[ \t]*+(?P<name>[A-Za-z_][A-Za-z0-9_]*+)[ \t]*+=[^#\n]*+#[ \t]*+"
                       r"(?P<text>[^\n]*+)$", re.M)
"""`k1 = np.array(...)  # identity`: the comment beside an item's own assignment."""


def _split(texts: list[tuple[int, str]], patterns: dict[str, list[re.Pattern[str]]]
           ) -> list[Item]:
    starts: list[tuple[int, int, int, str]] = []  # (chunk, offset, label end, key)
    for n, (_, text) in enumerate(texts):
        for key, forms in patterns.items():
            for form in forms:
                for match in form.finditer(text):
                    starts.append((n, match.start(), match.end(), key))
    starts.sort()
    deduped: list[tuple[int, int, int, str]] = []
    for start in starts:
        if deduped and deduped[-1][0] == start[0] and start[1] < deduped[-1][2]:
            continue
        deduped.append(start)
    out: list[Item] = []
    for k, (n, _, label_end, key) in enumerate(deduped):
        cell, text = texts[n]
        following = deduped[k + 1] if k + 1 < len(deduped) else None
        end = following[1] if following is not None and following[0] == n else len(text)
        body = _description(text[label_end:end])
        if body:
            out.append(Item(key, cell, body, k))
    return out


def _description(text: str) -> str:
    """The words about the item, without the copied matrix and the label's punctuation."""
    text = _MATRIX.sub("", text, count=1) if _MATRIX.match(text) else text
    text = _SEPARATOR.sub("", text, count=1)
    text = re.sub(r"(?:[,;]|\band)\s*$", "", text.strip()).lstrip(" .:-–—=")
    return " ".join(text.split()).strip(" *_`|")


def extract(chunks: Sequence[Cell], keys: Sequence[str], labelled_only: bool = False) -> Found:
    """A dict key -> description, one description per key, with doubts recorded; with
    `labelled_only`, only items labelled by their key count, and text without them is
    nothing (the cells are another prompt's)."""
    found, numbered = items(chunks, keys, labelled_only)
    written = [c for c in chunks if _text_of(c).strip()]
    if not found:
        if not written or labelled_only:
            return NOTHING
        return Found({k: "" for k in keys}, review=(
            f"there is an answer in {where([c.index for c in written])}, but the grader could "
            "not tell which item each part of it describes",))
    by_key: dict[str, list[Item]] = {k: [] for k in keys}
    for item in found:
        by_key[item.key].append(item)
    value = {k: (group[-1].text if group else "") for k, group in by_key.items()}
    notes: list[str] = []
    review: list[str] = []
    rivals: list[dict[str, str]] = []
    for key, group in by_key.items():
        distinct = list(dict.fromkeys(i.text for i in group))
        if len(distinct) > 1:
            notes.append(f"{key} is described {len(distinct)} times "
                         f"({where([i.cell for i in group])}); graded the last description.")
            rivals += [{**value, key: text} for text in distinct[:-1]]
    if numbered:
        notes.append("Read your numbered list in order as " + ", ".join(keys) + ".")
    quotes = tuple(Quote(g[-1].cell, g[-1].text, k) for k, g in by_key.items() if g)
    return Found(value, quotes, tuple(notes), tuple(review), rivals=tuple(rivals[:6]))
