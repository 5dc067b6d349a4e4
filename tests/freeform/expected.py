"""The free-form fixtures and their expected grades (tests/fixtures/expected.yaml), and, when
the shared development set is beside the project, its real notebooks and a teaching
assistant's verdicts (../shared/homework/real/expected.json).

Shared by the end-to-end tests and bench/needs_review.py, so both count the same thing.
Nothing here needs the development set: without it, `real_expectations()` is empty.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from grader.pipeline import Gradebook, grade_notebook
from grader.results import PartResult, SubmissionResult

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
REAL = Path(__file__).resolve().parents[2].parent / "shared" / "homework" / "real"
"""The development set: read only, and only when it is there."""


@dataclass(frozen=True)
class Expected:
    verdict: str
    score: float | None = None
    misconception: str | None = None

    @staticmethod
    def parse(text: str) -> Expected:
        """"partial 9 | chain-rule factor dropped" -> Expected("partial", 9, "chain-rule…")."""
        grade, _, misconception = str(text).partition("|")
        words = grade.split()
        score = float(words[1]) if len(words) > 1 else None
        return Expected(words[0], score, misconception.strip() or None)

    def matches(self, part: PartResult) -> bool:
        return (part.verdict == self.verdict
                and (self.score is None or abs(part.score - self.score) < 1e-9)
                and (self.misconception is None or part.misconception == self.misconception))

    def accepts_too_much(self, part: PartResult) -> bool:
        """Graded "correct", or given more points, than this grade allows."""
        return (part.verdict == "correct" and self.verdict != "correct"
                or self.score is not None and part.score > self.score + 1e-9)

    @property
    def answered(self) -> bool:
        return self.verdict != "missing"

    @property
    def label(self) -> str:
        return self.verdict


@dataclass(frozen=True)
class TaVerdict:
    """A teaching assistant's verdict word from expected.json (see its `verdicts`)."""

    word: str

    def matches(self, part: PartResult) -> bool:
        full = part.verdict == "correct" and part.score >= part.max_score - 1e-9
        return {
            "full": full,
            "zero": part.score <= 1e-9 and part.verdict in ("incorrect", "error"),
            "partial": part.verdict == "partial" and 1e-9 < part.score < part.max_score,
            "full_or_review": full or part.verdict == "needs_review",
            "pending_manual": part.verdict == "pending_manual",
            "missing": part.verdict == "missing" and part.score <= 1e-9,
        }[self.word]

    def accepts_too_much(self, part: PartResult) -> bool:
        if self.word in ("full", "full_or_review"):
            return False
        allowed = part.max_score - 1e-9 if self.word == "partial" else 0.0
        return part.verdict == "correct" or part.score > allowed + 1e-9

    @property
    def answered(self) -> bool:
        return self.word != "missing"

    @property
    def label(self) -> str:
        return self.word


Expectation = Expected | TaVerdict


def expected_grades() -> dict[str, dict[str, Expected]]:
    data = yaml.safe_load((FIXTURES / "expected.yaml").read_text(encoding="utf-8"))
    defaults = {k: Expected.parse(v) for k, v in data["defaults"].items()}
    return {name: {**defaults, **{k: Expected.parse(v) for k, v in (parts or {}).items()}}
            for name, parts in data["notebooks"].items()}


def real_expectations(folder: Path = REAL) -> dict[str, dict[str, TaVerdict]]:
    """A set's verdicts by notebook file and part id (the development set unless another
    folder in its format is named); empty when absent."""
    listing = folder / "expected.json"
    if not listing.is_file():
        return {}
    data = json.loads(listing.read_text(encoding="utf-8"))
    return {entry["file"]: {key.rpartition("/")[2]: TaVerdict(value["verdict"])
                            for key, value in entry["parts"].items()}
            for entry in data["notebooks"] if (folder / entry["file"]).is_file()}


def grade_fixtures(gradebook: Gradebook) -> dict[str, SubmissionResult]:
    return {name: grade_notebook(FIXTURES / name, gradebook, name=name)
            for name in expected_grades()}


def grade_real(gradebook: Gradebook, folder: Path = REAL) -> dict[str, SubmissionResult]:
    return {name: grade_notebook(folder / name, gradebook, name=name)
            for name in real_expectations(folder)}


def parts_of(result: SubmissionResult) -> dict[str, PartResult]:
    return {p.id: p for e in result.exercises for p in e.parts}


def false_accepts(results: Mapping[str, SubmissionResult],
                  expected: Mapping[str, Mapping[str, Expectation]] | None = None) -> list[str]:
    """Parts graded "correct", or given more points, than their expected grade allows."""
    wanted = expected if expected is not None else expected_grades()
    return [f"{name}: {part_id}" for name, parts in wanted.items()
            for part_id, part in parts_of(results[name]).items()
            if parts[part_id].accepts_too_much(part)]


def needs_review(results: Mapping[str, SubmissionResult]) -> list[str]:
    return [f"{name}: {part_id}" for name, result in results.items()
            for part_id, part in parts_of(result).items() if part.verdict == "needs_review"]
