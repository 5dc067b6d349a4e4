"""OUT/grader-errors.log: the tracebacks of the grader's own faults, for its maintainers.

A fault costs the student nothing but a look from a person (their part is `error`, its
feedback says the grader failed); the traceback says what to fix, and it is kept out of
results.json and every feedback file, which students see. The file exists only when there
was a fault, so its presence alone tells an instructor something went wrong.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import TextIO

from grader.pipeline.faults import GraderFault

FILE = "grader-errors.log"


class GraderErrorsLog:
    """OUT/grader-errors.log, written as faults arrive; use as a context manager."""

    def __init__(self, out: Path) -> None:
        self.path = out / FILE
        self.path.unlink(missing_ok=True)  # a log from an earlier run would mislead
        self.file: TextIO | None = None
        self.faults: list[GraderFault] = []

    def __enter__(self) -> GraderErrorsLog:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self.file is not None:
            self.file.close()

    def add(self, fault: GraderFault) -> None:
        if self.file is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.file = self.path.open("w", encoding="utf-8")
        self.faults.append(fault)
        where = f"part {fault.part}" if fault.part else "the whole submission"
        self.file.write(f"=== {fault.submission}: {where}\n{fault.traceback.rstrip()}\n\n")
        self.file.flush()


def summary_line(faults: list[GraderFault], log: str) -> str | None:
    """'2 parts hit a grader fault: see out/grader-errors.log', or None without faults."""
    if not faults:
        return None
    parts = sum(1 for f in faults if f.part is not None)
    whole = len(faults) - parts
    counted = [f"{n} {noun}{'' if n == 1 else 's'}"
               for n, noun in ((parts, "part"), (whole, "submission")) if n]
    verb = "hit" if len(faults) > 1 else "hits"
    return f"{' and '.join(counted)} {verb} a grader fault: see {log}"
