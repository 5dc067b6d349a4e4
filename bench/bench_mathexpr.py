"""Decision time per answer over the mathexpr answer table.

Run: python bench/bench_mathexpr.py [--repeat N]
Prints the distribution (p50, p95, max) of parse+verify time per answer, the
slowest rows, and how long starting the proof worker took (not counted per answer).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from grader.mathexpr import warm_up  # noqa: E402
from tests.mathexpr.cases import ROWS  # noqa: E402
from tests.mathexpr.table_runner import decide  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()

    started = time.perf_counter()
    warm_up()
    startup = time.perf_counter() - started

    timings: list[tuple[float, str, str]] = []
    wrong = 0
    for _ in range(args.repeat):
        for reference, answer, context, expected in ROWS:
            t0 = time.perf_counter()
            got = decide(reference, answer, context)
            timings.append((time.perf_counter() - t0, got, answer))
            wrong += got != expected
    seconds = [t for t, _, _ in timings]
    print(f"answers: {len(seconds)}  mismatches vs table: {wrong}")
    print(f"worker start-up (once): {startup * 1000:.0f} ms")
    print(f"p50 {percentile(seconds, 0.5) * 1000:.1f} ms  "
          f"p95 {percentile(seconds, 0.95) * 1000:.1f} ms  "
          f"max {max(seconds) * 1000:.1f} ms  mean {statistics.mean(seconds) * 1000:.1f} ms")
    print(f"under 1 s: {sum(s < 1 for s in seconds)}/{len(seconds)}")
    print("slowest:")
    for t, got, answer in sorted(timings, reverse=True)[:5]:
        print(f"  {t * 1000:7.1f} ms  {got:11s}  {answer[:60]!r}")


if __name__ == "__main__":
    main()
