"""A reference function's source, with the helpers it calls from its module: the solved
notebook's answer cell for a part whose answer is a function."""

from __future__ import annotations

import inspect
import types
from collections.abc import Callable


def function_source(name: str, function: Callable, module: types.ModuleType) -> str:
    """The reference function, with the helpers it calls from its module, under `name`."""
    sources = [inspect.getsource(f).strip() for f in _helpers(function, module)]
    sources.append(inspect.getsource(function).strip())
    if function.__name__ != name:
        sources.append(f"{name} = {function.__name__}")
    return "\n\n\n".join(sources)


def _helpers(function: Callable, module: types.ModuleType) -> list[Callable]:
    found: list[Callable] = []

    def visit(f: Callable) -> None:
        for used in f.__code__.co_names:
            helper = getattr(module, used, None)
            if (isinstance(helper, types.FunctionType) and helper is not function
                    and helper not in found and helper.__module__ == module.__name__):
                visit(helper)
                found.append(helper)

    visit(function)
    return found
