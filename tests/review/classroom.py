"""A small graded class for the review's tests: results.json in an OUT folder, no grading."""

from __future__ import annotations

from pathlib import Path

from grader.reports import feedback, results_json
from grader.results import BatchResult, ExerciseResult, PartResult, SubmissionResult

PROOFS = {
    "ada": "By induction: $W_2(W_1 x + b_1) + b_2 = (W_2 W_1)x + (W_2 b_1 + b_2)$.",
    "bo": "Linear maps compose to a linear map.",
    "cy": "linear  maps compose to a LINEAR map.",
    "dee": "Linear maps compose to a linear map.",
    "eve": "The output is $\\frac{a}{b}$, so it collapses.",
}
WEIGHTS = {"ada": "W2*W1", "bo": "W_2 W_1", "cy": "W1*W2", "dee": "W2 W1 +", "eve": "W2*W1"}
"""two_layer_weight answers; every one but eve's waits for a person in this class."""


def submission(student: str, proof: str, weight: str, weight_verdict: str) -> SubmissionResult:
    pending = PartResult("collapse_proof", "manual", 0.0, 6.0, "pending_manual",
                         "This part is graded by a person; its score is 0 until then.",
                         answer=proof)
    flagged = PartResult("two_layer_weight", "symbolic", 0.0, 2.0, weight_verdict,
                         "`two_layer_weight`: a person will check it." if
                         weight_verdict == "needs_review" else "`two_layer_weight`: correct.",
                         answer=weight)
    if weight_verdict == "correct":
        flagged = PartResult("two_layer_weight", "symbolic", 2.0, 2.0, "correct",
                             "`two_layer_weight`: correct.", answer=weight)
    collapse = PartResult("collapse", "numeric", 5.0, 5.0, "correct", "`collapse` is right.")
    parts = (collapse, flagged, pending)
    score = sum(p.score for p in parts)
    exercise = ExerciseResult("linear_collapse", "Linear activations collapse", score, 13.0,
                              parts)
    return SubmissionResult(f"{student}.ipynb", student, "graded", score, 13.0, (exercise,))


def batch(proofs: dict[str, str] = PROOFS) -> BatchResult:
    return BatchResult("Test course", "0.1.0", tuple(
        submission(s, p, WEIGHTS.get(s, "W2*W1"),
                   "correct" if s == "eve" or s not in WEIGHTS else "needs_review")
        for s, p in proofs.items()))


def make_out(folder: Path, proofs: dict[str, str] = PROOFS) -> Path:
    """OUT as grading leaves it: results.json and the feedback files."""
    graded = batch(proofs)
    results_json.write(graded, folder / results_json.FILE)
    feedback.write_all(graded, folder / feedback.FOLDER)
    return folder
