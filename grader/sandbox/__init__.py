"""Run untrusted notebook code in a child process and get plain values back.

Nothing a student wrote runs in the grader's process: cells and function
calls run in a resource-limited child, and values come back as JSON in the
format described in ``grader.sandbox.plain``. On Linux the child is forked
from a warm zygote into its own namespaces (``zygote.py``, ``jail.py``);
``isolation_report()`` says whether that works on this machine.
"""

from grader.sandbox.launcher import isolation_report
from grader.sandbox.plain import FunctionRef, Opaque, PlainError, SympyText
from grader.sandbox.reports import (
    CallOutcome,
    CellReport,
    Isolation,
    IsolationReport,
    Limits,
    RunReport,
    SandboxClosed,
    SandboxError,
)
from grader.sandbox.session import Session, open_session

__all__ = [
    "CallOutcome",
    "CellReport",
    "FunctionRef",
    "Isolation",
    "IsolationReport",
    "Limits",
    "Opaque",
    "PlainError",
    "RunReport",
    "SandboxClosed",
    "SandboxError",
    "Session",
    "SympyText",
    "isolation_report",
    "open_session",
]
