"""The named verdict sets and the walk over a submission's parts."""

from __future__ import annotations

from grader.results import AWAITING_PERSON, NEEDS_ATTENTION, NEEDS_PERSON, VERDICTS
from tests.reports.sample import sample_batch


def test_verdict_sets_name_real_verdicts_and_nest():
    assert {"needs_review", "error"} == NEEDS_ATTENTION
    assert {"pending_manual", "needs_review"} == AWAITING_PERSON
    assert NEEDS_PERSON == AWAITING_PERSON | NEEDS_ATTENTION
    assert set(VERDICTS) >= NEEDS_PERSON


def test_parts_are_every_exercise_s_parts_in_order():
    alice = sample_batch().submissions[0]
    assert [p.id for p in alice.parts] == [p.id for e in alice.exercises for p in e.parts]
    assert [p.id for p in alice.parts_in(NEEDS_PERSON)] == ["proof"]
    assert alice.parts_in(NEEDS_ATTENTION) == ()
