"""Every kind of value a student can bind to an answer's name, as notebook code.

Each kind is a function of the name it binds: the code of one cell that defines `name`
as that kind of value. The matrix test binds each kind to every auto-graded part of the
course, and the property test draws from them.
"""

from __future__ import annotations

from collections.abc import Callable

import nbformat

SETUP = "import math\nimport numpy as np\nimport sympy"

Kind = Callable[[str], str]

KINDS: dict[str, Kind] = {
    "function returning a constant": lambda n: f"def {n}(*args, **kwargs):\n    return 42",
    "function that raises": lambda n: (
        f"def {n}(*args, **kwargs):\n    raise ValueError('not done yet')"),
    "function returning itself": lambda n: f"def {n}(*args, **kwargs):\n    return {n}",
    "lambda": lambda n: f"{n} = lambda *args: None",
    "class": lambda n: f"class {n}:\n    pass",
    "instance that lies": lambda n: (
        "class Liar:\n"
        "    def __eq__(self, other): return True\n"
        "    def __float__(self): return 1.0\n"
        "    def __str__(self): return 'x'\n"
        "    def __repr__(self): return 'W2*W1'\n"
        "    def __len__(self): return 3\n"
        f"{n} = Liar()"),
    "builtin": lambda n: f"{n} = print",
    "type object": lambda n: f"{n} = int",
    "module": lambda n: f"{n} = math",
    "generator": lambda n: f"{n} = (i for i in range(3))",
    "exception instance": lambda n: f"{n} = ValueError('boom')",
    "None": lambda n: f"{n} = None",
    "bool": lambda n: f"{n} = True",
    "int": lambda n: f"{n} = 7",
    "nan": lambda n: f"{n} = float('nan')",
    "inf": lambda n: f"{n} = float('-inf')",
    "huge int": lambda n: f"{n} = 10**5000",
    "complex": lambda n: f"{n} = 1 + 2j",
    "bytes": lambda n: f"{n} = b'W2*W1'",
    "empty string": lambda n: f"{n} = ''",
    "whitespace": lambda n: f"{n} = '   \\n\\t'",
    "unbalanced LaTeX": lambda n: f"{n} = r'\\frac{{1}}{{1 + e^{{-x}}'",
    "empty list": lambda n: f"{n} = []",
    "empty tuple": lambda n: f"{n} = ()",
    "empty set": lambda n: f"{n} = set()",
    "empty dict": lambda n: f"{n} = {{}}",
    "deeply nested list": lambda n: f"{n} = []\nfor _ in range(500):\n    {n} = [{n}]",
    "self-containing list": lambda n: f"{n} = []\n{n}.append({n})",
    "list of functions": lambda n: f"{n} = [print, len, lambda x: x]",
    "dict with non-string keys": lambda n: f"{n} = {{1: 'x1', (2, 3): 'x2'}}",
    "dict of functions": lambda n: (
        f"{n} = {{'x1': print, 'x2': len, 'x3': int, 'x4': None, "
        "'k1': print, 'k2': 3, 'k3': [], 'k4': None}"),
    "empty array": lambda n: f"{n} = np.array([])",
    "object array": lambda n: f"{n} = np.array([object(), None], dtype=object)",
    "0-d array": lambda n: f"{n} = np.array(3.0)",
    "3000x3000 array": lambda n: f"{n} = np.zeros((3000, 3000))",
    "sympy Symbol": lambda n: f"{n} = sympy.Symbol('q')",
    "sympy Matrix": lambda n: f"{n} = sympy.Matrix([[1, 2], [3, 4]])",
    "undefined sympy Function": lambda n: f"{n} = sympy.Function('f')",
    "sympy Eq": lambda n: f"{n} = sympy.Eq(sympy.Symbol('x'), 1)",
}


def notebook(bindings: dict[str, Kind]) -> str:
    """A notebook binding each name to its kind of value, one cell each."""
    cells = [nbformat.v4.new_code_cell(SETUP)]
    cells += [nbformat.v4.new_code_cell(kind(name)) for name, kind in bindings.items()]
    return nbformat.writes(nbformat.v4.new_notebook(cells=cells))
