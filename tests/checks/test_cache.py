"""The verdict memo: bounded, shared safely, shipped empty, and invisible in the results."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from grader.answers import Value
from grader.checks import symbolic
from grader.checks.cache import Memo


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


@pytest.mark.parametrize(("first", "second", "decisions"), [
    ("sigmoid(x)*(1-sigmoid(x))", "sigmoid(x)*(1-sigmoid(x))", 0),  # same text
    ("sigmoid(x)*(1-sigmoid(x))", "sigmoid(x) * (1 - sigmoid(x))", 0),  # same expression
    ("sigmoid(x)*(1+sigmoid(x))", "sigmoid(x) (1 + sigmoid(x))", 0),  # same mistake
    ("sigmoid(x)*(1-sigmoid(x))", "exp(-x)/(1+exp(-x))^2", 1),  # another expression
])
def test_an_answer_seen_before_is_not_decided_again(first, second, decisions, gradebook,
                                                    monkeypatch):
    check = dataclasses.replace(gradebook.checks[SIGMOID], memo=Memo())
    fresh = dataclasses.replace(check, memo=Memo())
    check.grade(Value(first))
    calls: list[str] = []
    real = symbolic.verify

    def counting(reference, answer, ctx):  # type: ignore[no-untyped-def]
        calls.append(str(answer))
        return real(reference, answer, ctx)

    monkeypatch.setattr(symbolic, "verify", counting)
    remembered = check.grade(Value(second))
    assert len(calls) == decisions
    monkeypatch.setattr(symbolic, "verify", real)
    assert remembered == fresh.grade(Value(second))
