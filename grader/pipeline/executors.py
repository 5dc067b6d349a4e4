"""What every executor shares: a task, a graded task, and grading one task.

An executor takes tasks and yields each one `Graded` as soon as it is done, in any order;
`grade_folder` puts the results back in the folder's order, so a batch is the same
whichever executor graded it. This module has the in-process one; workers.py has local
worker processes, dask_executor.py a dask.distributed cluster.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from grader.pipeline.faults import GraderFault, collecting, record
from grader.pipeline.gradebook import Gradebook
from grader.pipeline.submission import GradedFile, grade_file, unreadable
from grader.pipeline.timing import Timing, timed
from grader.results import IsolationMode, LimitsMode, NetworkMode, SubmissionResult, WritesMode
from grader.sandbox import isolation_report


@dataclass(frozen=True)
class Task:
    """One submission to grade."""

    path: Path
    name: str
    """Its path under the submissions folder: its name in the results."""
    student: str


@dataclass(frozen=True)
class Graded:
    """A graded submission, with what is reported beside results.json, never in it."""

    result: SubmissionResult
    timing: Timing
    isolation: IsolationMode | None
    """How the sandbox that ran it was isolated, as that sandbox reported (it may be
    another machine's); None when no student code ran, as for a file the grading machine
    could not read."""
    faults: tuple[GraderFault, ...] = ()
    """Exceptions the grader's own code raised on it, with tracebacks (faults.py)."""
    fingerprint: str | None = None
    """What the student wrote, as a digest (Notebook.fingerprint); None if unread."""
    limits: LimitsMode | None = None
    """What its resource limits bounded, on the machine that graded it."""
    network: NetworkMode | None = None
    """Whether its sandbox cut the network, as that sandbox reported; None as above."""
    writes: WritesMode | None = None
    """Whether its sandbox could write only in its own folder, the same way."""


class Executor(Protocol):
    def run(self, tasks: Sequence[Task], gradebook: Gradebook) -> Iterator[Graded]:
        """Each task graded once, yielded as it finishes."""
        ...


def grade_task(task: Task, gradebook: Gradebook) -> Graded:
    """Grade one task in this process; every executor ends up here, wherever it runs."""
    with timed() as clock, collecting(task.name) as faults:
        try:
            graded = grade_file(task.path, gradebook, name=task.name, student=task.student)
        except Exception as error:  # the grader's fault: this submission only, never the batch
            reason = f"the grader failed on this submission ({record(error, None)})"
            graded = GradedFile(unreadable(gradebook.course, task.name, task.student, "error",
                                           reason))
    kept = graded.confinement
    return Graded(graded.result, clock.timing(task.name), kept.isolation if kept else None,
                  tuple(faults), graded.fingerprint, isolation_report().limits,
                  kept.network if kept else None, kept.writes if kept else None)


class InProcess:
    """One submission after the other, in this process: no start-up cost at all."""

    def run(self, tasks: Sequence[Task], gradebook: Gradebook) -> Iterator[Graded]:
        for task in tasks:
            yield grade_task(task, gradebook)
