"""Grade a kernel's snapshot (`snapshot.py`) as the final grade grades a notebook.

The snapshot becomes a notebook: its imports, values and definitions as code cells, after
the markdown cells of the saved file (manual parts are answered in markdown, which only
the file holds). That notebook goes through the ordinary pipeline, so the student's code
runs in a sandbox and every part gets the final grade's feedback. Values are written as
Python literals from their plain data, bit for bit (floats by `repr`, arrays with their
dtype).

A part whose name the kernel does not define, or could not send, is graded from the saved
file instead, with a line saying why; without a saved file it is `missing`, and says so.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from grader.checks import kind_of
from grader.course import Course, Part, load_course
from grader.notebook import Notebook, NotebookError, read_notebook
from grader.pipeline import Gradebook
from grader.pipeline.submission import grade_read, isolation_for
from grader.results import PartResult, SubmissionResult
from grader.sandbox import Isolation, isolation_report, plain
from grader.student.public import hidden_parts, public_course, public_gradebook
from grader.student.snapshot import Snapshot

KERNEL = "kernel"
"""The submission's name when no saved file was found."""


@dataclasses.dataclass(frozen=True)
class Saved:
    """The saved notebook, if one was found, or why not."""

    path: Path | None
    how: str
    """Where the path came from, or why there is none."""


@dataclasses.dataclass(frozen=True)
class Checked:
    result: SubmissionResult
    hidden: tuple[str, ...]
    """The hidden parts, to name when every public part was checked."""
    note: str
    """What was checked, for the student: the kernel, and which saved file."""


class LiveCheck:
    """The checker's state: the course and its public checks, prepared once, and the
    sandbox's zygote started, so that each check pays only for grading."""

    def __init__(self, root: Path) -> None:
        self.course = load_course(root)
        self.hidden = hidden_parts(self.course)
        self.gradebook = public_gradebook(self.course)
        isolation_report()  # starts the zygote now, while the kernel takes its snapshot

    def gradebook_for(self, parts: tuple[str, ...]) -> Gradebook:
        """The public gradebook, or only `parts` of it (each must be public)."""
        if not parts:
            return self.gradebook
        course = public_course(self.course, parts)
        return Gradebook(course, {p.id: self.gradebook.checks[p.id] for p in course.parts},
                         self.gradebook.limits)

    def names(self, parts: tuple[str, ...]) -> list[str]:
        """What the kernel is asked for: the names of the code parts."""
        return [p.id for p in self.gradebook_for(parts).course.parts if not in_markdown(p)]

    def check(self, parts: tuple[str, ...], snapshot: Snapshot, saved: Saved) -> Checked:
        result, note = grade_live(snapshot, saved, self.gradebook_for(parts))
        return Checked(result, () if parts else self.hidden, note)


def grade_live(snapshot: Snapshot, saved: Saved,
               gradebook: Gradebook) -> tuple[SubmissionResult, str]:
    """The public parts graded from the kernel's snapshot, and from the saved file where
    the snapshot cannot stand for a part; and what was checked, in words."""
    notebook, unread = _read(saved)
    if notebook is None or saved.path is None:
        note = f"Checked the running kernel as it is now; no saved notebook was read: {unread}"
    else:
        note = (f"Checked the running kernel as it is now, saved or not; markdown answers "
                f"from {saved.path.name} as last saved (found by {saved.how}). You hand in "
                "the saved file: save it after running every cell.")
    return _graded(snapshot, saved, gradebook, notebook, unread), note


def _graded(snapshot: Snapshot, saved: Saved, gradebook: Gradebook, notebook: Notebook | None,
            unread: str) -> SubmissionResult:
    course = gradebook.course
    markdown = notebook.markdown_cells if notebook else _headings(course)
    known = (*notebook.code_cells, *markdown) if notebook else markdown
    cells = code_cells(snapshot, 1 + max((i for i, _ in known), default=-1))
    name, student = (saved.path.name, saved.path.stem) if saved.path else (KERNEL, KERNEL)
    isolation = (isolation_for(saved.path, name, course) if saved.path else
                 Isolation(hide=(course.root.resolve(),)))

    def grade(read: Notebook) -> SubmissionResult:
        return grade_read(read, gradebook, name=name, student=student, isolation=isolation)

    live = grade(Notebook(code_cells=cells, markdown_cells=markdown))
    elsewhere = not_in_kernel(snapshot, course)
    if notebook is None:
        notes = {part: f"Not graded: {why}, and no saved notebook was read ({unread})."
                 for part, why in elsewhere.items()}
        notes.update({p.id: f"No saved notebook was read ({unread}), so markdown answers "
                      "were not either." for p in course.parts if in_markdown(p)})
        return _merge(live, {}, notes)
    if not elsewhere:
        return live
    from_file = grade(notebook)
    return _merge(live, {p.id: p for p in from_file.parts
                         if p.id in elsewhere},
                  {part: f"Graded from the saved notebook: {why}."
                   for part, why in elsewhere.items()}, from_file)


def not_in_kernel(snapshot: Snapshot, course: Course) -> dict[str, str]:
    """Code parts the snapshot cannot stand for -> why, in words for the student."""
    reasons = {name: f"`{name}` is not defined in the running kernel"
               for name in snapshot.missing}
    reasons.update({name: f"`{name}` cannot be sent from the kernel: {why}"
                    for name, why in snapshot.unavailable.items()})
    return {p.id: reasons[p.id] for p in course.parts if p.id in reasons
            and not in_markdown(p)}


def in_markdown(part: Part) -> bool:
    """Answered in markdown, which only the saved file holds (the kernel has code only)."""
    return kind_of(part.kind).reads == "markdown"


def code_cells(snapshot: Snapshot, first: int) -> tuple[tuple[int, str], ...]:
    """The snapshot as code cells numbered from `first`: imports, values, definitions."""
    cells = ["\n".join(snapshot.imports.values())] if snapshot.imports else []
    cells += [f"{name} = {as_python(data)}" for name, data in snapshot.values.items()
              if name.isidentifier()]
    cells += list(snapshot.sources.values())
    return tuple(enumerate(cells, start=first))


def as_python(data: Any) -> str:
    """A Python expression for plain data (wire format) that builds the value it stands
    for; raises PlainError for data that does not follow the format."""
    plain.from_plain(data)
    return _literal(data)


def _literal(data: Any) -> str:
    if isinstance(data, float):
        return repr(data) if math.isfinite(data) else f"float({repr(data)!r})"
    if data is None or isinstance(data, bool | int | str):
        return repr(data)
    if isinstance(data, list):
        return "[" + ", ".join(_literal(item) for item in data) + "]"
    if "__tuple__" in data:
        items = [_literal(item) for item in data["__tuple__"]]
        return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
    if "__complex__" in data:
        real, imag = data["__complex__"]
        return f"complex({_literal(float(real))}, {_literal(float(imag))})"
    if "__sympy__" in data:
        return f"__import__('sympy').sympify({data['__sympy__']!r})"
    if "__ndarray__" in data:
        return _array(data)
    if "__opaque__" in data or "__function__" in data:
        raise plain.PlainError("no literal for an opaque value or a function")
    inner = data.get("__dict__", data)
    return "{" + ", ".join(f"{key!r}: {_literal(value)}" for key, value in inner.items()) + "}"


def _array(data: Mapping[str, Any]) -> str:
    """numpy builds it from the same numbers and dtype; complex ones from (re, im) pairs of
    their real dtype, viewed as complex."""
    numpy = "__import__('numpy')"
    dtype, shape, values = data["dtype"], data["shape"], _literal(data["__ndarray__"])
    if data.get("scalar"):
        if dtype.startswith("complex"):
            values = f"complex(*{values})"
        return f"{numpy}.dtype({dtype!r}).type({values})"
    if dtype.startswith("complex"):
        real = f"float{int(dtype.removeprefix('complex')) // 2}"
        return (f"{numpy}.array({values}, dtype={real!r}).reshape({[*shape, 2]})"
                f".view({dtype!r}).reshape({shape})")
    return f"{numpy}.array({values}, dtype={dtype!r}).reshape({shape})"


def _read(saved: Saved) -> tuple[Notebook | None, str]:
    if saved.path is None:
        return None, saved.how
    try:
        return read_notebook(saved.path), ""
    except NotebookError as error:
        return None, str(error)


def _headings(course: Course) -> tuple[tuple[int, str], ...]:
    """Without a saved file, the template's part headings, so the kernel's answers are
    read as the template's are: by name."""
    return tuple((i, f"## {p.id}") for i, p in enumerate(course.parts))


def _merge(live: SubmissionResult, others: Mapping[str, PartResult], notes: Mapping[str, str],
           other: SubmissionResult | None = None) -> SubmissionResult:
    """`live` with the parts in `others` put in its place, each part in `notes` led by its
    note; the totals summed again."""
    exercises = []
    for exercise in live.exercises:
        parts = tuple(_noted(others.get(p.id, p), notes.get(p.id)) for p in exercise.parts)
        exercises.append(dataclasses.replace(
            exercise, parts=parts, score=round(sum(p.score for p in parts), 4)))
    result = dataclasses.replace(live, exercises=tuple(exercises),
                                 score=round(sum(e.score for e in exercises), 4))
    if other is not None and other.status != "graded":
        detail = f"The saved notebook: {other.detail}" if other.detail else None
        result = dataclasses.replace(
            result, status=other.status if live.status == "graded" else live.status,
            detail="; ".join(filter(None, [live.detail, detail])) or None)
    return result


def _noted(part: PartResult, note: str | None) -> PartResult:
    if note is None:
        return part
    return dataclasses.replace(part, feedback="\n".join(filter(None, [note, part.feedback])))
