"""Answers built from trusted code for the self-test (`grade validate`): the reference
called in this process, and simple perturbations of it that a check must reject.

The functions here are the instructor's own (solutions/) or a test's, so calling them in
the grader's process is fine; a student's function only ever runs in the sandbox.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

from grader.answers import CallResult, Function
from grader.checks.compare import compare
from grader.checks.domain import Domain
from grader.checks.nearmiss import near_misses


def in_process(name: str, function: Callable[..., Any]) -> Function:
    """A trusted function (instructor code, or a test's) called in this process as an answer."""
    def call(args: Sequence[Any]) -> CallResult:
        try:
            with np.errstate(all="ignore"):
                return CallResult(True, function(*args))
        except Exception as error:
            return CallResult(False, error=f"{type(error).__name__}: {error}")

    return Function(name, call)


def perturbations(reference: Callable[..., Any]) -> list[tuple[str, Callable[..., Any]]]:
    """The reference's outputs scaled and negated: wrong answers every check must catch."""
    def scaled(*args: Any) -> Any:
        return _map(reference(*args), lambda a: a * 1.01 + 1e-3)

    def negated(*args: Any) -> Any:
        return _map(reference(*args), lambda a: -a - 1e-3)

    return [("scaled by 1.01", scaled), ("negated", negated)]


def _map(value: Any, change: Callable[[np.ndarray], np.ndarray]) -> Any:
    if isinstance(value, tuple | list):
        return type(value)(_map(v, change) for v in value)
    return change(np.asarray(value, dtype=float))


def telling_near_misses(reference: Callable[..., Any], domain: Domain, rtol: float,
                        atol: float) -> Iterator[tuple[str, Callable[..., Any]]]:
    """The near-misses that differ from the reference on some input of the part's domain
    widened (every magnitude, integers, special values): those its check must reject."""
    probes = domain.widened().cases(reference)
    for label, miss in near_misses(reference):
        if any(_differs(reference, miss, case, rtol, atol) for case in probes):
            yield label, miss


def _differs(reference: Callable[..., Any], miss: Callable[..., Any], case: tuple,
             rtol: float, atol: float) -> bool:
    try:
        with np.errstate(all="ignore"):
            return compare(reference(*case), miss(*case), rtol=rtol, atol=atol) is not None
    except Exception:  # noqa: BLE001 - a near-miss that raises differs
        return True
