"""Light package faces: importing a small module does not import the world.

Each import runs in a fresh interpreter, and the test looks at what it loaded.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("numpy", "sympy", "scipy", "nbformat")


def loaded_by(module: str) -> set[str]:
    """The top-level packages a fresh `import module` brings into sys.modules."""
    code = (f"import sys; before = set(sys.modules); import {module}; "
            "print(__import__('json').dumps(sorted(set(sys.modules) - before)))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=120)
    return {name.split(".")[0] for name in json.loads(done.stdout)}


@pytest.mark.parametrize("module", [
    "grader.pipeline.layout",   # a file-name parser
    "grader.pipeline.discover",
    "grader.results",
    "grader.checks",            # the kinds' registry, not the kinds
    "grader.reports.terminal",
    "grader.cli",               # `grade --help` answers without the grading stack
])
def test_a_light_module_loads_neither_numpy_nor_sympy(module):
    assert loaded_by(module).isdisjoint(HEAVY)


def test_a_kind_loads_its_own_module_when_asked_for():
    code = ("import sys; from grader.checks import kind_of; kind_of('manual'); "
            "print('grader.checks.numeric' in sys.modules, 'sympy' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=120)
    assert done.stdout.split() == ["False", "False"]
