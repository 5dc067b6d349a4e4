"""What a line of a student's answers labels: a name in the student's spelling, a number,
a letter, a digit or an ordinal."""

from __future__ import annotations

import pytest

from grader.notebook.freeform.cells import Cell
from grader.notebook.freeform.locate import Question
from grader.notebook.freeform.sections import ANOTHER, Names, owner, sequence_key
from grader.notebook.freeform.segments import cut

COLLAPSE = Question("collapse", ("two_layer_weight",))
SIGMOID = Question("1 Sigmoid", ("sigmoid_derivative_expr",))
RELU = Question("2 Relu", ("relu_derivative_expr",))
Z1, Z2, Z3 = (Question(f"z{k}", (f"grad_z{k}",)) for k in (1, 2, 3))
KERNELS = Question("kernels", ("kernel_effects",))
NAMES = Names({"linear": COLLAPSE, "collapse": COLLAPSE, "sigmoid": SIGMOID, "relu": RELU,
               "kernels": KERNELS, "convolution": KERNELS},
              exercises=((COLLAPSE,), (SIGMOID, RELU), (Z1, Z2, Z3), (KERNELS,)),
              lettered=(Z1, Z2, Z3))


@pytest.mark.parametrize(("line", "expected"), [
    # names, in the student's spelling or language
    ("Sigmoid: $f'(x) = f(x)(1-f(x))$", SIGMOID),
    ("**Sigmoide.** Por la regla de la cadena:", SIGMOID),
    ("### Activaciones lineales", COLLAPSE),
    ("**Q2.2 ReLU.** $f'(x) = 1$ for $x > 0$", RELU),
    ("*2.1 Sigmoid:* $S'(X) = S(X)(1 - S(X))$", SIGMOID),
    ("2.2 relu: $f'(x) = 1$", RELU),
    ("### Sample convolutions", KERNELS),
    ("**Kernel:**", KERNELS),
    # numbers: the exercise in the notebook's order, or its question
    ("**Q1.** With a linear activation each layer is", COLLAPSE),
    ("**Aufgabe 4 (Faltung)**", KERNELS),
    ("Question 2.1:", SIGMOID),
    ("**Q3.**", ANOTHER),
    ("#### 2", ANOTHER),
    # a bold number alone is an answer's own step
    ("**2.** Then apply the chain rule:", None),
    # no label: a sentence, a name in passing, a size, an unknown number, two names
    ("The sigmoid saturates for large inputs.", None),
    ("Unlike the ReLU, it is smooth everywhere: see below", None),
    ("5x5:", None),
    ("**Q7.**", None),
    ("**Sigmoid and ReLU**", None),
    ("**Proof:**", None),
    # a word that only starts like a name
    ("**Activaciones:**", None),
    ("**Sigma:**", None),
])
def test_what_a_line_labels(line, expected):
    assert owner(line, NAMES) is expected


@pytest.mark.parametrize(("line", "key"), [
    ("(b) $dz/dx_1 = x_2 - 4$", ("letter", 1)),
    ("c) the third", ("letter", 2)),
    ("(2) $z' = 5$", ("digit", 1)),
    ("Primera función:", ("ordinal", 0)),
    ("**Third formula**", ("ordinal", 2)),
    ("Zweite Funktion: $x_1$", ("ordinal", 1)),
    ("Secondly, we note", None),
    ("(x) not a mark", None),
    ("(iii) $dz/dx_1 = 2u e^{u^2}$", ("roman", 2)),
    ("(i) first", ("roman", 0)),
])
def test_sequence_marks(line, key):
    assert sequence_key(line) == key


def owners(text: str, *, labelled: bool = True) -> list[Question | None]:
    return [o for o, _ in cut([Cell(9, "markdown", text)], NAMES, headings_end=labelled)]


def test_ordinals_and_digits_label_the_lettered_questions_after_their_exercise_s_title():
    text = ("**Q3.**\n\nPrimera función: $1, 5, -6x_3$\n\nSegunda función: $x_2 - 4$\n\n"
            "Tercera función: $-1/x_3^2$")
    assert owners(text) == [ANOTHER, Z1, Z2, Z3]
    digits = "### Backprop\n(1) $1$\n(2) $x_1$\n(3) $-1/x_3^2$"
    assert owners(digits) == [ANOTHER, Z1, Z2, Z3]


def test_ordinals_inside_another_answer_stay_in_it():
    text = ("**Kernels**\n\nThe first kernel is the identity.\n\nThe second shifts.\n\n"
            "Third: edges")
    assert owners(text) == [KERNELS]
    text = "**Kernels**\nFirst: identity\nSecond: shift\nThird: edges"
    assert owners(text) == [KERNELS]


def test_a_heading_s_bare_number_labels_only_answers_gathered_away_from_questions():
    assert owner("### 1.", NAMES, numbers=False) is None
    assert owner("**Q1.** one layer", NAMES, numbers=False) is COLLAPSE
    text = "$f'(x) = 1$\n\n### 1.\nW = W_2 W_1"
    assert owners(text, labelled=False) == [None]
    assert owners(text) == [None, COLLAPSE]


def test_an_unknown_heading_ends_a_labelled_answer_but_not_a_question_s_own():
    text = "**Sigmoid:** $f(1-f)$\n\n### Something else\n\nmore text"
    assert owners(text) == [SIGMOID, ANOTHER]
    assert owners(text, labelled=False) == [SIGMOID]


def test_names_from_a_plain_mapping_keep_their_letters():
    names = Names.of({"sigmoid": SIGMOID, "(a)": Z1, "(b)": Z2})
    assert names.lettered == (Z1, Z2) and set(names.words) == {"sigmoid"}


TITLED = Names.of({"linear": COLLAPSE, "lineal": COLLAPSE, "sigmoid": SIGMOID, "relu": RELU,
                   "kernels": KERNELS, "filtros": KERNELS},
                  ((COLLAPSE,), (SIGMOID, RELU), (Z1, Z2, Z3), (KERNELS,)),
                  {"derivatives": 1, "backprop": 2, "backpropagation": 2})
TITLED = Names({**TITLED.words}, TITLED.exercises, (Z1, Z2, Z3), TITLED.titles, TITLED.whole)
ACTIVATIONS, BACKPROP = TITLED.whole[1], TITLED.whole[2]


@pytest.mark.parametrize(("line", "expected"), [
    ("**2. Activation derivatives.**", ACTIVATIONS),
    ("### Backpropagation", BACKPROP),
    ("**3. Backprop.**", BACKPROP),
    ("**Q3.**", BACKPROP),
    ("1. **Red con activación lineal.** Cada capa es", COLLAPSE),
    ("6. **Filtros.**", KERNELS),
    ("**Back Propagation:**", BACKPROP),
    ("a) Sigmoide: σ'(x) = σ(x)(1 − σ(x))", SIGMOID),
    ("(b) ReLU: $f'(x) = 1$", RELU),
    # a name of one of its questions wins over the exercise's title
    ("**Sigmoid derivatives:**", SIGMOID),
    ("The derivatives follow from the chain rule.", None),
])
def test_what_a_line_labels_when_exercises_have_titles(line, expected):
    assert owner(line, TITLED) == expected


def titled(text: str) -> list[tuple[Question | None, str]]:
    return [(o, c.text.splitlines()[0]) for o, c in cut([Cell(9, "markdown", text)], TITLED,
                                                         headings_end=True)]


def test_items_numbered_like_an_exercise_s_questions_answer_them_in_order():
    text = ("**2. Activation derivatives.**\n1. $\\sigma'(x) = \\sigma(x)\\sigma(-x)$\n"
            "2. $f'(x) = 1$ for $x > 0$\n"
            "**3. Backprop.**\n1. $\\nabla z = (1, 5, -6x_3)$\n2. $\\nabla z = (x_2 - 4, x_1)$\n"
            "3. $\\nabla z = (0, 0, -1/x_3^2)$")
    assert titled(text) == [
        (ACTIVATIONS, "**2. Activation derivatives.**"), (SIGMOID, "1. $\\sigma'(x) = "
                                                          "\\sigma(x)\\sigma(-x)$"),
        (RELU, "2. $f'(x) = 1$ for $x > 0$"), (BACKPROP, "**3. Backprop.**"),
        (Z1, "1. $\\nabla z = (1, 5, -6x_3)$"), (Z2, "2. $\\nabla z = (x_2 - 4, x_1)$"),
        (Z3, "3. $\\nabla z = (0, 0, -1/x_3^2)$")]


@pytest.mark.parametrize("numbers", [(1, 2, 3), (2, 1, 3), (1, 2)])
def test_items_numbered_otherwise_stay_with_the_whole_exercise(numbers):
    text = "**Backprop**\n" + "\n".join(f"{n}. $z' = {n}$" for n in numbers)
    expected = [BACKPROP] if numbers != (1, 2, 3) else [BACKPROP, Z1, Z2, Z3]
    assert [o for o, _ in titled(text)] == expected


def test_a_title_for_the_question_s_own_exercise_keeps_its_answer_in_its_region():
    from grader.notebook.freeform.segments import own
    cells = [Cell(9, "markdown", "**Derivatives:**\n$\\sigma'(x) = \\sigma(x)(1-\\sigma(x))$")]
    assert own(cells, SIGMOID, TITLED) == tuple(cells)
    assert own(cells, Z1, TITLED) == ()


def test_roman_numerals_label_the_lettered_questions():
    text = "**Back Propagation:**\n\n(i) $z' = 1$\n\n(ii) $z' = 2$\n\n(iii) $z' = 3$"
    assert [o for o, _ in titled(text)] == [BACKPROP, Z1, Z2, Z3]


@pytest.mark.parametrize(("bullets", "expected"), [
    (3, [BACKPROP, Z1, Z2, Z3]),
    (2, [BACKPROP]),
    (4, [BACKPROP]),
])
def test_as_many_bullets_as_questions_under_an_exercise_s_title_answer_them(bullets, expected):
    text = "5. **Backpropagation.**\n" + "\n".join(f"- $z = f_{n}$: $z' = {n}$"
                                                   for n in range(bullets))
    assert [o for o, _ in titled(text)] == expected


def test_letters_under_a_title_for_a_whole_exercise_name_its_questions():
    text = ("**2. Derivatives**\n\na) Sigma prime: $1$\n\nb) the other one: $2$\n\n"
            "**3. Backprop**\n\n(a) $z' = 1$\n\n(b) $z' = 2$\n\n(c) $z' = 3$")
    assert [o for o, _ in titled(text)] == [ACTIVATIONS, SIGMOID, RELU, BACKPROP, Z1, Z2, Z3]


def test_letters_out_of_order_under_a_whole_exercise_s_title_stay_with_it():
    text = "**2. Derivatives**\n\nb) $1$\n\na) $2$"
    assert [o for o, _ in titled(text)] == [ACTIVATIONS]
