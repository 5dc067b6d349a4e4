"""The verdict memo: bounded, shared safely, shipped empty, and invisible in the results."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from grader.answers import Value
from grader.checks.cache import Memo
from grader.mathexpr import bounded


def test_least_recently_used_entries_go_first():
    memo = Memo(size=2)
    assert memo.get("a", lambda: 1) == 1
    assert memo.get("b", lambda: 2) == 2
    assert memo.get("a", lambda: 99) == 1  # a hit, and now the most recent
    assert memo.get("c", lambda: 3) == 3  # evicts b
    assert memo.get("b", lambda: 20) == 20
    assert (memo.hits, memo.misses, len(memo)) == (1, 4, 2)


def test_a_memo_is_shipped_empty_and_never_makes_checks_differ():
    memo = Memo(size=7)
    memo.get("key", lambda: "value")
    copy = pickle.loads(pickle.dumps(memo))
    assert (copy.size, len(copy)) == (7, 0)
    assert copy == memo and hash(copy) == hash(Memo())


SIGMOID = "sigmoid_derivative_expr"


@pytest.mark.parametrize(("first", "second", "judgements"), [
    ("sigmoid(x)*(1-sigmoid(x))", "sigmoid(x)*(1-sigmoid(x))", 0),  # same text
    ("sigmoid(x)*(1-sigmoid(x))", "sigmoid(x) * (1 - sigmoid(x))", 1),  # same expression
    ("sigmoid(x)*(1+sigmoid(x))", "sigmoid(x) (1 + sigmoid(x))", 1),  # same mistake
    ("sigmoid(x)*(1-sigmoid(x))", "exp(-x)/(1+exp(-x))^2", 1),  # another expression
])
def test_an_answer_seen_before_is_not_judged_again(first, second, judgements, gradebook,
                                                   monkeypatch):
    """A text seen before is not sent to the checking worker again; one that reads as an
    expression seen before is, and the worker verifies it once (tests/mathexpr/test_judge)."""
    check = dataclasses.replace(gradebook.checks[SIGMOID], memo=Memo())
    fresh = dataclasses.replace(check, memo=Memo())
    check.grade(Value(first))
    calls: list[str] = []
    real = bounded.judge

    def counting(text, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(bounded, "judge", counting)
    remembered = check.grade(Value(second))
    assert len(calls) == judgements
    monkeypatch.setattr(bounded, "judge", real)
    assert remembered == fresh.grade(Value(second))
