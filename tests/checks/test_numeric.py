"""Numeric checks on the course's function parts: right forms pass, wrong ones earn nothing."""

from __future__ import annotations

import numpy as np
import pytest

from grader.answers import CallResult, Function, Missing
from grader.checks.numeric import _call_all
from grader.checks.probes import in_process


def sig(x):
    return 1 / (1 + np.exp(-np.asarray(x, dtype=float)))


def collapse_loop(weights, biases):
    W, b = weights[0], biases[0]
    for Wk, bk in zip(weights[1:], biases[1:], strict=True):
        W, b = Wk @ W, Wk @ b + bk
    return W, b


def collapse_reduce(weights, biases):
    W = np.eye(weights[0].shape[1])
    b = np.zeros(weights[0].shape[1])
    for Wk, bk in zip(weights, biases, strict=True):
        W, b = Wk @ W, Wk @ b + bk
    return W, b


def collapse_list(weights, biases):
    W, b = collapse_loop(weights, biases)
    return [W.tolist(), b.tolist()]


def collapse_wrong_order(weights, biases):
    W, b = weights[0], biases[0]
    for Wk, bk in zip(weights[1:], biases[1:], strict=True):
        W = W @ Wk if W.shape[1] == Wk.shape[0] else Wk @ W
        b = Wk @ b + bk
    return W, b


def relu_scalar_only(x):
    if x <= 0:
        return 0
    return 1


def softmax_jacobian_seed(z):
    def softmax(v):
        return v / np.sum(v)

    n = len(z)
    out = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            out[i][j] = softmax(z[i]) * ((1 if i == j else 0) - softmax(z[j]))
    return out


def correlate(image, kernel):
    h, w = image.shape[0] - 2, image.shape[1] - 2
    return np.array([[np.sum(image[i:i + 3, j:j + 3] * kernel) for j in range(w)]
                     for i in range(h)])


def convolve(image, kernel):
    return correlate(image, kernel[::-1, ::-1])


def stable_softmax(z):
    e = np.exp(z - z.max())
    return e / e.sum()


RIGHT = [
    ("collapse", collapse_loop),
    ("collapse", collapse_reduce),
    ("collapse", collapse_list),
    ("sigmoid_derivative", lambda x: sig(x) * (1 - sig(x))),
    ("sigmoid_derivative", lambda x: 1 / (2 + 2 * np.cosh(x))),
    ("relu_derivative", lambda x: (np.asarray(x) > 0).astype(float)),
    ("relu_derivative", lambda x: np.heaviside(x, 0.5)),
    ("relu_derivative", lambda x: np.where(np.asarray(x) >= 0, 1, 0)),
    ("softmax", stable_softmax),
    ("softmax", lambda z: np.exp(z - np.logaddexp.reduce(z))),
    ("softmax", lambda z: (lambda e: e / e.sum())(np.exp(z - np.max(z)))),
    ("softmax_jacobian", lambda z: np.diag(stable_softmax(z)) - np.outer(stable_softmax(z),
                                                                        stable_softmax(z))),
    ("softmax_jacobian", lambda z: np.array([[stable_softmax(z)[i] * ((i == j)
                                               - stable_softmax(z)[j]) for j in range(len(z))]
                                              for i in range(len(z))])),
    ("softmax_jacobian", lambda z: (lambda s: np.diagflat(s) - s @ s.T)(
        stable_softmax(z).reshape(-1, 1))),
    ("apply_kernel", correlate),
    ("apply_kernel", convolve),
    ("apply_kernel", lambda image, k: sum(k[i, j] * image[i:image.shape[0] - 2 + i,
                                                            j:image.shape[1] - 2 + j]
                                          for i in range(3) for j in range(3))),
]


@pytest.mark.parametrize(("part", "function"), RIGHT)
def test_right_forms_get_full_credit(grade_answer, part, function):
    outcome = grade_answer(part, function)
    assert (outcome.verdict, outcome.credit) == ("correct", 1.0), outcome.feedback


WRONG = [
    # (part, function, misconception name or None)
    ("collapse", lambda w, b: (w[-1], np.zeros(w[-1].shape[0])),
     "collapsed weights are the last layer's, biases dropped"),
    ("collapse", lambda w, b: (collapse_loop(w, b)[0], np.zeros(w[-1].shape[0])),
     "biases dropped"),
    ("collapse", collapse_wrong_order, None),
    ("collapse", lambda w, b: collapse_loop(w, b)[0], None),
    ("sigmoid_derivative", lambda x: sig(x) * (1 + sig(x)), "sigma times one plus sigma"),
    ("sigmoid_derivative", lambda x: x * (1 - x),
     "derivative applied to the input instead of the sigmoid"),
    ("sigmoid_derivative", lambda x: sig(x), None),
    ("sigmoid_derivative", lambda x: np.exp(-x) / (1 + np.exp(-x)), None),
    ("relu_derivative", lambda x: (np.asarray(x) <= 0).astype(float), "branches swapped"),
    ("relu_derivative", lambda x: np.maximum(0, x), None),
    ("relu_derivative", lambda x: np.ones_like(np.asarray(x, dtype=float)), None),
    ("softmax", lambda z: z / np.sum(z), "softmax without the exponential"),
    ("softmax", lambda z: np.exp(z), None),
    ("softmax", lambda z: np.exp(z) / np.sum(z), None),
    ("softmax_jacobian", lambda z: np.diag(stable_softmax(z) * (1 - stable_softmax(z))),
     "softmax Jacobian with only its diagonal"),
    ("softmax_jacobian", softmax_jacobian_seed, None),
    ("softmax_jacobian", lambda z: np.outer(stable_softmax(z), stable_softmax(z))
     - np.diag(stable_softmax(z)), "softmax Jacobian with the sign flipped"),
    ("apply_kernel", lambda image, k: correlate(np.pad(image, 1), k),
     "same padding instead of valid"),
    ("apply_kernel", lambda image, k: correlate(image, k.T), None),
    ("apply_kernel", lambda image, k: image[1:-1, 1:-1], None),
]


@pytest.mark.parametrize(("part", "function", "misconception"), WRONG)
def test_wrong_answers_get_no_credit(grade_answer, part, function, misconception):
    outcome = grade_answer(part, function)
    assert outcome.credit == 0.0, outcome.feedback
    assert outcome.verdict == "incorrect"
    assert outcome.misconception == misconception
    assert outcome.feedback and all(line.strip() for line in outcome.feedback)


def test_softmax_that_overflows_loses_only_the_finite_share(grade_answer):
    outcome = grade_answer("softmax", lambda z: np.exp(z) / np.exp(z).sum())
    assert outcome.verdict == "partial"
    assert outcome.credit == pytest.approx(2 / 3)  # the generated inputs charge nothing more
    assert any("large logits stay finite" in line and "subtract max(z)" in line
               for line in outcome.feedback)


def test_an_overflowing_formula_fails_on_the_smallest_large_input(grade_answer):
    """exp(-x) / (1 + exp(-x))^2 is inf / inf below x = -709: right everywhere else."""
    outcome = grade_answer("sigmoid_derivative", lambda x: np.exp(-x) / (1 + np.exp(-x)) ** 2)
    assert (outcome.verdict, outcome.credit) == ("partial", pytest.approx(2 / 3))
    assert ("Test 'generated inputs' failed (the smallest failing input found): "
            "sigmoid_derivative(-1000) returned nan") in outcome.feedback[0]


def test_scalar_only_relu_gets_partial_credit_naming_the_array(grade_answer):
    outcome = grade_answer("relu_derivative", relu_scalar_only)
    assert (outcome.verdict, outcome.credit) == ("partial", 0.5)
    text = "\n".join(outcome.feedback)
    assert "relu_derivative([-2, -0.5, 0, 0.5, 3]) raised ValueError" in text
    assert "np.where" in text


def test_wrong_shape_is_reported_before_values(grade_answer):
    outcome = grade_answer("apply_kernel", lambda image, k: correlate(np.pad(image, 1), k))
    assert "wrong shape: got (4, 4), expected (2, 2)" in "\n".join(outcome.feedback)


def test_feedback_names_input_expected_and_actual(grade_answer):
    outcome = grade_answer("softmax", lambda z: z / np.sum(z))
    text = "\n".join(outcome.feedback)
    assert "softmax([1, 2, 3]) returned [0.166667, 0.333333, 0.5]" in text
    assert "expected [0.0900306, 0.244728, 0.665241]" in text


def test_missing_and_placeholder_and_non_function(grade_answer, gradebook):
    assert gradebook.checks["softmax"].grade(Missing("x")).verdict == "missing"

    def stub(z):
        raise NotImplementedError

    assert grade_answer("softmax", stub).verdict == "missing"
    outcome = grade_answer("softmax", "z/sum(z)")
    assert outcome.verdict == "incorrect" and "should be a function" in outcome.feedback[0]


def test_function_that_always_raises_is_incorrect_not_a_grader_error(grade_answer):
    """The student's error, not the grader's: an ordinary wrong answer, with the failing
    call and the exception, that needs no person."""
    def broken(z):
        return undefined_name  # noqa: F821

    outcome = grade_answer("softmax", broken)
    assert (outcome.verdict, outcome.credit) == ("incorrect", 0.0)
    assert "softmax(" in outcome.feedback[0] and "raised NameError" in outcome.feedback[0]


def batched(part_id: str, function, timeout_at: int | None = None) -> Function:
    """`function` with a `call_many` that, like the sandbox's, stops after a timeout."""
    single = in_process(part_id, function)
    requests: list[int] = []

    def call_many(cases):
        requests.append(len(cases))
        results = []
        for number, case in enumerate(cases):
            if number == timeout_at:
                return results + [CallResult(False, error="timed out after 1 s", timed_out=True)]
            results.append(single.call(case))
        return results

    batch = Function(part_id, single.call, call_many=call_many)
    object.__setattr__(batch, "requests", requests)
    return batch


@pytest.mark.parametrize(("part", "function"), [
    ("softmax", lambda z: np.exp(z - np.max(z)) / np.exp(z - np.max(z)).sum()),
    ("softmax", lambda z: z / np.sum(z)),
    ("relu_derivative", relu_scalar_only),
    ("sigmoid_derivative", lambda x: np.exp(-x) / (1 + np.exp(-x)) ** 2),
])
def test_batched_calls_grade_like_single_calls(gradebook, part, function):
    check = gradebook.checks[part]
    batch = batched(part, function)
    assert check.grade(batch) == check.grade(in_process(part, function))
    assert batch.requests == [sum(len(g.cases) for g in check.groups)]  # one round trip


def test_batch_that_times_out_skips_the_rest(gradebook):
    groups = gradebook.checks["softmax"].groups
    results = _call_all(batched("softmax", lambda z: z / np.sum(z), timeout_at=1), groups)
    assert [len(r) for r in results] == [len(g.cases) for g in groups]
    flat = [r for row in results for r in row]
    assert flat[0].ok and flat[1].error == "timed out after 1 s"
    assert all(r.timed_out and r.error.startswith("was not run: softmax() timed out")
               for r in flat[2:])
    assert len(flat) > 2
