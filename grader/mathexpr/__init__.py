"""Parse student math answers safely and decide whether they equal a reference.

Public API: ``SymbolContext``, ``parse``, ``parse_reference``, ``verify``,
``matches``, ``describe`` and the result types. Everything else in the package
is an implementation detail.
"""

from .describe import describe
from .parser import parse, parse_reference
from .results import (
    ParseFailure,
    ParseSuccess,
    ReferenceParseError,
    SymbolContext,
    Verdict,
)
from .symbolic import warm_up
from .verify import matches, verify

__all__ = [
    "ParseFailure",
    "ParseSuccess",
    "ReferenceParseError",
    "SymbolContext",
    "Verdict",
    "describe",
    "matches",
    "parse",
    "parse_reference",
    "verify",
    "warm_up",
]
