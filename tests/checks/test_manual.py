from grader.answers import MARKDOWN_PLACEHOLDER, Markdown, Missing, Value


def test_manual_parts_wait_for_a_person(gradebook):
    check = gradebook.checks["collapse_proof"]
    outcome = check.grade(Markdown("W2(W1x+b1)+b2 ...", (12,)))
    assert (outcome.verdict, outcome.credit) == ("pending_manual", 0.0)
    assert outcome.answer == "W2(W1x+b1)+b2 ..."
    assert check.grade(Value("A proof in a string")).verdict == "pending_manual"


def test_unanswered_manual_parts_are_missing(gradebook):
    check = gradebook.checks["puppy_or_bagel"]
    for answer in (Missing("no"), Markdown(MARKDOWN_PLACEHOLDER), Markdown("  "), Value(3)):
        assert check.grade(answer).verdict == "missing"
