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
