"""A course made ready to grade: every part's check prepared once per batch."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from grader.checks import PreparedCheck, prepare
from grader.course import Course, load_solution
from grader.sandbox import Limits


@dataclass(frozen=True)
class Gradebook:
    """A course ready to grade: every part's check prepared against its reference."""

    course: Course
    checks: Mapping[str, PreparedCheck]
    limits: Limits
    files: Mapping[str, bytes] = field(default_factory=dict)
    """The course's data files by name, read once: every sandbox gets a copy."""


def prepare_course(course: Course, limits: Limits | None = None) -> Gradebook:
    checks: dict[str, PreparedCheck] = {}
    for exercise in course.exercises:
        solution = load_solution(exercise)
        for part in exercise.parts:
            checks[part.id] = prepare(part, solution)
    files = {path.name: path.read_bytes() for path in course.config.files}
    return Gradebook(course, checks, limits or limits_from(course.limits), files)


def limits_from(settings: Mapping[str, Any]) -> Limits:
    return Limits(**{k: v for k, v in settings.items() if k in Limits.__dataclass_fields__})
