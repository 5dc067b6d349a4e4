"""End-to-end cost of `grade` on a synthetic class, and how it grows with the class.

Run: python bench/bench_grade.py [N ...] [--jobs 2] [--executor local|dask]
         [--scheduler ADDRESS] [--seed 0] [--identical] [--keep DIR]
(default N: 100 1000 5000; Linux only: it reads /proc.)

For each N it writes N synthetic submissions (bench/synthetic.py: about 40% right in
varied forms, 40% wrong or partial, 15% with cells that raise, 5% with a function that
loops forever), grades them with the real `grade` command in a subprocess, under the
limits printed at the start (set in a copy of the course), and prints:

- submissions/s end to end: from starting `grade` to its exit (start-up, course, grading,
  results.json and feedback files);
- p50 / p95 / max seconds per submission, as timed by the worker that graded it
  (OUT/timings.jsonl);
- peak memory of the whole process tree (grade, its workers, zygotes, sandboxes, proof
  workers), three ways (bench/proctree.py): resident, each physical page once (the tree's
  real footprint; needs root, and says "unavailable" without it: read PSS then), PSS
  summed, and RSS summed per process (counts the pages a zygote shares with its forks once
  per process, so it overstates several times); and the CPU time of every process of
  the run (from a control group, so sandboxes reaped by their zygote count too);
- where the time went: read, execute, check (summed over submissions, so with workers
  they add up to more than the wall clock), and the batch's prepare and write.

`--identical` grades each class again with `--jobs 1` and checks that results.json is
byte-identical. The machine is shared by whatever else runs on it: the load average
before and after each run is printed with the figures.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.proctree import TreeRun, run_tree  # noqa: E402
from bench.synthetic import make_class  # noqa: E402
from grader.pipeline.timing import STAGES  # noqa: E402
from grader.reports import timings as timings_file  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
LIMITS = {"notebook_timeout_s": 20, "cell_timeout_s": 2, "call_timeout_s": 1}
"""The bench's sandbox limits: a looping function costs its call's second, a looping
cell two; the course's own limits (60 / 10 / 5 s) are for real classes."""


def bench_course(root: Path, limits: dict[str, float]) -> Path:
    """A copy of the course whose grader.toml sets `limits`."""
    course = root / "course"
    shutil.rmtree(course, ignore_errors=True)
    for name in ("exercises", "solutions", "data"):
        shutil.copytree(ROOT / name, course / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.ipynb"))
    text = (ROOT / "grader.toml").read_text(encoding="utf-8")
    for key in limits:
        text = re.sub(rf"(?m)^{key}\s*=.*\n", "", text)
    lines = "".join(f"{key} = {value}\n" for key, value in limits.items())
    text = text.replace("[limits]\n", f"[limits]\n{lines}", 1)
    if "[limits]" not in text:
        text += f"\n[limits]\n{lines}"
    (course / "grader.toml").write_text(text, encoding="utf-8")
    return course


def grade_command() -> str:
    beside = Path(sys.executable).parent / "grade"
    found = str(beside) if beside.exists() else shutil.which("grade")
    if found is None:
        sys.exit("no `grade` command: pip install -e . first")
    return found


def grade(subs: Path, out: Path, course: Path, jobs: int, executor: str,
          scheduler: str | None) -> TreeRun:
    argv = [grade_command(), str(subs), "--out", str(out), "--course", str(course),
            "--jobs", str(jobs), "--executor", executor, "--quiet"]
    if scheduler:
        argv += ["--scheduler", scheduler]
    run = run_tree(argv)
    if run.returncode not in (0, 1):
        sys.exit(f"grade failed with exit code {run.returncode}: {' '.join(argv)}")
    return run


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def report(n: int, run: TreeRun, out: Path,
           load: tuple[float, float]) -> dict[str, float | None]:
    subs, batch = timings_file.read(out / timings_file.FILE)
    seconds = [s["seconds"] for s in subs]
    rate = n / run.seconds
    print(f"  {n} submissions in {run.seconds:.1f} s: {rate:.1f} submissions/s end to end"
          f" (load average {load[0]:.2f} before, {load[1]:.2f} after)")
    print(f"  per submission: p50 {statistics.median(seconds):.3f} s, "
          f"p95 {percentile(seconds, 0.95):.3f} s, max {max(seconds):.3f} s")
    resident = ("unavailable (page frame numbers need root; PSS is the closest)"
                if run.peak_resident_mb is None
                else f"{run.peak_resident_mb:.0f} MB (each page once)")
    print(f"  peak memory of the process tree: resident {resident}, "
          f"PSS {run.peak_pss_mb:.0f} MB, RSS summed per process {run.peak_rss_mb:.0f} MB "
          f"(counts pages shared by forks once per process)")
    counted = ("every process, from a control group" if run.cpu_source == "cgroup" else
               "sandboxes left out: no control group without root")
    print(f"  PSS peaked at {run.peak_at:.0f} s; {run.peak_processes} processes at most; "
          f"CPU {run.cpu_seconds:.1f} s ({1000 * run.cpu_seconds / n:.0f} ms per submission;"
          f" {counted}; {run.cpu_seconds / run.seconds:.2f} cores busy on average)")
    stages = {stage: sum(s.get(stage, 0.0) for s in subs) for stage in STAGES}
    total = sum(stages.values()) or 1.0
    shares = ", ".join(f"{stage} {value:.1f} s ({100 * value / total:.0f}%)"
                       for stage, value in stages.items())
    print(f"  stages, summed over submissions: {shares}")
    print(f"  batch: prepare {batch.get('prepare', 0):.2f} s, grading wall clock "
          f"{batch.get('grade', 0):.1f} s, write {batch.get('write', 0):.2f} s")
    return {"n": n, "seconds": run.seconds, "rate": rate, "rss": run.peak_rss_mb,
            "resident": run.peak_resident_mb, "pss": run.peak_pss_mb, "cpu": run.cpu_seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", type=int, nargs="*", default=[100, 1000, 5000], metavar="N")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--executor", choices=("local", "dask"), default="local")
    parser.add_argument("--scheduler", default=None)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--identical", action="store_true",
                        help="also grade with --jobs 1 and compare results.json")
    parser.add_argument("--keep", type=Path, default=None,
                        help="work in this folder and keep it (default: a temporary one)")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="bench-grade-"))
    root.mkdir(parents=True, exist_ok=True)
    course = bench_course(root, LIMITS)
    limits = ", ".join(f"{k} = {v}" for k, v in LIMITS.items())
    print(f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores; grade --jobs {args.jobs} "
          f"--executor {args.executor}; limits: {limits}")
    rows = []
    try:
        for n in args.sizes:
            subs, out = root / f"class-{n}", root / f"out-{n}"
            shutil.rmtree(subs, ignore_errors=True)
            counts = make_class(n, subs, args.seed)
            print(f"\nN = {n} ({', '.join(f'{k} {v}' for k, v in counts.items())})")
            before = os.getloadavg()[0]
            run = grade(subs, out, course, args.jobs, args.executor, args.scheduler)
            rows.append(report(n, run, out, (before, os.getloadavg()[0])))
            if args.identical:
                serial = grade(subs, root / f"out-{n}-serial", course, 1, "local", None)
                same = filecmp.cmp(out / "results.json", root / f"out-{n}-serial" /
                                   "results.json", shallow=False)
                print(f"  results.json identical to --jobs 1 ({serial.seconds:.1f} s): {same}")
                if not same:
                    sys.exit(1)
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    print("\n     N   seconds  submissions/s  ms per submission  resident  peak PSS  "
          "peak RSS summed  CPU s")
    for row in rows:
        resident = "       -" if row["resident"] is None else f"{row['resident']:5.0f} MB"
        print(f"{row['n']:6d}  {row['seconds']:8.1f}  {row['rate']:13.1f}  "
              f"{1000 * row['seconds'] / row['n']:17.1f}  {resident}  {row['pss']:5.0f} MB  "
              f"{row['rss']:12.0f} MB  {row['cpu']:5.1f}")


if __name__ == "__main__":
    main()
