"""`grade build`: write the student template and the instructors' solved notebook; with
`--student OUT`, the bundle students check themselves with."""

from __future__ import annotations

import argparse
from pathlib import Path

from grader.cli.common import EXIT_OK, course_from, shown

SUMMARY = "write student_template/homework.ipynb and solutions/solved.ipynb, or a student bundle"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, default=None, dest="template_dir",
                        help="folder for the template (default: COURSE/student_template)")
    parser.add_argument("--student", type=Path, default=None, metavar="OUT",
                        help="instead, write the student bundle to the folder OUT (or the "
                        "zip OUT.zip): template, grader and public checks, no solutions")


def run(args: argparse.Namespace) -> int:
    from grader.notebook.template import (  # nbformat, numpy: keeps `grade --help` light
        build_solved,
        build_template,
        dumps,
    )

    course = course_from(args)
    if args.student is not None:
        from grader.student.bundle import write_bundle  # numpy: keeps `grade --help` light

        print(f"wrote {shown(write_bundle(course, args.student))}")
        return EXIT_OK
    out = args.template_dir or course.root / "student_template"
    out.mkdir(parents=True, exist_ok=True)
    template = out / "homework.ipynb"
    template.write_text(dumps(build_template(course)), encoding="utf-8")
    solved = course.root / "solutions" / "solved.ipynb"
    solved.write_text(dumps(build_solved(course)), encoding="utf-8")
    print(f"wrote {template}\nwrote {solved}")
    return EXIT_OK
