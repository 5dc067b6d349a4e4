"""A grading session: run a notebook in a child process, then call into it.

The child is disposable. Whenever it hangs past a deadline, dies or breaks
the protocol, the session kills its process group and, when it is needed
again, starts a fresh one and silently re-runs the cells that completed, so
a single bad cell or call costs only its own marks.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from types import TracebackType
from typing import Any

from grader.sandbox import plain
from grader.sandbox.arguments import EncodedArgs, encoded_args
from grader.sandbox.cells import PreparedCell, prepare_cell
from grader.sandbox.channel import ChildGone, ChildTimeout, OutputSink, ProtocolError
from grader.sandbox.process import Child, start_child
from grader.sandbox.reports import (
    CallOutcome,
    CellReport,
    Confinement,
    Isolation,
    Limits,
    RunReport,
    RunStatus,
    SandboxClosed,
)

FILES_WAIT_S = 10.0  # writing the course's data files into a new child's folder
GRACE_S = 0.5  # how long the grader waits beyond the child's own timer before killing it
WALL_FACTOR = 4.0
"""Budgets count the child's CPU time, so a score does not depend on how busy the machine
is; the wall clock is only a backstop, this many times a budget, for code that sleeps or
blocks (it uses no CPU) or that silences the child's timer."""
SYMPY_IMPORT_S = 10.0  # extra wait when the child must import sympy for the arguments
ERROR_CHARS = 300
ENDED = "the student's code ended the process"
_OUT_OF_TIME = object()
DEFAULT_LIMITS = Limits()
DEFAULT_ISOLATION = Isolation()


class _Lost(Exception):
    """The child was killed or died during an exchange; ``kind`` says which way."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind = kind
        self.reason = reason


class Session:
    """One submission's sandbox; use as a context manager so the child is always killed."""

    def __init__(self, limits: Limits = DEFAULT_LIMITS, command_prefix: Sequence[str] = (),
                 isolation: Isolation = DEFAULT_ISOLATION,
                 files: Mapping[str, bytes] | None = None) -> None:
        self.limits = limits
        self.files = dict(files or {})
        """The course's data files, written read-only into every new child's folder."""
        self.command_prefix = tuple(command_prefix)
        self.isolation = isolation
        self.sink = OutputSink(limits.output_bytes)
        self.child: Child | None = None
        self.replay: list[PreparedCell] = []
        self.closed = False
        self.light = False
        """Whether the child comes from the zygote without sympy: set by `run`."""
        self.deadline = float("inf")
        """When the whole submission must be done: cells, probes and graded calls together
        (the wall-clock backstop of its budgets, WALL_FACTOR times the notebook's); set by
        `run`."""
        self.calls_cpu_left = limits.notebook_timeout_s
        """CPU time all calls into the notebook may still use, whatever their number."""
        self.timed_out: set[str] = set()
        """The functions a call into timed out: not worth a second way of calling."""
        self.confinement: Confinement | None = None
        """How the student's code was kept apart: the weakest that any process of this
        session reported (a restarted one could, in principle, get less); None until one
        started."""

    def __enter__(self) -> Session:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self._kill()
        self.closed = True

    # ------------------------------------------------------------------ run

    def run(self, cells: Sequence[tuple[int, str]], names: Sequence[str]) -> RunReport:
        """Run ``cells`` in order in a fresh process and collect ``names``.

        The cells share ``notebook_timeout_s`` of CPU time, and each has at most
        ``cell_timeout_s`` of it; a small part is kept back for the values. Restarts and
        waiting are bounded by the wall-clock backstop, WALL_FACTOR times the budget.
        """
        self._check_open()
        limits = self.limits
        deadline = time.monotonic() + limits.notebook_timeout_s * WALL_FACTOR
        self.deadline = deadline
        self.calls_cpu_left = limits.notebook_timeout_s
        kept_back = min(2.0, 0.2 * limits.notebook_timeout_s)
        cells_end = deadline - kept_back * WALL_FACTOR
        cpu_left = limits.notebook_timeout_s - kept_back
        self._kill()
        self.replay = []
        self.light = not any("sympy" in source for _, source in cells)
        self.sink = OutputSink(limits.output_bytes)
        reports: list[CellReport] = []
        problems: list[tuple[RunStatus, str]] = []
        for index, source in cells:
            prepared = prepare_cell(index, source)
            if prepared.source is None:
                reports.append(CellReport(index, "skipped", prepared.skip_reason))
                continue
            seconds = min(limits.cell_timeout_s, cpu_left)
            if seconds <= 0 or time.monotonic() >= cells_end or not self._ensure_child(cells_end):
                reports.append(CellReport(index, "skipped", "the notebook time limit was reached"))
                problems.append(("timeout", "the notebook time limit was reached"))
                continue
            report, problem, used = self._run_cell(prepared, seconds,
                                                   min(cells_end + GRACE_S, deadline))
            cpu_left -= used
            reports.append(report)
            if problem is not None:
                problems.append(problem)
        values = self._collect(names, kept_back + max(cpu_left, 0.0), deadline)
        status, detail = _summarise(problems)
        return RunReport(tuple(reports), values, status, detail, self.sink.text())

    def _run_cell(self, prepared: PreparedCell, seconds: float, latest: float
                  ) -> tuple[CellReport, tuple[RunStatus, str] | None, float]:
        """Run one cell with ``seconds`` of CPU time; the second item is what it means for
        the whole run, if anything; the third, the CPU time it is charged."""
        index = prepared.index
        message = {"op": "exec", "index": index, "source": prepared.source, "timeout": seconds}
        wall = seconds * WALL_FACTOR
        try:
            body = self._exchange(message, min(time.monotonic() + wall + GRACE_S, latest))
        except _Lost as lost:
            if lost.kind == "timeout":  # the backstop: said as the budget would, so that
                error = f"timed out after {seconds:g} s"  # which one fired never shows
                return (CellReport(index, "timeout", error),
                        ("timeout", f"cell {index} {error}"), seconds)
            error = f"{ENDED} ({lost.reason})" if lost.kind == "gone" else lost.reason
            return (CellReport(index, "error", _clip(error)),
                    ("crashed", f"cell {index}: {error}"), seconds)
        status = body.get("status")
        said = body.get("error")
        used = _cpu_used(body.get("cpu"), seconds)
        if status not in ("ok", "error", "timeout") or not isinstance(said, str | None):
            self._kill()
            broken = "the sandbox protocol was broken"
            return (CellReport(index, "error", broken), ("crashed", f"cell {index}: {broken}"),
                    seconds)
        if status == "timeout":
            assert self.child is not None
            swept = self.child.sweep()
            if swept:
                self.sink.note(f"{swept} processes left running by cell {index} were stopped")
            return (CellReport(index, "timeout", _clip(said)),
                    ("timeout", f"cell {index} {said}"), seconds)
        self.replay.append(prepared)
        if status == "ok" and prepared.notes:
            return CellReport(index, "adjusted", _clip("; ".join(prepared.notes))), None, used
        return CellReport(index, status, _clip(said)), None, used

    def _collect(self, names: Sequence[str], seconds: float,
                 deadline: float) -> dict[str, Any]:
        """The values of ``names``, encoded with ``seconds`` of CPU time by ``deadline``."""
        wanted = list(dict.fromkeys(names))
        if not wanted or not self._ensure_child(deadline):
            return {}
        seconds = max(seconds, 0.25)
        wall = min(time.monotonic() + seconds * WALL_FACTOR, deadline) + GRACE_S
        try:
            body = self._exchange({"op": "values", "names": wanted, "timeout": seconds}, wall)
        except _Lost:
            return {}
        found = body.get("values")
        if not isinstance(found, dict):
            return {}
        return {name: _decode(found[name]) for name in wanted if name in found}

    # ----------------------------------------------------------------- call

    def call(self, name: str, args: Sequence[Any]) -> CallOutcome:
        """Call the student's ``name(*args)`` in the child; never raises for student faults."""
        return self.call_many(name, [args])[0]

    def call_many(self, name: str, cases: Sequence[Sequence[Any]]) -> list[CallOutcome]:
        """``name(*args)`` for each case in order, as if by ``call`` one after the other,
        in one request: the child answers each case as soon as it returns, so a part's
        test cases cost one round trip, not one each. Each case keeps its own deadline.
        The list ends early, at the first call that timed out: a function that loops
        forever costs one timeout, not one per case."""
        outcomes = self._call_many(name, cases)
        if any(outcome.timed_out for outcome in outcomes):
            self.timed_out.add(name)
        return outcomes

    def _call_many(self, name: str, cases: Sequence[Sequence[Any]]) -> list[CallOutcome]:
        self._check_open()
        encoded = [encoded_args(args) for args in cases]
        outcomes: list[CallOutcome] = []
        while len(outcomes) < len(encoded):
            if self._used_up():
                return outcomes + [self._used_up_outcome()]
            if not self._ensure_child(min(time.monotonic() + self.limits.notebook_timeout_s,
                                          self.deadline)):
                lost = CallOutcome(ok=False, error="the notebook could not be run again")
                return outcomes + [lost] * (len(encoded) - len(outcomes))
            stopped = self._call_batch(name, encoded[len(outcomes):], outcomes)
            if stopped:
                break
        return outcomes

    def _call_batch(self, name: str, encoded: list[EncodedArgs],
                    outcomes: list[CallOutcome]) -> bool:
        """Run ``encoded`` in the live child, appending an outcome per answered case;
        True when a timeout ended the batch. A child that dies or breaks the protocol
        ends the batch after the case it was running: the caller restarts it for the
        remaining ones, as separate calls would have."""
        seconds = min(self.limits.call_timeout_s, self.calls_cpu_left)
        message = ('{"op":"calls","name":' + plain.dumps(name) + ',"timeout":'
                   + plain.dumps(seconds) + ',"cases":['
                   + ",".join(case.text for case in encoded) + "]}")
        for number, case in enumerate(encoded):
            if number and self._used_up():  # stop the child mid-request: nothing more runs
                self._kill()
                outcomes.append(self._used_up_outcome())
                return True
            allowance = SYMPY_IMPORT_S if case.sympy else 0.0
            deadline = min(time.monotonic() + seconds * WALL_FACTOR + allowance, self.deadline)
            more = number < len(encoded) - 1
            try:
                body = self._exchange(message if number == 0 else None, deadline + GRACE_S,
                                      more=more)
            except _Lost as lost:
                if lost.kind == "timeout":
                    self.calls_cpu_left -= seconds
                    outcomes.append(self._timed_out(seconds))
                    return True
                outcomes.append(CallOutcome(ok=False, error=ENDED if lost.kind == "gone"
                                            else lost.reason))
                return False
            self.calls_cpu_left -= _cpu_used(body.get("cpu"), seconds)
            if body.get("ok") is True and "value" in body:
                outcomes.append(CallOutcome(ok=True, value=_decode(body["value"])))
                continue
            if body.get("timed_out") is True:
                outcomes.append(self._timed_out(seconds))
                return True
            error = body.get("error")
            outcomes.append(CallOutcome(ok=False, error=_clip(error) if isinstance(error, str)
                                        else "failed"))
        return False

    def _timed_out(self, seconds: float) -> CallOutcome:
        """A call that ran out of time: its own budget, or what was left of the whole
        notebook's (then it says so)."""
        if seconds < self.limits.call_timeout_s or time.monotonic() >= self.deadline:
            return self._used_up_outcome()
        return CallOutcome(ok=False, error=f"timed out after {seconds:g} s", timed_out=True)

    def _used_up(self) -> bool:
        return self.calls_cpu_left <= 0 or time.monotonic() >= self.deadline

    def _used_up_outcome(self) -> CallOutcome:
        return CallOutcome(ok=False, timed_out=True, error=(
            f"hit the notebook's time limit ({self.limits.notebook_timeout_s:g} s of CPU time "
            "for all calls together, and a wall-clock backstop)"))

    # ------------------------------------------------------------ machinery

    def _check_open(self) -> None:
        if self.closed:
            raise SandboxClosed("the session is closed")

    def _kill(self) -> None:
        if self.child is not None:
            self.child.kill()
            self.child = None

    def _exchange(self, message: dict[str, Any] | str | None, deadline: float, *,
                  more: bool = False) -> dict[str, Any]:
        """The reply to ``message``, or with None the next frame of the streamed request
        sent last; any failure kills the child and says how it was lost."""
        child = self.child
        assert child is not None and child.alive
        try:
            if message is None:
                return child.channel.receive(deadline, more=more)
            return child.channel.exchange(message, deadline, more=more)
        except ChildTimeout:
            child.kill()
            raise _Lost("timeout", "timed out") from None
        except ChildGone:
            reason = child.exit_reason() or "the process closed its channel"
            child.kill()
            raise _Lost("gone", reason) from None
        except ProtocolError as exc:
            child.kill()
            raise _Lost("protocol", f"the sandbox protocol was broken: {exc}") from None

    def _ensure_child(self, deadline: float) -> bool:
        """Have a live child holding the state of every completed cell, by ``deadline``.

        A replayed cell that now fails to complete is dropped from the replay
        list and the replay starts over, so this ends after at most
        ``len(self.replay) + 1`` starts.
        """
        if self.child is not None and self.child.alive:
            return True
        restarted = bool(self.replay)
        while time.monotonic() < deadline:
            self.child, confinement = start_child(self.limits, self.sink,
                                                  self.command_prefix, self.isolation,
                                                  self.light)
            self.confinement = confinement.weaker(self.confinement)
            if self.files and not self._give_files(deadline):
                continue
            if not restarted:
                return True
            self.sink.note("the sandbox was restarted and earlier cells were run again")
            with self._muted():
                failed = self._replay(deadline)
            if failed is None:
                return True
            if isinstance(failed, PreparedCell):
                self.replay.remove(failed)
        self._kill()
        return False

    def _give_files(self, deadline: float) -> bool:
        """Hand the new child the course's data files before any student code runs."""
        encoded = {name: base64.b64encode(data).decode("ascii")
                   for name, data in self.files.items()}
        try:
            body = self._exchange({"op": "files", "files": encoded},
                                  min(time.monotonic() + FILES_WAIT_S, deadline))
        except _Lost:
            return False
        return body.get("ok") is True

    def _replay(self, deadline: float) -> PreparedCell | object | None:
        """Re-run completed cells; returns the cell that broke the child, if one did."""
        for prepared in list(self.replay):
            seconds = min(self.limits.cell_timeout_s, deadline - time.monotonic())
            if seconds <= 0:
                self._kill()
                return _OUT_OF_TIME
            message = {"op": "exec", "index": prepared.index, "source": prepared.source,
                       "timeout": seconds}
            try:
                self._exchange(message, min(time.monotonic() + seconds * WALL_FACTOR + GRACE_S,
                                            deadline))
            except _Lost:
                return prepared
        return None

    @contextmanager
    def _muted(self) -> Iterator[None]:
        """Drop output of replayed cells: the instructor has already seen it."""
        real = self.sink
        assert self.child is not None
        self.child.channel.sink = OutputSink(0)
        try:
            yield
        finally:
            if self.child is not None:
                self.child.channel.sink = real


def open_session(limits: Limits = DEFAULT_LIMITS, command_prefix: Sequence[str] = (),
                 isolation: Isolation = DEFAULT_ISOLATION,
                 files: Mapping[str, bytes] | None = None) -> Session:
    """Open a sandbox session.

    ``command_prefix`` is a wrapper put in front of a fresh interpreter's command line
    (it turns the zygote off); ``isolation`` says what the student must not see.
    """
    return Session(limits, command_prefix, isolation, files)


def _cpu_used(reported: Any, budget: float) -> float:
    """The CPU time a cell says it used, within [0, budget]: the child is the student's
    process, so its word is bounded (and the wall-clock backstop holds whatever it says)."""
    if type(reported) not in (int, float) or reported != reported:
        return budget
    return min(max(float(reported), 0.0), budget)


def _decode(data: Any) -> Any:
    try:
        return plain.from_plain(data)
    except plain.PlainError as exc:
        return plain.Opaque("?", _clip(f"<invalid value: {exc}>") or "")


def _clip(text: str | None) -> str | None:
    if text is None or len(text) <= ERROR_CHARS:
        return text
    return text[: ERROR_CHARS - 3] + "..."


def _summarise(problems: list[tuple[RunStatus, str]]) -> tuple[RunStatus, str | None]:
    for wanted in ("crashed", "timeout"):
        details = [detail for status, detail in problems if status == wanted]
        if details:
            return wanted, "; ".join(dict.fromkeys(details))[:ERROR_CHARS]
    return "ok", None
