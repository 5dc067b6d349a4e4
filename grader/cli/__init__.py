"""The `grade` command: a thin layer over the library, and the only package that prints.

    grade SUBMISSIONS_DIR --out OUT     grade every notebook in a folder
    grade <command> ...                 one module per command in this package

Exit codes: 0 all graded; 1 some submissions need attention (unreadable, timed out,
crashed, parts flagged for review, or the same notebook from two students); 2 a usage,
course or spec error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from types import ModuleType

# Set before numpy is first imported: the grader's own arrays are a few numbers each, and
# an idle OpenBLAS thread pool spins on the cores the sandboxes need.
for _blas in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_blas, "1")

from grader import __version__  # noqa: E402
from grader.cli import (  # noqa: E402
    build,
    check,
    export,
    grade,
    manual,
    report,
    review,
    validate,
)
from grader.cli.closed import ClosableOutput  # noqa: E402
from grader.cli.common import EXIT_USAGE, Parser, add_course_option  # noqa: E402
from grader.errors import GraderError, describe_error  # noqa: E402
from grader.reports.inert import one_line  # noqa: E402

COMMANDS: dict[str, ModuleType] = {
    "validate": validate,
    "build": build,
    "check": check,
    "export": export,
    "report": report,
    "manual": manual,
    "review": review,
}
"""Subcommands by name; each module has SUMMARY, add_arguments(parser) and run(args)."""


def main(argv: Sequence[str] | None = None) -> int:
    if not isinstance(sys.stdout, ClosableOutput):
        sys.stdout = ClosableOutput(sys.stdout)
    args = list(sys.argv[1:] if argv is None else argv)
    command = args[0] if args and args[0] in COMMANDS else None
    try:
        parser = parser_for(command)
        options = parser.parse_args(args[1:] if command else args)
        return (COMMANDS[command] if command else grade).run(options)
    except GraderError as error:
        for line in describe_error(error).splitlines():
            print(one_line(f"grade: error: {line}"), file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("grade: interrupted", file=sys.stderr)
        return 130


def parser_for(command: str | None) -> Parser:
    if command is None:
        listing = "\n".join(f"  grade {name:<10} {module.SUMMARY}"
                            for name, module in COMMANDS.items())
        parser = Parser(
            prog="grade",
            description=grade.SUMMARY,
            epilog=f"commands:\n{listing}\n\nexit codes: 0 all graded, 1 some submissions "
            "need attention, 2 usage or course error",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        grade.add_arguments(parser)
        parser.add_argument("--version", action="version", version=f"grade {__version__}")
    else:
        module = COMMANDS[command]
        parser = Parser(prog=f"grade {command}", description=module.SUMMARY)
        module.add_arguments(parser)
    add_course_option(parser)
    return parser


if __name__ == "__main__":
    sys.exit(main())
