"""LTI Assignment and Grade Services scores: goldens, the AGS schema, the export command."""

from __future__ import annotations

import dataclasses
import json
import subprocess
from pathlib import Path

import jsonschema
import pytest

from grader.errors import UsageError, describe_error
from grader.reports import lti, results_json
from grader.results import BatchResult
from tests.conftest import ROOT
from tests.reports.sample import sample_batch
from tests.test_cli import run

SCHEMA = json.loads((ROOT / "grader" / "schemas" / "lti-score.schema.json").read_text())
WHEN = "2024-05-01T12:00:00.000+00:00"


def validate(score: dict) -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.Draft202012Validator(SCHEMA).validate(score)


def test_scores_match_goldens_and_the_ags_schema(golden):
    for result in sample_batch().submissions:
        score = lti.score(result, f"user-{result.student}", WHEN)
        validate(score)
        golden(f"lti_{result.student}.json", lti.dumps(score))


@pytest.mark.parametrize(("change", "progress"), [
    ({}, "PendingManual"),                                   # alice: a proof waits
    ({"status": "error", "detail": "grader failed"}, "Failed"),
    ({"status": "timeout", "detail": "cell 3 timed out"}, "PendingManual"),
    ({"status": "duplicate", "exercises": ()}, "PendingManual"),
    ({"status": "crashed", "exercises": ()}, "FullyGraded"),
])
def test_grading_progress(change, progress):
    result = dataclasses.replace(sample_batch().submissions[0], **change)
    assert lti.grading_progress(result) == progress


def test_fully_graded_once_nothing_waits():
    alice = sample_batch().submissions[0]
    parts = tuple(dataclasses.replace(p, verdict="correct") for p in alice.exercises[0].parts)
    done = dataclasses.replace(alice, exercises=(
        dataclasses.replace(alice.exercises[0], parts=parts),))
    assert lti.grading_progress(done) == "FullyGraded"
    assert "person" not in lti.comment(done)


@pytest.mark.parametrize(("score", "problem"), [
    ({"userId": ""}, "should be non-empty"),
    ({"timestamp": "2024-05-01T12:00:00"}, "does not match"),
    ({"gradingProgress": "Done"}, "is not one of"),
    ({"activityProgress": "Finished"}, "is not one of"),
    ({"scoreMaximum": 0}, "less than or equal to the minimum"),
    ({"scoreGiven": -1}, "less than the minimum"),
    ({"grade": 5}, "'grade' does not match any of the regexes"),
])
def test_the_schema_refuses_what_ags_refuses(score, problem):
    good = lti.score(sample_batch().submissions[0], "u1", WHEN)
    with pytest.raises(jsonschema.ValidationError, match=problem):
        validate({**good, **score})


def test_the_schema_lets_platform_extensions_through():
    good = lti.score(sample_batch().submissions[0], "u1", WHEN)
    validate({**good, "https://canvas.instructure.com/lti/submission": {"new_submission": True}})


@pytest.mark.parametrize(("text", "expected"), [
    ("2024-05-01T12:00:00Z", WHEN),
    ("2024-05-01T14:00:00+02:00", "2024-05-01T14:00:00.000+02:00"),
    ("2024-05-01T12:00:00.123456+00:00", "2024-05-01T12:00:00.123+00:00"),
])
def test_timestamps_keep_their_timezone(text, expected):
    assert lti.timestamp(text) == expected


@pytest.mark.parametrize(("text", "message"), [
    ("2024-05-01T12:00:00", "--timestamp: expected a timezone (e.g. 2024-05-01T12:00:00+00:00)"
     ", got '2024-05-01T12:00:00'"),
    ("yesterday", "--timestamp: expected an ISO 8601 time, got 'yesterday'"),
])
def test_a_timestamp_without_a_timezone_is_refused(text, message):
    with pytest.raises(UsageError) as caught:
        lti.timestamp(text)
    assert describe_error(caught.value) == message


def test_now_has_a_timezone():
    validate(lti.score(sample_batch().submissions[0], "u1", lti.timestamp()))


@pytest.mark.parametrize(("text", "message"), [
    ("student,user\nalice,1\n", "row 1: expected the columns student, userId"),
    ("student,userId\nalice,\n", "row 2: expected a student and a userId"),
    ("student,userId\nalice,1\nalice,2\n", "row 3: 'alice' is listed twice"),
])
def test_a_bad_user_mapping_is_one_line(tmp_path, text, message):
    path = tmp_path / "users.csv"
    path.write_text(text)
    with pytest.raises(UsageError) as caught:
        lti.read_users(path)
    assert describe_error(caught.value) == f"{path}: {message}"


def export(out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run("export", "lti", str(out), *args, cwd=out)


def test_export_command_writes_one_file_per_student(tmp_path, golden):
    results_json.write(sample_batch(), tmp_path / "results.json")
    (tmp_path / "lti").mkdir()
    (tmp_path / "lti" / "old.json").write_text("{}")
    users = tmp_path / "users.csv"
    users.write_text("student,userId\nalice,user-alice\nbob,user-bob\ncarol,user-carol\n")
    done = export(tmp_path, "--users", str(users), "--timestamp", WHEN)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "lti").iterdir()) == ["alice.json", "bob.json"]
    for name in ("alice", "bob"):
        golden(f"lti_{name}.json", (tmp_path / "lti" / f"{name}.json").read_text())
    assert "1 in the user mapping with no submission: carol" in done.stderr


def test_export_reports_students_missing_from_the_mapping(tmp_path):
    results_json.write(sample_batch(), tmp_path / "results.json")
    users = tmp_path / "users.csv"
    users.write_text("student,userId\nalice,u1\n")
    done = export(tmp_path, "--users", str(users), "--timestamp", WHEN)
    assert done.returncode == 1
    assert "grade: warning: 1 not in the user mapping (no score written): bob (bob/hw.ipynb)" \
        in done.stderr
    assert json.loads((tmp_path / "lti" / "alice.json").read_text())["userId"] == "u1"
    default = export(tmp_path, "--timestamp", WHEN)
    assert json.loads((tmp_path / "lti" / "bob.json").read_text())["userId"] == "bob"
    assert default.returncode == 0


@pytest.mark.parametrize(("args", "message"), [
    (["--timestamp", "noon"], "grade: error: --timestamp: expected an ISO 8601 time, got "
     "'noon'"),
    (["--bogus"], "grade export: error: unrecognized arguments: --bogus"),
])
def test_export_usage_errors_are_one_line(tmp_path, args, message):
    results_json.write(sample_batch(), tmp_path / "results.json")
    done = export(tmp_path, *args)
    assert (done.returncode, done.stderr) == (2, message + "\n")


def test_export_without_results_says_what_to_run(tmp_path):
    done = export(tmp_path)
    assert done.returncode == 2
    assert done.stderr == (f"grade: error: {tmp_path}/results.json: no results here; run "
                           f"`grade SUBMISSIONS_DIR --out {tmp_path}` first\n")


def test_one_score_per_user_the_newest_kept_the_others_named(tmp_path):
    alice, bob = sample_batch().submissions
    late = dataclasses.replace(alice, submission="liddellalice_LATE_1001_70_hw.ipynb",
                               student="alice", score=4.0)
    first = dataclasses.replace(alice, submission="liddellalice_1001_50_hw.ipynb",
                                student="alice", score=1.0)
    results_json.write(BatchResult("c", "0", (late, first, bob)), tmp_path / "results.json")
    done = export(tmp_path, "--timestamp", WHEN)
    assert done.returncode == 1
    scores = {p.name: json.loads(p.read_text()) for p in (tmp_path / "lti").iterdir()}
    assert sorted(scores) == ["alice.json", "bob.json"]
    assert (scores["alice.json"]["userId"], scores["alice.json"]["scoreGiven"]) == ("alice", 4)
    assert ("grade: warning: 1 older submissions left out (one score per LTI user; the "
            "newest kept): alice (liddellalice_1001_50_hw.ipynb; kept "
            "liddellalice_LATE_1001_70_hw.ipynb)") in done.stderr.splitlines()
