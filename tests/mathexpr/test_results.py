from __future__ import annotations

import dataclasses

import pytest

from grader.mathexpr import (
    Equivalence,
    ParseFailure,
    ReferenceParseError,
    SymbolContext,
    parse,
    parse_reference,
)


def test_caret_points_at_offset() -> None:
    failure = ParseFailure("x + y", 4, "unknown name 'y'")
    assert failure.caret() == "x + y\n    ^\nunknown name 'y'"


def test_caret_on_a_later_line_shows_only_that_line() -> None:
    failure = ParseFailure("x +\n2 @ x", 6, "unexpected character '@'")
    assert failure.caret() == "2 @ x\n  ^\nunexpected character '@'"


def test_caret_without_offset_and_past_the_end() -> None:
    assert ParseFailure("x", None, "bad").caret() == "x\nbad"
    assert ParseFailure("x+", 9, "ends too early").caret() == "x+\n  ^\nends too early"


def test_caret_from_a_real_parse() -> None:
    result = parse("sigmoid(x)*(1-sigmoid(y))", SymbolContext(variables=("x",)))
    assert isinstance(result, ParseFailure)
    assert result.caret().splitlines()[:2] == ["sigmoid(x)*(1-sigmoid(y))", " " * 22 + "^"]


def test_results_are_frozen() -> None:
    verdict = Equivalence("equal", "structural", "ok")
    with pytest.raises(dataclasses.FrozenInstanceError):
        verdict.outcome = "different"  # type: ignore[misc]


def test_reference_error_carries_data() -> None:
    with pytest.raises(ReferenceParseError) as info:
        parse_reference("x +* 2", SymbolContext(variables=("x",)))
    assert info.value.text == "x +* 2"
    assert info.value.message
    assert isinstance(info.value.offset, int)
