"""LTI 1.3 Assignment and Grade Services: one score object per student.

Each object is what a tool POSTs to the platform's `{lineitem}/scores` endpoint (media type
`application/vnd.ims.lis.v1.score+json`): `userId`, `scoreGiven`, `scoreMaximum`, `comment`,
`timestamp`, `activityProgress`, `gradingProgress`. The LMS shows `comment` to the student
as plain text, so it is a short summary; the full feedback lives in the feedback files.
`grader/schemas/lti-score.schema.json` describes the object; tests hold the output to it.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from grader.errors import UsageError
from grader.results import AWAITING_PERSON, SubmissionResult

SCORE_MEDIA_TYPE = "application/vnd.ims.lis.v1.score+json"
USER_COLUMNS = ("student", "userId")
"""The columns of a `--users` file: the results' student name, and the LMS's LTI user id."""


def score(result: SubmissionResult, user_id: str, timestamp: str) -> dict[str, Any]:
    return {
        "userId": user_id,
        "scoreGiven": result.score,
        "scoreMaximum": result.max_score,
        "comment": comment(result),
        "timestamp": timestamp,
        "activityProgress": "Completed",
        "gradingProgress": grading_progress(result),
    }


def grading_progress(result: SubmissionResult) -> str:
    """`PendingManual` while a person still has a part to grade or review, or must pick
    which of a student's files counts; `Failed` when the grader itself broke (never for the
    student's own crash or timeout, which are graded)."""
    if result.status == "error":
        return "Failed"
    if _waiting(result) or result.status == "duplicate":
        return "PendingManual"
    return "FullyGraded"


def comment(result: SubmissionResult) -> str:
    lines = [f"Score {result.score:g} / {result.max_score:g}."]
    if result.detail:
        lines.append(f"{result.status}: {result.detail}")
    waiting = _waiting(result)
    if waiting:
        lines.append(f"Still to be graded by a person: {', '.join(waiting)}.")
    lines.extend(f"{e.title}: {e.score:g} / {e.max_score:g}" for e in result.exercises)
    return "\n".join(lines)


def dumps(score_object: Mapping[str, Any]) -> str:
    return json.dumps(score_object, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def timestamp(text: str | None = None) -> str:
    """ISO 8601 with milliseconds and a timezone, as AGS asks: now, or a given instant (for
    reproducible exports); a given time without a timezone is refused, not guessed."""
    if text is None:
        moment = datetime.now().astimezone()
    else:
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise UsageError("--timestamp", f"expected an ISO 8601 time, got {text!r}") from None
        if moment.tzinfo is None:
            raise UsageError("--timestamp", f"expected a timezone (e.g. {text}+00:00), "
                             f"got {text!r}")
    return moment.isoformat(timespec="milliseconds")


def read_users(path: Path) -> dict[str, str]:
    """Student name -> LTI user id, from a CSV with the columns `student` and `userId`."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as stream:
            reader = csv.DictReader(stream)
            records = list(reader)
            header = reader.fieldnames or []
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise UsageError(str(path), f"cannot read the user mapping ({error})") from None
    if not set(USER_COLUMNS) <= set(header):
        raise UsageError(f"{path}: row 1", f"expected the columns {', '.join(USER_COLUMNS)}")
    users: dict[str, str] = {}
    for number, record in enumerate(records, start=2):
        student, user_id = (record.get(c, "").strip() for c in USER_COLUMNS)
        if not student or not user_id:
            raise UsageError(f"{path}: row {number}", "expected a student and a userId")
        if student in users:
            raise UsageError(f"{path}: row {number}", f"{student!r} is listed twice")
        users[student] = user_id
    return users


def _waiting(result: SubmissionResult) -> list[str]:
    return [p.id for p in result.parts_in(AWAITING_PERSON)]
