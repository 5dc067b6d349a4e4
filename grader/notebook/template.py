"""Build the student template and the instructors' solved notebook from the course.

Both come from the specs and solutions alone, deterministically (fixed cell ids, sorted
JSON), so a committed template that drifts from the specs is caught by a plain comparison.
"""

from __future__ import annotations

import nbformat
from nbformat import NotebookNode

from grader.checks import kind_of
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
    kind = kind_of(part.kind)
    cell = kind.stub(part) if solution is None else kind.solved(part, solution)
    make = _markdown if cell.type == "markdown" else _code
    return make(f"{part.id}-answer", cell.source)


def _markdown(cell_id: str, text: str) -> NotebookNode:
    cell = nbformat.v4.new_markdown_cell(text)
    cell.id = cell_id.replace("_", "-")
    return cell


def _code(cell_id: str, source: str) -> NotebookNode:
    cell = nbformat.v4.new_code_cell(source)
    cell.id = cell_id.replace("_", "-")
    return cell


__all__ = ["Exercise", "build_solved", "build_template", "dumps"]
