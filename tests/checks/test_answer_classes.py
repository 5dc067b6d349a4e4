"""Every answer table of tests/precision, by class: wrong answers never earn full credit,
right ones do, and the ones a person must decide go to a person."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.precision import dicts, numeric, prose, symbolic
from tests.precision.verdicts import meets

TABLES = {"prose": prose, "numeric": numeric, "symbolic": symbolic, "dicts": dicts}
ROWS = [(table, *row) for table, module in TABLES.items() for row in module.rows()]


@pytest.mark.parametrize(("table", "name", "part", "value", "expected"), ROWS,
                         ids=[f"{r[0]}-{r[1]}-{n}" for n, r in enumerate(ROWS)])
def test_answer_classes(grade_answer, table, name, part, value, expected):
    outcome = grade_answer(part, value)
    assert meets(outcome, expected), (outcome.verdict, outcome.credit, outcome.feedback)


def test_the_tables_are_large_and_hold_every_expectation():
    counts = Counter(expected for *_, expected in ROWS)
    assert len(ROWS) >= 300 and set(counts) == {"right", "wrong", "review"}
    assert counts["wrong"] >= 150
