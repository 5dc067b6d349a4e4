"""One answer judged end to end, and the judgement's trip through JSON."""

from __future__ import annotations

import pytest

from grader.mathexpr import Equivalence, SymbolContext, judge, parse_reference
from grader.mathexpr.judge import (
    Judged,
    Judgement,
    Unchecked,
    Unreadable,
    from_json,
    to_json,
)

CTX = SymbolContext(variables=("x",), functions=("sigmoid",))
REFERENCE = parse_reference("sigmoid(x)*(1 - sigmoid(x))", CTX)
MISTAKES = (parse_reference("x*(1 - x)", CTX), parse_reference("sigmoid(x)*(1 + sigmoid(x))", CTX))


def never(*args: object) -> None:
    """A prover of its own per test, so that no verdict cached by another test is reused."""
    return None


@pytest.mark.parametrize(("text", "outcome", "mistake", "written"), [
    ("sigmoid(x)(1-sigmoid(x))", "equal", None, ""),
    ("f'(x) = sigmoid(x)*(1 - sigmoid(x))", "equal", None, ""),
    ("exp(-x)/(1+exp(-x))^2", "undecided", None, ""),  # agrees, and `never` proves nothing
    ("σ(x)(1+σ(x))", "different", 1, ""),
    ("x(1-x)", "different", 0, ""),
    ("sigmoid(x)", "different", None, "sigmoid(x)"),
])
def test_an_answer_is_read_compared_and_its_mistake_named(text: str, outcome: str,
                                                          mistake: int | None,
                                                          written: str) -> None:
    judged = judge.judge(text, REFERENCE, MISTAKES, CTX, prover=never)
    assert isinstance(judged, Judged)
    assert (judged.verdict.outcome, judged.mistake) == (outcome, mistake)
    assert written in judged.written


def test_an_unreadable_answer_points_at_the_spot() -> None:
    judged = judge.judge("sigmoid(x) +* 2", REFERENCE, (), CTX, prover=never)
    assert isinstance(judged, Unreadable)
    assert "^" in judged.caret


def test_spellings_that_read_alike_are_verified_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []
    real = judge.verify

    def counting(*args: object, **kwargs: object) -> Equivalence:
        calls.append(args[1])
        return real(*args, **kwargs)  # type: ignore[arg-type]

    def prover(*args: object) -> None:
        return None

    monkeypatch.setattr(judge, "verify", counting)
    for text in ("exp(-x)/(1+exp(-x))^2", "exp(-x) / (1 + exp(-x))**2", "e^(-x)/(1+e^(-x))^2"):
        judge.judge(text, REFERENCE, (), CTX, prover=prover)
    assert len(calls) == 1


@pytest.mark.parametrize("judgement", [
    Judged(Equivalence("equal", "structural", "Your answer matches."), ("stripped f'(x) =",)),
    Judged(Equivalence("different", "numeric", "differs", (("x", -0.4719488680514142),), "1.0",
                   "0.0"), (), mistake=None, written="σ(x)"),
    Judged(Equivalence("different", "numeric", "differs", None, None, None), (), mistake=2),
    Judged(Equivalence("different", "casewise", "differs", (), "1", "2"), ()),
    Unreadable("x +\n  ^\nthe expression ends too early"),
    Unchecked("too expensive to check: no decision within 5 s and 2 GB"),
])
def test_a_judgement_survives_json(judgement: Judgement) -> None:
    import json

    assert from_json(json.loads(json.dumps(to_json(judgement)))) == judgement
