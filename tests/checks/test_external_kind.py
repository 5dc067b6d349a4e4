"""A check kind from outside the package: registered here, in a test module, it grades a
notebook end to end (spec validation, template, self-test, grading, results.json) with no
file of the package touched."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import pytest

from grader.answers import Answer, Value
from grader.checks import CheckKind, Outcome, Probe
from grader.checks.base import missing
from grader.checks.registry import KINDS, register
from grader.cli import main
from grader.course import Part, Solution, load_course
from grader.notebook.template import build_template
from tests.test_cli import run

SPEC = """\
spec_version: 1
id: estimates
title: Estimates
solution: solutions/estimates.py
parts:
  - id: pi_estimate
    kind: interval
    points: 2
    prompt: Set `pi_estimate` to pi, to within the tolerance.
    reference: PI_RANGE
"""


@dataclass(frozen=True)
class IntervalSpec:
    """The kind's own spec fields, read from the part's entry as the course loads."""

    reference: str


@dataclass(frozen=True)
class IntervalCheck:
    part_id: str
    low: float
    high: float

    def grade(self, answer: Answer) -> Outcome:
        if not isinstance(answer, Value) or not isinstance(answer.value, int | float):
            return missing(f"`{self.part_id}`: expected a number")
        if self.low <= answer.value <= self.high:
            return Outcome(1.0, "correct", (f"`{self.part_id}` is in range.",))
        return Outcome(0.0, "incorrect", (f"`{self.part_id}` is out of range.",))


class IntervalKind(CheckKind):
    """`kind: interval`: a number inside the reference's (low, high)."""

    name = "interval"
    reads = "expression"
    schema: Mapping[str, Any] = {"required": ["reference"],
                                 "properties": {"reference": {"type": "string"}}}
    spec_type = IntervalSpec

    def prepare(self, part: Part, solution: Solution) -> IntervalCheck:
        low, high = solution.get(part.spec.reference, f"{part.where}.reference")
        return IntervalCheck(part.id, float(low), float(high))

    def probes(self, part: Part, solution: Solution, check: Any) -> Iterator[Probe]:
        low, high = solution.get(part.spec.reference, "")
        yield Probe(f"{part.where}.reference", Value((low + high) / 2), True)
        yield Probe(f"{part.where}.reference (above)", Value(high + 1), False)


@pytest.fixture
def interval_course(tmp_path: Path) -> Iterator[Path]:
    register(IntervalKind())
    root = tmp_path / "course"
    (root / "exercises").mkdir(parents=True)
    (root / "solutions").mkdir()
    (root / "grader.toml").write_text('[course]\ntitle = "Estimates"\nexercises = ["estimates"]\n')
    (root / "exercises" / "estimates.yaml").write_text(SPEC)
    (root / "solutions" / "estimates.py").write_text("PI_RANGE = (3.14, 3.1416)\n")
    yield root
    del KINDS["interval"]


def notebook(folder: Path, student: str, source: str) -> None:
    cells = [nbformat.v4.new_code_cell(source)]
    nbformat.write(nbformat.v4.new_notebook(cells=cells), folder / f"{student}.ipynb")


def test_a_kind_registered_outside_the_package_grades_end_to_end(interval_course, tmp_path):
    course = load_course(interval_course)
    assert [p.kind for p in course.parts] == ["interval"]
    stub = build_template(course).cells[-1]
    assert (stub.cell_type, stub.source) == ("code", 'pi_estimate = ""  # Write your answer here')
    assert run("validate", "--course", str(interval_course)).returncode == 0

    submissions = tmp_path / "submissions"
    submissions.mkdir()
    notebook(submissions, "alice", "pi_estimate = 3.1415")
    notebook(submissions, "bob", "pi_estimate = 3")
    out = tmp_path / "out"
    assert main([str(submissions), "--course", str(interval_course), "--out", str(out),
                 "--quiet"]) == 0
    results = json.loads((out / "results.json").read_text())
    parts = {s["student"]: s["exercises"][0]["parts"][0] for s in results["submissions"]}
    assert {name: (p["kind"], p["verdict"], p["score"]) for name, p in parts.items()} == {
        "alice": ("interval", "correct", 2.0), "bob": ("interval", "incorrect", 0.0)}


def test_the_kind_s_own_schema_checks_its_parts(interval_course):
    spec = interval_course / "exercises" / "estimates.yaml"
    spec.write_text(SPEC.replace("reference: PI_RANGE", "reference: 3"))
    done = run("validate", "--course", str(interval_course))
    assert (done.returncode, done.stderr) == (
        2, f"grade: error: {spec}: parts[0] (pi_estimate).reference: expected a string, "
        "got 3\n")


def test_an_unregistered_kind_is_a_spec_error(tmp_path):
    root = tmp_path / "course"
    (root / "exercises").mkdir(parents=True)
    (root / "grader.toml").write_text('[course]\ntitle = "Estimates"\nexercises = ["estimates"]\n')
    (root / "exercises" / "estimates.yaml").write_text(SPEC)
    done = run("validate", "--course", str(root))
    assert done.returncode == 2
    assert "kind: expected one of numeric, symbolic, text, manual, got 'interval'" in done.stderr
