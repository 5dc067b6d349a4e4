"""Random notebooks thrown at the whole pipeline: whatever the cells hold, every notebook
gets a row, results.json is valid, and the grader's own code never fails on one.

The notebooks are built from the course's names bound to random Python values (and to
every kind in tests/value_kinds.py), markdown with LaTeX and headings, and code that
raises or does not parse. Derandomized: the same examples on every run, as CI needs.
"""

from __future__ import annotations

import json
import math
import tempfile
from pathlib import Path
from typing import Any

import jsonschema
import nbformat
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grader.pipeline import grade_folder
from grader.pipeline.faults import GraderFault
from grader.reports import results_json
from grader.results import from_dict
from tests.conftest import ROOT
from tests.value_kinds import KINDS, SETUP

SCHEMA = json.loads((ROOT / "grader" / "schemas" / "results.schema.json").read_text())
NAMES = ["collapse", "two_layer_weight", "two_layer_bias", "sigmoid_derivative",
         "sigmoid_derivative_expr", "relu_derivative", "relu_derivative_expr", "softmax",
         "softmax_jacobian", "softmax_jacobian_expr", "grad_z1", "grad_z2", "grad_z3",
         "kernel_effects", "apply_kernel", "collapse_proof", "puppy_or_bagel", "sigmoid",
         "k1"]
KEYS = ["x1", "x2", "x3", "x4", "k1", "k2", "k3", "k4", "X_1", "dz/dx1", "kernel 1"]
LATEX = ["\\frac{1}{1+e^{-x}}", "\\sigma(x)(1-\\sigma(x))", "W_2 W_1", "\\begin{cases} 1 & x>0"
         " \\\\ 0 & x<0 \\end{cases}", "\\delta_{ij}", "{", "\\left(", "$$", "e^{x_3^2}",
         "\\sum_k", "x^{100}^{100}", "---", "W_2b_1 + b_2"]


def source(value: Any) -> str:
    """Python source that evaluates to `value` (floats that repr cannot spell included)."""
    if isinstance(value, float) and not math.isfinite(value):
        return f"float('{value}')"
    if isinstance(value, list):
        return "[" + ", ".join(source(v) for v in value) + "]"
    if isinstance(value, tuple):
        return "(" + "".join(source(v) + ", " for v in value) + ")"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{source(k)}: {source(v)}" for k, v in value.items()) + "}"
    return repr(value)


scalars = (st.none() | st.booleans() | st.integers(-10**30, 10**30)
           | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=30)
           | st.sampled_from(LATEX) | st.complex_numbers(allow_nan=False, max_magnitude=1e6))
values = st.recursive(
    scalars,
    lambda inner: (st.lists(inner, max_size=4) | st.tuples(inner, inner)
                   | st.dictionaries(st.sampled_from(KEYS) | st.integers(0, 3), inner,
                                     max_size=5)),
    max_leaves=12)

binding = st.builds(lambda name, value: f"{name} = {source(value)}",
                    st.sampled_from(NAMES), values)
kind = st.builds(lambda name, label: KINDS[label](name),
                 st.sampled_from(NAMES), st.sampled_from(sorted(KINDS)))
raising = st.sampled_from([
    "1 / 0", "raise ValueError('no')", "def softmax(z):\n  return z +", "import not_a_module",
    "undefined_name", "def relu_derivative(x):\n    return (x > 0) * 1.0\nrelu_derivative(",
    "assert False", "while True:\n    break\nraise SystemExit",
])
function = st.builds(
    lambda name, body: f"def {name}(*args):\n    {body}",
    st.sampled_from(NAMES),
    st.sampled_from(["return args[0]", "return None", "return [1, 2]", "raise KeyError(1)",
                     "return {'x1': 1}", "return 'x'", "import numpy as np\n    "
                     "return np.zeros_like(args[0])", "return float('nan')"]))
code_cell = st.one_of(binding, kind, raising, function).map(nbformat.v4.new_code_cell)
markdown_cell = st.builds(
    lambda heading, name, latex, text: nbformat.v4.new_markdown_cell(
        f"{heading} {name}\n\n{text} ${latex}$"),
    st.sampled_from(["#", "##", "###", ""]), st.sampled_from(NAMES), st.sampled_from(LATEX),
    st.text(max_size=40))
notebooks = st.lists(code_cell | markdown_cell, max_size=8).map(
    lambda cells: nbformat.writes(nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(SETUP), *cells])))


@settings(max_examples=50, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                 HealthCheck.data_too_large])
@given(st.lists(notebooks, min_size=1, max_size=3))
def test_any_notebooks_get_one_valid_row_each_and_no_grader_fault(gradebook, batch):
    with tempfile.TemporaryDirectory() as folder:
        for index, text in enumerate(batch):
            (Path(folder) / f"student_{index}.ipynb").write_text(text, encoding="utf-8")
        faults: list[GraderFault] = []
        result = grade_folder(Path(folder), gradebook, on_fault=faults.append)
    assert len(result.submissions) == len(batch)
    assert [f.traceback for f in faults] == []
    data = json.loads(results_json.dumps(result))
    jsonschema.validate(data, SCHEMA)
    assert results_json.dumps(from_dict(data)) == results_json.dumps(result)
    for row in result.submissions:
        assert row.status in ("graded", "timeout", "crashed"), (row.status, row.detail)
