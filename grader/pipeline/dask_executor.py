"""Grade on a dask.distributed cluster: `grade SUBMISSIONS --executor dask --scheduler ADDR`.

Each submission becomes one task. The task carries the notebook's bytes, not its path, so
workers need no shared file system; the prepared gradebook is sent to every worker once
(scattered) and stays there for the batch. On the worker a task writes the notebook into
a fresh temporary folder and grades it exactly as a local worker does, in the worker's
own sandbox (its zygote, its namespaces), so results are the same as local grading.
What a worker needs installed is in docs/scale.md.

Needs the `dask` extra (`pip install 'grader[dask]'`); imported only when asked for.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from grader.course import Course
from grader.errors import UsageError
from grader.notebook.reader import MAX_BYTES, refusal
from grader.pipeline.discover import is_notebook
from grader.pipeline.executors import Graded, Task, grade_task
from grader.pipeline.gradebook import Gradebook
from grader.pipeline.submission import unreadable
from grader.pipeline.timing import timed
from grader.pipeline.workers import THREADS
from grader.sandbox import isolation_report

if TYPE_CHECKING:
    from distributed import Client

QUEUED_PER_THREAD = 4
"""Tasks in flight per worker thread: enough to keep every worker busy, few enough that
the scheduler never holds a whole class of notebooks."""


@dataclass(frozen=True)
class Shipped:
    """A task with what the worker must recreate of its file."""

    task: Task
    content: bytes
    """The file's bytes; empty for a file that will not be read (not a notebook, or over
    the size limit), which the worker recreates as a file of `size` bytes."""
    size: int


@dataclass(frozen=True)
class DaskExecutor:
    """Sends each submission to a dask.distributed cluster.

    `scheduler` is the scheduler's address (`tcp://host:8786`); None starts a cluster of
    `workers` local worker processes for this batch (each with as many threads as a local
    grading process), a way to try it on one machine.
    """

    scheduler: str | None = None
    workers: int = 1
    connect_timeout: str = "30s"

    def run(self, tasks: Sequence[Task], gradebook: Gradebook) -> Iterator[Graded]:
        with _client(self.scheduler, self.workers, self.connect_timeout) as client:
            yield from run_on(client, tasks, gradebook)


def run_on(client: Client, tasks: Sequence[Task], gradebook: Gradebook) -> Iterator[Graded]:
    """Grade `tasks` on the cluster behind `client`, yielding each as it finishes."""
    from distributed import as_completed  # the dask extra, asked for only here

    if not tasks:
        return
    client.run(isolation_report)  # every worker starts its zygote before its first task
    book = client.scatter(gradebook, broadcast=True, hash=False)
    threads = sum(client.nthreads().values()) or 1
    queue = iter(tasks)

    def submit(task: Task) -> Any:
        return client.submit(grade_shipped, ship(task, gradebook.course), book, pure=False)

    running = as_completed([submit(t) for t in islice(queue, threads * QUEUED_PER_THREAD)])
    try:
        for future in running:
            graded = future.result()
            future.release()
            following = next(queue, None)
            if following is not None:
                running.add(submit(following))
            yield graded
    finally:
        left = list(running.futures)
        running.clear()
        client.cancel(left)


def ship(task: Task, course: Course) -> Shipped | Graded:
    """What a worker needs to grade `task`; a file this machine cannot read is graded
    here, as it would be locally (no sandbox is needed to say so)."""
    reason = refusal(task.path)  # a link is refused here: followed, it would be shipped
    if reason is None:
        try:
            size = task.path.stat().st_size
            readable = is_notebook(task.path) and 0 < size <= MAX_BYTES
            return Shipped(task, task.path.read_bytes() if readable else b"", size)
        except OSError as error:
            reason = f"cannot be read: {error.strerror}"
    with timed() as clock:
        result = unreadable(course, task.name, task.student, "invalid_notebook", reason)
    return Graded(result, clock.timing(task.name), None)


def grade_shipped(shipped: Shipped | Graded, gradebook: Gradebook) -> Graded:
    """On a worker: recreate the file under its name in a private folder, grade it."""
    if isinstance(shipped, Graded):
        return shipped
    task = shipped.task
    with tempfile.TemporaryDirectory(prefix="grader-") as folder:
        path = Path(folder, task.name)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as file:
            if shipped.content:
                file.write(shipped.content)
            else:
                file.truncate(shipped.size)  # sparse: only its size is ever looked at
        return grade_task(Task(path, task.name, task.student), gradebook)


@contextmanager
def _client(scheduler: str | None, workers: int, timeout: str) -> Iterator[Client]:
    try:
        from distributed import Client, LocalCluster  # the dask extra, asked for only here
    except ImportError:
        raise UsageError("--executor dask", "needs dask.distributed: pip install "
                         "'grader[dask]'") from None
    if scheduler is None:
        with LocalCluster(n_workers=workers, threads_per_worker=THREADS, processes=True,
                          dashboard_address=None) as cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(scheduler, timeout=timeout)
    except OSError as error:
        raise UsageError(scheduler, f"no dask scheduler answers there ({error})") from None
    with client:
        yield client
