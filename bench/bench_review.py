"""A class reviewed end to end in the browser: the time a person waits per decision, and
the class report's size at that class size.

Run: python bench/bench_review.py [N] [--out DIR] [--also REPORT.html ...]
(default N: 200; needs the review extra, Playwright and Debian's chromium.)

It writes a class of N notebooks whose proofs and open answers vary as a real class's do
(bench/review_class.py), grades it with the real `grade` command under the bench limits,
starts `grade review` on the result, and drives headless Chromium through every part by
keyboard: for each group of equal answers one or two rubric keys, then Enter. A decision's
time runs from Enter to the next answer on screen, the server's merge into results.json
included. It then checks that results.json holds a person's score for every answer, and
writes the class report and measures its page at 1280 and 390 px wide (`--also` measures
other report files the same way, e.g. one written by an older grader, for comparison).
With `--out DIR` an already graded DIR is reviewed as it is (a fresh copy of it).
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_grade import LIMITS, bench_course, grade_command, percentile  # noqa: E402
from bench.review_class import make_review_class  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
WIDTHS = ((1280, 800), (390, 844))
WAIT_MS = 60_000


def graded_class(n: int, root: Path) -> tuple[Path, Path]:
    subs, out = root / "submissions", root / "out"
    make_review_class(n, subs)
    course = bench_course(root, LIMITS)
    started = time.perf_counter()
    done = subprocess.run([grade_command(), str(subs), "--out", str(out), "--course",
                           str(course), "--jobs", "2", "--quiet"], capture_output=True,
                          text=True)
    if done.returncode not in (0, 1):
        sys.exit(f"grade failed ({done.returncode}): {done.stderr[-2000:]}")
    print(f"graded {n} notebooks in {time.perf_counter() - started:.1f} s")
    return out, course


def serve(out: Path, course: Path) -> tuple[subprocess.Popen[str], str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([grade_command(), "review", str(out), "--port", str(port),
                               "--course", str(course)], stdout=subprocess.PIPE, text=True)
    assert server.stdout is not None
    line = server.stdout.readline()
    if not line.startswith("grade review: http://"):
        server.kill()
        sys.exit(f"grade review did not start: {line!r}")
    url = line.split()[2]
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server, url.rstrip("/")
        except OSError:
            if time.monotonic() > deadline:
                server.kill()
                sys.exit("grade review did not listen")
            time.sleep(0.1)


def review_everything(page, url: str) -> list[float]:
    """Every group of every part decided by keyboard; the seconds each decision took."""
    page.goto(url + "/")
    page.wait_for_selector("#items button.item")
    parts = page.eval_on_selector_all("#part option", "options => options.map(o => o.value)")
    times: list[float] = []
    for part in parts:
        page.goto(f"{url}/#part={part}")
        page.wait_for_function("id => document.querySelector('#progress').dataset.part === id",
                               arg=part)
        while True:
            progress = page.inner_text("#progress")
            done, total = (int(x) for x in progress.split()[0:3:2])
            if done == total:
                break
            keys = "1" if len(times) % 3 else "12"
            for key in keys:
                page.keyboard.press(key)
            started = time.perf_counter()
            page.keyboard.press("Enter")
            page.wait_for_function("before => document.querySelector('#progress')"
                                   ".textContent !== before", arg=progress, timeout=WAIT_MS)
            times.append(time.perf_counter() - started)
    return times


def measure(browser, report: Path) -> list[tuple[int, int, int]]:
    """(viewport width, page width, page height) of a report file."""
    figures = []
    for width, height in WIDTHS:
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(report.resolve().as_uri())
        scroll = page.evaluate("[document.documentElement.scrollWidth, "
                               "document.documentElement.scrollHeight]")
        figures.append((width, scroll[0], scroll[1]))
        page.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=200)
    parser.add_argument("--out", type=Path, help="review this graded folder instead")
    parser.add_argument("--course", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("--also", type=Path, nargs="*", default=[],
                        help="other report files to measure")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="bench-review-") as tmp:
        root = Path(tmp)
        if args.out:
            out, course = root / "out", args.course
            shutil.copytree(args.out, out)
            for stale in ("review.sqlite3", "manual_scores.json"):
                (out / stale).unlink(missing_ok=True)
        else:
            out, course = graded_class(args.n, root)
        server, url = serve(out, course)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                                     args=["--no-sandbox"])
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.set_default_timeout(WAIT_MS)
                started = time.perf_counter()
                times = review_everything(page, url)
                wall = time.perf_counter() - started
                report(out, times, wall)
                subprocess.run([grade_command(), "report", str(out)], check=True,
                               capture_output=True)
                for path in (out / "report.html", *args.also):
                    for width, page_width, page_height in measure(browser, path):
                        print(f"{path.name if path.parent == out else path}: at {width} px "
                              f"wide the page is {page_width} x {page_height} px")
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)


def report(out: Path, times: list[float], wall: float) -> None:
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    waiting = [p for s in data["submissions"] for e in s["exercises"] for p in e["parts"]
               if p["verdict"] in ("pending_manual", "needs_review", "error")]
    by_person = sum(p["graded_by"] == "person" for s in data["submissions"]
                    for e in s["exercises"] for p in e["parts"])
    print(f"{len(times)} decisions graded {by_person} answers in {wall:.1f} s "
          f"({by_person / max(len(times), 1):.1f} answers per decision); "
          f"{len(waiting)} still waiting")
    if times:
        ms = [1000 * t for t in times]
        print(f"time per decision (Enter to the next answer on screen): mean "
              f"{statistics.mean(ms):.0f} ms, p50 {percentile(ms, 0.5):.0f} ms, "
              f"p95 {percentile(ms, 0.95):.0f} ms, max {max(ms):.0f} ms")


if __name__ == "__main__":
    main()
