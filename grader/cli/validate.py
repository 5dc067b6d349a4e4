"""`grade validate`: check every spec, then self-test every check against known answers."""

from __future__ import annotations

import argparse
import sys

from grader.cli.common import EXIT_OK, EXIT_USAGE, course_from
from grader.environment import missing_packages
from grader.errors import SpecError, describe_error
from grader.pipeline.gradebook import prepare_course

SUMMARY = "check every spec and reference, and self-test every check"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """No options beyond --course."""


def run(args: argparse.Namespace) -> int:
    from grader.selftest import self_test  # numpy, sympy: keeps `grade --help` light

    course = course_from(args)
    missing = missing_packages(course.config)
    for package in missing:
        error = SpecError(course.config.file, f"environment.packages[{package.index}]",
                          package.problem)
        print(f"grade: error: {describe_error(error)}", file=sys.stderr)
    if missing:
        return EXIT_USAGE
    gradebook = prepare_course(course)
    findings = self_test(course, dict(gradebook.checks))
    for finding in findings:
        error = SpecError(finding.part.spec_file, finding.where, finding.problem)
        print(f"grade: error: {describe_error(error)}", file=sys.stderr)
    if findings:
        return EXIT_USAGE
    print(f"{course.title}: {len(course.exercises)} exercises, {len(course.parts)} parts, "
          f"{course.max_score:g} points: all specs and references valid, every reference "
          "earns full credit and no known mistake does")
    return EXIT_OK
