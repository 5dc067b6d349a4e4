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
