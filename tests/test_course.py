"""Loading and validating a course: every spec error is one line naming file, place, expectation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from grader.course import load_course
from grader.errors import GraderError, describe_error


def test_the_course_loads(course):
    assert [e.id for e in course.exercises] == [
        "linear_collapse", "activation_derivatives", "backprop_partials", "puppy_or_bagel",
        "kernel_identification",
    ]
    assert course.max_score == 100
    assert {e.id: e.max_score for e in course.exercises} == {
        "linear_collapse": 15, "activation_derivatives": 20, "backprop_partials": 30,
        "kernel_identification": 20, "puppy_or_bagel": 15,
    }


def edit_spec(root: Path, name: str, change) -> None:
    path = root / "exercises" / f"{name}.yaml"
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def part(data, part_id):
    return next(p for p in data["parts"] if p["id"] == part_id)


SPEC_ERRORS = [
    # (spec, change, place, expected message)
    ("activation_derivatives", lambda d: part(d, "softmax").pop("reference"),
     "parts[4] (softmax)", "missing required key 'reference'"),
    ("activation_derivatives", lambda d: part(d, "softmax").update(kind="numerical"),
     "parts[4] (softmax).kind", "expected one of numeric, symbolic, text, manual"),
    ("activation_derivatives", lambda d: d.update(spec_version=2),
     "spec_version", "expected 1 (the supported version), got 2"),
    ("activation_derivatives", lambda d: part(d, "softmax").update(points=-3),
     "parts[4] (softmax).points", "-3 is less than or equal to the minimum of 0"),
    ("activation_derivatives", lambda d: part(d, "softmax").update(tolerance=0.1),
     "parts[4] (softmax)", "unknown key 'tolerance'"),
    ("activation_derivatives", lambda d: part(d, "softmax")["tests"][0].update(weight="two"),
     "parts[4] (softmax).tests[0].weight", "expected a number, got 'two'"),
    ("activation_derivatives", lambda d: part(d, "softmax")["tests"][0].update(
        {"cases": None, "random": None}) or [part(d, "softmax")["tests"][0].pop(k)
                                              for k in ("cases", "random")],
     "parts[4] (softmax).tests[0]", "expected one of the keys: cases, random, generator"),
    ("activation_derivatives", lambda d: part(d, "softmax").update(signature="softmax"),
     "parts[4] (softmax).signature", "'softmax' does not match the expected form"),
    ("activation_derivatives", lambda d: d.update(id="activations"),
     "id", "expected 'activation_derivatives', the file's name"),
    ("activation_derivatives", lambda d: d.update(solution="solutions/nowhere.py"),
     "solution", "no file solutions/nowhere.py in the course"),
    ("activation_derivatives", lambda d: d.pop("title"), "", "missing required key 'title'"),
    ("backprop_partials", lambda d: part(d, "grad_z1").update(id="softmax"),
     "parts[0] (softmax)", "part id 'softmax' is already used in activation_derivatives.yaml"),
    ("backprop_partials", lambda d: part(d, "grad_z1")["misconceptions"][0].update(credit=2),
     "parts[0] (grad_z1).misconceptions[0].credit", "2 is greater than the maximum of 1"),
    ("puppy_or_bagel", lambda d: part(d, "puppy_or_bagel")["rubric"][0].pop("text"),
     "parts[0] (puppy_or_bagel).rubric[0]", "missing required key 'text'"),
    ("puppy_or_bagel", lambda d: part(d, "puppy_or_bagel").update(rubric=3),
     "parts[0] (puppy_or_bagel).rubric", "3 is not valid under any of the given schemas"),
    ("backprop_partials", lambda d: d.update(labels="backprop"), "labels",
     "expected a list, got 'backprop'"),
]


@pytest.mark.parametrize(("spec", "change", "place", "expected"), SPEC_ERRORS)
def test_spec_errors_are_one_line(course_copy, spec, change, place, expected):
    root = course_copy()
    edit_spec(root, spec, change)
    with pytest.raises(GraderError) as info:
        load_course(root)
    message = describe_error(info.value)
    assert "\n" not in message
    assert message.startswith(str(root / "exercises" / f"{spec}.yaml") + (": " if place else ""))
    if place:
        assert f": {place}: " in message
    assert expected in message


def test_invalid_yaml_names_line_and_column(course_copy):
    root = course_copy()
    (root / "exercises" / "puppy_or_bagel.yaml").write_text("id: puppy_or_bagel\ntitle: [oops\n")
    with pytest.raises(GraderError) as info:
        load_course(root)
    assert re.fullmatch(r".*puppy_or_bagel\.yaml: line \d+, column \d+: not valid YAML: .*",
                        describe_error(info.value))


def test_spec_that_is_not_a_mapping(course_copy):
    root = course_copy()
    (root / "exercises" / "puppy_or_bagel.yaml").write_text("- just\n- a list\n")
    with pytest.raises(GraderError, match="expected a mapping with spec_version"):
        load_course(root)


def test_config_errors(course_copy):
    root = course_copy()
    toml = root / "grader.toml"
    toml.write_text(toml.read_text().replace('"puppy_or_bagel",', '"puppy",'))
    with pytest.raises(GraderError) as info:
        load_course(root)
    assert describe_error(info.value) == f"{toml}: course.exercises: no spec exercises/puppy.yaml"
    toml.write_text('[course]\ntitle = "x"\n[limits]\ncell_timeout_s = -1\n')
    with pytest.raises(GraderError, match=r"limits.cell_timeout_s: expected a positive number"):
        load_course(root)
    toml.write_text("[course\n")
    with pytest.raises(GraderError, match=r"grader.toml: not valid TOML"):
        load_course(root)


def test_unlisted_spec_is_an_error(course_copy):
    root = course_copy()
    (root / "exercises" / "extra.yaml").write_text("spec_version: 1\n")
    with pytest.raises(GraderError, match="exercises/extra.yaml is not listed"):
        load_course(root)


def test_no_exercises_folder(tmp_path):
    with pytest.raises(GraderError, match="expected an exercises/ folder"):
        load_course(tmp_path)


def test_exercise_labels_are_loaded(course):
    labels = {e.id: e.labels for e in course.exercises}
    assert "backprop" in labels["backprop_partials"]
    assert "filtros" in labels["kernel_identification"]


def test_derivative_of_may_list_readings(course, course_copy):
    from grader.checks.registry import kind_of

    part = next(p for p in course.parts if p.id == "grad_z2")
    notation = kind_of(part.kind).notation(part)
    assert notation.derivative_of == "x1*(x2 - 4) + exp(x3**2)/(5*x4**2)"
    assert notation.also_of == ("x1*(x2 - 4) + exp(x3**2)/5*x4**2",)
