from grader.reports import terminal
from tests.reports.sample import sample_batch


def test_summary_golden(golden):
    golden("summary.txt", terminal.summary(sample_batch()) + "\n")


def test_submission_lines():
    alice, bob = sample_batch().submissions
    assert terminal.submission_line(alice) == "alice.ipynb: 5/10 graded"
    assert terminal.submission_line(bob) == (
        "bob/hw.ipynb: 3/10 timeout (1 to review; cell 4 timed out after 10 s)")
