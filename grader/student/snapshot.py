"""What `check()` takes from the student's running kernel, so the checker can grade it.

Runs inside the student's kernel. No object leaves it as an object: each name the public
parts ask for becomes

- an import (`import numpy as np`, `from numpy import exp`) when it is a module, or an
  object its own module hands out under its own name;
- source code when it is a function or class the notebook defined (`inspect.getsource`,
  else the newest cell of the kernel's input history that defines it), run again in a
  sandbox by the checker, as grading runs the notebook's cells;
- plain data, in the sandbox's own encoding (`grader.sandbox.plain`), for any other value.

What a function or class uses is taken along (the names its code loads, recursively), so
that it runs in the sandbox as it runs in the kernel. A name with none of these forms, or
one that uses such a name, is *unavailable*, with the reason: its part is then graded from
the saved file, and the feedback says which name and why. So is a name the kernel does not
define at all (a kernel restarted and not run again; a function under another name).
"""

from __future__ import annotations

import ast
import inspect
import re
import sys
import textwrap
import types
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from grader.sandbox import plain

KERNEL_NAMES = re.compile(r"_+|_i+|_i?\d+|_[iod]h|In|Out|get_ipython|exit|quit")
"""IPython's own entries in the namespace: history, prompts, helpers."""
MAX_ELEMENTS, MAX_CHARS = 100_000, 1_000_000
"""Bounds on one value: the checker writes it into a cell of Python, which must stay quick
to compile. Larger values (a big data set) make their part be graded from the saved file."""


class Unavailable(Exception):
    """A name that cannot be sent from the kernel; the message says why, for the student."""


@dataclass(frozen=True)
class Snapshot:
    """The kernel's answers as the checker receives them (see `to_data`)."""

    imports: dict[str, str] = field(default_factory=dict)
    """Name -> the import statement that binds it."""
    values: dict[str, Any] = field(default_factory=dict)
    """Name -> its value as plain data (wire format)."""
    sources: dict[str, str] = field(default_factory=dict)
    """Name -> the code that defines it, in an order that defines what each one needs
    first (base classes, decorators)."""
    missing: tuple[str, ...] = ()
    """Names asked for that the kernel does not define."""
    unavailable: dict[str, str] = field(default_factory=dict)
    """Names asked for that cannot be sent -> why (naming what they use, if it is that)."""

    def to_data(self) -> dict[str, Any]:
        return {"imports": self.imports, "values": self.values, "sources": self.sources,
                "missing": list(self.missing), "unavailable": self.unavailable}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Snapshot:
        return cls(dict(data["imports"]), dict(data["values"]), dict(data["sources"]),
                   tuple(data["missing"]), dict(data["unavailable"]))


@dataclass(frozen=True)
class Kernel:
    """Where the student's names live."""

    namespace: Mapping[str, Any]
    history: Sequence[str] = ()
    """The cells run so far, oldest first, as Python (IPython's `_ih`)."""
    internal: frozenset[str] = frozenset()
    """Names IPython itself put in the namespace (`open`, `In`, `exit`, ...)."""

    @classmethod
    def current(cls) -> Kernel:
        """IPython's user namespace when there is a shell, else `__main__`'s."""
        try:
            from IPython import get_ipython  # only inside a notebook kernel
        except ImportError:
            shell = None
        else:
            shell = get_ipython()
        if shell is None:
            return cls(vars(sys.modules["__main__"]))
        namespace = shell.user_ns
        history = [cell for cell in namespace.get("_ih", ()) if isinstance(cell, str)]
        return cls(namespace, history, frozenset(getattr(shell, "user_ns_hidden", ())))


def take(names: Sequence[str], kernel: Kernel) -> Snapshot:
    """The snapshot of `names` in the kernel."""
    namespace = kernel.namespace
    taker = _Taker(namespace, kernel.history, kernel.internal)
    missing: list[str] = []
    unavailable: dict[str, str] = {}
    for name in names:
        if name not in namespace:
            missing.append(name)
            continue
        try:
            taker.take(name)
        except Unavailable as why:
            unavailable[name] = str(why)
    return Snapshot(taker.imports, taker.values, taker.sources, tuple(missing), unavailable)


class _Taker:
    def __init__(self, namespace: Mapping[str, Any], history: Sequence[str],
                 internal: frozenset[str]) -> None:
        self.namespace = namespace
        self.history = history
        self.internal = internal
        self.imports: dict[str, str] = {}
        self.values: dict[str, Any] = {}
        self.sources: dict[str, str] = {}
        self.taking: set[str] = set()

    def take(self, name: str) -> None:
        """Add `name` and what it uses; raises Unavailable, naming the culprit."""
        if name in self.imports or name in self.values or name in self.sources \
                or name in self.taking:
            return
        value = self.namespace[name]
        statement = _import_of(name, value)
        if statement is not None:
            self.imports[name] = statement
            return
        if _defined_here(value):
            self.taking.add(name)
            try:
                source, uses = self.source_of(name, value)
                for used in sorted(uses):
                    if used != name and self.wanted(used):
                        try:
                            self.take(used)
                        except Unavailable as why:
                            raise Unavailable(f"it uses `{used}`: {why}") from None
            finally:
                self.taking.discard(name)
            self.sources[name] = source
            return
        self.values[name] = _plain(value)

    def wanted(self, name: str) -> bool:
        """A name the code uses that the sandbox needs from the kernel."""
        return (name in self.namespace and name not in self.internal
                and not KERNEL_NAMES.fullmatch(name))

    def source_of(self, name: str, value: Any) -> tuple[str, set[str]]:
        """Code that binds `name` to `value`, and the names it loads."""
        own = getattr(value, "__name__", "")
        if isinstance(value, types.FunctionType) and value.__code__.co_freevars:
            raise Unavailable("it is defined inside another function")
        node, text = self.definition(value)
        if isinstance(node, ast.Lambda):
            return f"{name} = {text}", _loaded(node) | _code_names(value.__code__)
        uses = _loaded(node) if isinstance(node, ast.ClassDef) else (
            _def_time_names(node) | _code_names(value.__code__))
        return (text if own == name else f"{text}\n{name} = {own}"), uses

    def definition(self, value: Any) -> tuple[ast.AST, str]:
        """The def, class or lambda that made `value`, and its text."""
        try:
            found = _find(textwrap.dedent(inspect.getsource(value)), value, checked=True)
        except (OSError, TypeError, SyntaxError):
            found = None
        for cell in reversed(self.history):
            if found is not None:
                break
            try:
                found = _find(cell, value, checked=False)
            except (SyntaxError, ValueError):
                continue
        if found is None:
            raise Unavailable("its source code was not found (define it in a cell of this "
                              "notebook and run that cell again)")
        return found


def _find(source: str, value: Any, checked: bool) -> tuple[ast.AST, str] | None:
    """The top-level definition of `value` in `source`. Unless `checked` (the source is
    where the function's code says it was defined), a function's must compile to code of
    the same shape as the function's own: a cell of the history may hold an older one."""
    tree = ast.parse(source)
    own = getattr(value, "__name__", "")
    if own == "<lambda>":
        lambdas = [n for n in ast.walk(tree) if isinstance(n, ast.Lambda)]
        if len(lambdas) != 1:
            return None
        text = ast.get_source_segment(source, lambdas[0])
        return (lambdas[0], text) if text else None
    for node in reversed(tree.body):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) \
                or node.name != own:
            continue
        first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
        text = "\n".join(source.splitlines()[first - 1:node.end_lineno])
        if checked or isinstance(node, ast.ClassDef) or _same_shape(text, value.__code__):
            return node, text
    return None


def _same_shape(text: str, code: types.CodeType) -> bool:
    """Same arguments, locals, names and constants. Not the bytecode itself: it depends on
    how and where the code was compiled."""
    compiled = compile(text, "<cell>", "exec", dont_inherit=True)
    return any(isinstance(c, types.CodeType) and _shape(c) == _shape(code)
               for c in compiled.co_consts)


def _shape(code: types.CodeType) -> tuple[Any, ...]:
    consts = tuple(_shape(c) if isinstance(c, types.CodeType) else repr(c)
                   for c in code.co_consts)
    return (code.co_name, code.co_argcount, code.co_kwonlyargcount, code.co_varnames,
            code.co_names, consts)


def _import_of(name: str, value: Any) -> str | None:
    """An import that binds `name` to `value`, if one does: modules, and objects their own
    module hands out under their own name (`from numpy import exp`)."""
    if isinstance(value, types.ModuleType):
        if value.__name__ == "__main__":
            return None
        return f"import {value.__name__}" + ("" if value.__name__ == name else f" as {name}")
    module, own = getattr(value, "__module__", None), getattr(value, "__name__", None)
    if not isinstance(module, str) or not isinstance(own, str) or module == "__main__" \
            or not own.isidentifier() or getattr(sys.modules.get(module), own, None) is not value:
        return None
    return f"from {module} import {own}" + ("" if own == name else f" as {name}")


def _defined_here(value: Any) -> bool:
    return isinstance(value, types.FunctionType | type) and \
        getattr(value, "__module__", None) == "__main__"


def _plain(value: Any) -> Any:
    data = plain.to_plain(value, MAX_ELEMENTS, MAX_CHARS)
    if isinstance(data, dict) and "__function__" in data:
        raise Unavailable(f"it is a `{type(value).__name__}` object, not a function defined "
                          "with def in this notebook")
    problem = next(_problems(data), None)
    if problem is not None:
        raise Unavailable(problem)
    return data


def _problems(data: Any) -> Iterator[str]:
    """Why plain data cannot stand for the value it came from, if it cannot."""
    items: Any = ()
    if isinstance(data, list):
        items = data
    elif isinstance(data, dict):
        if "__opaque__" in data:
            note, kind = data["repr"], data["__opaque__"]
            yield (f"it is too large to send ({note.strip('<>')})"
                   if "too large" in note or "too long" in note else
                   f"an object of type `{kind}` cannot be sent as plain data (numbers, "
                   "strings, lists, tuples, dicts, numpy arrays and sympy expressions can)")
        elif "__function__" in data:
            yield (f"it holds the function `{data['__function__']}`; only plain data can be "
                   "sent inside a value")
        elif "__dict__" in data:
            items = data["__dict__"].values()
        elif "__tuple__" in data:
            items = data["__tuple__"]
        elif not plain.MARKERS & data.keys():
            items = data.values()
    for item in items:
        yield from _problems(item)


def _code_names(code: types.CodeType) -> set[str]:
    """The global (and attribute) names a function's code and nested code load."""
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _code_names(const)
    return names


def _def_time_names(node: ast.AST) -> set[str]:
    """Names a def statement evaluates when it runs: decorators, defaults, annotations."""
    assert isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    parts: list[ast.AST] = [*node.decorator_list, *node.args.defaults,
                            *(d for d in node.args.kw_defaults if d is not None)]
    arguments = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs,
                 node.args.vararg, node.args.kwarg]
    parts += [a.annotation for a in arguments if a is not None and a.annotation is not None]
    if node.returns is not None:
        parts.append(node.returns)
    return set().union(*(_loaded(p) for p in parts)) if parts else set()


def _loaded(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)
            and isinstance(n.ctx, ast.Load)}
