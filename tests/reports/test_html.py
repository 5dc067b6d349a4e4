"""The class report: golden page, hostile text escaped, and a real headless Chromium run.

The browser tests need Debian's `chromium` package. On a developer's machine without it they
are skipped; under CI (the CI variable set) a missing browser fails them, and `.ci/run`
installs it first.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from grader.reports import html, results_json
from grader.results import BatchResult
from tests.reports.sample import sample_batch
from tests.test_cli import run

HOSTILE = "<script>alert(1)</script>"
ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "div",
                "figure", "svg", "rect", "text", "line", "figcaption", "ul", "li", "span",
                "table", "thead", "tbody", "tr", "th", "td", "pre", "a", "script"}


def hostile_batch() -> BatchResult:
    """Student-controlled text everywhere it can reach the page."""
    alice, bob = sample_batch().submissions
    part = alice.exercises[0].parts[2]
    evil = dataclasses.replace(
        part, answer='</pre><img src=x onerror="alert(2)">', verdict="needs_review",
        feedback="<b onmouseover=alert(3)>bold</b>", misconception="<svg onload=alert(4)>")
    exercise = dataclasses.replace(alice.exercises[0], parts=(
        *alice.exercises[0].parts[:2], evil))
    mallory = dataclasses.replace(alice, student=HOSTILE, submission='x"><iframe>.ipynb',
                                  exercises=(exercise,), detail="<marquee>")
    return dataclasses.replace(sample_batch(), submissions=(mallory, bob))


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.handlers: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.handlers += [name for name, _ in attrs if name.startswith("on")]


def test_report_golden(golden):
    golden("report.html", html.render(sample_batch(), {0: "feedback/alice.md"}))


def test_hostile_text_is_only_ever_text():
    page = html.render(hostile_batch(), {0: 'feedback/"><script>.md'})
    parser = Tags()
    parser.feed(page)
    assert set(parser.tags) <= ALLOWED_TAGS
    assert parser.tags.count("script") == 1 and parser.handlers == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'href="feedback/%22%3E%3Cscript%3E.md"' in page


def test_only_the_page_own_style_and_script_may_run():
    page = html.render(sample_batch())
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)[1]
    for tag in ("style", "script"):
        body = re.search(rf"<{tag}>(.*?)</{tag}>", page, re.DOTALL)[1]
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"{tag}-src 'sha256-{digest}'" in policy
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy
    assert not re.search(r'(src|href)="[a-z]+://', page)


def test_charts_count_every_submission():
    page = html.render(sample_batch())
    assert page.count('<rect class="bar"') == html.BINS
    assert "<title>30-40%: 1 submission</title>" in page     # bob, 3 of 10
    assert "<title>50-60%: 1 submission</title>" in page     # alice, 5 of 10
    assert "<title>90-100%: 0 submissions</title>" in page
    assert "<title>softmax: 1 full marks</title>" in page
    assert "<title>proof: 1 waiting for a person</title>" in page


@pytest.mark.parametrize(("score", "label"), [
    (0.0, "0-10%"), (9.99, "0-10%"), (30.0, "30-40%"), (70.0, "70-80%"), (99.9, "90-100%"),
    (100.0, "90-100%"),
])
def test_histogram_bins(score, label):
    alice = sample_batch().submissions[0]
    batch = BatchResult("c", "0", (dataclasses.replace(alice, score=score, max_score=100.0),))
    assert f"<title>{label}: 1 submission</title>" in html.render(batch)


def test_empty_results_still_make_a_page():
    page = html.render(BatchResult("c", "0", ()))
    assert "No submissions." in page and "Nothing waits for a person." in page


def test_report_command_links_existing_feedback_files(tmp_path):
    results_json.write(sample_batch(), tmp_path / "results.json")
    (tmp_path / "feedback").mkdir()
    (tmp_path / "feedback" / "alice.md").write_text("# Feedback: alice\n")
    done = run("report", str(tmp_path))
    assert (done.returncode, done.stdout) == (0, f"wrote {tmp_path / 'report.html'}\n")
    page = (tmp_path / "report.html").read_text()
    assert '<a href="feedback/alice.md">alice</a>' in page
    assert "feedback/bob.md" not in page


# --- in a real browser -------------------------------------------------------------------

RECORDER = """<script>
window.problems = [];
addEventListener("error", (e) => problems.push("error: " + (e.message || e.target.outerHTML)),
                 true);
addEventListener("securitypolicyviolation",
                 (e) => problems.push("csp: " + e.violatedDirective + " " + e.blockedURI));
for (const level of ["error", "warn"]) {
  const original = console[level];
  console[level] = (...args) => {
    problems.push(level + ": " + args.join(" "));
    original(...args);
  };
}
addEventListener("load", () => {
  const score = document.querySelector("#students thead th:nth-child(3)");
  if (score) score.click();
  document.documentElement.setAttribute("data-problems", JSON.stringify(problems));
});
</script>"""
"""Injected before the page's own policy applies: it records errors, CSP violations and
console messages into the DOM, and sorts the students by score as a person would."""


@pytest.fixture(scope="module")
def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run installs Debian's chromium package")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return found


def browse(chromium: str, page: Path, tmp_path: Path, *action: str) -> tuple[str, list[str]]:
    """Chromium's output for the page, and every console message it logged."""
    done = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr", "--v=0",
         *action, page.as_uri()],
        capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout, [line for line in done.stderr.splitlines() if ":CONSOLE" in line]


def with_recorder(page: str) -> str:
    return page.replace("<head>", "<head>\n" + RECORDER, 1)


def problems(dom: str) -> list[str]:
    found = re.search(r"data-problems=\"([^\"]*)\"", dom)
    assert found, "the recorder did not run"
    return json.loads(found[1].replace("&quot;", '"').replace("&amp;", "&"))


def test_the_page_loads_cleanly_in_chromium(chromium, tmp_path):
    path = tmp_path / "report.html"
    path.write_text(with_recorder(html.render(hostile_batch(), {0: "feedback/m.md"})))
    dom, console = browse(chromium, path, tmp_path, "--dump-dom")
    assert problems(dom) == [] and console == []
    assert re.search(r'<html lang="en" class="scripted"', dom)       # its own script ran
    assert dom.count('class="bar"') == html.BINS
    assert len(re.findall(r'<rect class="c-', dom)) >= 3
    assert "<img" not in dom and "<iframe" not in dom and "<marquee" not in dom
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom
    scores = re.findall(r'<td class="num" data-sort="([0-9.]+)">', dom.split('id="students"')[1])
    assert scores == ["3", "5"] and 'aria-sort="ascending"' in dom   # sorted by a click


def test_the_harness_sees_errors_when_there_are_some(chromium, tmp_path, monkeypatch):
    assets = html._asset
    monkeypatch.setattr(html, "_asset", lambda name: assets(name) + (
        "\nnope();\n" if name.endswith(".js") else ""))    # a script error the policy allows
    broken = html.render(sample_batch()).replace(
        "</body>", '<img src="https://example.invalid/x.png"></body>')   # a network request
    path = tmp_path / "broken.html"
    path.write_text(with_recorder(broken))
    dom, console = browse(chromium, path, tmp_path, "--dump-dom")
    found = problems(dom)
    assert "error: Uncaught ReferenceError: nope is not defined" in found
    assert "csp: img-src https://example.invalid/x.png" in found
    assert any("nope is not defined" in line for line in console)


def test_screenshot_shows_the_charts(chromium, tmp_path):
    from PIL import Image

    path = tmp_path / "report.html"
    path.write_text(html.render(sample_batch()))
    shot = tmp_path / "report.png"
    browse(chromium, path, tmp_path, f"--screenshot={shot}", "--window-size=1000,1200",
           "--hide-scrollbars")
    with Image.open(shot) as image:
        assert image.size == (1000, 1200)
        pixels = image.convert("RGB")
        colours = pixels.getcolors(maxcolors=1_000_000) or []
    assert len(colours) > 20                           # not a blank page
    counts = {colour: n for n, colour in colours}

    def near(target: tuple[int, int, int]) -> int:
        return sum(n for c, n in counts.items()
                   if max(abs(a - b) for a, b in zip(c, target, strict=True)) <= 10)

    assert near((0x1E, 0x88, 0xE5)) > 500              # histogram bars
    assert near((0x2E, 0x7D, 0x32)) > 500              # full-marks bars
    assert near((0x78, 0x90, 0x9C)) > 100              # waiting-for-a-person bars
