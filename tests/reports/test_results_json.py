import json

import jsonschema

from grader.reports import results_json
from tests.conftest import ROOT
from tests.reports.sample import sample_batch


def test_results_json_golden_and_schema(golden):
    text = results_json.dumps(sample_batch())
    golden("results.json", text)
    schema = json.loads((ROOT / "grader" / "schemas" / "results.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(json.loads(text))


def test_written_one_submission_at_a_time_it_is_the_same_bytes(tmp_path):
    import dataclasses

    batch = sample_batch()
    for case in (batch, dataclasses.replace(batch, submissions=batch.submissions[:1]),
                 dataclasses.replace(batch, submissions=())):
        results_json.write(case, tmp_path / "results.json")
        assert (tmp_path / "results.json").read_text(encoding="utf-8") == results_json.dumps(case)


def test_optional_fields_are_written_only_when_they_say_something(tmp_path):
    """A batch without them is the same bytes as before they existed; with them it still
    follows the schema and reads back whole."""
    import dataclasses

    from grader.results import from_dict, to_dict

    batch = sample_batch()
    alice, bob = batch.submissions
    assert "cells_omitted" not in results_json.dumps(batch)
    assert "same_as" not in results_json.dumps(batch)
    counted = dataclasses.replace(batch, submissions=(
        dataclasses.replace(alice, same_as=("bob/hw.ipynb",)),
        dataclasses.replace(bob, cells_omitted=189_990, same_as=("alice.ipynb",))))
    data = json.loads(results_json.dumps(counted))
    assert data["submissions"][1]["cells_omitted"] == 189_990
    assert data["submissions"][0]["same_as"] == ["bob/hw.ipynb"]
    assert "cells_omitted" not in data["submissions"][0]
    schema = json.loads((ROOT / "grader" / "schemas" / "results.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(data)
    results_json.write(counted, tmp_path / "results.json")
    assert results_json.read(tmp_path / "results.json") == counted
    assert from_dict(to_dict(counted)) == counted
