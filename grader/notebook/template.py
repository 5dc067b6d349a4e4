"""Build the student template and the instructors' solved notebook from the course.

Both come from the specs and solutions alone, deterministically (fixed cell ids, sorted
JSON), so a committed template that drifts from the specs is caught by a plain comparison.
"""

from __future__ import annotations

import inspect
import pprint
import types
from collections.abc import Callable
from typing import Any

import nbformat
from nbformat import NotebookNode

from grader.answers import MARKDOWN_PLACEHOLDER as PLACEHOLDER
from grader.course import Course, Exercise, Part, Solution, load_solution
from grader.notebook.reader import fingerprint

SETUP = "import numpy as np"


def build_template(course: Course) -> NotebookNode:
    return _build(course, solved=False)


def build_solved(course: Course) -> NotebookNode:
    return _build(course, solved=True)


def template_fingerprint(course: Course) -> str:
    """Notebook.fingerprint of the template: what a student who changed nothing hands in."""
    return fingerprint((cell.cell_type, cell.source) for cell in build_template(course).cells
                       if cell.cell_type in ("code", "markdown"))


def dumps(notebook: NotebookNode) -> str:
    return nbformat.writes(notebook) + "\n"


def _build(course: Course, *, solved: bool) -> NotebookNode:
    cells = [
        _markdown("title", f"# {course.title}\n\n" + (
            "Solved notebook for instructors: do not hand out." if solved else
            "Answer each part in the cell under its heading. Keep the names the questions "
            "ask for: the grader finds your answers by those names.")),
        _code("setup", SETUP),
    ]
    for exercise in course.exercises:
        solution = load_solution(exercise) if solved else None
        cells.append(_markdown(f"exercise-{exercise.id}",
                               f"# {exercise.title}\n\n{exercise.prompt}".strip()))
        for part in exercise.parts:
            cells.append(_markdown(f"{part.id}-prompt", part_heading(part)))
            cells.append(_answer_cell(part, solution))
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    return notebook


def part_heading(part: Part) -> str:
    """A part's heading cell in the template (markdown answers are found under it)."""
    return f"## {part.id}\n\n*{part.points:g} points.* {part.prompt}".strip()


def _answer_cell(part: Part, solution: Solution | None) -> NotebookNode:
    cell_id = f"{part.id}-answer"
    p = part.params
    if part.kind == "manual":
        text = PLACEHOLDER if solution is None else str(solution.get(p["reference"], "")).strip()
        return _markdown(cell_id, text)
    if solution is None:
        return _code(cell_id, _stub(part))
    reference = solution.get(p["reference"], "")
    if part.kind == "numeric":
        return _code(cell_id, _function_source(part.id, reference, solution))
    return _code(cell_id, f"{part.id} = {_literal(reference)}")


def _stub(part: Part) -> str:
    p = part.params
    if part.kind == "numeric":
        return f"def {p['signature']}:\n    # Write your answer here\n    raise NotImplementedError"
    if "keys" in p:
        return f"{part.id} = {_literal({k: '' for k in p['keys']})}"
    return f'{part.id} = ""  # Write your answer here'


def _literal(value: Any) -> str:
    return pprint.pformat(value, width=88, sort_dicts=False)


def _function_source(name: str, function: Callable, solution: Solution) -> str:
    """The reference function, with the helpers it calls from its module, under `name`."""
    sources = [inspect.getsource(f).strip() for f in _helpers(function, solution.module)]
    sources.append(inspect.getsource(function).strip())
    if function.__name__ != name:
        sources.append(f"{name} = {function.__name__}")
    return "\n\n\n".join(sources)


def _helpers(function: Callable, module: types.ModuleType) -> list[Callable]:
    found: list[Callable] = []

    def visit(f: Callable) -> None:
        for used in f.__code__.co_names:
            helper = getattr(module, used, None)
            if (isinstance(helper, types.FunctionType) and helper is not function
                    and helper not in found and helper.__module__ == module.__name__):
                visit(helper)
                found.append(helper)

    visit(function)
    return found


def _markdown(cell_id: str, text: str) -> NotebookNode:
    cell = nbformat.v4.new_markdown_cell(text)
    cell.id = cell_id.replace("_", "-")
    return cell


def _code(cell_id: str, source: str) -> NotebookNode:
    cell = nbformat.v4.new_code_cell(source)
    cell.id = cell_id.replace("_", "-")
    return cell


__all__ = ["Exercise", "build_solved", "build_template", "dumps"]
