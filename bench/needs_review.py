"""How well the free-form reader agrees with the expected grades: on the project's free-form
fixtures (tests/fixtures/expected.yaml) and, when it is beside the project, on the shared
development set of real notebooks (../shared/homework/real/expected.json, a teaching
assistant's verdicts).

Run: python bench/needs_review.py [--list] [--real DIR]
Prints one line per notebook (parts, parts that agree, parts flagged for a person, parts
accepted wrongly, parts called missing that were answered), then the totals of each set
and of both, and the grading time. `--list` names every part that does not agree; `--real`
names another folder of notebooks with an expected.json in the development set's format
(a set kept outside the project) to measure instead of the development set.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from grader.course import load_course  # noqa: E402
from grader.pipeline import prepare_course  # noqa: E402
from grader.results import SubmissionResult  # noqa: E402
from tests.freeform.expected import (  # noqa: E402
    REAL,
    Expectation,
    expected_grades,
    grade_fixtures,
    grade_real,
    parts_of,
    real_expectations,
)

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Tally:
    parts: int = 0
    agree: int = 0
    review: int = 0
    accepted: int = 0
    missed: int = 0

    def add(self, other: Tally) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def line(self, label: str) -> str:
        share = 100 * self.agree / self.parts if self.parts else 0.0
        review = 100 * self.review / self.parts if self.parts else 0.0
        return (f"{label:44} {self.parts:5} {self.agree:5} ({share:5.1f}%) "
                f"{self.review:4} ({review:4.1f}%) {self.accepted:6} {self.missed:7}")


def tally(result: SubmissionResult, wanted: Mapping[str, Expectation],
          misses: list[str], name: str) -> Tally:
    count = Tally()
    for part_id, part in parts_of(result).items():
        want = wanted[part_id]
        count.parts += 1
        count.agree += want.matches(part)
        count.review += part.verdict == "needs_review"
        count.accepted += want.accepts_too_much(part)
        count.missed += want.answered and part.verdict == "missing"
        if not want.matches(part):
            misses.append(f"{name}: {part_id}: got {part.verdict} {part.score:g}, "
                          f"expected {want.label}"
                          + ("  FALSE ACCEPT" if want.accepts_too_much(part) else ""))
    return count


def report(title: str, results: Mapping[str, SubmissionResult],
           wanted: Mapping[str, Mapping[str, Expectation]], misses: list[str]) -> Tally:
    total = Tally()
    print(f"\n{title}")
    print(f"{'notebook':44} {'parts':>5} {'agree':>14} {'review':>11} {'wrong+':>6} "
          f"{'missing':>7}")
    for name, result in results.items():
        count = tally(result, wanted[name], misses, name)
        print(count.line(name))
        total.add(count)
    print(total.line(f"total ({len(results)} notebooks)"))
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--list", action="store_true", help="name every part that disagrees")
    parser.add_argument("--real", type=Path, default=REAL,
                        help="a folder of notebooks and expected.json to measure instead of "
                             "the development set")
    args = parser.parse_args()
    gradebook = prepare_course(load_course(ROOT))
    misses: list[str] = []
    started = time.perf_counter()
    fixtures = grade_fixtures(gradebook)
    real = grade_real(gradebook, args.real)
    seconds = time.perf_counter() - started
    both = report("Free-form fixtures (tests/fixtures/expected.yaml)", fixtures,
                  expected_grades(), misses)
    if real:
        both.add(report(f"Development set ({args.real})", real,
                             real_expectations(args.real), misses))
        print("\n" + both.line("both sets"))
    else:
        print(f"\n(no development set at {args.real})")
    print("\nagree: grade as expected; review: needs_review; wrong+: accepted wrongly (graded "
          "correct, or more points, than expected); missing: called missing though answered")
    print(f"grading time: {seconds:.1f} s ({seconds / (len(fixtures) + len(real)):.2f} s per "
          "notebook)")
    if args.list:
        for line in misses:
            print(f"  {line}")


if __name__ == "__main__":
    main()
