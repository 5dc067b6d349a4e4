"""What waits for a person, per part, with equal answers grouped."""

from __future__ import annotations

from grader.review.tasks import group_key, queues
from tests.review.classroom import batch


def test_prose_is_equal_up_to_spacing_and_case():
    assert group_key("Linear maps  compose.\n") == group_key("linear MAPS compose.")
    assert group_key("Linear maps compose.") != group_key("Linear maps compose")


def test_each_part_in_course_order_with_its_groups_largest_first(course):
    found = {q.id: q for q in queues(batch(), course)}
    assert list(found) == ["two_layer_weight", "collapse_proof"]
    proof = found["collapse_proof"]
    assert [[t.student for t in g.tasks] for g in proof.groups] == [
        ["bo", "cy", "dee"], ["ada"], ["eve"]]
    assert proof.size == 5 and proof.max_score == 6.0
    assert len(proof.rubric.items) == 3 and "induction" in proof.question
    assert proof.reference                                  # the model answer, for the person


def test_expressions_group_by_their_canonical_form(course):
    weight = next(q for q in queues(batch(), course) if q.id == "two_layer_weight")
    # W2*W1 and W_2 W_1 are one expression; W1*W2 another; "W2 W1 +" does not parse
    assert [[t.student for t in g.tasks] for g in weight.groups] == [
        ["ada", "bo"], ["cy"], ["dee"]]
    assert weight.groups[0].key.startswith("expr:") and weight.groups[2].key.startswith("text:")
    assert "a person will check it" in weight.groups[0].tasks[0].note


def test_a_free_form_answer_says_which_cells_it_came_from(course):
    import dataclasses

    graded = batch()
    ada = graded.submissions[0]
    exercise = ada.exercises[0]
    proof = dataclasses.replace(exercise.parts[2], feedback=(
        "Answer read from cell 16, under the question in cell 14: By induction...\n"
        "This part is graded by a person; its score is 0 until then."))
    ada = dataclasses.replace(ada, exercises=(dataclasses.replace(
        exercise, parts=(*exercise.parts[:2], proof)),))
    graded = dataclasses.replace(graded, submissions=(ada, *graded.submissions[1:]))
    found = next(q for q in queues(graded, course) if q.id == "collapse_proof")
    [task] = next(g for g in found.groups if g.tasks[0].student == "ada").tasks
    assert task.note == "Answer read from cell 16, under the question in cell 14: By induction..."
