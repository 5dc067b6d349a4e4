"""The review's HTTP surface: JSON in and out, refusals as sentences, local pages only."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from grader.reports import results_json
from grader.review.app import create_app
from grader.review.service import Review
from tests.review.classroom import make_out


@pytest.fixture
def client(tmp_path, course):
    out = make_out(tmp_path)
    review = Review(out, results_json.read(out / "results.json"), course)
    return TestClient(create_app(review, ["testserver", "127.0.0.1"]))


def test_the_page_loads_nothing_from_elsewhere(client):
    page = client.get("/")
    assert page.status_code == 200
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy
    assert 'src="/assets/review.js"' in page.text and "http" not in page.text.split(
        "<body>")[1]
    assert client.get("/assets/review.js").status_code == 200
    assert client.get("/assets/..%2Fapp.py").status_code == 404


def test_a_save_from_an_old_version_is_refused_with_who_saved_what(client):
    part = client.get("/api/parts/collapse_proof").json()
    ada = {"ada": 0}
    first = client.post("/api/parts/collapse_proof/decisions", json={
        "versions": ada, "items": [part["items"][0]["id"]], "comment": "Fine.",
        "grader": "Ana"})
    assert first.json() == {"saved": 1}
    second = client.post("/api/parts/collapse_proof/decisions", json={
        "versions": ada, "items": [], "adjustment": 6, "grader": "Bo"})
    assert second.status_code == 409
    message = second.json()["error"]
    assert message.startswith("Not saved: Ana gave ada 2 points, \u201cFine.\u201d meanwhile (")


def test_changes_must_be_json(client):
    done = client.post("/api/parts/collapse_proof/decisions", content='{"versions": {}}',
                       headers={"content-type": "text/plain"})
    assert (done.status_code, done.json()) == (400, {"error": "expected a JSON request"})


def test_unknown_parts_and_students_are_refused(client):
    assert client.get("/api/parts/nothing").status_code == 404
    done = client.post("/api/parts/collapse_proof/decisions", json={"versions": {"zed": 0}})
    assert (done.status_code, done.json()["error"]) == (
        400, "no answer of collapse_proof by ['zed']")


def test_another_host_name_is_refused(client):
    assert client.get("/", headers={"host": "evil.example"}).status_code == 400


def test_items_are_added_and_edited(client):
    added = client.post("/api/parts/collapse_proof/items",
                        json={"points": -1, "text": "Sign error."}).json()
    edited = client.post(f"/api/items/{added['id']}",
                         json={"version": 1, "points": -2, "text": "Sign error."})
    assert edited.json() == {"id": added["id"], "version": 2}
    stale = client.post(f"/api/items/{added['id']}",
                        json={"version": 1, "points": -3, "text": "Sign error."})
    assert stale.status_code == 409 and "changed meanwhile to -2 points" in stale.json()["error"]
    assert client.post("/api/parts/collapse_proof/items",
                       json={"points": 1, "text": " "}).status_code == 400


def test_a_flagged_expression_is_taught_to_a_copy_of_the_course(tmp_path, course_copy):
    from grader.course import load_course

    root = course_copy()
    out = make_out(tmp_path / "out")
    review = Review(out, results_json.read(out / "results.json"), load_course(root))
    client = TestClient(create_app(review, ["testserver"]))
    groups = client.get("/api/parts/two_layer_weight").json()["groups"]
    assert [g["teachable"] for g in groups] == [True, True, False]   # "W2 W1 +" is no formula
    refused = client.post("/api/parts/two_layer_weight/teach", json={
        "group": groups[0]["key"], "lesson": "mistake", "name": "right", "feedback": "No."})
    assert refused.status_code == 400
    assert "nothing was written" in refused.json()["error"]
    taught = client.post("/api/parts/two_layer_weight/teach",
                         json={"group": groups[0]["key"], "lesson": "accepted"})
    assert taught.json() == {"written": str(root / "exercises" / "linear_collapse.yaml")}
    assert "TWO_LAYER_WEIGHT_ACCEPTED_1" in (root / "exercises" / "linear_collapse.yaml"
                                             ).read_text()
