"""Per-submission overhead of the sandbox: open, run a trivial notebook, 10 calls.

Run with ``python bench/bench_sandbox.py [runs]``; prints mean/p50/p95 in ms.
"""

from __future__ import annotations

import statistics
import sys
import time

import numpy as np

from grader.sandbox import Limits, open_session

CELLS = [
    (0, "import numpy as np"),
    (1, "def norm(v):\n    return float(np.linalg.norm(v))"),
    (2, "def double(x):\n    return 2 * x\nanswer = 42"),
]


def one_submission() -> dict[str, float]:
    """Time the phases of one submission in seconds."""
    start = time.perf_counter()
    with open_session(Limits()) as session:
        report = session.run(CELLS, ["answer", "norm"])
        ran = time.perf_counter()
        assert report.status == "ok" and report.values["answer"] == 42
        for i in range(10):
            outcome = session.call("norm" if i % 2 else "double", [np.arange(3.0)])
            assert outcome.ok
        called = time.perf_counter()
    closed = time.perf_counter()
    return {"run": ran - start, "10 calls": called - ran, "total": closed - start}


def summary(samples: list[float]) -> str:
    ms = sorted(s * 1000 for s in samples)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return f"mean {statistics.fmean(ms):7.1f}  p50 {statistics.median(ms):7.1f}  p95 {p95:7.1f} ms"


def main(runs: int = 30) -> None:
    one_submission()  # warm the page cache
    results = [one_submission() for _ in range(runs)]
    print(f"sandbox overhead per submission over {runs} runs")
    for phase in results[0]:
        print(f"  {phase:<9} {summary([r[phase] for r in results])}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
