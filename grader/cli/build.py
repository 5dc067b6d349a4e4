"""`grade build`: write the student template and the instructors' solved notebook."""

from __future__ import annotations

import argparse
from pathlib import Path

from grader.cli.common import EXIT_OK, course_from

SUMMARY = "write student_template/homework.ipynb and solutions/solved.ipynb"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, default=None,
                        help="folder for the template (default: COURSE/student_template)")


def run(args: argparse.Namespace) -> int:
    from grader.notebook.template import build_solved, build_template, dumps

    course = course_from(args)
    out = args.out or course.root / "student_template"
    out.mkdir(parents=True, exist_ok=True)
    template = out / "homework.ipynb"
    template.write_text(dumps(build_template(course)), encoding="utf-8")
    solved = course.root / "solutions" / "solved.ipynb"
    solved.write_text(dumps(build_solved(course)), encoding="utf-8")
    print(f"wrote {template}\nwrote {solved}")
    return EXIT_OK
