"""Cut an answer down to the expression that is to be graded.

Students wrap answers in ``$...$``, restate the question as ``f'(x) = ...``,
chain ``a = b = c`` or end with a full stop. None of that is wrong, so it is
removed here (with a note) rather than reported as a syntax error.
"""

from __future__ import annotations

from .latex import equals_positions
from .source import InputError, Mapped

_DELIMITERS = (("$$", "$$"), ("\\[", "\\]"), ("\\(", "\\)"), ("$", "$"))


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


def split_equation(src: Mapped) -> tuple[Mapped, tuple[str, ...]]:
    """Keep the last right-hand side of ``lhs = ... = rhs`` and say what was dropped."""
    positions = equals_positions(src.text, definitions=False)
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
