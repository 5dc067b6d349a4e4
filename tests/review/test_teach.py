"""A person's decision on a flagged expression, written into the course for the next batch."""

from __future__ import annotations

import pytest
import yaml

from grader.course import load_course
from grader.review import teach


def part_of(root, part_id):
    course = load_course(root)
    part = next(p for p in course.parts if p.id == part_id)
    exercise = next(e for e in course.exercises if e.id == part.exercise)
    return part, exercise.solution_file


def test_a_named_mistake_is_added_to_the_part_and_kept_in_its_layout(course_copy):
    root = course_copy()
    part, _ = part_of(root, "sigmoid_derivative_expr")
    before = part.spec_file.read_text()
    teach.mistake(part, "sigmoid(x)**2", "squared sigma", "The derivative is σ(1 − σ).")
    after = part.spec_file.read_text()
    assert after.startswith(before.split("    aliases: [f,")[0])      # nothing else moved
    assert '      - name: "squared sigma"\n        expr: "sigmoid(x)**2"\n' in after
    spec = yaml.safe_load(after)
    [entry] = [p for p in spec["parts"] if p["id"] == "sigmoid_derivative_expr"]
    assert entry["misconceptions"][-1] == {"name": "squared sigma", "expr": "sigmoid(x)**2",
                                           "feedback": "The derivative is σ(1 − σ)."}
    assert entry["aliases"][0] == "f"


def test_an_accepted_form_is_a_reference_in_the_solution_module(course_copy):
    root = course_copy()
    part, solution = part_of(root, "two_layer_bias")
    teach.accept(part, solution, "b2 + W2*b1")
    assert 'TWO_LAYER_BIAS_ACCEPTED_1 = "b2 + W2*b1"' in solution.read_text()
    part, _ = part_of(root, "two_layer_bias")
    assert [alt.reference for alt in part.spec.alternatives] == ["TWO_LAYER_BIAS_ACCEPTED_1"]


def test_a_mistake_that_is_the_right_answer_is_refused_and_nothing_written(course_copy):
    root = course_copy()
    part, _ = part_of(root, "sigmoid_derivative_expr")
    before = part.spec_file.read_text()
    with pytest.raises(teach.NotTaught, match="the course refused it, so nothing was written"):
        teach.mistake(part, "sigmoid(x)*(1 - sigmoid(x))", "right", "Not a mistake.")
    assert part.spec_file.read_text() == before


def test_a_list_written_on_one_line_is_left_to_a_person(course_copy):
    root = course_copy()
    part, _ = part_of(root, "two_layer_weight")
    spec = part.spec_file
    spec.write_text(spec.read_text().replace(
        "    matrices: [W1, W2, b1, b2]\n    reference: TWO_LAYER_WEIGHT\n",
        "    matrices: [W1, W2, b1, b2]\n    reference: TWO_LAYER_WEIGHT\n"
        "    alternatives: []\n", 1))
    part, solution = part_of(root, "two_layer_weight")
    with pytest.raises(teach.NotTaught, match="written on one line"):
        teach.accept(part, solution, "W_2 W_1")
