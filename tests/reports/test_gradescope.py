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
    assert set(data) == {"score", "output", "output_format", "test_output_format",
                         "stdout_visibility", "extra_data", "tests"}
    assert (data["output_format"], data["test_output_format"]) == ("md", "md")
    for test in data["tests"]:
        assert {"name", "number", "score", "max_score", "status", "output",
                "visibility"} <= set(test)


def test_manual_parts_are_left_to_gradescope_never_passed_here():
    alice, bob = (gradescope.results(r) for r in sample_batch().submissions)
    for data in (alice, bob):
        assert not [t for t in data["tests"] if t["name"].endswith(": proof")]
        assert "Graded by a person in Gradescope: proof (5 points)." in data["output"]
        assert data["extra_data"]["graded_in_gradescope"] == ["proof"]
    assert alice["score"] == sum(t["score"] for t in alice["tests"]) == 2.0
    assert "Autograded score on the parts shown now: 2 / 5." in alice["output"]


def test_the_visible_summary_counts_only_visible_parts():
    """Students always see `output`: it must not give away the hidden parts' total."""
    data = gradescope.results(sample_batch().submissions[0], hidden={"sigmoid_expr"})
    assert data["score"] == 2.0  # the grade Gradescope records counts every part
    assert "Autograded score on the parts shown now: 0 / 3." in data["output"]
    assert "2 / 5" not in data["output"] and "/ 5" not in data["output"]
    assert "shown when your instructor publishes the grades" in data["output"]


def test_parts_for_a_person_wait_for_the_instructor_and_are_tagged():
    data = gradescope.results(sample_batch().submissions[1])
    review = next(t for t in data["tests"] if t["name"].endswith("sigmoid_expr"))
    assert review["status"] == "failed" and review["tags"] == ["needs_review"]
    assert review["output"].startswith("Waiting for your instructor")
    assert "```\nx +\n   ^\n```" in review["output"]  # the caret stays under its text
    assert data["extra_data"]["needs_person"] == ["sigmoid_expr"]
    assert "Waiting for your instructor: Derivatives: sigmoid_expr." in data["output"]


def test_a_grader_fault_is_for_the_instructor_and_waits_for_a_person():
    import dataclasses

    alice = sample_batch().submissions[0]
    part = dataclasses.replace(alice.exercises[0].parts[0], verdict="error", score=0.0,
                               feedback="The grader failed.", detail="KeyError: 'x'")
    exercise = dataclasses.replace(alice.exercises[0],
                                   parts=(part, *alice.exercises[0].parts[1:]))
    data = gradescope.results(dataclasses.replace(alice, exercises=(exercise,)),
                              isolation="limits-only")
    validate(data)
    test = data["tests"][0]
    assert test["tags"] == ["grader_error"] and "KeyError" not in test["output"]
    assert data["extra_data"]["grader_faults"] == {"softmax": "KeyError: 'x'"}
    assert data["extra_data"]["isolation"] == "limits-only"


def test_student_text_in_the_output_is_code_not_markdown():
    import dataclasses

    from grader.results import CellIssue

    alice = dataclasses.replace(sample_batch().submissions[0], cells=(
        CellIssue(3, "error", "ValueError: # Heading **bold** `tick` <img src=x>"),))
    line = gradescope.results(alice)["output"].split("\n\n")[-2]
    assert line == "Cell 3: error: `` ValueError: # Heading **bold** `tick` <img src=x> ``"


def test_a_hidden_part_shows_after_grades_are_published():
    data = gradescope.results(sample_batch().submissions[0], hidden={"softmax"})
    assert [t["visibility"] for t in data["tests"]] == ["after_published", "visible"]


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
    ("timeout", "The notebook did not run to the end (timeout): ` why `"),
    ("duplicate", "More than one submission was found: ` why `"),
    ("invalid_notebook", "invalid_notebook: ` why `"),
])
def test_the_status_reads_right_for_the_student(status, line):
    import dataclasses

    result = dataclasses.replace(sample_batch().submissions[0], status=status, detail="why")
    assert line in gradescope.results(result)["output"]
