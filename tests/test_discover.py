"""The same notebook from two students: named on both rows (`same_as`), never for the
template, never for one student's own files, in the batch's order."""

from __future__ import annotations

import pytest

from grader.pipeline.discover import MAX_SAME_AS, flag_copies
from grader.results import SubmissionResult


def row(submission: str, student: str) -> SubmissionResult:
    return SubmissionResult(submission, student, "graded", 1.0, 1.0, ())


@pytest.mark.parametrize(("rows", "fingerprints", "same_as"), [
    # two students, one notebook: each names the other
    ([("a.ipynb", "a"), ("b.ipynb", "b"), ("c.ipynb", "c")],
     {"a.ipynb": "X", "b.ipynb": "Y", "c.ipynb": "X"},
     {"a.ipynb": ("c.ipynb",), "c.ipynb": ("a.ipynb",)}),
    # one student's two files are a duplicate (flag_duplicates), not a copy
    ([("a/1.ipynb", "a"), ("A/2.ipynb", "A")], {"a/1.ipynb": "X", "A/2.ipynb": "X"}, {}),
    # the template, handed in unchanged by two students
    ([("a.ipynb", "a"), ("b.ipynb", "b")], {"a.ipynb": "T", "b.ipynb": "T"}, {}),
    # files that were never read have no fingerprint
    ([("a.ipynb", "a"), ("b.ipynb", "b")], {"a.ipynb": None, "b.ipynb": None}, {}),
    # three: each names the two others, in the batch's order
    ([("c.ipynb", "c"), ("a.ipynb", "a"), ("b.ipynb", "b")],
     {"a.ipynb": "X", "b.ipynb": "X", "c.ipynb": "X"},
     {"c.ipynb": ("a.ipynb", "b.ipynb"), "a.ipynb": ("c.ipynb", "b.ipynb"),
      "b.ipynb": ("c.ipynb", "a.ipynb")}),
])
def test_copies_across_students_are_named(rows, fingerprints, same_as):
    results = [row(*r) for r in rows]
    flagged = flag_copies(results, fingerprints, ignore={"T"})
    assert {r.submission: r.same_as for r in flagged if r.same_as} == same_as
    assert [r.submission for r in flagged] == [r.submission for r in results]


def test_a_class_of_one_notebook_names_a_bounded_few():
    results = [row(f"s{i:03d}.ipynb", f"s{i:03d}") for i in range(200)]
    flagged = flag_copies(results, {r.submission: "X" for r in results})
    assert all(len(r.same_as) == MAX_SAME_AS for r in flagged)
    assert flagged[0].same_as[0] == "s001.ipynb" and flagged[5].same_as[0] == "s000.ipynb"
