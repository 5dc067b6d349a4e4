"""One item per key for an LMS: the highest rank kept, every other one named."""

from __future__ import annotations

import pytest

from grader.reports.newest import keep_newest


@pytest.mark.parametrize(("items", "kept", "dropped"), [
    ([("a", 1), ("b", 1)], [("a", 1), ("b", 1)], []),
    ([("a", 1), ("a", 3), ("a", 2)], [("a", 3)], [(("a", 1), ("a", 3)), (("a", 2), ("a", 3))]),
    ([("a", 2), ("b", 1), ("a", 2)], [("a", 2), ("b", 1)], [(("a", 2), ("a", 2))]),
    ([], [], []),
])
def test_the_newest_of_each_key_is_kept(items, kept, dropped):
    got_kept, got_dropped = keep_newest(items, key=lambda item: item[0],
                                        rank=lambda item: item[1])
    assert (got_kept, got_dropped) == (kept, dropped)
