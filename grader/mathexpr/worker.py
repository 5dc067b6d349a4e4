"""Entry point of the proof worker process: length-prefixed pickle frames on stdio.

Only the parent grader writes to this process, and it only sends expressions
its own parser built, so unpickling here does not handle student bytes.
"""

from __future__ import annotations

import pickle
import sys
from typing import BinaryIO

from .proof import prove_equal

MEMORY_LIMIT = 2 * 1024**3


def write_frame(stream: BinaryIO, value: object) -> None:
    data = pickle.dumps(value)
    stream.write(len(data).to_bytes(4, "big") + data)
    stream.flush()


def _read_exact(stream: BinaryIO, size: int) -> bytes | None:
    data = stream.read(size)
    return data if data is not None and len(data) == size else None


def _limit_memory() -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    except (ImportError, ValueError, OSError):
        pass


def main() -> None:
    _limit_memory()
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    write_frame(stdout, "ready")
    while (header := _read_exact(stdin, 4)) is not None:
        payload = _read_exact(stdin, int.from_bytes(header, "big"))
        if payload is None:
            return
        try:
            result = prove_equal(*pickle.loads(payload))
        except Exception:  # noqa: BLE001 - any failure means "not proven"
            result = False
        write_frame(stdout, result)


if __name__ == "__main__":
    main()
