"""`grade SUBMISSIONS_DIR --out OUT`: grade a folder, write results.json and feedback files,
print a summary."""

from __future__ import annotations

import argparse
import contextlib
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from tqdm import tqdm

from grader.cli.common import (
    EXIT_ATTENTION,
    EXIT_OK,
    add_timeout_option,
    course_from,
    gradebook_from,
    is_terminal,
    needs_attention,
    positive_int,
    shown,
)
from grader.errors import UsageError
from grader.manual import keep_scores
from grader.pipeline.discover import find_submissions
from grader.reports import feedback, results_json, terminal
from grader.reports import isolation as kept_apart
from grader.reports.grader_errors import GraderErrorsLog, summary_line
from grader.reports.timings import TimingsFile
from grader.results import SubmissionResult
from grader.sandbox.launcher import isolation_report

if TYPE_CHECKING:
    from grader.pipeline.executors import Executor

SUMMARY = "Grade a folder of Jupyter notebooks against the course's exercises."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("submissions", type=Path, metavar="SUBMISSIONS_DIR",
                        help="folder of .ipynb files: flat, one folder per student, or a "
                        "Canvas or Gradescope download")
    parser.add_argument("--out", type=Path, default=None,
                        help="where results.json and feedback/ go (overrides grading.out "
                        "in grader.toml; default: out)")
    parser.add_argument("--jobs", type=positive_int, default=None, metavar="N",
                        help="grade N submissions at once, in worker processes (overrides "
                        "grading.jobs; default: 1)")
    parser.add_argument("--quiet", action="store_true", help="print only the summary")
    parser.add_argument("--executor", choices=("local", "dask"), default="local",
                        help="where submissions are graded: local worker processes "
                        "(default), or a dask.distributed cluster (needs grader[dask])")
    parser.add_argument("--scheduler", default=None, metavar="ADDRESS",
                        help="with --executor dask: the scheduler, e.g. tcp://host:8786 "
                        "(default: a cluster of --jobs local workers for this run)")
    add_timeout_option(parser)


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    folder: Path = args.submissions
    if not folder.is_dir():
        raise UsageError(str(folder), "not a folder of submissions")
    if args.scheduler is not None and args.executor != "dask":
        raise UsageError("--scheduler", "only goes with --executor dask")
    if args.executor == "local":
        start_sandboxes()

    from grader.pipeline.batch import grade_folder  # numpy, sympy: keeps `grade --help` light

    course = course_from(args, timeout=args.timeout, jobs=args.jobs, out=args.out)
    config = course.config
    gradebook = gradebook_from(course)
    paths = find_submissions(folder)
    if not paths:
        raise UsageError(str(folder), "no .ipynb notebooks found")
    prepared = time.perf_counter()
    with TimingsFile(config.out) as timings, GraderErrorsLog(config.out) as faults:
        with progress_for(sys.stdout, len(paths), quiet=args.quiet) as progress:
            batch = grade_folder(folder, gradebook, on_result=progress, paths=paths,
                                 executor=executor_from(args, config.jobs),
                                 on_timing=timings.add, on_fault=faults.add)
        graded = time.perf_counter()
        # Scores a person gave with `grade manual import` survive re-grading (grader/manual.py).
        batch = keep_scores(batch, config.out)
        out = config.out / "results.json"
        results_json.write(batch, out)
        writing = time.perf_counter() - graded
        print()
        print(terminal.summary(batch))
        said = kept_apart.warning(batch.isolation, batch.network, batch.writes)
        if said is not None:
            print(f"\n{said.replace('warning: ', 'note: ', 1)} ({isolation_report().reason})")
        fault_line = summary_line(faults.faults, shown(faults.path))
        if fault_line is not None:
            print(f"\n{fault_line}")
        if batch.limits == "per-process":
            print(f"\nnote: memory and process limits held for each process, not for each "
                  f"submission as a whole ({isolation_report().limits_reason})")
        if args.executor == "local" and not isolation_report().filtered:
            print(f"\nnote: student code ran without the system-call deny-list "
                  f"({isolation_report().filter_reason})")
        print(f"\nwrote {shown(out)}")
        if config.feedback:
            before = time.perf_counter()
            written = feedback.write_all(batch, config.out / feedback.FOLDER)
            writing += time.perf_counter() - before
            print(f"wrote {len(written)} feedback files to "
                  f"{shown(config.out / feedback.FOLDER)}/")
        timings.batch(submissions=len(paths), executor=args.executor, jobs=config.jobs,
                      prepare=prepared - started, grade=graded - prepared, write=writing)
    attention = faults.faults or any(needs_attention(s) for s in batch.submissions)
    return EXIT_ATTENTION if attention else EXIT_OK


def start_sandboxes() -> None:
    """Start this process's zygote now, on a thread: its interpreter imports numpy on
    another core while this one imports the grading stack and loads the course, instead
    of after (a few tenths of a second of a small class's wall clock)."""
    def start() -> None:
        isolation_report()

    threading.Thread(target=start, daemon=True, name="zygote-start").start()


def executor_from(args: argparse.Namespace, jobs: int) -> Executor:
    """Local workers, or a dask cluster (only then is dask imported)."""
    if args.executor == "dask":
        from grader.pipeline.dask_executor import DaskExecutor  # distributed, an optional extra

        return DaskExecutor(args.scheduler, workers=jobs)
    from grader.pipeline.workers import LocalWorkers  # numpy, sympy: keeps `grade --help` light

    return LocalWorkers(jobs)


@contextlib.contextmanager
def progress_for(stream: TextIO, total: int,
                 quiet: bool) -> Iterator[Callable[[SubmissionResult], None]]:
    """A callback told of each graded submission: a bar (with a line per submission above
    it) for a person at a terminal; plain lines, no escape codes, for logs and CI."""
    if quiet:
        yield lambda result: None
        return
    if not is_terminal(stream):
        yield lambda result: print(terminal.submission_line(result), file=stream, flush=True)
        return

    with tqdm(total=total, file=stream, unit="notebook", desc="grading",
              dynamic_ncols=True) as bar:

        def update(result: SubmissionResult) -> None:
            bar.write(terminal.submission_line(result), file=stream)
            bar.update()

        yield update
