"""`grade SUBMISSIONS_DIR --out OUT`: grade a folder, write results.json, print a summary."""

from __future__ import annotations

import argparse
from pathlib import Path

from grader.cli.common import (
    EXIT_ATTENTION,
    EXIT_OK,
    add_timeout_option,
    gradebook_from,
    needs_attention,
)
from grader.errors import UsageError
from grader.results import SubmissionResult

SUMMARY = "Grade a folder of Jupyter notebooks against the course's exercises."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("submissions", type=Path, metavar="SUBMISSIONS_DIR",
                        help="folder of .ipynb files (flat, or one folder per student)")
    parser.add_argument("--out", type=Path, default=Path("out"),
                        help="where results.json goes (default: out)")
    parser.add_argument("--quiet", action="store_true", help="print only the summary")
    add_timeout_option(parser)


def run(args: argparse.Namespace) -> int:
    from grader.pipeline import grade_folder
    from grader.reports import results_json, terminal

    folder: Path = args.submissions
    if not folder.is_dir():
        raise UsageError(str(folder), "not a folder of submissions")
    gradebook = gradebook_from(args)

    def progress(result: SubmissionResult) -> None:
        if not args.quiet:
            print(terminal.submission_line(result), flush=True)

    batch = grade_folder(folder, gradebook, on_result=progress)
    if not batch.submissions:
        raise UsageError(str(folder), "no .ipynb notebooks found")
    out = args.out / "results.json"
    results_json.write(batch, out)
    print()
    print(terminal.summary(batch))
    print(f"\nwrote {out}")
    return EXIT_ATTENTION if any(needs_attention(s) for s in batch.submissions) else EXIT_OK
