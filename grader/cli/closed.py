"""Standard output that a reader may close early (`grade submissions/ | head`).

`head` closes the pipe after a few lines; Python then raises BrokenPipeError at the next
print, and again when it flushes on exit. Grading must not stop there: results.json and
every feedback file are still owed. After the first broken pipe the stream quietly
discards what is written, and the descriptor is pointed at /dev/null so that the final
flush has nowhere to fail.
"""

from __future__ import annotations

import os
from typing import Any, TextIO


class ClosableOutput:
    """Wraps a text stream; writes after its reader went away are dropped, not raised."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self.closed_by_reader = False

    def write(self, text: str) -> int:
        if not self.closed_by_reader:
            try:
                return self._stream.write(text)
            except BrokenPipeError:
                self._reader_gone()
        return len(text)

    def flush(self) -> None:
        if not self.closed_by_reader:
            try:
                self._stream.flush()
            except BrokenPipeError:
                self._reader_gone()

    def isatty(self) -> bool:
        return not self.closed_by_reader and self._stream.isatty()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)

    def _reader_gone(self) -> None:
        self.closed_by_reader = True
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self._stream.fileno())
            os.close(devnull)
        except (OSError, ValueError):  # no descriptor (a test's StringIO): nothing to point
            pass
