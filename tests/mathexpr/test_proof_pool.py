"""The proof worker: budgets are enforced by killing it, and it recovers afterwards."""

from __future__ import annotations

import threading
import time

import sympy

from grader.mathexpr import SymbolContext, parse_reference, verify
from grader.mathexpr.pool import WALL_FACTOR
from grader.mathexpr.proof import prove_equal as prove_in_process
from grader.mathexpr.proof_pool import prove_equal, warm_up

x = sympy.Symbol("x", real=True)
y = sympy.Symbol("y", real=True)


def test_timeout_kills_the_worker_and_the_next_proof_still_works() -> None:
    heavy = sympy.expand((x + y + 1) ** 60) - 1
    warm_up()  # the clock counts the proof, not a worker's start
    started = time.monotonic()
    assert prove_equal((x + y + 1) ** 60, heavy, budget_s=0.3) is None
    assert time.monotonic() - started < 0.3 * WALL_FACTOR + 2.0  # CPU budget, wall backstop
    assert prove_equal(sympy.cosh(x), (sympy.exp(x) + sympy.exp(-x)) / 2, budget_s=5.0) is True


def test_budget_is_respected_off_the_main_thread() -> None:
    elapsed: list[float] = []

    def run() -> None:
        warm_up()
        started = time.monotonic()
        prove_equal((x + y + 1) ** 60, sympy.expand((x + y + 1) ** 60) - 1, budget_s=0.3)
        elapsed.append(time.monotonic() - started)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert elapsed and elapsed[0] < 0.3 * WALL_FACTOR + 2.0


def test_index_partitions_in_the_proof() -> None:
    i, j = sympy.Symbol("i", integer=True), sympy.Symbol("j", integer=True)
    s_i, s_j = sympy.Symbol("s_i", real=True), sympy.Symbol("s_j", real=True)
    delta = sympy.KroneckerDelta(i, j)
    assert prove_in_process(s_i * delta, s_j * delta, ("i", "j"), ("s",))
    assert not prove_in_process(s_i * delta, s_j, ("i", "j"), ("s",))


def test_positive_variables_unlock_log_rules() -> None:
    ctx = SymbolContext(variables=("x",), positive=("x",))
    verdict = verify(parse_reference("log(x^2)", ctx), parse_reference("2*log(x)", ctx), ctx)
    assert verdict.outcome == "equal"
    real = SymbolContext(variables=("x",))
    verdict = verify(parse_reference("log(x^2)", real), parse_reference("2*log(x)", real), real)
    assert verdict.outcome == "different"
