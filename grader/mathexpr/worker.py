"""Entry point of the proof worker process: length-prefixed frames on stdio.

Requests are pickles: only the parent grader writes to this process, and it only sends
expressions its own whitelisting parser built, never student bytes. Answers go back as
JSON (true, false, "ready"), so the grader itself never unpickles anything.
"""

from __future__ import annotations

import json
import pickle
import sys
from typing import BinaryIO

from .proof import prove_equal

MEMORY_LIMIT = 2 * 1024**3


def write_frame(stream: BinaryIO, value: bool | str) -> None:
    data = json.dumps(value).encode()
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
