"""`grade check NOTEBOOK`: a student's self-check, the public parts' feedback as Markdown.

It grades exactly as the final grade does, only fewer parts: those not marked hidden. In a
student bundle (`grade build --student`) the public checks come precomputed, since a bundle
has no solutions/.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from grader.cli.common import (
    EXIT_ATTENTION,
    EXIT_OK,
    add_timeout_option,
    course_from,
    gradebook_from,
    needs_attention,
)
from grader.errors import UsageError
from grader.reports import feedback
from grader.reports.inert import printable
from grader.student.public import hidden_parts, public_gradebook

SUMMARY = "check one notebook's public parts and show their feedback"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("notebook", type=Path, metavar="NOTEBOOK")
    parser.add_argument("--part", action="append", default=[], metavar="ID", dest="parts",
                        help="check only this part (repeatable; default: every public part)")
    parser.add_argument("--all", action="store_true", dest="all_parts",
                        help="for instructors: grade hidden parts too (needs solutions/)")
    add_timeout_option(parser)


def run(args: argparse.Namespace) -> int:
    from grader.pipeline.executors import (  # numpy, sympy: keeps `grade --help` light
        Task,
        grade_task,
    )

    path: Path = args.notebook
    if not path.is_file():
        raise UsageError(str(path), "no such notebook")
    course = course_from(args, timeout=args.timeout)
    if args.all_parts:
        if course.config.is_bundle:
            raise UsageError("--all", "a student bundle has no hidden parts to grade")
        result = grade_task(Task(path, path.name, path.stem), gradebook_from(course)).result
        print(printable(feedback.markdown(result)), end="")
    else:
        gradebook = public_gradebook(course, tuple(args.parts))
        result = grade_task(Task(path, path.name, path.stem), gradebook).result
        hidden = () if args.parts else hidden_parts(course)
        print(printable(feedback.self_check(result, hidden)), end="")
    return EXIT_ATTENTION if needs_attention(result) else EXIT_OK
