"""Entry point of a checking worker process: length-prefixed frames on stdio.

Requests are pickles: only the parent grader writes to this process, and it only sends
student text, SymbolContexts and expressions its own whitelisting parser built. Answers go
back as JSON, so the grader itself never unpickles anything. Requests:

- ``prove``: the proof attempt alone (the caller's deadline is the proof's budget);
- ``judge``: one answer text read and judged (judge.py); its proofs get their budget from a
  timer here, so that a slow proof is "not proven", as in the parent, while the parent's
  deadline covers everything else;
- ``readable``: whether a text parses, for the free-form reader choosing among lines;
- ``same``: whether two texts are proved to denote the same expression, for the free-form
  reader (two lines that agree are one answer; a function written out is the part's).

Running out of memory ends the process without an answer: the parent kills and replaces
it, and the answer is too expensive to check.
"""

from __future__ import annotations

import json
import os
import pickle
import signal
import sys
from collections.abc import Callable
from typing import Any, BinaryIO, TypeVar

import sympy

from . import proof
from .judge import Judged, Unchecked, Unreadable, judge, same, to_json
from .parser import parse
from .results import ParseSuccess

MEMORY_LIMIT = 1024**3
"""Address space, not resident memory: a worker that has imported sympy, mpmath and numpy
holds under a fifth of it; an answer that needs the rest is not one a person writes."""
T = TypeVar("T")


class _Late(BaseException):
    """Raised by the timer inside sympy; a BaseException, so `except Exception` misses it."""


def write_frame(stream: BinaryIO, value: object) -> None:
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


def within(budget_s: float, work: Callable[[], T]) -> T | None:
    """``work()``, or None when it is still running after ``budget_s`` seconds."""
    if budget_s <= 0:
        return None
    armed = [True]

    def late(signum: int, frame: object) -> None:
        if armed[0]:
            signal.setitimer(signal.ITIMER_REAL, 0.05)  # again, should anything swallow it
            raise _Late

    previous = signal.signal(signal.SIGALRM, late)
    signal.setitimer(signal.ITIMER_REAL, budget_s)
    try:
        return work()
    except _Late:
        return None
    finally:
        armed[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def timed_prove(a: sympy.Basic, b: sympy.Basic, indices: tuple[str, ...],
                families: tuple[str, ...], budget_s: float) -> bool | None:
    return within(budget_s, lambda: proof.prove_equal(a, b, indices, families))


def answer(op: str, args: tuple[Any, ...]) -> object:
    if op == "prove":
        return proof.prove_equal(*args)
    if op == "judge":
        text, reference, mistakes, ctx, budget_s = args
        judged: Judged | Unreadable | Unchecked
        try:
            judged = judge(text, reference, mistakes, ctx, budget_s=budget_s,
                           prover=timed_prove)
        except MemoryError:
            raise
        except (Exception, _Late) as exc:  # noqa: BLE001 - any failure goes to a person
            judged = Unchecked(f"could not be checked (the checker failed: "
                               f"{type(exc).__name__})")
        return to_json(judged)
    if op == "readable":
        text, ctx = args
        return isinstance(parse(text, ctx), ParseSuccess)
    if op == "same":
        a, b, ctx, budget_s = args
        return same(a, b, ctx, budget_s=budget_s, prover=timed_prove)
    raise ValueError(f"unknown request {op!r}")


def main() -> None:
    _limit_memory()
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    write_frame(stdout, "ready")
    while (header := _read_exact(stdin, 4)) is not None:
        payload = _read_exact(stdin, int.from_bytes(header, "big"))
        if payload is None:
            return
        try:
            op, args = pickle.loads(payload)
            result = answer(op, args)
        except MemoryError:
            os._exit(3)
        except Exception:  # noqa: BLE001 - a failed proof means "not proven"
            result = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        write_frame(stdout, result)


if __name__ == "__main__":
    main()
