"""Where a submission's grading time goes, recorded beside its result and never inside it.

results.json must be byte-identical between runs, job counts and executors, so timings
travel separately (the CLI writes them to OUT/timings.jsonl). `grade_notebook` marks the
end of each stage with `lap`; only a caller that opened a `StageClock` gets the figures,
so grading a notebook anywhere else (tests, `grade check`) pays one context lookup.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

STAGES = ("read", "execute", "check")
"""The stages `grade_notebook` marks, in order; `write` is timed by the caller, per batch."""


@dataclass(frozen=True)
class Timing:
    """How long one submission took, and where."""

    submission: str
    worker: str
    """`host:pid` of the process that graded it."""
    started: float
    """Seconds since the epoch when grading began (clocks of cluster machines may differ)."""
    seconds: float
    stages: Mapping[str, float] = field(default_factory=dict)
    """Seconds per stage of STAGES that the submission reached; a file that could not be
    read as a notebook has none."""

    def as_json(self) -> dict[str, object]:
        return {"submission": self.submission, "worker": self.worker,
                "started": round(self.started, 3), "seconds": round(self.seconds, 4),
                **{stage: round(s, 4) for stage, s in self.stages.items()}}


class StageClock:
    """Collects laps for one submission; a context-local object, never shared."""

    def __init__(self) -> None:
        self.started = time.time()
        self.begun = self.last = time.perf_counter()
        self.stages: dict[str, float] = {}

    def mark(self, stage: str) -> None:
        now = time.perf_counter()
        self.stages[stage] = self.stages.get(stage, 0.0) + now - self.last
        self.last = now

    def timing(self, submission: str) -> Timing:
        return Timing(submission, worker_name(), self.started,
                      time.perf_counter() - self.begun, dict(self.stages))


def worker_name() -> str:
    """This process as `host:pid`; asked each time, as a forked process has a new pid."""
    return f"{socket.gethostname()}:{os.getpid()}"


_current: ContextVar[StageClock | None] = ContextVar("grader_stage_clock", default=None)


def lap(stage: str) -> None:
    """End `stage` now (time since the previous lap); nothing when no clock is running."""
    clock = _current.get()
    if clock is not None:
        clock.mark(stage)


@contextmanager
def timed() -> Iterator[StageClock]:
    """Run the body with a fresh clock that `lap` calls inside it report to."""
    clock = StageClock()
    token = _current.set(clock)
    try:
        yield clock
    finally:
        _current.reset(token)
