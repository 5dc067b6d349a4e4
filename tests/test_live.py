"""A kernel's snapshot graded as a notebook: values written back bit for bit, parts the
kernel cannot stand for taken from the saved file, and said so."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
import sympy

from grader.sandbox import plain
from grader.student.live import KERNEL, LiveCheck, Saved, as_python, code_cells, grade_live
from grader.student.snapshot import Snapshot
from tests.conftest import EXAMPLES, ROOT

VALUES = [
    None, True, 3, -0.0, 0.1, 2.5e-300, float("inf"), float("-inf"), float("nan"), "it's",
    1 + 2j, complex(float("nan"), 1), (1,), (), [1.5, [2, (3,)]], {"k": {"j": [1]}},
    {"__tuple__": 1, "x": 2}, np.float64(0.1), np.int32(7), np.bool_(True),
    np.complex64(1 - 2j), np.array([[0.1, np.nan], [1e-300, -np.inf]]),
    np.array([1, 2], dtype=np.uint8), np.zeros((0, 3)), np.array(2.5),
    np.array([1 + 2j, 3 - 4j], dtype=np.complex64), np.array([True, False]),
    np.float16(1.5), sympy.sympify("x**2 + sin(y)"),
]


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_values_are_written_back_bit_for_bit(value):
    data = plain.to_plain(value)
    again = eval(as_python(data))  # the sandbox runs it; here it is the test's own data
    assert plain.dumps(plain.to_plain(again)) == plain.dumps(data)
    assert type(again) is type(value) or isinstance(value, sympy.Basic)


def test_data_that_breaks_the_format_is_refused():
    for data in ({"__ndarray__": [1], "dtype": "object", "shape": [1]},
                 {"__opaque__": "X", "repr": "<X>"}, {"__tuple__": 1}):
        with pytest.raises(plain.PlainError):
            as_python(data)


def test_cells_come_imports_first_then_values_then_definitions():
    snapshot = Snapshot({"np": "import numpy as np", "e": "from math import e"},
                        {"W": {"__tuple__": [1.0]}, "bad name": 1},
                        {"f": "def f():\n    return W"})
    assert code_cells(snapshot, 7) == (
        (7, "import numpy as np\nfrom math import e"), (8, "W = (1.0,)"),
        (9, "def f():\n    return W"))


SOFTMAX = ("def softmax(z):\n    z = np.asarray(z, dtype=float)\n    e = np.exp(z - z.max())\n"
           "    return e / e.sum()")


@pytest.fixture(scope="module")
def checker() -> LiveCheck:
    return LiveCheck(ROOT)


def parts_of(result):
    return {p.id: p for e in result.exercises for p in e.parts}


def test_the_kernel_wins_and_the_rest_comes_from_the_saved_file(checker, tmp_path):
    shutil.copy(EXAMPLES / "seed_student.ipynb", tmp_path / "homework.ipynb")
    snapshot = Snapshot({"np": "import numpy as np"}, {}, {"softmax": SOFTMAX},
                        missing=("collapse",),
                        unavailable={"relu_derivative": "it is a `vectorize` object"})
    saved = Saved(tmp_path / "homework.ipynb", "the notebook= argument")
    checked = checker.check((), snapshot, saved)
    got = parts_of(checked.result)
    assert (got["softmax"].verdict, got["softmax"].feedback) == (
        "correct", "`softmax` is correct on every test input.")
    assert got["relu_derivative"].feedback.startswith(
        "Graded from the saved notebook: `relu_derivative` cannot be sent from the kernel: it "
        "is a `vectorize` object.\nTest 'arrays' failed")
    assert got["collapse"].feedback.startswith(
        "Graded from the saved notebook: `collapse` is not defined in the running kernel.\n")
    assert got["collapse"].verdict == "incorrect" and got["collapse_proof"].answer
    assert checked.result.score == sum(p.score for p in got.values()) == 4
    assert "markdown answers from homework.ipynb as last saved (found by the notebook= " \
           "argument)" in checked.note
    assert checked.hidden == ("two_layer_weight", "two_layer_bias", "sigmoid_derivative_expr",
                              "relu_derivative_expr", "softmax_jacobian",
                              "softmax_jacobian_expr", "grad_z1", "grad_z2", "grad_z3",
                              "kernel_effects")


def test_without_a_saved_file_the_kernel_alone_is_graded(checker):
    snapshot = Snapshot({"np": "import numpy as np"}, {}, {"softmax": SOFTMAX},
                        missing=("collapse",))
    result, note = grade_live(snapshot, Saved(None, "no .ipynb file here"),
                              checker.gradebook_for(("softmax", "collapse", "collapse_proof")))
    got = parts_of(result)
    assert result.student == KERNEL and got["softmax"].verdict == "correct"
    assert got["collapse"].feedback.startswith(
        "Not graded: `collapse` is not defined in the running kernel, and no saved notebook "
        "was read (no .ipynb file here).\n")
    assert got["collapse_proof"].feedback.startswith(
        "No saved notebook was read (no .ipynb file here), so markdown answers were not either.")
    assert note == ("Checked the running kernel as it is now; no saved notebook was read: "
                    "no .ipynb file here")


def test_only_code_parts_are_asked_of_the_kernel(checker):
    assert checker.names(("softmax", "collapse_proof")) == ["softmax"]
    assert "collapse_proof" not in checker.names(())
