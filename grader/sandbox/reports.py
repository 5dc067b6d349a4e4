"""Limits going into a sandbox and the reports coming out of it.

Reports are frozen so that a grading step can hand them on without anyone
changing what the sandbox observed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

CellStatus = Literal["ok", "error", "timeout", "skipped"]
RunStatus = Literal["ok", "timeout", "crashed"]


@dataclass(frozen=True)
class Limits:
    """Bounds on one submission's child process.

    ``max_processes`` becomes RLIMIT_NPROC, which Linux counts over *all*
    processes of the user, not per sandbox, and does not enforce for root; it
    is applied only when the child does not run as root, and is a coarse
    fork-bomb brake until process isolation is added. Killing the child's
    process group on every exit path is what actually cleans up.
    """

    notebook_timeout_s: float = 60.0
    cell_timeout_s: float = 10.0
    call_timeout_s: float = 5.0
    memory_mb: int = 2048
    cpu_s: int = 120
    output_bytes: int = 65536
    max_processes: int = 256
    open_files: int = 256
    file_bytes: int = 64 * 1024 * 1024

    def __post_init__(self) -> None:
        for name in ("notebook_timeout_s", "cell_timeout_s", "call_timeout_s"):
            if not getattr(self, name) > 0:
                raise ValueError(f"{name} must be positive")
        for name in ("memory_mb", "cpu_s", "output_bytes", "max_processes", "open_files",
                     "file_bytes"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")


@dataclass(frozen=True)
class CellReport:
    """What happened to one cell; ``error`` is short enough for student feedback."""

    index: int
    status: CellStatus
    error: str | None = None


@dataclass(frozen=True)
class RunReport:
    """The outcome of running a notebook's cells.

    ``values`` holds only the requested names that the student defined; it is
    read-only. ``status`` is "timeout" when a cell or the notebook hit a time
    limit and "crashed" when the child process died; values are still
    collected from a restarted child in both cases.
    """

    cells: tuple[CellReport, ...]
    values: Mapping[str, Any] = field(default_factory=dict)
    status: RunStatus = "ok"
    detail: str | None = None
    stdout: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", MappingProxyType(dict(self.values)))


@dataclass(frozen=True)
class CallOutcome:
    """The result of calling one student function; ``error`` is feedback-ready text."""

    ok: bool
    value: Any = None
    error: str | None = None
    timed_out: bool = False


class SandboxError(Exception):
    """The sandbox itself could not do its job (not the student's fault)."""

    def __init__(self, message: str, output: str = "") -> None:
        super().__init__(message)
        self.output = output


class SandboxClosed(SandboxError):
    """A session was used after it was closed."""
