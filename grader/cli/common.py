"""What every command shares: the argument parser, the course option, exit codes."""

from __future__ import annotations

import argparse
import dataclasses
import gc
import os
from pathlib import Path
from typing import NoReturn, TextIO

from grader.config import override
from grader.course import Course, load_course
from grader.errors import UsageError
from grader.pipeline.gradebook import Gradebook, limits_from, prepare_course
from grader.results import NEEDS_ATTENTION, SubmissionResult

EXIT_OK, EXIT_ATTENTION, EXIT_USAGE = 0, 1, 2


class Parser(argparse.ArgumentParser):
    """argparse, but a bad flag is one line and exit code 2, not usage text."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def add_course_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--course", type=Path, default=Path("."),
                        help="the course folder (grader.toml, exercises/, solutions/); "
                        "default: .")


def add_timeout_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--timeout", type=positive_seconds, default=None, metavar="SECONDS",
                        help="CPU-time limit for running one notebook (overrides "
                        "grader.toml)")


def positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, got {text}")
    return value


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text}")
    return value


def shown(path: Path) -> str:
    """A path as the user would type it: relative to the current folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def course_from(args: argparse.Namespace, *, timeout: float | None = None,
                jobs: int | None = None, out: Path | None = None) -> Course:
    """The course of `--course`, with the settings this command overrides, passed by name,
    applied to its config: the only way flags reach a setting."""
    root: Path = args.course
    if not (root / "exercises").is_dir():
        raise UsageError(str(root), "no course here (expected an exercises/ folder); "
                         "pass --course DIR")
    course = load_course(root)
    return dataclasses.replace(course, config=override(course.config, timeout=timeout, jobs=jobs,
                                                               out=out))


def gradebook_from(course: Course) -> Gradebook:
    gradebook = prepare_course(course, limits_from(course.config.limits))
    # What is loaded by now lives as long as the process: out of the collector's sight,
    # each collection while grading walks only what grading creates.
    gc.freeze()
    return gradebook


def is_terminal(stream: TextIO) -> bool:
    """Progress bars and colour only for a person at a terminal, never under CI."""
    return stream.isatty() and not os.environ.get("CI")


def needs_attention(result: SubmissionResult) -> bool:
    """A problem with the file or the run, a part for a person, or a notebook another
    student handed in too."""
    return result.status != "graded" or bool(result.same_as) or any(
        p.verdict in NEEDS_ATTENTION for p in result.parts
    )
