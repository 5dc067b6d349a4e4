"""What check() takes from a kernel: imports, source code and plain data, never objects."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from grader.sandbox import plain
from grader.student.snapshot import MAX_ELEMENTS, Kernel, Snapshot, take

CELLS = '''\
import numpy as np
import numpy.linalg as la
from numpy import exp
from math import sqrt as root

SCALE = 2.0
TABLE = {"k": (1, np.arange(3)), "nan": float("nan")}


def helper(x):
    return exp(x) * SCALE


def softmax(z, axis=-1):
    e = helper(np.asarray(z) - np.max(z))
    return e / la.norm(e, 1)


def even(n):
    return n == 0 or odd(n - 1)


def odd(n):
    return n != 0 and even(n - 1)


alias = softmax
square = lambda v: v * v


def outer():
    hidden = 3

    def inner():
        return hidden
    return inner


closure = outer()


class Opaque:
    pass


thing = Opaque()


def uses_thing(x):
    return thing


def uses_root(x):
    return root(x)


vectorised = np.vectorize(lambda x: x)
functions = [softmax]
big = np.zeros(MAX + 1)
'''


def kernel(tmp_path: Path, history: tuple[str, ...] = ()) -> Kernel:
    """The cells run as a kernel runs them: in `__main__`'s name, from a file that
    inspect can read back."""
    path = tmp_path / "cells.py"
    path.write_text(CELLS)
    namespace = {"__name__": "__main__", "MAX": MAX_ELEMENTS}
    exec(compile(CELLS, str(path), "exec"), namespace)
    return Kernel(namespace, history, frozenset({"MAX"}))


def test_functions_go_as_source_with_what_they_use(tmp_path):
    snapshot = take(["softmax", "alias", "even", "square", "uses_root"], kernel(tmp_path))
    assert snapshot.imports == {"np": "import numpy as np", "la": "import numpy.linalg as la",
                                "exp": "from numpy import exp",
                                "root": "from math import sqrt as root"}
    assert snapshot.values == {"SCALE": 2.0}
    assert list(snapshot.sources) == ["helper", "softmax", "alias", "odd", "even", "square",
                                      "uses_root"]
    assert snapshot.sources["softmax"].startswith("def softmax(z, axis=-1):\n")
    assert snapshot.sources["alias"] == snapshot.sources["softmax"] + "\nalias = softmax"
    assert snapshot.sources["square"] == "square = lambda v: v * v"
    assert (snapshot.missing, snapshot.unavailable) == ((), {})


def test_values_go_as_plain_data(tmp_path):
    snapshot = take(["TABLE"], kernel(tmp_path))
    data = snapshot.values["TABLE"]
    assert data["k"] == {"__tuple__": [1, {"__ndarray__": [0, 1, 2], "dtype": "int64",
                                             "shape": [3]}]}
    assert math.isnan(data["nan"])
    again = Snapshot.from_data(plain.loads(plain.dumps(snapshot.to_data())))
    assert plain.dumps(again.values) == plain.dumps(snapshot.values)


def test_what_cannot_be_sent_says_why(tmp_path):
    names = ["closure", "thing", "uses_thing", "vectorised", "functions", "big", "undefined"]
    snapshot = take(names, kernel(tmp_path))
    plain_data = ("an object of type `Opaque` cannot be sent as plain data (numbers, strings, "
                  "lists, tuples, dicts, numpy arrays and sympy expressions can)")
    assert snapshot.unavailable == {
        "closure": "it is defined inside another function",
        "thing": plain_data,
        "uses_thing": f"it uses `thing`: {plain_data}",
        "vectorised": "it is a `vectorize` object, not a function defined with def in this "
                      "notebook",
        "functions": "it holds the function `softmax`; only plain data can be sent inside a "
                     "value",
        "big": f"it is too large to send (array of {MAX_ELEMENTS + 1} elements is too large)",
    }
    assert snapshot.missing == ("undefined",)


def test_source_missing_from_inspect_is_found_in_the_history(tmp_path):
    """Classes (and functions, in some kernels) have no source inspect can find: the newest
    cell that defines one of the same shape is used, not an older version."""
    older = "class Opaque:\n    pass\n\n\ndef softmax(z):\n    return z\n"
    newer = "x = 1\nclass Opaque:\n    pass\n"
    snapshot = take(["Opaque"], kernel(tmp_path, (older, newer, "not python (")))
    assert snapshot.sources == {"Opaque": "class Opaque:\n    pass"}
    ns = {"__name__": "__main__"}
    exec("def f(x):\n    return x + 1\n", ns)  # no file: inspect finds nothing
    history = ("def f(x):\n    return x + 1\n", "def f(x):\n    return x + 2\n")
    assert take(["f"], Kernel(ns, history)).sources == {"f": "def f(x):\n    return x + 1"}
    assert take(["f"], Kernel(ns)).unavailable == {"f": (
        "its source code was not found (define it in a cell of this notebook and run that "
        "cell again)")}


def test_kernel_internals_are_not_taken():
    ns = {"__name__": "__main__", "In": ["x"], "_i1": "x", "_": 3, "np": np}
    exec("def f():\n    return In, _, _i1, np\n", ns)
    history = ("def f():\n    return In, _, _i1, np\n",)
    snapshot = take(["f"], Kernel(ns, history))
    assert (snapshot.imports, snapshot.values) == ({"np": "import numpy as np"}, {})
