"""Decisions flow into results.json as `grade manual import` merges a sheet."""

from __future__ import annotations

import json

import pytest

from grader import manual
from grader.reports import results_json
from grader.review.service import Review
from grader.review.store import Conflict
from tests.review.classroom import make_out


@pytest.fixture
def review(tmp_path, course):
    out = make_out(tmp_path)
    return Review(out, results_json.read(out / "results.json"), course)


def proof_parts(out):
    data = json.loads((out / "results.json").read_text())
    return {s["student"]: p for s in data["submissions"] for e in s["exercises"]
            for p in e["parts"] if p["id"] == "collapse_proof"}


def group_versions(review, student):
    part = review.part("collapse_proof")
    group = next(g for g in part["groups"] if student in [m["student"] for m in g["members"]])
    return {m["student"]: m["version"] for m in group["members"]}, part["items"]


def test_a_group_decision_scores_every_member_in_results_json(review):
    versions, items = group_versions(review, "bo")
    review.decide("collapse_proof", versions, [items[0]["id"]], 1.0, "Say why.", "Ana")
    parts = proof_parts(review.out)
    for student in ("bo", "cy", "dee"):
        assert (parts[student]["score"], parts[student]["verdict"],
                parts[student]["graded_by"]) == (3.0, "partial", "person")
        assert parts[student]["feedback"] == (
            "2 points: The two-layer output: W2(W1 x + b1) + b2 = (W2 W1) x + (W2 b1 + b2)."
            "\nSay why.")
    assert parts["ada"]["verdict"] == "pending_manual"
    assert "collapse_proof: 3 / 6, partly correct" in (
        review.out / "feedback" / "cy.md").read_text()
    stored = manual.load_scores(review.out)
    assert {(s.student, s.score) for s in stored} == {("bo", 3.0), ("cy", 3.0), ("dee", 3.0)}


def test_editing_an_item_rescores_everyone_who_has_it(review):
    versions, items = group_versions(review, "bo")
    first = items[0]
    review.decide("collapse_proof", versions, [first["id"]], 0, "", "Ana")
    review.edit_item(first["id"], first["version"], 1.5, "Half the two-layer output.")
    parts = proof_parts(review.out)
    assert [parts[s]["score"] for s in ("bo", "cy", "dee")] == [1.5, 1.5, 1.5]
    assert parts["bo"]["feedback"] == "1.5 points: Half the two-layer output."


def test_a_stale_save_is_refused_with_what_was_saved(review):
    versions, items = group_versions(review, "ada")
    review.decide("collapse_proof", versions, [items[0]["id"], items[1]["id"]], 0, "", "Ana")
    with pytest.raises(Conflict) as refused:
        review.decide("collapse_proof", versions, [], 0, "", "Bo")
    assert refused.value.scores == {"ada": 4.0}
    assert proof_parts(review.out)["ada"]["score"] == 4.0


def test_a_decision_on_an_earlier_answer_no_longer_applies(review, course, tmp_path):
    versions, items = group_versions(review, "ada")
    review.decide("collapse_proof", versions, [items[0]["id"]], 0, "", "Ana")
    new = make_out(tmp_path, {"ada": "A new proof."})   # ada handed in again, re-graded
    again = Review(new, results_json.read(new / "results.json"), course)
    [member] = again.part("collapse_proof")["groups"][0]["members"]
    assert (member["decision"], member["score"], member["version"]) == (None, None, 1)
    again.sync()
    assert proof_parts(new)["ada"]["verdict"] == "pending_manual"


def test_parts_count_what_is_graded(review):
    versions, items = group_versions(review, "bo")
    review.decide("collapse_proof", versions, [], 6, "", "Ana")
    assert {p["id"]: (p["graded"], p["total"]) for p in review.parts()} == {
        "two_layer_weight": (0, 4), "collapse_proof": (3, 5)}
    weight = review.part("two_layer_weight")
    assert [i["text"] for i in weight["items"]] == ["Right: full credit.",
                                                    "Not right: no credit."]


def test_decisions_saved_before_a_crash_reach_results_json_on_the_next_start(review, course):
    from grader.review.store import Target
    from tests.review.classroom import PROOFS

    digest = manual.answer_digest(PROOFS["eve"])
    item = review.store.items("collapse_proof")[2].id
    # saved, then the server died before merging it into results.json
    review.store.decide("collapse_proof", [Target("eve", digest, 0)], [item], 0, "", "Ana")
    assert proof_parts(review.out)["eve"]["graded_by"] == "grader"
    again = Review(review.out, results_json.read(review.out / "results.json"), course)
    again.sync()
    assert proof_parts(review.out)["eve"]["score"] == 2.0
