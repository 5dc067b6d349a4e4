"""`grade check NOTEBOOK`: grade one notebook and print its feedback, for students."""

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

SUMMARY = "grade one notebook and show its feedback"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("notebook", type=Path, metavar="NOTEBOOK")
    add_timeout_option(parser)


def run(args: argparse.Namespace) -> int:
    from grader.pipeline import grade_notebook
    from grader.reports import feedback

    path: Path = args.notebook
    if not path.is_file():
        raise UsageError(str(path), "no such notebook")
    result = grade_notebook(path, gradebook_from(args))
    print(feedback.markdown(result), end="")
    return EXIT_ATTENTION if needs_attention(result) else EXIT_OK
