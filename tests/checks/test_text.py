"""Free-text kernel descriptions: right phrasings pass, named mistakes fail, doubt is flagged.

The course's text part declares its kernels, so each description is read as claims and
checked against the kernel (tests/checks/test_prose.py has the classes of answers).
"""

from __future__ import annotations

import pytest

GOOD = {"k1": "identity", "k2": "shifts the image one pixel to the left",
        "k3": "Laplacian edge detector", "k4": "box blur"}


def answer(**changes: str) -> dict[str, str]:
    return {**GOOD, **changes}


RIGHT = [
    GOOD,
    {"k1": "Leaves the image unchanged", "k2": "translation by one pixel (right, for a true "
     "convolution)", "k3": "edge detection via the second derivative", "k4": "mean filter"},
    {"k1": "does nothing: output = input", "k2": "moves the image one pixel horizontally",
     "k3": "outline / edges", "k4": "averaging (smoothing) filter"},
    {"K1": "IDENTITY", "K2": "SHIFT", "K3": "LAPLACIAN", "K4": "BLUR"},
    {"k1": "leaves the image as it is, but skips the edges of the image",
     "k2": "shift", "k3": "large where the centre differs from its neighbours",
     "k4": "blur"},
]


@pytest.mark.parametrize("value", RIGHT)
def test_right_descriptions(grade_answer, value):
    outcome = grade_answer("kernel_effects", value)
    assert (outcome.verdict, outcome.credit) == ("correct", 1.0), outcome.feedback


WRONG = [
    # (changes, credit, verdict, misconception)
    ({"k2": "horizontal edge detection filter"}, 0.75, "partial",
     "shift mistaken for edge detection"),
    ({"k2": "a sharpening filter"}, 0.75, "partial", "shift mistaken for blur or sharpening"),
    ({"k3": "a blur"}, 0.75, "partial", "edge detector mistaken for blur"),
    ({"k4": "sharpens the image"}, 0.75, "partial", "blur mistaken for sharpening"),
    ({"k1": "blurs the image"}, 0.75, "partial",
     "identity mistaken for a filter that changes the image"),
    ({"k1": "edge", "k2": "edge", "k3": "blur", "k4": "edge"}, 0.0, "incorrect",
     "identity mistaken for a filter that changes the image; shift mistaken for edge detection; "
     "edge detector mistaken for blur; blur mistaken for sharpening"),
    # a negated claim is understood: "not a blur" is false of a blur, "it sharpens" too
    ({"k4": "not a blur, it sharpens"}, 0.75, "partial", "blur mistaken for sharpening"),
    ({"k4": "this is not a box blur"}, 0.75, "partial", None),
]


@pytest.mark.parametrize(("changes", "credit", "verdict", "misconception"), WRONG)
def test_named_mistakes(grade_answer, changes, credit, verdict, misconception):
    outcome = grade_answer("kernel_effects", answer(**changes))
    assert (outcome.verdict, outcome.credit) == (verdict, credit), outcome.feedback
    assert outcome.misconception == misconception


UNSURE = [
    {"k2": "the kernel of a Hopfield network"},  # nothing recognised
    {"k3": "an edge detector, roughly speaking"},  # a word that may change the meaning
    {"k4": "box blur " * 300},  # longer than the course's patterns are run on
]


@pytest.mark.parametrize("changes", UNSURE)
def test_doubtful_descriptions_go_to_a_person(grade_answer, changes):
    outcome = grade_answer("kernel_effects", answer(**changes))
    assert (outcome.verdict, outcome.credit) == ("needs_review", 0.75)
    assert "a person will check it" in "\n".join(outcome.feedback)


@pytest.mark.parametrize(("value", "verdict"), [
    ({"k1": "", "k2": "", "k3": "", "k4": ""}, "missing"),
    ("identity, shift, edges, blur", "incorrect"),
])
def test_placeholder_and_wrong_type(grade_answer, value, verdict):
    assert grade_answer("kernel_effects", value).verdict == verdict


def test_missing_key_scores_zero_for_that_key(grade_answer):
    value = dict(GOOD)
    del value["k3"]
    outcome = grade_answer("kernel_effects", value)
    assert outcome.credit == 0.75 and "k3: no description given." in outcome.feedback
