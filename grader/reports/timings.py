"""OUT/timings.jsonl: how long grading took, per submission and per stage.

Kept out of results.json on purpose: results must be byte-identical between runs, job
counts and executors, and timings never are. One JSON object per line, written as each
submission finishes (so a batch that is stopped still tells where its time went):

    {"submission": "alice.ipynb", "worker": "host:pid", "started": 1700000000.1,
     "seconds": 0.061, "read": 0.002, "execute": 0.031, "check": 0.028}
    ...
    {"batch": {"submissions": 2, "executor": "local", "jobs": 2, "prepare": 0.9,
               "grade": 1.4, "write": 0.05}}

The last line, written when the batch is done, holds the batch's own stages: `prepare`
(loading the course, preparing its checks), `grade` (wall clock, all submissions), and
`write` (results.json and the feedback files).
"""

from __future__ import annotations

import json
from pathlib import Path
from types import TracebackType
from typing import Any, TextIO

from grader.pipeline.timing import Timing

FILE = "timings.jsonl"


class TimingsFile:
    """OUT/timings.jsonl, open for the batch; use as a context manager."""

    def __init__(self, out: Path) -> None:
        out.mkdir(parents=True, exist_ok=True)
        self.path = out / FILE
        self.file: TextIO = self.path.open("w", encoding="utf-8")

    def __enter__(self) -> TimingsFile:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.file.close()

    def add(self, timing: Timing) -> None:
        self._line(timing.as_json())

    def batch(self, **figures: Any) -> None:
        self._line({"batch": {k: round(v, 4) if isinstance(v, float) else v
                              for k, v in figures.items()}})

    def _line(self, data: dict[str, Any]) -> None:
        self.file.write(json.dumps(data, ensure_ascii=False) + "\n")
        self.file.flush()


def read(path: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The submission lines and the batch line (empty if the batch did not finish)."""
    submissions, batch = [], {}
    for line in path.read_text(encoding="utf-8").splitlines():
        data = json.loads(line)
        if "batch" in data:
            batch = data["batch"]
        else:
            submissions.append(data)
    return submissions, batch
