"""The free-form fixtures and their expected grades (tests/fixtures/expected.yaml).

Shared by the end-to-end tests and bench/needs_review.py, so both count the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from grader.pipeline import Gradebook, grade_notebook
from grader.results import PartResult, SubmissionResult

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


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


def expected_grades() -> dict[str, dict[str, Expected]]:
    data = yaml.safe_load((FIXTURES / "expected.yaml").read_text(encoding="utf-8"))
    defaults = {k: Expected.parse(v) for k, v in data["defaults"].items()}
    return {name: {**defaults, **{k: Expected.parse(v) for k, v in (parts or {}).items()}}
            for name, parts in data["notebooks"].items()}


def grade_fixtures(gradebook: Gradebook) -> dict[str, SubmissionResult]:
    return {name: grade_notebook(FIXTURES / name, gradebook, name=name)
            for name in expected_grades()}


def parts_of(result: SubmissionResult) -> dict[str, PartResult]:
    return {p.id: p for e in result.exercises for p in e.parts}


def false_accepts(results: dict[str, SubmissionResult]) -> list[str]:
    """Parts graded "correct", or given more points, than their expected grade allows."""
    found = []
    for name, expected in expected_grades().items():
        for part_id, part in parts_of(results[name]).items():
            want = expected[part_id]
            if part.verdict == "correct" and want.verdict != "correct" or (
                    want.score is not None and part.score > want.score + 1e-9):
                found.append(f"{name}: {part_id}")
    return found


def needs_review(results: dict[str, SubmissionResult]) -> list[str]:
    return [f"{name}: {part_id}" for name, result in results.items()
            for part_id, part in parts_of(result).items() if part.verdict == "needs_review"]
