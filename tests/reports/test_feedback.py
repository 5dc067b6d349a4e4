from grader.reports import feedback
from tests.reports.sample import sample_batch


def test_feedback_golden(golden):
    for result in sample_batch().submissions:
        golden(f"feedback_{result.student}.md", feedback.markdown(result))
