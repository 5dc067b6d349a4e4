"""Kernel descriptions judged claim by claim against the kernels themselves.

The facts come from applying each kernel to probe images; the same code, with no word list
of its own, judges a second course's kernels (a Sobel filter, a two-pixel shift).
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from grader.answers import Value
from grader.checks import prepare
from grader.checks.prose import spelling
from grader.checks.prose.claims import _clauses, read
from grader.checks.prose.facts import facts
from grader.checks.prose.spelling import reading
from grader.checks.prose.translations import TRANSLATIONS
from grader.course import load_course, load_solution
from tests.precision.prose import CLASSES, SECOND_COURSE, rows
from tests.precision.verdicts import meets

ROOT = Path(__file__).resolve().parents[2]
SECOND = ROOT / "tests" / "fixtures" / "filters_course"

COURSE_KERNELS = {
    "k1": [[0, 0, 0], [0, 1, 0], [0, 0, 0]],
    "k2": [[0, 0, 0], [0, 0, 1], [0, 0, 0]],
    "k3": [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]],
    "k4": (np.ones((3, 3)) / 9).tolist(),
    "sobel": [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]],
    "shift2": [[0] * 5, [0] * 5, [0, 0, 0, 0, 1], [0] * 5, [0] * 5],
}

FACTS = [
    # (kernel, effect, gain, shift as cross-correlation, shift as convolution, smooths,
    #  uniform, flat regions to zero, Laplacian, gradient axes, named profile)
    ("k1", "identity", 1.0, None, None, False, False, False, False, "", None),
    ("k2", "shift", 1.0, (0, -1), (0, 1), False, False, False, False, "", None),
    ("k3", "edges", 0.0, None, None, False, False, True, True, "", None),
    ("k4", "blur", 1.0, None, None, True, True, False, False, "", None),
    ("sobel", "edges", 0.0, None, None, False, False, True, False, "x", "sobel"),
    ("shift2", "shift", 1.0, (0, -2), (0, 2), False, False, False, False, "", None),
]


@pytest.mark.parametrize("row", FACTS, ids=[r[0] for r in FACTS])
def test_facts_read_off_probe_images(row):
    name, effect, gain, correlated, convolved, smooths, uniform, flat, laplacian, axes, \
        profile = row
    f, g = (facts(np.array(COURSE_KERNELS[name], float), c)
            for c in ("correlation", "convolution"))
    assert (f.effect, f.shift, g.shift) == (effect, correlated, convolved)
    assert f.gain == pytest.approx(gain)
    assert (f.smooths, f.uniform, f.flat_zero, f.laplacian) == (smooths, uniform, flat,
                                                                laplacian)
    assert ("".join(sorted(f.gradient_axes)), f.profile) == (axes, profile)


def test_edge_facts_say_which_edges():
    sobel = facts(np.array(COURSE_KERNELS["sobel"], float), "correlation")
    laplacian = facts(np.array(COURSE_KERNELS["k3"], float), "correlation")
    assert sobel.steps["vertical"] > 0 and sobel.steps["horizontal"] == 0
    assert min(laplacian.steps.values()) > 0 and laplacian.isotropic
    assert abs(laplacian.noise) > abs(laplacian.gain)  # amplifies noise: never "denoises"


def test_a_clause_is_read_as_claims_modifiers_and_negations():
    reading = read("A shift by one pixel to the left (right for a true convolution), left or "
                   "right, not a blur")
    kinds = [(c.kind, c.negated) for c in reading.claims]
    assert kinds == [("shift", False), ("smooth", True)]
    shift = reading.claims[0]
    assert shift.distance is not None and shift.distance.value == 1
    assert [(d.names, d.convention) for d in shift.directions] == [
        ({"left"}, None), ({"right"}, "convolution"), ({"left", "right"}, None)]
    assert reading.unclear == ()


def test_words_not_understood_are_kept_with_their_clause():
    reading = read("a blur, roughly speaking")
    assert reading.unclear == ("roughly speaking",)


def test_classes_are_many_and_each_has_right_and_wrong_answers():
    assert len(rows()) >= 150
    for name, table in CLASSES.items():
        if name not in ("words not understood", "a false claim added"):
            assert {e for _, _, e in table} >= {"right", "wrong"}, name


def check_expected(outcome, expected):
    assert meets(outcome, expected), (outcome.verdict, outcome.credit, outcome.feedback)


@pytest.fixture(scope="module")
def second_course():
    course = load_course(SECOND)
    exercise = course.exercises[0]
    return prepare(exercise.parts[0], load_solution(exercise))


@pytest.mark.parametrize(("key", "text", "expected"), SECOND_COURSE)
def test_second_course_with_no_word_list(second_course, key, text, expected):
    right = {"f1": "a Sobel filter", "f2": "shifts the image two pixels to the left"}
    check_expected(second_course.grade(Value({**right, key: text})), expected)


def test_second_course_declares_kernels_and_no_phrases():
    spec = load_course(SECOND).exercises[0].parts[0].spec
    assert spec.kernels is not None and spec.accept is None and not spec.misconceptions


def test_wrong_claims_are_named_with_what_the_kernel_does(grade_answer):
    outcome = grade_answer("kernel_effects", {"k1": "identity", "k2": "shifts the image",
                                              "k3": "edges", "k4": "box sum, nine times "
                                              "brighter"})
    line = next(f for f in outcome.feedback if f.startswith("k4"))
    assert "“box sum”" in line and "“nine times brighter”" in line and "box blur" in line


def test_row_counts_by_expectation():
    counts = Counter(expected for *_, expected in rows())
    assert counts["wrong"] > counts["right"] > 0 and counts["review"] > 0


@pytest.mark.parametrize(("word", "meant"), [
    ("identiy", "identity"), ("imgae", "image"), ("shfits", "shifts"), ("pixle", "pixel"),
    ("avarage", "average"), ("naighbours", "neighbours"), ("detecter", "detector"),
    ("rihgt", "right"),
])
def test_a_misspelt_word_is_read_as_the_word_it_misspells(word, meant):
    assert reading(word) == (meant,)


@pytest.mark.parametrize("word", [
    "means",     # an inflection at the end: "mean" + s
    "relies",    # its last letter changed: not "relief"
    "notation",  # its first letter changed: not "rotation"
    "white",     # a function word is no target: not "while"
    "blurr",     # four letters and a doubled end: left to the stem, not to typo tolerance
    "some",      # shorter than five letters
])
def test_a_real_word_is_not_read_as_a_misspelling(word):
    assert reading(word) == (word,) or reading(word)[0].startswith("blur")


def test_a_word_two_known_words_are_as_close_to_is_not_guessed():
    assert spelling._misspelt("scales") is None  # known by its stem: not misspelt at all
    assert spelling._misspelt("asigned") is None  # "aligned" (a direction) or "assigned"?
    meant = {spelling._sense(w) for w in ("edges", "edger")}
    assert len(meant) == 1  # one stem reads both: a tie between them is no tie


def test_translations_never_shadow_an_english_word():
    english, _ = spelling._vocabulary()
    assert not set(TRANSLATIONS) & english


@pytest.mark.parametrize(("text", "words"), [
    ("התמונה", ["image"]), ("ומזיז", ["shifts"]), ("והתמונה", ["image"]),
    ("בפיקסל אחד", ["by", "pixel", "one"]), ("לפלסיאן", ["laplacian"]),
    ("desplazada hacia la izquierda", ["shifts", "towards", "the", "left"]),
    ("píxeles", ["pixels"]),
    ("verschiebt das Bild", ["shifts", "the", "image"]), ("unverändert", ["unchanged"]),
    ("l'image n'est pas", ["image", "not", "is", "just"]), ("décalée", ["shifted"]),
    ("сдвигает изображение влево", ["shifts", "image", "leftwards"]),
    ("тождественный", ["identity"]),
])
def test_hebrew_prefixes_spanish_words_and_accents_are_read_in_english(text, words):
    clauses = [c for c, _ in _clauses(text) if c]
    assert [w for c in clauses for w in c] == words


def test_hebrew_and_ends_a_clause_and_the_clause_is_shown_as_written():
    reading_ = read("מטשטש ומזיז ימינה בערך")
    smooth, shift = reading_.claims
    assert (smooth.kind, smooth.directions, shift.kind) == ("smooth", [], "shift")
    assert [d.names for d in shift.directions] == [{"right"}]
    assert reading_.unclear == ("ומזיז ימינה בערך",)


@pytest.mark.parametrize(("text", "clauses"), [
    ("difumina y promedia", [["blurs"], ["averages"]]),
    ("blur ו average", [["blur"], ["average"]]),
    ("blur וגם average", [["blur"], ["average"]]),
    ("derivative along x and y", [["derivative", "along", "x"], ["y"]]),
    ("the y direction", [["the", "y", "direction"]]),
    ("derivada en x y en y", [["derivative", "in", "x"], ["in", "y"]]),
])
def test_and_in_other_languages_ends_a_clause_but_the_axis_y_stays(text, clauses):
    assert [c for c, _ in _clauses(text) if c] == clauses


def test_a_description_reads_in_about_a_millisecond():
    text = ("הזזה של התמונה בפיקסל אחד ימינה, desplaza la imagen un pixel hacia la "
            "izquierda, shfits the imgae by one pixle, a quxotic wrod")
    read(text)
    start = time.perf_counter()
    for _ in range(50):
        read(text)
    assert (time.perf_counter() - start) / 50 < 0.005
