"""Checking work in a child process that is killed when it overruns its deadline.

``signal.alarm`` only works in the main thread of the main interpreter, and a thread
cannot be stopped, so whatever may take unbounded time or memory on student data (a
proof, or reading and judging one answer) runs in a worker process: it is killed when
its deadline passes and replaced by a fresh one on the next request, and the batch goes
on. A worker runs under an address-space cap, so an answer that would exhaust memory
kills only the worker. Idle workers are kept for reuse: starting one costs a sympy
import, which is not charged to any single answer's deadline. Requests take turns, one
at a time per process, so a grading process never holds more than one worker.
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

STARTUP_TIMEOUT_S = 60.0
WALL_FACTOR = 4.0
"""A request's budget counts the worker's CPU time; the wall clock backs it up, this many
times longer, for a worker that hangs without computing."""
EXPIRED = {"expired": True}
"""What the worker answers to a request that used up its budget."""
_PACKAGE_ROOT = Path(__file__).resolve().parents[2]


class WorkerError(Exception):
    """The worker died or answered garbage; treated like a timeout."""


class Expired(Exception):
    """The worker did not answer within the deadline (or died trying): it was killed."""


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

    def _receive(self, deadline: float) -> object:
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        header = _read_exact(fd, 4, deadline)
        if header is None:
            raise Expired("no answer before the deadline")
        body = _read_exact(fd, int.from_bytes(header, "big"), deadline + 1.0)
        try:
            return json.loads(body) if body is not None else None
        except ValueError:
            raise WorkerError("worker answered garbage") from None

    def ask(self, job: tuple[object, ...], budget_s: float) -> object:
        """The worker's answer; raises Expired when it used up its budget of CPU time, or
        gave no answer within the wall-clock backstop (WALL_FACTOR times the budget)."""
        assert self.proc.stdin is not None
        data = pickle.dumps((*job, budget_s))
        self.proc.stdin.write(len(data).to_bytes(4, "big") + data)
        self.proc.stdin.flush()
        answer = self._receive(time.monotonic() + budget_s * WALL_FACTOR + 1.0)
        if answer == EXPIRED:
            raise Expired(f"no decision within {budget_s:g} s of computing")
        return answer

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None:
                stream.close()


_idle: list[_Worker] = []
_lock = threading.Lock()
_turn = threading.Lock()


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
    """Start a worker ahead of time so the first request does not wait for it."""
    with _turn:
        _release(_acquire())


def run(op: str, args: tuple[object, ...], budget_s: float) -> object:
    """What the worker answers to ``op(*args)``, a JSON value.

    Raises Expired when no answer came within ``budget_s`` seconds, or the worker died
    (out of memory, say): that worker is killed, and the next request gets a new one."""
    if budget_s <= 0:
        raise Expired("no time left")
    with _turn:
        try:
            worker = _acquire()
        except (WorkerError, OSError) as exc:
            raise Expired(f"no worker: {exc}") from None
        try:
            answer = worker.ask((op, args), budget_s)
        except (Expired, WorkerError, OSError, EOFError) as exc:
            worker.kill()
            raise Expired(str(exc)) from None
        _release(worker)
        return answer
