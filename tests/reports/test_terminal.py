from grader.reports import terminal
from tests.reports.sample import sample_batch


def test_summary_golden(golden):
    golden("summary.txt", terminal.summary(sample_batch()) + "\n")


def test_submission_lines():
    alice, bob = sample_batch().submissions
    assert terminal.submission_line(alice) == "alice.ipynb: 5/10 graded"
    assert terminal.submission_line(bob) == (
        "bob/hw.ipynb: 3/10 timeout (1 to review; cell 4 timed out after 10 s)")


def test_copies_are_listed_under_the_summary_once_per_group():
    import dataclasses

    batch = sample_batch()
    alice, bob = batch.submissions
    carol = dataclasses.replace(alice, submission="carol.ipynb", student="carol",
                                same_as=("alice.ipynb",))
    alice = dataclasses.replace(alice, same_as=("carol.ipynb",))
    text = terminal.summary(dataclasses.replace(batch, submissions=(alice, bob, carol)))
    assert text.endswith("\n\nthe same notebook (outputs and metadata aside) from different "
                         "students:\n  alice.ipynb, carol.ipynb")
    assert "the same notebook" not in terminal.summary(sample_batch())
