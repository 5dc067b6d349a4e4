"""Per-submission overhead of the sandbox: open, run a trivial notebook, 10 calls, close.

Run with ``python bench/bench_sandbox.py [runs]``; prints mean/p50/p95 in ms for each way a
sandbox can be made: forked from the zygote in namespaces (the default on Linux), forked
with limits only, and a fresh interpreter per submission (what a ``command_prefix`` or a
machine without the zygote gets). The notebook's own work is next to nothing, so the
figures are the sandbox's overhead; the target is at most 50 ms per submission.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable

import numpy as np

from grader.sandbox import Isolation, Limits, isolation_report, open_session
from grader.sandbox.session import Session

CELLS = [
    (0, "import numpy as np"),
    (1, "def norm(v):\n    return float(np.linalg.norm(v))"),
    (2, "def double(x):\n    return 2 * x\nanswer = 42"),
]
WAYS: dict[str, Callable[[], Session]] = {
    "namespaces": lambda: open_session(Limits()),
    "limits-only": lambda: open_session(Limits(), isolation=Isolation(namespaces=False)),
    "fresh interpreter": lambda: open_session(Limits(), command_prefix=("env",)),
}


def one_submission(opened: Callable[[], Session]) -> dict[str, float]:
    """Time the phases of one submission in seconds."""
    start = time.perf_counter()
    with opened() as session:
        report = session.run(CELLS, ["answer", "norm"])
        ran = time.perf_counter()
        assert report.status == "ok" and report.values["answer"] == 42
        for i in range(10):
            outcome = session.call("norm" if i % 2 else "double", [np.arange(3.0)])
            assert outcome.ok
        called = time.perf_counter()
    closed = time.perf_counter()
    return {"run": ran - start, "10 calls": called - ran, "close": closed - called,
            "total": closed - start}


def summary(samples: list[float]) -> str:
    ms = sorted(s * 1000 for s in samples)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return f"mean {statistics.fmean(ms):7.1f}  p50 {statistics.median(ms):7.1f}  p95 {p95:7.1f} ms"


def main(runs: int = 30) -> None:
    start = time.perf_counter()
    report = isolation_report()  # starts the zygote: once per grading process
    print(f"zygote start (once per process): {1000 * (time.perf_counter() - start):.0f} ms; "
          f"isolation: {report.mode} ({report.reason})")
    for way, opened in WAYS.items():
        one_submission(opened)  # warm the page cache
        results = [one_submission(opened) for _ in range(runs)]
        print(f"\n{way}: sandbox overhead per submission over {runs} runs")
        for phase in results[0]:
            print(f"  {phase:<9} {summary([r[phase] for r in results])}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
