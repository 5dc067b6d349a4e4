"""Text that remembers where each character came from in the student's input.

Every rewrite (LaTeX translation, unicode folding, implicit multiplication)
keeps this map so an error deep in the pipeline can still put its caret under
the character the student actually typed.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mapped:
    text: str
    origin: tuple[int, ...]  # origin[k] = offset in the original input of text[k]

    @staticmethod
    def of(text: str, start: int = 0) -> Mapped:
        return Mapped(text, tuple(range(start, start + len(text))))

    @staticmethod
    def at(text: str, offset: int) -> Mapped:
        """Synthesised text, all of it blamed on one original position."""
        return Mapped(text, (offset,) * len(text))

    def __len__(self) -> int:
        return len(self.text)

    def __add__(self, other: Mapped) -> Mapped:
        return Mapped(self.text + other.text, self.origin + other.origin)

    def slice(self, start: int, end: int | None = None) -> Mapped:
        return Mapped(self.text[start:end], self.origin[start:end])

    def strip(self, chars: str | None = None) -> Mapped:
        left = len(self.text) - len(self.text.lstrip(chars))
        right = len(self.text.rstrip(chars))
        return self.slice(left, max(left, right))

    def where(self, index: int, fallback: int = 0) -> int:
        """Original offset of text[index]; past the end means just after the last char."""
        if not self.origin:
            return fallback
        if index >= len(self.origin):
            return self.origin[-1] + 1
        return self.origin[max(index, 0)]


def join(parts: list[Mapped]) -> Mapped:
    text = "".join(p.text for p in parts)
    origin: tuple[int, ...] = tuple(o for p in parts for o in p.origin)
    return Mapped(text, origin)


class InputError(Exception):
    """A problem found while reading student text, with where it happened."""

    def __init__(self, message: str, offset: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
