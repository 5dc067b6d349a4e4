"""Answer tables written as classes of answers, shared by the tests and bench/precision.py.

Each table is rows of (part, answer, expected): "right" must earn full credit, "wrong" must
not, "review" must go to a person. Rows are generated per class (near-misses of each kind),
with the issue's own examples among them.
"""

from typing import Any

Row = tuple[str, Any, str]
"""(part, answer, expected)"""


def flatten(classes: dict[str, list[Row]]) -> list[tuple[str, str, Any, str]]:
    """(class, part, answer, expected) for every row of every class."""
    return [(name, part, value, expected) for name, table in classes.items()
            for part, value, expected in table]
