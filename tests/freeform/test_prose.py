"""Prose answers split per item: k1, "kernel 2", "the third kernel", a numbered list."""

from __future__ import annotations

import pytest

from grader.notebook.freeform.cells import Cell
from grader.notebook.freeform.prose import extract

KEYS = ["k1", "k2", "k3", "k4"]


def read(*texts: str):
    return extract([Cell(7 + n, "markdown", t) for n, t in enumerate(texts)], KEYS)


ROWS = [
    ("a numbered list: the next item's number is not this one's",
     "1. k1 → identity\n2. k2 → a shift by one pixel\n3. k3 → edges\n4. k4 → box blur",
     ["→ identity", "→ a shift by one pixel", "→ edges", "→ box blur"]),
    ("labels with the matrix copied",
     "k1 = [ [0 0 0], [0 1 0], [0 0 0] ]\nThis is the identity.\n\n"
     "k2 = [ [0 0 0], [0 0 1], [0 0 0] ]\nIt shifts the image.\n\n"
     "k3 = [ [-1 -1 -1], [-1 8 -1], [-1 -1 -1] ]\nEdges.\n\n"
     "k4 = [ [1 1 1], [1 1 1], [1 1 1] ] / 9\nA blur.",
     ["This is the identity.", "It shifts the image.", "Edges.", "A blur."]),
    ("a bullet list with colons",
     "- k1: identity\n- k2: shift\n- **K_3**: edges\n- `k4`: blur",
     ["identity", "shift", "edges", "blur"]),
    ("words and numbers",
     "Kernel 1 does nothing.\nFilter #2 shifts.\nKernel 3 finds edges.\nKernel 4 blurs.",
     ["does nothing.", "shifts.", "finds edges.", "blurs."]),
    ("ordinals, out of order",
     "The fourth kernel blurs.\n\nThe first kernel is the identity.\n\n"
     "The third one finds edges.\n\nThe second kernel shifts.",
     ["the identity.", "shifts.", "finds edges.", "blurs."]),
    ("ordinals inside one paragraph, the noun left out after 'the'",
     "The first kernel leaves the image unchanged. The second one shifts it by a pixel. "
     "The third detects edges, the 4th blurs.",
     ["leaves the image unchanged", "shifts it by a pixel", "detects edges", "blurs."]),
    ("ordinals written with digits",
     "1st kernel: identity\n2nd kernel: shift\n3rd kernel: edges\n4th kernel: blur",
     ["identity", "shift", "edges", "blur"]),
    ("labels inside one sentence",
     "k1 is the identity, k2 shifts the image, k3 detects edges and k4 blurs.",
     ["the identity", "shifts the image", "detects edges", "blurs."]),
    ("labels after Spanish 'y'",
     "k1 es la identidad y k2 desplaza la imagen, k3 detecta bordes y k4 difumina.",
     ["es la identidad", "desplaza la imagen", "detecta bordes", "difumina."]),
    ("labels after Hebrew 'and', alone or on the key",
     "k1 זהות, k2 הזזה ו k3 גלאי קצוות וk4 טשטוש",
     ["זהות", "הזזה", "גלאי קצוות", "טשטוש"]),
    ("'y' inside a description does not cut it",
     "- k1: identity\n- k2: shift\n- k3: detecta bordes y resalta\n- k4: difumina y promedia",
     ["identity", "shift", "detecta bordes y resalta", "difumina y promedia"]),
    ("a reference to another kernel stays in the description",
     "- k1: identity\n- k2: unlike k1, it shifts\n- k3: edges\n- k4: blur",
     ["identity", "unlike k1, it shifts", "edges", "blur"]),
    ("a numbered list when nothing else labels the items",
     "1. identity\n2) shift\n3. edges\n4. blur", ["identity", "shift", "edges", "blur"]),
    ("an item left out", "k1: identity\nk3: edges", ["identity", "", "edges", ""]),
    ("a table, one kernel a row",
     "| kernel | effect |\n|---|---|\n| k1 | keeps the picture |\n| **k2** | a one-pixel shift |"
     "\n| $k_3$ | outlines |\n|k4|box blur|",
     ["keeps the picture", "a one-pixel shift", "outlines", "box blur"]),
    ("a table with the rows out of order and a third column",
     "| | effect | note |\n|:-:|---|---|\n| k2 | translation | by one pixel |\n"
     "| k1 | identity | |\n| k4 | mean filter | 3x3 |\n| k3 | Laplacian | |",
     ["identity", "translation | by one pixel", "Laplacian", "mean filter | 3x3"]),
]


@pytest.mark.parametrize(("text", "expected"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_items(text, expected):
    assert read(text).value == dict(zip(KEYS, expected, strict=True))


def test_items_say_which_cell_they_came_from():
    found = read("k1: identity", "k2: shift")
    assert [(q.key, q.cell) for q in found.quotes] == [("k1", 7), ("k2", 8)]


def test_a_numbered_list_is_read_in_order_with_a_note():
    assert "numbered list in order" in read("1. identity\n2. shift").notes[0]


def test_an_item_described_twice_differently_has_a_rival():
    found = read("k2: a shift", "k2: an edge detector")
    assert found.value["k2"] == "an edge detector"
    assert found.rivals[0]["k2"] == "a shift"


def test_text_without_items_goes_to_a_person():
    found = read("These kernels blur, shift and find edges.")
    assert found.review and all(v == "" for v in found.value.values())


def test_nothing_written_is_nothing():
    assert read("   ").value is None


def test_prose_in_a_code_cell_counts():
    found = extract([Cell(3, "code", '"""k1: identity\nk2: shift"""')], KEYS)
    assert found.value["k2"] == "shift"


def test_a_comment_beside_a_kernel_s_own_assignment_describes_it():
    source = ("k1 = np.array([[0, 0, 0], [0, 1, 0], [0, 0, 0]])  # identity\n"
              "k2 = np.array([[0, 0, 0], [0, 0, 1], [0, 0, 0]])  # shifts the image by one pixel\n"
              "x = np.ones((5, 5))  # a test image, not a kernel\n"
              "k4 = np.ones((3, 3)) / 9")
    found = extract([Cell(3, "code", source)], KEYS)
    assert found.value == {"k1": "identity", "k2": "shifts the image by one pixel", "k3": "",
                           "k4": ""}


@pytest.mark.parametrize(("source", "expected"), [
    ('effects = {"k1": "keeps the image", "k2": "shifts it",\n'
     '           "k3": "finds edges", "k4": "blurs"}',
     {"k1": "keeps the image", "k2": "shifts it", "k3": "finds edges", "k4": "blurs"}),
    ("what = {'k3': 'a Laplacian', 'k1': 'identity'}",
     {"k1": "identity", "k2": "", "k3": "a Laplacian", "k4": ""}),
    # not descriptions keyed by the kernels: the matrices themselves, other keys, no literal
    ('kernels = {"k1": np.eye(3), "k2": np.zeros((3, 3))}', None),
    ('sizes = {"k1": "3x3", "small": "2x2"}', None),
    ('labels = dict(k1="identity")', None),
])
def test_a_dict_of_descriptions_keyed_by_the_kernels_counts(source, expected):
    assert extract([Cell(3, "code", source)], KEYS).value == expected


def test_a_paragraph_after_a_cell_that_only_shows_a_kernel_describes_it():
    cells = [Cell(3, "code", "k1 = np.eye(3)\nk2 = np.zeros((3, 3))"), Cell(4, "code", "k1"),
             Cell(5, "markdown", "It keeps the image as it is."),
             Cell(6, "code", "print(k2)"), Cell(7, "markdown", "This one moves it by a pixel."),
             Cell(8, "code", "plt.imshow(x)"), Cell(9, "markdown", "A nice picture.")]
    found = extract(cells, KEYS)
    assert found.value == {"k1": "It keeps the image as it is.",
                           "k2": "This one moves it by a pixel.", "k3": "", "k4": ""}
    assert [(q.key, q.cell) for q in found.quotes] == [("k1", 5), ("k2", 7)]


@pytest.mark.parametrize(("code", "read"), [
    ("k3 = np.ones((3, 3)) / 9\nk3", True),
    ("# the blur\nk3 = np.ones((3, 3))\nk3 = k3 / 9\n\nk3", True),
    ("k2 = np.ones((3, 3))\nk3", False),
    ("k3 == np.ones((3, 3))\nk3", False),
    ("plt.imshow(k3)\nk3", False),
])
def test_a_paragraph_after_a_cell_that_defines_then_shows_a_kernel(code, read):
    cells = [Cell(3, "code", code), Cell(4, "markdown", "It averages the neighbourhood.")]
    found = extract(cells, KEYS)
    assert (found.value is not None and found.value.get("k3") == "It averages the neighbourhood."
            ) is read


def test_only_labelled_items_count_under_another_prompt():
    assert extract([Cell(3, "markdown", "1. 3x3\n2. 2x2")], KEYS, labelled_only=True).empty
    found = extract([Cell(3, "markdown", "k2: a shift")], KEYS, labelled_only=True)
    assert found.value["k2"] == "a shift"
