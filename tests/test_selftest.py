"""The course self-test: references pass their checks, known mistakes and perturbations fail."""

from __future__ import annotations

import pytest
import yaml

from grader.course import load_course
from grader.errors import GraderError
from grader.pipeline import prepare_course
from grader.selftest import self_test


def test_the_course_passes_its_self_test(course, gradebook):
    assert self_test(course, dict(gradebook.checks)) == []


def test_a_misconception_equal_to_the_reference_is_caught(course_copy):
    root = course_copy()
    spec = root / "exercises" / "activation_derivatives.yaml"
    data = yaml.safe_load(spec.read_text())
    part = next(p for p in data["parts"] if p["id"] == "sigmoid_derivative_expr")
    part["misconceptions"][0]["expr"] = "exp(-x)/(1+exp(-x))^2"
    numeric = next(p for p in data["parts"] if p["id"] == "softmax")
    numeric["misconceptions"][0]["reference"] = "softmax"
    spec.write_text(yaml.safe_dump(data, sort_keys=False))
    course = load_course(root)
    findings = self_test(course, dict(prepare_course(course).checks))
    assert {(f.part.id, f.where, f.problem) for f in findings} == {
        ("sigmoid_derivative_expr", "parts[1] (sigmoid_derivative_expr).misconceptions[0]",
         "a wrong answer earns full credit"),
        ("softmax", "parts[4] (softmax).misconceptions[0]", "a wrong answer earns full credit"),
    }


def test_an_unparsable_reference_is_a_spec_error(course_copy):
    root = course_copy()
    solution = root / "solutions" / "backprop_partials.py"
    solution.write_text(solution.read_text().replace('"x3": "-6*x3",', '"x3": "-6*x3 +",'))
    course = load_course(root)
    with pytest.raises(GraderError, match=r"parts\[0\] \(grad_z1\).reference: cannot parse"):
        prepare_course(course)


@pytest.mark.parametrize(("narrowed", "misses"), [
    # logits never beyond 10: clips at ±10 and ±500 and an exp that overflows all pass
    ({"magnitudes": [1, 10]}, {"clipped to ±10", "clipped to ±500",
                               "overflowing beyond |x| = 700"}),
    # floats only: a buffer that truncates integer input passes
    ({"dtypes": ["float64"]}, {"an output of the input's integer type"}),
])
def test_a_domain_that_lets_a_near_miss_earn_full_credit_fails(course_copy, narrowed, misses):
    root = course_copy()
    spec = root / "exercises" / "activation_derivatives.yaml"
    data = yaml.safe_load(spec.read_text())
    part = next(p for p in data["parts"] if p["id"] == "softmax")
    part["domain"]["args"][0].update(narrowed)
    part["tests"] = [t for t in part["tests"] if t["name"] == "ordinary logits"]
    spec.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    course = load_course(root)
    findings = self_test(course, dict(prepare_course(course).checks))
    named = {f.where.partition("near-miss: ")[2].rstrip(")") for f in findings}
    assert named == misses
    assert all(f.problem == "a wrong answer earns full credit" for f in findings)


def test_near_misses_that_match_the_reference_everywhere_are_not_asked_of_it(course):
    """ReLU's slope does not change when x is clipped: that is no mistake for this part."""
    from grader.checks.probes import telling_near_misses
    from grader.course import load_solution

    exercise = next(e for e in course.exercises if e.id == "activation_derivatives")
    part = next(p for p in exercise.parts if p.id == "relu_derivative")
    reference = load_solution(exercise).get("relu_derivative", "")
    spec = part.spec
    labels = {label for label, _ in telling_near_misses(reference, spec.domain.inputs,
                                                        spec.rtol, spec.atol)}
    assert "clipped to ±10" not in labels and "scalars only" in labels
