"""Run untrusted notebook code in a child process and get plain values back.

Nothing a student wrote runs in the grader's process: cells and function
calls run in a resource-limited child, and values come back as JSON in the
format described in ``grader.sandbox.plain``. On Linux the child is forked
from a warm zygote into its own namespaces (``zygote.py``, ``jail.py``);
``isolation_report()`` says whether that works on this machine.

The values and the session (numpy) load on first use, so that ``grade`` can start its
zygote from a thread before the grading stack is imported (``grader.cli.grade``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from grader.sandbox.launcher import isolation_report
from grader.sandbox.reports import (
    CallOutcome,
    CellReport,
    Confinement,
    Isolation,
    IsolationReport,
    Limits,
    RunReport,
    SandboxClosed,
    SandboxError,
)

if TYPE_CHECKING:
    from grader.sandbox.plain import FunctionRef, Opaque, PlainError, SympyText
    from grader.sandbox.session import Session, open_session

_LAZY = {"FunctionRef": "plain", "Opaque": "plain", "PlainError": "plain",
         "SympyText": "plain", "Session": "session", "open_session": "session"}

__all__ = [
    "CallOutcome",
    "CellReport",
    "Confinement",
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


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f"grader.sandbox.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'grader.sandbox' has no attribute {name!r}")
