"""The `grade` command: a thin layer over the library, and the only module that prints.

    grade SUBMISSIONS_DIR --out OUT     grade every notebook in a folder
    grade validate                      check the specs, and self-test every check
    grade build                         write the student template and the solved notebook
    grade check NOTEBOOK                grade one notebook and show its feedback

Exit codes: 0 all graded; 1 some submissions need attention (unreadable, timed out,
crashed, or parts flagged for review); 2 a usage, course or spec error.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from grader import __version__
from grader.course import Course, load_course
from grader.errors import GraderError, UsageError, describe
from grader.results import SubmissionResult

EXIT_OK, EXIT_ATTENTION, EXIT_USAGE = 0, 1, 2
COMMANDS = ("validate", "build", "check")


class Parser(argparse.ArgumentParser):
    """argparse, but a bad flag is one line and exit code 2, not usage text."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] in COMMANDS:
            return _COMMANDS[args[0]](_parser(args[0]).parse_args(args[1:]))
        return grade(_parser(None).parse_args(args))
    except GraderError as error:
        print(f"grade: error: {describe(error)}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("grade: interrupted", file=sys.stderr)
        return 130


def _parser(command: str | None) -> Parser:
    course_help = "the course folder (grader.toml, exercises/, solutions/); default: ."
    if command is None:
        parser = Parser(
            prog="grade",
            description="Grade a folder of Jupyter notebooks against the course's exercises.",
            epilog="commands:\n"
            "  grade validate [--course DIR]      check every spec and reference\n"
            "  grade build [--course DIR]         write student_template/ and the solved "
            "notebook\n"
            "  grade check NOTEBOOK               grade one notebook and show its feedback\n\n"
            "exit codes: 0 all graded, 1 some submissions need attention, "
            "2 usage or course error",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        parser.add_argument("submissions", type=Path, metavar="SUBMISSIONS_DIR",
                            help="folder of .ipynb files (flat, or one folder per student)")
        parser.add_argument("--out", type=Path, default=Path("out"),
                            help="where results.json goes (default: out)")
        parser.add_argument("--quiet", action="store_true", help="print only the summary")
        parser.add_argument("--version", action="version", version=f"grade {__version__}")
    else:
        parser = Parser(prog=f"grade {command}")
        if command == "check":
            parser.add_argument("notebook", type=Path, metavar="NOTEBOOK")
        if command == "build":
            parser.add_argument("--out", type=Path, default=None,
                                help="folder for the template (default: COURSE/student_template)")
    parser.add_argument("--course", type=Path, default=Path("."), help=course_help)
    if command in (None, "check"):
        parser.add_argument("--timeout", type=_positive, default=None, metavar="SECONDS",
                            help="wall-clock limit for running one notebook (overrides "
                            "grader.toml)")
    return parser


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, got {text}")
    return value


def _course(args: argparse.Namespace) -> Course:
    root: Path = args.course
    if not (root / "exercises").is_dir():
        raise UsageError(str(root), "no course here (expected an exercises/ folder); "
                         "pass --course DIR")
    return load_course(root)


def _gradebook(args: argparse.Namespace):  # noqa: ANN202  (keeps the pipeline import lazy)
    from grader.pipeline import limits_from, prepare_course

    course = _course(args)
    limits = limits_from(course.limits)
    if getattr(args, "timeout", None):
        limits = dataclasses.replace(limits, notebook_timeout_s=args.timeout)
    return prepare_course(course, limits)


def grade(args: argparse.Namespace) -> int:
    from grader.pipeline import grade_folder
    from grader.reports import results_json, terminal

    folder: Path = args.submissions
    if not folder.is_dir():
        raise UsageError(str(folder), "not a folder of submissions")
    gradebook = _gradebook(args)

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
    return EXIT_ATTENTION if any(_needs_attention(s) for s in batch.submissions) else EXIT_OK


def _needs_attention(result: SubmissionResult) -> bool:
    return result.status != "graded" or any(
        p.verdict in ("needs_review", "error") for e in result.exercises for p in e.parts
    )


def validate(args: argparse.Namespace) -> int:
    from grader.errors import SpecError
    from grader.pipeline import prepare_course
    from grader.selftest import self_test

    course = _course(args)
    gradebook = prepare_course(course)
    findings = self_test(course, dict(gradebook.checks))
    for finding in findings:
        error = SpecError(finding.part.spec_file, finding.where, finding.problem)
        print(f"grade: error: {describe(error)}", file=sys.stderr)
    if findings:
        return EXIT_USAGE
    parts = len(course.parts)
    print(f"{course.title}: {len(course.exercises)} exercises, {parts} parts, "
          f"{course.max_score:g} points: all specs and references valid, every reference "
          "earns full credit and no known mistake does")
    return EXIT_OK


def build(args: argparse.Namespace) -> int:
    from grader.notebook.template import build_solved, build_template, dumps

    course = _course(args)
    out = args.out or course.root / "student_template"
    out.mkdir(parents=True, exist_ok=True)
    template = out / "homework.ipynb"
    template.write_text(dumps(build_template(course)), encoding="utf-8")
    solved = course.root / "solutions" / "solved.ipynb"
    solved.write_text(dumps(build_solved(course)), encoding="utf-8")
    print(f"wrote {template}\nwrote {solved}")
    return EXIT_OK


def check(args: argparse.Namespace) -> int:
    from grader.pipeline import grade_notebook
    from grader.reports import feedback

    path: Path = args.notebook
    if not path.is_file():
        raise UsageError(str(path), "no such notebook")
    result = grade_notebook(path, _gradebook(args))
    print(feedback.markdown(result), end="")
    return EXIT_ATTENTION if _needs_attention(result) else EXIT_OK


_COMMANDS = {"validate": validate, "build": build, "check": check}


if __name__ == "__main__":
    sys.exit(main())
