"""Which parts a student may check before handing in, and the gradebook that checks them.

A part marked `hidden: true` in its spec is graded only after the hand-in: the self-check
neither runs it nor ships anything of it. What is left is the public course: the same
exercises, with only the public parts, so grading it gives, part for part, the results the
full grader gives for those parts.
"""

from __future__ import annotations

import dataclasses

from grader.course import Course
from grader.errors import UsageError
from grader.pipeline import Gradebook, limits_from, prepare_course


def hidden_parts(course: Course) -> tuple[str, ...]:
    """The hidden parts' ids; a bundle no longer has their specs, only their names."""
    if course.config.is_bundle:
        from grader.student.compiled import read  # numpy: keeps `grade --help` light

        return read(course).hidden
    return tuple(p.id for p in course.parts if p.hidden)


def public_course(course: Course, only: tuple[str, ...] = ()) -> Course:
    """The course without its hidden parts (and without exercises left empty); with `only`,
    just those parts, each of which must be public."""
    public = {p.id for p in course.parts if not p.hidden}
    for name in only:
        if name not in public:
            raise UsageError(name, _not_checkable(course, name))
    keep = set(only) or public
    exercises = tuple(
        dataclasses.replace(e, parts=tuple(p for p in e.parts if p.id in keep))
        for e in course.exercises
    )
    return dataclasses.replace(course, exercises=tuple(e for e in exercises if e.parts))


def public_gradebook(course: Course, only: tuple[str, ...] = ()) -> Gradebook:
    """Checks for the public parts: from a bundle's precomputed file when the course is a
    student bundle, else prepared from solutions/ as for a final grade."""
    public = public_course(course, only)
    limits = limits_from(course.config.limits)
    if course.config.is_bundle:
        from grader.student.compiled import load_checks  # numpy: keeps `grade --help` light

        return Gradebook(public, load_checks(public), limits)
    return prepare_course(public, limits)


def _not_checkable(course: Course, name: str) -> str:
    if name in hidden_parts(course):
        return "a hidden part: it is graded only after you hand in"
    names = ", ".join(p.id for p in course.parts if not p.hidden)
    return f"no such part; the parts you can check are: {names}"
