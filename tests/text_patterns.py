"""Every regular expression the grader applies to what a student wrote, and a growth probe.

Patterns are found three ways, so that a new one cannot slip past the growth test: compiled
patterns held by a module (module globals), pattern literals passed to `re` functions in
the source (read with `ast`, so patterns compiled inside functions count too), and the
patterns built from a course (free-form labels, kernel descriptions, a text check's
accepted phrasings), which the test builds with the repository's course.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

PACKAGES = ("grader.notebook", "grader.mathexpr", "grader.checks")
MODULES = ("grader.sandbox.cells", "grader.pipeline.layout", "grader.pipeline.answers")
"""Where student text (notebook cells, answers, file names) meets a regular expression."""
RE_CALLS = {"compile", "search", "match", "fullmatch", "sub", "subn", "split", "findall",
            "finditer"}
TINY, SCREEN = 24, 250
SIZES = (250, 1000, 8000)
WORST = 3
BUDGET_S = 0.1
"""One match on at most 8,000 characters: a linear scan takes well under a millisecond."""
GROWTH = 24.0
"""Allowed time ratio from 1,000 to 8,000 characters: linear is 8, quadratic 64."""
FLOOR_S = 100e-6
FILLS = (" ", "-", "a", "1", "\\", "{", "$", "#", "*", "=", "_", "\n", "\t", "a ", "- ",
         "\\a", "$a")
INNERS = ("", "a", " a", "=")
MAX_HEADS = 5


@dataclass(frozen=True)
class Site:
    where: str
    pattern: re.Pattern[str]


def modules() -> Iterator[str]:
    for package in PACKAGES:
        root = importlib.import_module(package)
        yield package
        for info in pkgutil.walk_packages(root.__path__, prefix=f"{package}."):
            yield info.name
    yield from MODULES


def compiled_globals() -> Iterator[Site]:
    for name in modules():
        module = importlib.import_module(name)
        for attribute, value in vars(module).items():
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                yield Site(f"{name}.{attribute}", value)


def source_literals() -> tuple[list[Site], list[tuple[str, str | None, str]]]:
    """(patterns written as literals at `re.*` call sites, the other call sites as
    (module, enclosing function or None, place)): those must be module constants, which
    compiled_globals finds, or built by a function the test calls (BUILDERS)."""
    found: list[Site] = []
    dynamic: list[tuple[str, str | None, str]] = []
    for name in modules():
        module = importlib.import_module(name)
        tree = ast.parse(Path(module.__file__ or "").read_text(encoding="utf-8"))
        for function, node in _calls(tree):
            where = f"{name}:{node.lineno}"
            text = _constant(node.args[0], module)
            if text is None:
                dynamic.append((name, function, where))
            else:
                found.append(Site(where, re.compile(text, _flags(node))))
    return found, dynamic


def _calls(tree: ast.Module) -> Iterator[tuple[str | None, ast.Call]]:
    """`re.*(pattern, ...)` calls, with the top-level function they are in."""
    for top in tree.body:
        function = top.name if isinstance(top, ast.FunctionDef | ast.ClassDef) else None
        for node in ast.walk(top):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                    and node.func.attr in RE_CALLS and node.args):
                yield function, node


def _constant(node: ast.expr, module: object) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name) and isinstance(getattr(module, node.id, None), str):
        return str(getattr(module, node.id))
    return None


def _flags(call: ast.Call) -> int:
    flags = 0
    for node in ast.walk(call):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id == "re" and node.attr in ("I", "S", "M", "IGNORECASE",
                                                             "DOTALL", "MULTILINE")):
            flags |= getattr(re, node.attr)
    return flags


def literals_of(pattern: re.Pattern[str]) -> list[str]:
    """Literal runs of the pattern (a heading's '#', '\\begin{', '$$'), at any depth."""
    runs: list[str] = []
    try:
        parsed = re._parser.parse(pattern.pattern, pattern.flags)  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - only a source of probe strings
        return runs

    def walk(items: object) -> None:
        current = ""
        for op, value in items:  # type: ignore[attr-defined]
            name = str(op)
            if name == "LITERAL":
                current += chr(value)
                continue
            if current:
                runs.append(current)
            current = ""
            if name == "SUBPATTERN":
                walk(value[-1])
            elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
                walk(value[2])
            elif name == "BRANCH":
                for branch in value[1]:
                    walk(branch)
            elif name in ("ASSERT", "ASSERT_NOT", "ATOMIC_GROUP"):
                walk(value[-1])
        if current:
            runs.append(current)

    walk(parsed)
    return list(dict.fromkeys(runs))[:MAX_HEADS]


def probes(pattern: re.Pattern[str]) -> Iterator[tuple[str, Callable[[int], str]]]:
    """(name, make) of strings of about n characters shaped to make a backtracking pattern
    work hard: a literal the pattern starts with, a letter, a long run, a spoiler."""
    literals = literals_of(pattern)
    heads = ["", *literals]
    for fill in (*FILLS, *literals):
        for head in heads:
            for inner in INNERS:
                for tail in ("", "\x01"):
                    def make(n: int, fill: str = fill, head: str = head, inner: str = inner,
                             tail: str = tail) -> str:
                        return head + inner + (fill * (n // len(fill) + 1))[:n] + tail

                    yield f"{head + inner!r} + {fill!r} * n + {tail!r}", make


def timed(pattern: re.Pattern[str], text: str, repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        pattern.match(text)
        for _ in pattern.finditer(text):
            pass
        best = min(best, time.perf_counter() - started)
    return best


def growth(pattern: re.Pattern[str]) -> str | None:
    """Why the pattern is super-linear on some probe, or None when every probe scales.

    Every probe is tried on a few characters (exponential backtracking shows at once) and
    on a few hundred; the three slowest are then timed at 250, 1,000 and 8,000."""
    shapes = list(probes(pattern))
    screened = []
    for name, make in shapes:
        for n in (TINY, SCREEN):
            took = timed(pattern, make(n), repeats=1)
            if took > BUDGET_S:  # a busy machine or a collection can pause one run: again
                took = timed(pattern, make(n), repeats=RETRIES)
            if took > BUDGET_S:
                return f"{name}: {took:.3f} s at n = {n}"
        screened.append((took, name, make))
    screened.sort(key=lambda row: row[0], reverse=True)
    for _, name, make in screened[:WORST]:
        why = _scaling(pattern, name, make)
        if why is not None:  # the fastest of more runs, before calling it super-linear
            why = _scaling(pattern, name, make, repeats=RETRIES)
        if why is not None:
            return why
    return None


RETRIES = 7
"""Runs whose fastest is taken when a first measure looks slow: the probe measures the
pattern, not the machine, so one paused run must not fail it."""


def _scaling(pattern: re.Pattern[str], name: str, make: Callable[[int], str],
             repeats: int = 3) -> str | None:
    times: dict[int, float] = {}
    for n in SIZES:
        times[n] = timed(pattern, make(n), repeats=repeats)
        if times[n] > BUDGET_S:
            return f"{name}: {times[n]:.3f} s at n = {n}"
    ratio = times[SIZES[-1]] / max(times[SIZES[-2]], FLOOR_S)
    if ratio > GROWTH:
        return f"{name}: {ratio:.0f}x from n = {SIZES[-2]} to {SIZES[-1]}"
    return None

