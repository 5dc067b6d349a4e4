"""Run untrusted notebook code in a child process and get plain values back.

Nothing a student wrote runs in the grader's process: cells and function
calls run in a resource-limited child, and values come back as JSON in the
format described in ``grader.sandbox.plain``.
"""

from grader.sandbox.plain import FunctionRef, Opaque, PlainError, SympyText
from grader.sandbox.reports import (
    CallOutcome,
    CellReport,
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
    "Limits",
    "Opaque",
    "PlainError",
    "RunReport",
    "SandboxClosed",
    "SandboxError",
    "Session",
    "SympyText",
    "open_session",
]
