"""Gradescope's results.json: goldens, and the fields and types Gradescope's spec publishes."""

from __future__ import annotations

import json

import jsonschema
import pytest

from grader.reports import gradescope
from tests.conftest import ROOT
from tests.reports.sample import sample_batch

SCHEMA = json.loads((ROOT / "grader" / "schemas" / "gradescope-results.schema.json")
                    .read_text())


def validate(data: dict) -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.Draft202012Validator(SCHEMA).validate(data)


def test_results_match_goldens_and_the_schema(golden):
    for result in sample_batch().submissions:
        data = gradescope.results(result, hidden={"sigmoid_expr"})
        validate(data)
        golden(f"gradescope_{result.student}.json", gradescope.dumps(data))


def test_every_test_has_the_fields_gradescope_reads():
    data = gradescope.results(sample_batch().submissions[1])
    assert set(data) == {"score", "output", "stdout_visibility", "tests"}
    for test in data["tests"]:
        assert set(test) == {"name", "number", "score", "max_score", "status", "output",
                             "visibility"}


def test_manual_parts_are_pending_and_worth_nothing_here():
    alice, bob = (gradescope.results(r) for r in sample_batch().submissions)
    pending = alice["tests"][2]
    assert (pending["score"], pending["max_score"], pending["status"]) == (0, 0, "passed")
    assert pending["output"].startswith("Pending: graded by a person in Gradescope (5 points")
    missing = bob["tests"][2]
    assert missing["status"] == "failed"
    assert missing["output"].startswith("No answer found under the heading '## proof'.")
    assert alice["score"] == sum(t["score"] for t in alice["tests"]) == 2.0
    assert "Autograded score: 2 / 5." in alice["output"]


def test_a_hidden_part_shows_after_grades_are_published():
    data = gradescope.results(sample_batch().submissions[0], hidden={"softmax"})
    assert [t["visibility"] for t in data["tests"]] == ["after_published", "visible", "visible"]


@pytest.mark.parametrize(("field", "value", "problem"), [
    ("stdout_visibility", "sometimes", "is not one of"),
    ("score", "5", "is not of type 'number'"),
    ("verdict", "ok", "Additional properties"),
])
def test_the_schema_refuses_what_gradescope_refuses(field, value, problem):
    data = {**gradescope.results(sample_batch().submissions[0]), field: value}
    with pytest.raises(jsonschema.ValidationError, match=problem):
        validate(data)


def test_a_test_with_an_unknown_status_is_refused():
    data = gradescope.results(sample_batch().submissions[0])
    data["tests"][0]["status"] = "pending"
    with pytest.raises(jsonschema.ValidationError, match="is not one of"):
        validate(data)


def test_an_upload_without_a_notebook_still_gets_results():
    data = gradescope.no_submission("No notebook.")
    validate(data)
    assert (data["score"], data["tests"], data["output"]) == (0, [], "No notebook.")


@pytest.mark.parametrize(("status", "line"), [
    ("timeout", "The notebook did not run to the end (timeout): why"),
    ("duplicate", "More than one submission was found: why"),
    ("invalid_notebook", "invalid_notebook: why"),
])
def test_the_status_reads_right_for_the_student(status, line):
    import dataclasses

    result = dataclasses.replace(sample_batch().submissions[0], status=status, detail="why")
    assert line in gradescope.results(result)["output"]
