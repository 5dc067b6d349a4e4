"""Run the sympy proof attempt in a child process with a hard time budget.

``signal.alarm`` only works in the main thread of the main interpreter, and a
thread cannot be stopped, so the proof runs in a worker process that is killed
when the budget runs out. Idle workers are kept for reuse: starting one costs
a sympy import, which is not charged to any single answer's budget.
"""

from __future__ import annotations

import atexit
import json
import os
import pickle
import select
import subprocess
import sys
import threading
import time
from pathlib import Path

import sympy

STARTUP_TIMEOUT_S = 60.0
_PACKAGE_ROOT = Path(__file__).resolve().parents[2]


class WorkerError(Exception):
    """The worker died or answered garbage; treated like a timeout."""


def _read_exact(fd: int, size: int, deadline: float | None) -> bytes | None:
    chunks: list[bytes] = []
    remaining = size
    while remaining:
        timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            return None
        chunk = os.read(fd, remaining)
        if not chunk:
            raise WorkerError("worker closed its output")
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


class _Worker:
    def __init__(self) -> None:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(_PACKAGE_ROOT), env.get("PYTHONPATH", "")) if p
        )
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "grader.mathexpr.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        if self._receive(time.monotonic() + STARTUP_TIMEOUT_S) != "ready":
            self.kill()
            raise WorkerError("worker did not start")

    def _receive(self, deadline: float | None) -> object:
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        header = _read_exact(fd, 4, deadline)
        if header is None:
            return None
        body = _read_exact(fd, int.from_bytes(header, "big"), None)
        try:
            return json.loads(body) if body is not None else None
        except ValueError:
            raise WorkerError("worker answered garbage") from None

    def ask(self, job: tuple[object, ...], budget_s: float) -> object | None:
        """The worker's answer, or None when it did not come within the budget."""
        assert self.proc.stdin is not None
        data = pickle.dumps(job)
        self.proc.stdin.write(len(data).to_bytes(4, "big") + data)
        self.proc.stdin.flush()
        return self._receive(time.monotonic() + budget_s)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None:
                stream.close()


_idle: list[_Worker] = []
_lock = threading.Lock()


def _acquire() -> _Worker:
    with _lock:
        if _idle:
            return _idle.pop()
    return _Worker()


def _release(worker: _Worker) -> None:
    with _lock:
        _idle.append(worker)


@atexit.register
def shutdown() -> None:
    """Stop idle workers (also useful in tests that want a clean slate)."""
    with _lock:
        workers = list(_idle)
        _idle.clear()
    for worker in workers:
        worker.kill()


def warm_up() -> None:
    """Start a worker ahead of time so the first proof does not wait for it."""
    _release(_acquire())


def prove_equal(
    ref: sympy.Basic,
    ans: sympy.Basic,
    indices: tuple[str, ...] = (),
    families: tuple[str, ...] = (),
    budget_s: float = 2.0,
) -> bool | None:
    """True when proven equal, False when the simplifiers gave up, None on timeout."""
    if budget_s <= 0:
        return None
    try:
        worker = _acquire()
    except (WorkerError, OSError):
        return None
    try:
        answer = worker.ask((ref, ans, indices, families), budget_s)
    except (WorkerError, OSError, EOFError):
        answer = None
    if answer is None:
        worker.kill()
        return None
    _release(worker)
    return bool(answer)
