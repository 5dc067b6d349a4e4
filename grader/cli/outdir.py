"""The output folder `grade SUBMISSIONS_DIR --out OUT` wrote, read by export, report, manual."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from grader.errors import UsageError
from grader.reports import results_json
from grader.reports.results_json import FILE as RESULTS_FILE
from grader.results import BatchResult


def add_out_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", type=Path, metavar="OUT",
                        help="the folder `grade SUBMISSIONS_DIR --out OUT` wrote")


def results_in(out: Path) -> BatchResult:
    """OUT/results.json, or one line saying why it cannot be used."""
    path = out / RESULTS_FILE
    if not path.is_file():
        raise UsageError(str(path), "no results here; run `grade SUBMISSIONS_DIR --out "
                         f"{out}` first")
    try:
        return results_json.read(path)
    except (json.JSONDecodeError, UnicodeDecodeError, KeyError, TypeError) as error:
        raise UsageError(str(path), f"not a results file ({type(error).__name__}: "
                         f"{error})") from None


def add_subcommand(subparsers: argparse._SubParsersAction, name: str,
                   summary: str) -> argparse.ArgumentParser:
    """A sub-subcommand (`grade export canvas`) that also takes --course after its name."""
    parser = subparsers.add_parser(name, help=summary, description=summary)
    parser.add_argument("--course", type=Path, default=argparse.SUPPRESS,
                        help="the course folder (default: .)")
    return parser
