"""Teaching the course a person's decision on a flagged expression, so the next batch
decides it alone: the answer becomes an accepted form of the part or a named mistake.

The spec is edited as text, a few lines inserted into the part's block, so its comments
and layout stay as the instructor wrote them; an accepted form is also a constant in the
solution module (the spec's `alternatives:` name references). Then the course is checked
as `grade validate` checks it: the spec against its schema, and the part's check against
its known answers (the reference still earns full credit, no named mistake does). Whatever
fails puts both files back as they were.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from grader.course import Part, load_course
from grader.errors import GraderError, describe_error
from grader.pipeline.gradebook import prepare_course


class NotTaught(ValueError):
    """The course refused the lesson; the files are as they were."""


def accept(part: Part, solution_file: Path, expression: str) -> None:
    """`expression` earns full credit from now on."""
    text = solution_file.read_text(encoding="utf-8")
    name = _free_name(text, f"{part.id.upper()}_ACCEPTED")
    solution = (f"{text.rstrip()}\n\n# Accepted in grade review for {part.id}.\n"
                f"{name} = {json.dumps(expression)}\n")
    entry = [f"- reference: {name}"]
    _apply(part, {solution_file: solution, part.spec_file: _insert(
        part.spec_file.read_text(encoding="utf-8"), part.id, "alternatives", entry)})


def mistake(part: Part, expression: str, name: str, feedback: str) -> None:
    """`expression` is recognised as the mistake `name`, with this feedback."""
    if not name.strip() or not feedback.strip():
        raise NotTaught("a named mistake needs a name and feedback for the student")
    entry = [f"- name: {json.dumps(name.strip())}", f"  expr: {json.dumps(expression)}",
             f"  feedback: {json.dumps(feedback.strip())}"]
    _apply(part, {part.spec_file: _insert(part.spec_file.read_text(encoding="utf-8"),
                                          part.id, "misconceptions", entry)})


def _apply(part: Part, files: dict[Path, str]) -> None:
    before = {path: path.read_text(encoding="utf-8") for path in files}
    try:
        for path, text in files.items():
            path.write_text(text, encoding="utf-8")
        problems = _validate(part)
    except GraderError as error:
        problems = [describe_error(error)]
    if problems:
        for path, text in before.items():
            path.write_text(text, encoding="utf-8")
        raise NotTaught("the course refused it, so nothing was written: " + "; ".join(problems))


def _validate(part: Part) -> list[str]:
    from grader.selftest import self_test  # sympy, only when a person teaches

    root = part.spec_file.parent.parent
    course = load_course(root)
    checks = dict(prepare_course(course).checks)
    return [f"{f.where}: {f.problem}" for f in self_test(course, checks)
            if f.part.id == part.id]


def _insert(spec: str, part_id: str, key: str, entry: list[str]) -> str:
    """The spec with `entry` appended to the part's `key:` list (made when missing)."""
    lines = spec.splitlines()
    start = next((i for i, line in enumerate(lines)
                  if re.fullmatch(rf"\s*- id: ['\"]?{re.escape(part_id)}['\"]?\s*", line)), None)
    if start is None:
        raise NotTaught(f"no part {part_id} in its spec")
    indent = len(lines[start]) - len(lines[start].lstrip()) + 2
    end = next((i for i in range(start + 1, len(lines))
                if lines[i].strip() and _indent(lines[i]) < indent), len(lines))
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    keyed = [i for i in range(start + 1, end)
             if _indent(lines[i]) == indent and lines[i].strip().startswith(f"{key}:")]
    if any(lines[i].strip() != f"{key}:" for i in keyed):
        raise NotTaught(f"{part_id}'s {key} are written on one line; add this one by hand")
    found = keyed[0] if keyed else None
    if found is None:
        block = [" " * indent + f"{key}:", *(" " * (indent + 2) + line for line in entry)]
        return "\n".join(lines[:end] + block + lines[end:]) + "\n"
    last = found + 1
    while last < end and (not lines[last].strip() or _indent(lines[last]) > indent):
        last += 1
    items = next((_indent(lines[i]) for i in range(found + 1, last) if lines[i].strip()),
                 indent + 2)
    while last > found + 1 and not lines[last - 1].strip():
        last -= 1
    block = [" " * items + line for line in entry]
    return "\n".join(lines[:last] + block + lines[last:]) + "\n"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _free_name(source: str, stem: str) -> str:
    n = 1
    while re.search(rf"^{stem}_{n}\b", source, re.MULTILINE):
        n += 1
    return f"{stem}_{n}"
