"""`grade SUBMISSIONS_DIR --out OUT`: grade a folder, write results.json and feedback files,
print a summary."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO

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
from grader.results import SubmissionResult

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
    add_timeout_option(parser)


def run(args: argparse.Namespace) -> int:
    from grader.pipeline import find_submissions, grade_folder
    from grader.reports import feedback, results_json, terminal

    folder: Path = args.submissions
    if not folder.is_dir():
        raise UsageError(str(folder), "not a folder of submissions")
    course = course_from(args)
    config = course.config
    gradebook = gradebook_from(args, course)
    paths = find_submissions(folder)
    if not paths:
        raise UsageError(str(folder), "no .ipynb notebooks found")
    with progress_for(sys.stdout, len(paths), quiet=args.quiet) as progress:
        batch = grade_folder(folder, gradebook, on_result=progress, jobs=config.jobs,
                             paths=paths)
    # Scores a person gave with `grade manual import` survive re-grading (grader/manual.py).
    from grader.manual import keep_scores
    batch = keep_scores(batch, config.out)
    out = config.out / "results.json"
    results_json.write(batch, out)
    print()
    print(terminal.summary(batch))
    if batch.isolation == "limits-only":
        from grader.sandbox import isolation_report
        print(f"\nnote: student code ran with resource limits only, not isolated from this "
              f"machine's files and network ({isolation_report().reason})")
    print(f"\nwrote {shown(out)}")
    if config.feedback:
        written = feedback.write_all(batch, config.out / feedback.FOLDER)
        print(f"wrote {len(written)} feedback files to {shown(config.out / feedback.FOLDER)}/")
    return EXIT_ATTENTION if any(needs_attention(s) for s in batch.submissions) else EXIT_OK


@contextlib.contextmanager
def progress_for(stream: TextIO, total: int,
                 quiet: bool) -> Iterator[Callable[[SubmissionResult], None]]:
    """A callback told of each graded submission: a bar (with a line per submission above
    it) for a person at a terminal; plain lines, no escape codes, for logs and CI."""
    from grader.reports import terminal

    if quiet:
        yield lambda result: None
        return
    if not is_terminal(stream):
        yield lambda result: print(terminal.submission_line(result), file=stream, flush=True)
        return
    from tqdm import tqdm

    with tqdm(total=total, file=stream, unit="notebook", desc="grading",
              dynamic_ncols=True) as bar:

        def update(result: SubmissionResult) -> None:
            bar.write(terminal.submission_line(result), file=stream)
            bar.update()

        yield update
