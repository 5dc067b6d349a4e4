"""Check kinds, each one small module registered under its YAML `kind:` name.

`grader/checks/<kind>.py` holds everything a kind means (grader.checks.kind.CheckKind);
grader.checks.registry is the table of them. A kind's `prepare(part, solution)` reads the
part's spec and reference once per batch and returns a `PreparedCheck`;
`PreparedCheck.grade(answer)` decides one student's answer. Built-in kinds register
exactly as a new kind would.
"""

from __future__ import annotations

from grader.checks.base import Outcome, PreparedCheck
from grader.checks.kind import CheckKind, Probe
from grader.checks.registry import KINDS, kind_of, prepare, register

__all__ = ["KINDS", "CheckKind", "Outcome", "PreparedCheck", "Probe", "kind_of", "prepare",
           "register"]
