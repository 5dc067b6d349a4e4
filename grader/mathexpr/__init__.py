"""Parse student math answers safely and decide whether they equal a reference.

Public API: ``SymbolContext``, ``parse``, ``parse_reference``, ``verify``,
``matches``, ``describe_expr``, the result types, ``judge`` (one answer text judged in this
process) and ``bounded`` (the same in a checking worker under a deadline and a memory
cap, for student data). Everything else in the package is an implementation detail.
"""

from . import bounded, judge
from .describe import describe_expr
from .parser import parse, parse_reference
from .proof_pool import warm_up
from .results import (
    Equivalence,
    ParseFailure,
    ParseSuccess,
    ReferenceParseError,
    SymbolContext,
    UndefinedAt,
)
from .verify import matches, verify

__all__ = [
    "ParseFailure",
    "ParseSuccess",
    "ReferenceParseError",
    "SymbolContext",
    "UndefinedAt",
    "Equivalence",
    "bounded",
    "describe_expr",
    "judge",
    "matches",
    "parse",
    "parse_reference",
    "verify",
    "warm_up",
]
