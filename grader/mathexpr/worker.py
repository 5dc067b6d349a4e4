"""Entry point of a checking worker process: length-prefixed frames on stdio.

Requests are pickles: only the parent grader writes to this process, and it only sends
student text, SymbolContexts and expressions its own whitelisting parser built. Answers go
back as JSON, so the grader itself never unpickles anything. Requests:

Every request carries its budget of CPU time, counted here (the parent's wall-clock
deadline is only a backstop, several times longer), so whether an answer is "too
expensive to check" does not depend on how busy the machine is.

- ``prove``: the proof attempt alone (out of budget: not proven);
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

import functools
import json
import os
import pickle
import signal
import sys
import time
from collections.abc import Callable
from typing import Any, BinaryIO, TypeVar

import sympy

from . import proof
from .judge import Judged, Unchecked, Unreadable, judge, same, to_json
from .parser import parse
from .pool import EXPIRED
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
        import resource  # Unix only: elsewhere the worker has no cap

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    except (ImportError, ValueError, OSError):
        pass


_deadlines: list[float] = []
"""The CPU-time deadlines of the budgets now running, outermost first: a proof's budget
runs inside its answer's."""


def within(budget_s: float, work: Callable[[], T]) -> T | None:
    """``work()``, or None when it used more than ``budget_s`` seconds of CPU time.

    CPU time, not the wall clock: a busy machine must not turn an answer that is cheap to
    check into "too expensive to check". Budgets nest; when an outer one runs out inside
    an inner one, the outer one answers None."""
    if budget_s <= 0:
        return None
    mine = time.process_time() + budget_s
    _deadlines.append(mine)
    previous = signal.signal(signal.SIGPROF, _late) if len(_deadlines) == 1 else None
    _arm()
    try:
        return work()
    except _Late:
        if time.process_time() >= mine - 1e-3:
            return None
        raise
    finally:
        _deadlines.remove(mine)
        _arm()
        if previous is not None:
            signal.signal(signal.SIGPROF, previous)


def _arm() -> None:
    if _deadlines:
        left = min(_deadlines) - time.process_time()
        signal.setitimer(signal.ITIMER_PROF, max(left, 0.001), 0.05)  # again, if swallowed
    else:
        signal.setitimer(signal.ITIMER_PROF, 0)


def _late(signum: int, frame: object) -> None:
    if _deadlines and time.process_time() >= min(_deadlines) - 1e-3:
        raise _Late


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
        except Exception as exc:  # noqa: BLE001 - any failure goes to a person (a spent
            # budget, _Late, is not one: it goes up to `within`, and the answer is expired)
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
            op, args, budget_s = pickle.loads(payload)
            result = within(budget_s, functools.partial(answer, op, args))
            if result is None:
                result = EXPIRED  # the budget ran out: not proven, or too expensive
        except MemoryError:
            os._exit(3)
        except Exception:  # noqa: BLE001 - a failed proof means "not proven"
            result = False
        _deadlines.clear()
        signal.setitimer(signal.ITIMER_PROF, 0)
        write_frame(stdout, result)


if __name__ == "__main__":
    main()
