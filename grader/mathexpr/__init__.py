"""Parse student math answers safely and decide whether they equal a reference.

Public API: ``SymbolContext``, ``parse``, ``parse_reference``, ``verify``,
``matches``, ``describe``, the result types, ``judge`` (one answer text judged in this
process) and ``bounded`` (the same in a checking worker under a deadline and a memory
cap, for student data). Everything else in the package is an implementation detail.
"""

from . import bounded, judge
from .describe import describe
from .parser import parse, parse_reference
from .results import (
    ParseFailure,
    ParseSuccess,
    ReferenceParseError,
    SymbolContext,
    UndefinedAt,
    Verdict,
)
from .symbolic import warm_up
from .verify import matches, verify

__all__ = [
    "ParseFailure",
    "ParseSuccess",
    "ReferenceParseError",
    "SymbolContext",
    "UndefinedAt",
    "Verdict",
    "bounded",
    "describe",
    "judge",
    "matches",
    "parse",
    "parse_reference",
    "verify",
    "warm_up",
]
