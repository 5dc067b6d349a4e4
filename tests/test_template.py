"""The committed template and solved notebook are exactly what the specs build."""

from __future__ import annotations

import nbformat

from grader.notebook.template import build_solved, build_template, dumps
from tests.conftest import ROOT


def test_committed_template_matches_the_specs(course):
    committed = (ROOT / "student_template" / "homework.ipynb").read_text()
    assert committed == dumps(build_template(course)), "run `grade build` to refresh it"


def test_committed_solved_notebook_matches_the_specs(course):
    committed = (ROOT / "solutions" / "solved.ipynb").read_text()
    assert committed == dumps(build_solved(course)), "run `grade build` to refresh it"


def test_template_has_a_heading_and_an_answer_cell_per_part(course):
    notebook = build_template(course)
    nbformat.validate(notebook)
    sources = [cell.source for cell in notebook.cells]
    for part in course.parts:
        assert any(s.startswith(f"## {part.id}\n") for s in sources)
        assert f"{part.id}-answer".replace("_", "-") in {c.id for c in notebook.cells}


def test_template_holds_no_reference_values(course):
    from grader.course import load_solution

    text = dumps(build_template(course))
    for exercise in course.exercises:
        module = load_solution(exercise).module
        for name, value in vars(module).items():
            if name.isupper() and isinstance(value, str) and len(value) > 3:
                assert value not in text, f"{name} leaked into the template"
            if name.isupper() and isinstance(value, dict):
                for item in value.values():
                    if isinstance(item, str) and len(item) > 3:
                        assert item not in text, f"{name} leaked into the template"
    assert "np.outer" not in text and "np.exp(z - z.max())" not in text
