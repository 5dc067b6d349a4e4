"""A small fixed batch of results, so report goldens do not depend on grading."""

from __future__ import annotations

from grader.results import BatchResult, CellIssue, ExerciseResult, PartResult, SubmissionResult


def sample_batch() -> BatchResult:
    def parts(verdicts):
        return tuple(
            PartResult(id=pid, kind=kind, score=score, max_score=max_score, verdict=verdict,
                       feedback=feedback, misconception=mistake, answer=answer)
            for pid, kind, score, max_score, verdict, feedback, mistake, answer in verdicts
        )

    alice = SubmissionResult(
        submission="alice.ipynb", student="alice", status="graded", score=5.0, max_score=10.0,
        exercises=(ExerciseResult("derivs", "Derivatives", 5.0, 10.0, parts([
            ("softmax", "numeric", 0.0, 3.0, "incorrect",
             "Recognised mistake: softmax without the exponential. Use exp.\n"
             "Test 'ordinary logits' failed: softmax([1, 2, 3]) returned [0.166667, 0.333333, "
             "0.5]; expected [0.0900306, 0.244728, 0.665241] (wrong values).",
             "softmax without the exponential", None),
            ("sigmoid_expr", "symbolic", 2.0, 2.0, "correct", "`sigmoid_expr`: correct.", None,
             "sigmoid(x)*(1-sigmoid(x))"),
            ("proof", "manual", 0.0, 5.0, "pending_manual",
             "This part is graded by a person; its score is 0 until then.", None, "By induction"),
        ])),),
    )
    bob = SubmissionResult(
        submission="bob/hw.ipynb", student="bob", status="timeout", score=3.0, max_score=10.0,
        detail="cell 4 timed out after 10 s",
        cells=(CellIssue(2, "error", "ZeroDivisionError: division by zero (line 1)"),
               CellIssue(4, "timeout", "timed out after 10 s")),
        exercises=(ExerciseResult("derivs", "Derivatives", 3.0, 10.0, parts([
            ("softmax", "numeric", 3.0, 3.0, "correct", "`softmax` is correct on every test "
             "input.", None, None),
            ("sigmoid_expr", "symbolic", 0.0, 2.0, "needs_review",
             "`sigmoid_expr`: the grader could not read this answer; a person will check it.\n"
             "x +\n   ^\nthe expression ends too early", None, "x +"),
            ("proof", "manual", 0.0, 5.0, "missing",
             "No answer found under the heading '## proof'.", None, None),
        ])),),
    )
    return BatchResult(course="Sample course", grader_version="0.1.0", submissions=(alice, bob))


def large_batch(n: int = 200) -> BatchResult:
    """The sample's two submissions again and again, as a class of n, with math in the
    proofs: what the report must stay readable for."""
    import dataclasses

    alice, bob = sample_batch().submissions
    proof = "By induction: $W = W_N \\cdots W_1$ and $b = \\sum_k W_N \\cdots W_{k+1} b_k$."
    exercise = alice.exercises[0]
    parts = tuple(dataclasses.replace(p, answer=proof) if p.id == "proof" else p
                  for p in exercise.parts)
    alice = dataclasses.replace(alice, exercises=(dataclasses.replace(exercise, parts=parts),))
    submissions = tuple(dataclasses.replace(alice if i % 2 == 0 else bob,
                                            student=f"student_{i:03d}",
                                            submission=f"student_{i:03d}.ipynb")
                        for i in range(n))
    return BatchResult(course="Large course", grader_version="0.1.0", submissions=submissions)
