"""The review's SQLite store: one transaction per decision, versions that refuse stale saves."""

from __future__ import annotations

import sqlite3

import pytest

from grader.review.store import Conflict, Store, Target
from grader.rubric import RubricItem

ITEMS = [RubricItem(2.0, "Base case."), RubricItem(4.0, "Induction step.")]


@pytest.fixture
def store(tmp_path):
    store = Store(tmp_path / "review.sqlite3")
    store.seed("proof", ITEMS)
    return store


def test_items_are_seeded_once_and_edits_kept(store):
    [first, _] = store.items("proof")
    store.edit_item(first.id, first.version, 3.0, "Base case, both parts.")
    store.seed("proof", ITEMS)
    assert [(i.points, i.text, i.version) for i in store.items("proof")] == [
        (3.0, "Base case, both parts.", 2), (4.0, "Induction step.", 1)]


def test_the_database_is_in_wal_mode(store):
    with sqlite3.connect(store.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_decision_made_from_an_old_version_is_refused_with_the_stored_one(store):
    base, step = (i.id for i in store.items("proof"))
    [saved] = store.decide("proof", [Target("ada", "d1", 0)], [base], 0, "ok", "Ana")
    assert saved.version == 1
    with pytest.raises(Conflict) as refused:
        store.decide("proof", [Target("ada", "d1", 0)], [step], 0, "", "Bo")
    assert [(d.grader, d.items) for d in refused.value.decisions] == [("Ana", (base,))]
    store.decide("proof", [Target("ada", "d1", 1)], [base, step], 0.5, "", "Bo")
    assert store.decisions()[("ada", "proof")].items == (base, step)


def test_a_group_is_decided_all_or_none(store):
    base = store.items("proof")[0].id
    store.decide("proof", [Target("bo", "d2", 0)], [base], 0, "", "Ana")
    with pytest.raises(Conflict):
        store.decide("proof", [Target("ada", "d1", 0), Target("bo", "d2", 0)], [], 1, "", "Bo")
    assert set(store.decisions()) == {("bo", "proof")}


def test_an_item_edited_meanwhile_is_refused(store):
    item = store.items("proof")[0]
    store.edit_item(item.id, item.version, 1.0, "Base case.")
    with pytest.raises(Conflict) as refused:
        store.edit_item(item.id, item.version, 5.0, "Base case.")
    assert refused.value.items[0].points == 1.0


def test_items_of_another_part_are_refused(store):
    other = store.add_item("lemma", 1.0, "Stated.")
    with pytest.raises(ValueError, match="no such rubric item of proof"):
        store.decide("proof", [Target("ada", "d1", 0)], [other.id], 0, "", "Ana")
