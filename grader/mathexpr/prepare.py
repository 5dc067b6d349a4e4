"""Cut an answer down to the expression that is to be graded.

Students wrap answers in ``$...$``, restate the question as ``f'(x) = ...``,
chain ``a = b = c`` or end with a full stop. None of that is wrong, so it is
removed here (with a note) rather than reported as a syntax error.
"""

from __future__ import annotations

import re

from .source import InputError, Mapped

_DELIMITERS = (("$$", "$$"), ("\\[", "\\]"), ("\\(", "\\)"), ("$", "$"))
_CASES = re.compile(r"\\begin\s*\{\s*cases\s*\}.*?\\end\s*\{\s*cases\s*\}", re.S)
_OPEN = "({["
_CLOSE = ")}]"


def looks_like_latex(text: str) -> bool:
    return "\\" in text or "{" in text or "$" in text


def strip_delimiters(src: Mapped) -> Mapped:
    src = src.strip()
    for left, right in _DELIMITERS:
        text = src.text
        if text.startswith(left) and text.endswith(right) and len(text) >= len(left + right):
            return src.slice(len(left), len(text) - len(right)).strip()
    return src


def strip_trailing_punctuation(src: Mapped) -> Mapped:
    src = src.strip()
    while True:
        text = src.text
        if text.endswith(("\\,", "\\;", "\\!", "\\:")):
            src = src.slice(0, len(text) - 2).strip()
        elif text.endswith((".", ",", ";")):
            src = src.slice(0, len(text) - 1).strip()
        else:
            return src


def _top_level_equals(text: str) -> list[int]:
    """Positions of '=' that are not part of <=, >=, ==, != and not inside brackets/cases."""
    masked = list(text)
    for match in _CASES.finditer(text):
        for k in range(match.start(), match.end()):
            masked[k] = "#"
    depth = 0
    found: list[int] = []
    for k, ch in enumerate(masked):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth -= 1
        elif ch == "=" and depth == 0:
            before = masked[k - 1] if k else ""
            after = masked[k + 1] if k + 1 < len(masked) else ""
            if (before and before in "<>=!:") or after == "=":
                continue
            found.append(k)
    return found


def split_equation(src: Mapped) -> tuple[Mapped, tuple[str, ...]]:
    """Keep the last right-hand side of ``lhs = ... = rhs`` and say what was dropped."""
    positions = _top_level_equals(src.text)
    if not positions:
        return src, ()
    last = positions[-1]
    rhs = src.slice(last + 1).strip()
    if not rhs.text:
        raise InputError("there is nothing after '='", src.where(last))
    if len(positions) > 1:
        return rhs, ("equation chain: used the last right-hand side",)
    lhs = src.text[:last].strip()
    return rhs, (f"stripped the left-hand side {lhs} =",)


def prepare(src: Mapped) -> tuple[Mapped, tuple[str, ...]]:
    src = strip_trailing_punctuation(strip_delimiters(src))
    src, notes = split_equation(src)
    src = strip_trailing_punctuation(strip_delimiters(src))
    if not src.text:
        raise InputError("the answer is empty", src.where(0))
    return src, notes
