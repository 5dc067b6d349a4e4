"""`grade export gradescope|canvas|lti`: hand the results (or the grader) to an LMS."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from grader.autograder import build
from grader.cli.common import EXIT_ATTENTION, EXIT_OK, course_from
from grader.cli.outdir import add_out_argument, add_subcommand, results_in
from grader.config import load_config, override
from grader.errors import UsageError
from grader.pipeline.layout import parse_canvas, recency
from grader.reports import canvas, feedback, lti
from grader.reports.inert import one_line
from grader.reports.newest import keep_newest
from grader.results import AWAITING_PERSON, BatchResult, SubmissionResult

SUMMARY = "export to an LMS: the Gradescope autograder zip, a Canvas CSV, LTI scores"
CANVAS_FILE = "canvas.csv"
LTI_FOLDER = "lti"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    targets = parser.add_subparsers(dest="target", metavar="LMS", required=True)
    gradescope = add_subcommand(targets, "gradescope", "build the Gradescope autograder zip")
    gradescope.add_argument("--out", type=Path, default=Path("autograder.zip"),
                            help="the zip to write (default: autograder.zip)")
    canvas = add_subcommand(targets, "canvas", "write OUT/canvas.csv for a Canvas "
                            "gradebook import")
    add_out_argument(canvas)
    canvas.add_argument("--roster", type=Path, required=True, metavar="CSV",
                        help="the class roster: a Canvas gradebook export, or any CSV with "
                        "its Student, ID, SIS User ID, SIS Login ID, Section columns")
    canvas.add_argument("--assignment", default=None, metavar="NAME",
                        help="the assignment's name in Canvas (overrides canvas.assignment "
                        "in grader.toml; default: the course title)")
    canvas.add_argument("--assignment-id", default=None, metavar="ID",
                        help="the Canvas assignment id (overrides canvas.assignment_id); "
                        "without one Canvas creates a new assignment")
    lti = add_subcommand(targets, "lti", "write one LTI Assignment and Grade Services score "
                         "per student under OUT/lti/")
    add_out_argument(lti)
    lti.add_argument("--users", type=Path, default=None, metavar="CSV",
                     help="a CSV with the columns student,userId mapping students to LTI user "
                     "ids (default: the student's name is the userId)")
    lti.add_argument("--timestamp", default=None, metavar="TIME",
                     help="the scores' ISO 8601 timestamp with a timezone (default: now)")


def run(args: argparse.Namespace) -> int:
    return {"gradescope": _gradescope, "canvas": _canvas, "lti": _lti}[args.target](args)


def _gradescope(args: argparse.Namespace) -> int:
    out: Path = args.out
    if out.suffix != ".zip":
        raise UsageError(str(out), "expected a .zip file name")
    entries = build.build_zip(course_from(args), out)
    print(f"wrote {out}: {len(entries)} files; upload it as the assignment's autograder "
          "(manual parts become Gradescope questions graded by a person)")
    return EXIT_OK


def _canvas(args: argparse.Namespace) -> int:
    batch = results_in(args.out)
    matching = canvas.match(batch, canvas.read_roster(args.roster), _canvas_user_ids(batch),
                            rank=_recency(batch))
    # grader.toml's [canvas] table, with --assignment and --assignment-id applied over it
    config = override(load_config(args.course), assignment=args.assignment,
                      assignment_id=args.assignment_id)
    path = args.out / CANVAS_FILE
    path.write_text(canvas.gradebook_csv(matching, config.canvas_assignment or batch.course,
                                         config.canvas_assignment_id, _points(batch)),
                    encoding="utf-8")
    print(f"wrote {path}: {len(matching.pairs)} students")
    _warn("not in the roster (no row written)",
          (f"{s.student} ({s.submission})" for s in matching.not_in_roster))
    _warn("in more than one roster row (no row written)",
          (f"{s.student} ({s.submission}): rows " + ", ".join(str(r.row) for r in rows)
           for s, rows in matching.ambiguous))
    _warn("in the roster with no submission",
          (f"{r.student} (ID {r.id or r.sis_user_id or r.sis_login_id})"
           for r in matching.no_submission))
    _warn_older(matching.superseded, "one row per Canvas ID")
    _warn_pending(s for _, s in matching.pairs)
    problems = matching.not_in_roster or matching.ambiguous or matching.superseded
    return EXIT_ATTENTION if problems else EXIT_OK


def _lti(args: argparse.Namespace) -> int:
    batch = results_in(args.out)
    users = lti.read_users(args.users) if args.users else None
    timestamp = lti.timestamp(args.timestamp)
    folder = args.out / LTI_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.json"):
        stale.unlink()
    mapped, unmapped = [], []
    # Named as the feedback files are: OUT/feedback/alice.md, OUT/lti/alice.json.
    for result, name in zip(batch.submissions, feedback.file_names(batch), strict=True):
        user_id = result.student if users is None else users.get(result.student)
        if user_id is None:
            unmapped.append(f"{result.student} ({result.submission})")
        else:
            mapped.append((result, name, user_id))
    newest = _recency(batch)
    kept, dropped = keep_newest(mapped, key=lambda item: item[2],
                                rank=lambda item: newest(item[0]))
    for result, name, user_id in kept:
        score = lti.score(result, user_id, timestamp)
        (folder / Path(name).with_suffix(".json")).write_text(lti.dumps(score), encoding="utf-8")
    print(f"wrote {len(kept)} score objects ({lti.SCORE_MEDIA_TYPE}) to {folder}/")
    _warn("not in the user mapping (no score written)", unmapped)
    _warn_older([(old[0], new[0]) for old, new in dropped], "one score per LTI user")
    if users is not None:
        graded = {s.student for s in batch.submissions}
        _warn("in the user mapping with no submission", sorted(set(users) - graded))
    _warn_pending(result for result, _, _ in kept)
    return EXIT_ATTENTION if unmapped or dropped else EXIT_OK


def _canvas_user_ids(batch: BatchResult) -> dict[str, str]:
    """Canvas user ids by submission, for notebooks named as Canvas downloads name them."""
    names = {s.submission: parse_canvas(Path(s.submission).name) for s in batch.submissions}
    return {submission: name.user_id for submission, name in names.items() if name}


def _recency(batch: BatchResult) -> Callable[[SubmissionResult], tuple[object, ...]]:
    """How recent a submission is among its student's: by its Canvas file name (late,
    re-uploaded, its id: layout.recency), then by its place in the results, last newest."""
    order = {s.submission: index for index, s in enumerate(batch.submissions)}
    return lambda result: (*recency(result.submission), order[result.submission])


def _warn_older(pairs: Iterable[tuple[SubmissionResult, SubmissionResult]],
                rule: str) -> None:
    _warn(f"older submissions left out ({rule}; the newest kept)",
          (f"{old.student} ({old.submission}; kept {new.submission})" for old, new in pairs))


def _points(batch: BatchResult) -> float:
    return max((s.max_score for s in batch.submissions), default=0.0)


def _warn(what: str, names: Iterable[str]) -> None:
    """One line on stderr; the names are students' and submissions', control characters
    stripped."""
    listed = [one_line(name) for name in names]
    if listed:
        print(f"grade: warning: {len(listed)} {what}: {'; '.join(listed)}", file=sys.stderr)


def _warn_pending(results: Iterable[SubmissionResult]) -> None:
    waiting = [s.student for s in results
               if s.parts_in(AWAITING_PERSON)]
    _warn("with parts still waiting for a person (exported as graded so far; run grade "
          "manual export)", waiting)
