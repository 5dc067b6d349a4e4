"""Student text made inert where people read it: on a terminal, and in Markdown.

A file name, a notebook's `nbformat` field or an exception message is whatever a student
made it. On a terminal, control characters in it could move the cursor, erase a line or
print a fake one ("mallory.ipynb: 100/100 graded"); in a Markdown feedback file, its `#`,
`**`, `<img>` or `[link](javascript:...)` would become the file's own headings, score
lines, HTML and links. Nothing here uses a regular expression: every function is one pass
over its text.
"""

from __future__ import annotations

from bisect import bisect_right

_INVISIBLE = [*range(0x20), *range(0x7F, 0xA0), 0x200E, 0x200F, *range(0x202A, 0x202F),
              *range(0x2066, 0x206A)]
"""C0 and C1 controls (escape sequences start with ESC or CSI), DEL, and the marks that
reorder text right to left."""
_TEXT = dict.fromkeys(_INVISIBLE) | {ord("\n"): "\n", ord("\t"): " ", 0x2028: "\n",
                                     0x2029: "\n"}
_LINE = _TEXT | {ord("\n"): " ", 0x2028: " ", 0x2029: " "}
_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_ALWAYS = frozenset("`*|~@")
"""Escaped wherever they are: a backtick outside a code span, emphasis, table cells,
strikethrough, and the `@` of an address a renderer would make a mailto link."""
_CANDIDATES = _ALWAYS | frozenset("\\_<]:.")
"""Every character `_active` can call active."""
_LINE_START = frozenset("#>-+=[")
"""Escaped at the start of a line: a heading, a block quote, a list item, a setext
underline, a link reference definition."""


def printable(text: str) -> str:
    """`text` without control characters: newlines stay (a line separator becomes one), a
    tab is a space, a carriage return and an escape sequence's ESC are removed, so what is
    left of a sequence shows as the plain characters it is."""
    return text.translate(_TEXT)


def one_line(text: str) -> str:
    """`printable(text)` on one line: line breaks become spaces."""
    return text.translate(_LINE)


def markdown_text(text: str) -> str:
    """`text` as one line of Markdown that shows exactly its characters and nothing else:
    no heading, emphasis, HTML, link or list can start in it."""
    return _escape(one_line(text), line_start=True)


def markdown_lines(text: str) -> list[str]:
    """The lines of `text`, each made inert like `markdown_text`, except that code spans
    (`name`) are kept as they are: the grader's feedback quotes names in them, and nothing
    inside a code span is interpreted."""
    return [_markdown_line(line) for line in printable(text).splitlines()]


def fence(lines: list[str]) -> str:
    """A code fence longer than any run of backticks in `lines`, which cannot close it."""
    longest = max((_longest_run(line) for line in lines), default=0)
    return "`" * max(3, longest + 1)


def _markdown_line(line: str) -> str:
    out: list[str] = []
    done = 0
    for start, end in _code_spans(line):
        out += [_escape(line[done:start], line_start=done == 0), line[start:end]]
        done = end
    out.append(_escape(line[done:], line_start=done == 0))
    return "".join(out)


def _code_spans(line: str) -> list[tuple[int, int]]:
    """Where CommonMark finds code spans: a run of backticks opens one that the next run of
    the same length closes; a run with no such partner is literal."""
    runs: list[tuple[int, int]] = []
    index = line.find("`")
    while index != -1:
        end = index
        while end < len(line) and line[end] == "`":
            end += 1
        runs.append((index, end - index))
        index = line.find("`", end)
    by_length: dict[int, list[int]] = {}
    for number, (_, length) in enumerate(runs):
        by_length.setdefault(length, []).append(number)
    spans = []
    number = 0
    while number < len(runs):
        start, length = runs[number]
        same = by_length[length]
        later = bisect_right(same, number)
        if later < len(same):
            closer = same[later]
            spans.append((start, runs[closer][0] + length))
            number = closer + 1
        else:
            number += 1
    return spans


def _escape(text: str, *, line_start: bool) -> str:
    """`text` with a backslash before every character that could start Markdown here;
    `line_start`: `text` begins a line, where block markers count. Only the characters
    `_active` may escape, and the line-start mark, are looked at: feedback is mostly
    words, and a Python test of every character cost more than the rest of a report."""
    marked = _line_start_marks(text) if line_start else set()
    spots = sorted(marked.union(index for index, char in enumerate(text)
                                if char in _CANDIDATES))
    if not spots:
        return text
    out = []
    start = 0
    for index in spots:
        char = text[index]
        before = text[index - 1] if index else ""
        after = text[index + 1] if index + 1 < len(text) else ""
        if index in marked or _active(char, before, after, text, index):
            out.append(text[start:index])
            out.append("\\")
            start = index
    out.append(text[start:])
    return "".join(out)


def _active(char: str, before: str, after: str, text: str, index: int) -> bool:
    """Whether `char`, between `before` and `after`, could be Markdown syntax."""
    if char in _ALWAYS:
        return True
    if char == "\\":
        return after == "" or after in _PUNCTUATION
    if char == "_":
        return not (before.isalnum() and after.isalnum())
    if char == "<":  # an HTML tag or comment, an autolink
        return after.isascii() and (after.isalpha() or after in "/!?")
    if char == "]":  # the end of a link's text, before its destination
        return after in ("(", "[")
    if char == ":":  # a bare URL a renderer would link
        return text.startswith("//", index + 1)
    if char == ".":  # www.example.com, linked too
        return text[max(index - 3, 0):index].lower() == "www" and (
            index == 3 or not text[index - 4].isalnum())
    return False


def _line_start_marks(text: str) -> set[int]:
    """Positions that would start a block: the first character after the indentation, or
    the `.` or `)` after an ordered list's number."""
    first = len(text) - len(text.lstrip(" \t"))
    if first == len(text):
        return set()
    if text[first] in _LINE_START:
        return {first}
    digits = first
    while digits < len(text) and text[digits].isdigit() and digits - first < 10:
        digits += 1
    if digits > first and digits < len(text) and text[digits] in ".)":
        return {digits}
    return set()


def _longest_run(line: str) -> int:
    longest = current = 0
    for char in line:
        current = current + 1 if char == "`" else 0
        longest = max(longest, current)
    return longest
