"""`grade manual export|import OUT`: a rubric sheet for a person, and their scores merged back."""

from __future__ import annotations

import argparse
from pathlib import Path

from grader import manual
from grader.cli.common import EXIT_OK, course_from
from grader.cli.outdir import RESULTS_FILE, add_out_argument, add_subcommand, results_in

SUMMARY = "write a rubric sheet of parts a person grades, or merge the filled sheet back"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    export = add_subcommand(actions, "export", "write OUT/manual.csv: every pending_manual "
                            "part with the student's answer and the rubric")
    add_out_argument(export)
    export.add_argument("--review", action="store_true",
                        help="also list parts flagged needs_review")
    merge = add_subcommand(actions, "import", "merge a filled sheet's scores and comments "
                           "into OUT/results.json (kept when grading again)")
    add_out_argument(merge)
    merge.add_argument("sheet", type=Path, metavar="SHEET", help="the filled CSV sheet")


def run(args: argparse.Namespace) -> int:
    return _export(args) if args.action == "export" else _import(args)


def _export(args: argparse.Namespace) -> int:
    rows = manual.sheet_rows(results_in(args.out), manual.rubrics_of(course_from(args)),
                             review=args.review)
    path = args.out / manual.SHEET_FILE
    manual.write_sheet(rows, path)
    students = len({row.student for row in rows})
    print(f"wrote {path}: {len(rows)} parts of {students} students to grade")
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    batch = results_in(args.out)
    scores = manual.read_sheet(args.sheet, batch)
    merged = manual.merge(args.out, batch, scores)
    waiting = sum(p.verdict == "pending_manual"
                  for s in merged.submissions for p in s.parts)
    print(f"merged {len(scores)} scores into {args.out / RESULTS_FILE} "
          f"(kept in {args.out / manual.SCORES_FILE}); {waiting} parts still wait for a person")
    return EXIT_OK
