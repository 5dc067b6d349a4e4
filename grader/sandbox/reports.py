"""Limits going into a sandbox and the reports coming out of it.

Reports are frozen so that a grading step can hand them on without anyone
changing what the sandbox observed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

CellStatus = Literal["ok", "error", "timeout", "skipped", "adjusted"]
"""`adjusted`: the cell ran, but IPython-only lines in it (magics, shell commands) did not."""
RunStatus = Literal["ok", "timeout", "crashed"]


@dataclass(frozen=True)
class Limits:
    """Bounds on one submission's child process.

    The three ``*_timeout_s`` are budgets of the child's CPU time, so that a busy machine
    does not change a verdict; the session's wall clock only backs them up (WALL_FACTOR in
    session.py). ``memory_mb`` bounds the address space (RLIMIT_AS) of each of the
    student's processes, which start with the interpreter, numpy and sympy already mapped
    (about 200 MB), and, where the sandbox has a control group, the memory all of them use
    together. ``max_processes`` becomes RLIMIT_NPROC and the group's ``pids.max``; with
    namespaces the student runs as an unprivileged user of its own user namespace, so
    the rlimit counts that sandbox's processes. Without namespaces Linux does not enforce
    it for root, and only the group bounds them. ``file_bytes`` bounds each file
    written and, with namespaces, the whole temporary folder. Whatever the limits, ending
    a sandbox ends every process it started (see ``zygote.py``).
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
class Isolation:
    """What a sandbox keeps from the student's code beyond resource limits.

    With namespaces the student's root holds only what Python needs, so these paths are
    invisible anyway; naming them still matters when one lies inside what Python needs
    (a course under /usr/local, results inside the virtualenv's folder), where it is
    covered with an empty folder.
    """

    hide: tuple[Path, ...] = ()
    """Course root, submissions folder, results folder. The grader's package, and the
    source tree it runs from if it does, are always hidden."""
    namespaces: bool = True
    """Use Linux namespaces where the OS offers them; False runs with limits only."""


IsolationMode = Literal["namespaces", "unprivileged-uid", "limits-only"]
"""How student code was kept from the machine: its own namespaces (nothing of the course,
the network or other students in sight); without them, as root, the uid and gid nobody
with no groups and no capabilities (it reaches only what anyone may); or nothing but
resource limits (it reaches whatever the grader's own user may)."""
NetworkMode = Literal["cut", "open"]
"""Whether student code could open a socket that reaches a network: cut by the network
namespace, or without one by the system-call filter (hardening.py)."""
WritesMode = Literal["own-folder", "unconfined"]
"""Where student code could write: its own working folder only (the namespace's read-only
root, or without one Landlock), or wherever its user may."""
LimitsMode = Literal["per-submission", "per-process"]
"""Whether memory, processes and CPU share are bounded for a submission's processes
together, by a control group the kernel enforces, or only each process by its rlimits."""
WEAKEST_FIRST: dict[str, tuple[str, ...]] = {
    "isolation": ("limits-only", "unprivileged-uid", "namespaces"),
    "network": ("open", "cut"),
    "writes": ("unconfined", "own-folder"),
    "limits": ("per-process", "per-submission"),
}
"""Each field's values from the least protection to the most: a batch, or a session that
restarted its process, is only as isolated as its least isolated sandbox."""


@dataclass(frozen=True)
class Confinement:
    """How one sandbox actually kept its student's code apart, as its process reported
    in its greeting, after setting itself up and before any student code ran."""

    isolation: IsolationMode
    network: NetworkMode
    writes: WritesMode

    @classmethod
    def from_greeting(cls, body: Mapping[str, Any]) -> Confinement:
        """Read from a greeting; a value missing or unknown counts as the weakest (a
        sandbox of an older grader, or a fresh interpreter that reports nothing)."""
        def read(name: str) -> Any:
            value = body.get(name)
            return value if value in WEAKEST_FIRST[name] else WEAKEST_FIRST[name][0]

        return cls(read("isolation"), read("network"), read("writes"))

    def weaker(self, other: Confinement | None) -> Confinement:
        """Field by field, the less protective of the two."""
        if other is None:
            return self
        return Confinement(weakest({self.isolation, other.isolation}, "isolation"),
                           weakest({self.network, other.network}, "network"),
                           weakest({self.writes, other.writes}, "writes"))


def weakest(seen: set[Any], field: str) -> Any:
    """The least protective value of `field` among `seen` (None where nothing was seen)."""
    return next((value for value in WEAKEST_FIRST[field] if value in seen), None)


@dataclass(frozen=True)
class IsolationReport:
    """How sandboxes are isolated on this machine, found once per grading process."""

    mode: IsolationMode
    reason: str
    """Why, in words for the instructor: what was used, or why namespaces were not."""
    limits: LimitsMode = "per-process"
    limits_reason: str = ""
    """What bounds a whole submission (its control groups), or why nothing does."""
    filtered: bool = False
    """Whether the student's process runs under the system-call deny-list (hardening.py)."""
    filter_reason: str = ""
    network: NetworkMode = "open"
    writes: WritesMode = "unconfined"
    writes_reason: str = ""
    """What confines the student's writes to its folder, or why nothing does."""


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
