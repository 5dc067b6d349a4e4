"""How many parts of the free-form fixtures end in needs_review, and how many are accepted
wrongly (graded "correct", or given more points, against tests/fixtures/expected.yaml).

Run: python bench/needs_review.py [--list]
Prints one line per notebook (parts flagged for a person, parts whose grade differs from
the expected one), then the totals and the grading time.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from grader.course import load_course  # noqa: E402
from grader.pipeline import prepare_course  # noqa: E402
from tests.freeform.expected import (  # noqa: E402
    expected_grades,
    false_accepts,
    grade_fixtures,
    needs_review,
    parts_of,
)

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--list", action="store_true", help="name every flagged part")
    args = parser.parse_args()
    gradebook = prepare_course(load_course(ROOT))
    started = time.perf_counter()
    results = grade_fixtures(gradebook)
    seconds = time.perf_counter() - started
    expected = expected_grades()
    flagged = needs_review(results)
    total_parts = 0
    print(f"{'notebook':40} {'parts':>5} {'review':>6} {'unexpected':>10}")
    for name, result in results.items():
        parts = parts_of(result)
        total_parts += len(parts)
        review = sum(p.verdict == "needs_review" for p in parts.values())
        off = sum(not expected[name][k].matches(p) for k, p in parts.items())
        print(f"{name:40} {len(parts):5} {review:6} {off:10}")
    accepted = false_accepts(results)
    print(f"\nneeds_review: {len(flagged)} of {total_parts} parts "
          f"({100 * len(flagged) / total_parts:.1f}%) in {len(results)} notebooks")
    print(f"false accepts: {len(accepted)}")
    print(f"grading time: {seconds:.1f} s ({seconds / len(results):.2f} s per notebook)")
    if args.list:
        for line in flagged:
            print(f"  review: {line}")
        for line in accepted:
            print(f"  FALSE ACCEPT: {line}")


if __name__ == "__main__":
    main()
