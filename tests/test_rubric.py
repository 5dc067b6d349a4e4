"""Rubrics: free text or items, read from a spec entry, and the score items add up to."""

from __future__ import annotations

import pytest

from grader.rubric import Rubric, RubricItem, item_line, rubric_of, score


def test_free_text_stays_as_it_was():
    assert rubric_of("  2 points: the base case.\n") == Rubric("2 points: the base case.")
    assert rubric_of(None) == Rubric("")


def test_items_read_as_lines_on_the_sheet():
    rubric = rubric_of([{"points": 2, "text": "Base case. "},
                        {"points": -1, "text": "Sign error."}])
    assert rubric.items == (RubricItem(2.0, "Base case."), RubricItem(-1.0, "Sign error."))
    assert rubric.text == "2 points: Base case.\n-1 point: Sign error."
    assert item_line(RubricItem(0.5, "Half")) == "0.5 points: Half"


@pytest.mark.parametrize(("points", "adjustment", "deductions", "expected"), [
    ([2, 2], 0, False, 4.0),
    ([2, 2, 2, 2], 0, False, 6.0),        # never above the part's points
    ([2, -3], 0, False, 0.0),             # never below 0
    ([2], 0.5, False, 2.5),
    ([], 0, True, 6.0),                   # deductions only: from full points down
    ([-1, -2], 0, True, 3.0),
    ([], -1.5, False, 0.0),
])
def test_score_is_items_plus_adjustment_within_the_points(points, adjustment, deductions,
                                                          expected):
    assert score(points, adjustment, 6.0, deductions) == expected
