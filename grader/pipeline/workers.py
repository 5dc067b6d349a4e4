"""Grading processes on this machine that each keep several submissions in flight.

Most of a submission's wall-clock time is spent waiting on its sandbox: forking it, the
student's cells, one call after another, and above all a function that loops until its
timeout. A process that graded one submission at a time would leave its core idle through
all of that, so each grading process runs `threads` submissions at once, each in its own
sandbox; the grader's own share of the work (checks, JSON) is small enough that the
interpreter lock is not what limits it. Processes bring the cores, threads fill the waits.

`jobs` grading processes are this one and `jobs - 1` workers: every process costs memory
(an interpreter with sympy and numpy, its zygote, its proof worker), and this one has the
gradebook already. Workers are fresh interpreters (multiprocessing's "spawn"), never forks
of this process: a fork would inherit its open pipes (such as idle proof workers) and
share them with siblings. A fork server would cost a third interpreter, resident for the
whole batch, to save nothing when there is one worker. A worker gets the prepared
gradebook once, starts its zygote before its first submission, and keeps its checks'
verdict caches for the whole batch.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import queue
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from multiprocessing.queues import Queue
from typing import TypeAlias

from grader.pipeline.executors import Graded, InProcess, Task, grade_task
from grader.pipeline.gradebook import Gradebook
from grader.sandbox import isolation_report

THREADS = 3
"""Submissions each grading process grades at once. On the two-core development machine
three and four grade a class equally fast; each slot costs a sandbox (about 10 MB)."""
PER_PROCESS = 50
"""Submissions a grading process must have ahead of it to be worth starting: a worker
costs about two seconds of CPU before its first result (its imports, its
zygote, its proof worker), what grading some 60 submissions costs. A small class is
graded by this process alone, with the other processes' share of threads (38 notebooks:
1.41 s with three threads, 1.17 s with six)."""
POLL_S = 1.0
"""How often the parent, waiting for a result, checks that its workers are alive."""
QUEUED_PER_THREAD = 2
"""Tasks handed out ahead per grading thread: no thread waits for work, and a stopped
batch leaves little behind."""

Job = tuple[int, Task] | None
Done = tuple[int, Graded | None, str | None]
Jobs: TypeAlias = "Queue[Job] | queue.Queue[Job]"
Dones: TypeAlias = "Queue[Done] | queue.Queue[Done]"


@dataclass(frozen=True)
class LocalWorkers:
    """Up to `jobs` grading processes on this machine (this one included, and no more
    than one per PER_PROCESS submissions), `jobs * threads` submissions in flight across
    them; one job grades one submission after the other."""

    jobs: int
    threads: int = THREADS
    per_process: int = PER_PROCESS

    def run(self, tasks: Sequence[Task], gradebook: Gradebook) -> Iterator[Graded]:
        if self.jobs <= 1 or len(tasks) <= 1:
            return InProcess().run(tasks, gradebook)
        processes = min(self.jobs, -(-len(tasks) // self.per_process))
        threads = -(-self.jobs * self.threads // processes)  # as many in flight in all
        return run_workers(tasks, gradebook, processes - 1, threads)


class WorkerFailed(RuntimeError):
    """A worker process died or its grading raised: a grader bug, not a student's fault
    (student faults become rows with a status, never exceptions)."""


def run_workers(tasks: Sequence[Task], gradebook: Gradebook, processes: int,
                threads: int) -> Iterator[Graded]:
    """Grade `tasks` in this process and `processes` workers, `threads` at a time in
    each; yield results in finishing order."""
    workers: list[BaseProcess] = []
    if processes:
        context = multiprocessing.get_context("spawn")
        jobs: Jobs = context.Queue()
        done: Dones = context.Queue()
        workers = [context.Process(target=_serve, args=(gradebook, jobs, done, threads),
                                   daemon=True, name=f"grader-worker-{k}")
                   for k in range(processes)]
    else:  # threads of this process only: no queue needs a pipe, nor a process to track it
        jobs, done = queue.Queue(), queue.Queue()
    for worker in workers:
        worker.start()
    graders = _graders(gradebook, jobs, done, threads)
    finished = False
    try:
        window = (processes + 1) * threads * QUEUED_PER_THREAD
        queued = list(enumerate(tasks))
        handed = 0
        while handed < min(window, len(queued)):
            jobs.put(queued[handed])
            handed += 1
        for _ in range(len(queued)):
            graded = _next(done, workers)
            if handed < len(queued):
                jobs.put(queued[handed])
                handed += 1
            yield graded
        finished = True
    finally:
        _stop(workers, graders, jobs, threads, finished)


def _next(done: Dones, workers: list[BaseProcess]) -> Graded:
    while True:
        try:
            _, graded, error = done.get(timeout=POLL_S)
        except queue.Empty:
            dead = [w for w in workers if not w.is_alive()]
            if dead:
                raise WorkerFailed(f"{dead[0].name} ended with exit code "
                                   f"{dead[0].exitcode}") from None
            continue
        if error is not None or graded is None:
            raise WorkerFailed(error or "no result")
        return graded


def _stop(workers: list[BaseProcess], graders: list[threading.Thread], jobs: Jobs,
          threads: int, finished: bool) -> None:
    """Let a finished batch's graders end on their own (zygotes close cleanly); end the
    workers of an interrupted one at once: what they were grading is no longer wanted."""
    if not finished:
        for worker in workers:
            worker.terminate()
        with contextlib.suppress(queue.Empty):
            while True:  # this process's graders: nothing more to take
                jobs.get_nowait()
    for _ in range((len(workers) + 1) * threads):
        jobs.put(None)
    for grader in graders:  # one that is still grading ends after it (its limits bound it)
        grader.join(timeout=None if finished else 0)
    for worker in workers:
        worker.join(timeout=10)
        if worker.is_alive():
            worker.terminate()
            worker.join(timeout=5)
    if isinstance(jobs, Queue):
        jobs.cancel_join_thread()


def _serve(gradebook: Gradebook, jobs: Jobs, done: Dones, threads: int) -> None:
    """A worker process: `threads` graders taking tasks until each is told to stop."""
    gc.freeze()  # the grading stack and the gradebook: out of the collector's walks
    for grader in _graders(gradebook, jobs, done, threads):
        grader.join()


def _graders(gradebook: Gradebook, jobs: Jobs, done: Dones,
             threads: int) -> list[threading.Thread]:
    """`threads` running graders of this process, each taking tasks until told to stop."""
    isolation_report()  # starts this process's zygote now, not in its first submission

    def grade_jobs() -> None:
        while (job := jobs.get()) is not None:
            index, task = job
            try:
                done.put((index, grade_task(task, gradebook), None))
            except BaseException as error:  # noqa: BLE001 - reported to the parent
                done.put((index, None, f"grading {task.name} failed: "
                                       f"{type(error).__name__}: {error}"))

    graders = [threading.Thread(target=grade_jobs, daemon=True, name=f"grader-{k}")
               for k in range(threads)]
    for grader in graders:
        grader.start()
    return graders
