"""The class report: golden page, hostile text escaped, and a real headless Chromium run.

The browser tests need Debian's `chromium` package. On a developer's machine without it they
are skipped; under CI (the CI variable set) a missing browser fails them, and `.ci/run`
installs it first.
"""

from __future__ import annotations

import base64
import csv
import dataclasses
import hashlib
import io
import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest

from grader.reports import html, results_json
from grader.reports.mathml import ELEMENTS
from grader.results import BatchResult
from tests.reports.sample import large_batch, sample_batch
from tests.test_cli import run

HOSTILE = "<script>alert(1)</script>"
ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "div",
                "figure", "svg", "rect", "text", "line", "figcaption", "ul", "li", "span",
                "table", "thead", "tbody", "tr", "th", "td", "pre", "a", "script", "details",
                "summary", "strong", "em", "code", "label", "input", "select", "option",
                *ELEMENTS}


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


def histogram_of(page: str) -> str:
    return page.split('<figure id="histogram-figure">')[1].split("</figure>")[0]


def test_charts_count_every_submission():
    page = html.render(sample_batch())
    assert histogram_of(page).count('<rect class="bar"') == html.BINS
    # what the grader decided, out of what it could: alice's proof waits for a person, and
    # bob's sigmoid_expr is flagged for review
    assert "<title>90-100%: 1 submission</title>" in page    # alice, 5 of 5
    assert "<title>30-40%: 1 submission</title>" in page     # bob, 3 of 8
    assert "<title>50-60%: 0 submissions</title>" in page
    assert "<title>softmax: 1 full marks</title>" in page
    assert "<title>proof: 1 waiting for a person</title>" in page


@pytest.mark.parametrize(("score", "label"), [
    (0.0, "0-10%"), (9.99, "0-10%"), (30.0, "30-40%"), (70.0, "70-80%"), (99.9, "90-100%"),
    (100.0, "90-100%"),
])
def test_histogram_bins(score, label):
    alice = sample_batch().submissions[0]
    batch = BatchResult("c", "0", (dataclasses.replace(alice, score=score, max_score=100.0,
                                                       exercises=()),))
    assert f"<title>{label}: 1 submission</title>" in html.render(batch)


def test_empty_results_still_make_a_page():
    page = html.render(BatchResult("c", "0", ()))
    assert "No submissions." in page and "Nothing waits for a person." in page


def test_report_command_links_existing_feedback_files(tmp_path):
    results_json.write(sample_batch(), tmp_path / "results.json")
    (tmp_path / "feedback").mkdir()
    (tmp_path / "feedback" / "alice.md").write_text("# Feedback: alice\n")
    done = run("report", str(tmp_path))
    assert (done.returncode, done.stdout) == (
        0, f"wrote {tmp_path / 'report.html'} and 1 feedback pages in {tmp_path / 'feedback'}\n")
    page = (tmp_path / "report.html").read_text()
    assert '<a href="feedback/alice.html">alice</a>' in page
    assert "feedback/bob" not in page
    assert "<h1>Feedback: alice</h1>" in (tmp_path / "feedback" / "alice.html").read_text()


def test_the_review_queue_is_folded_by_part_with_counts():
    page = html.render(large_batch(), review_link="/#part=")
    assert page.count('<details class="queue">') == 3
    assert ("<summary><strong>proof</strong>: 100 waiting (100 pending_manual)</summary> "
            '<a href="/#part=proof">grade in the review app</a>') in page
    assert "<strong>(notebook)</strong>: 100 waiting (100 timeout)" in page
    assert page.count("This part is graded by a person") == 1       # said once, counted
    assert "and 88 more" in page
    assert "grade review OUT" not in page                          # the app runs: a link


def test_scores_waiting_for_a_person_are_not_counted_as_zero():
    page = html.render(sample_batch())
    assert ">autograded 5 / 5, 5 pending</td>" in page               # alice's proof waits
    assert ">autograded 3 / 8, 2 pending</td>" in page               # bob's flagged part
    assert "Autograded so far, out of 5 on most: mean 4.0" in page
    assert "2 submissions have points pending, waiting for a person (2 to 5 points)" in page
    assert '<td class="num v-correct" title="correct" data-sort="2">\u2713 2</td>' in page
    assert '<td class="num v-pending_manual" title="pending_manual" data-sort="0">' in page


def test_answers_show_their_math():
    page = html.render(large_batch())
    assert '<math alttext="W = W_N \\cdots W_1" display="inline">' in page


def test_every_score_exports_as_csv():
    page = html.render(sample_batch())
    link = re.search(r'<a download="scores.csv" href="data:text/csv;charset=utf-8,([^"]+)"',
                     page)
    rows = list(csv.reader(io.StringIO(unquote(link[1]))))
    assert rows[0] == ["student", "submission", "status", "score", "max_score",
                       "pending_points", "softmax", "sigmoid_expr", "proof"]
    assert rows[1] == ["alice", "alice.ipynb", "graded", "5", "10", "5", "0", "2", ""]
    assert rows[2] == ["bob", "bob/hw.ipynb", "timeout", "3", "10", "2", "3", "", "0"]


def test_feedback_pages_draw_the_math():
    alice = sample_batch().submissions[0]
    page = html.feedback_page(alice, "# Feedback: alice\n\nYou wrote $x^2$.\n")
    assert "<h1>Feedback: alice</h1>" in page and "<msup>" in page


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
    assert histogram_of(dom).count('class="bar"') == html.BINS
    assert len(re.findall(r'<rect class="c-', dom)) >= 3
    assert "<img" not in dom and "<iframe" not in dom and "<marquee" not in dom
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom
    scores = re.findall(r'<td class="num" data-sort="([0-9.]+)">autograded',
                        dom.split('id="students"')[1])
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


def test_a_class_of_200_searched_filtered_and_read_on_a_phone(new_page, tmp_path):
    from playwright.sync_api import expect

    path = tmp_path / "report.html"
    path.write_text(html.render(large_batch()))
    for width in (1280, 390):
        page = new_page(width, 844)
        page.goto(path.as_uri())
        expect(page.locator("#shown")).to_have_text("200 of 200 shown")
        width_now = page.evaluate("document.documentElement.scrollWidth")
        assert width_now <= width, f"{width_now} px wide at {width} px"
    page.get_by_label("Search students").fill("student_01")
    expect(page.locator("#shown")).to_have_text("10 of 200 shown")    # 010 to 019
    page.get_by_label("Search students").fill("")
    page.get_by_label("Show").select_option("not-run")
    expect(page.locator("#shown")).to_have_text("100 of 200 shown")
    assert page.locator("#students tbody tr:not([hidden])").first.inner_text().startswith(
        "student_001")
    with page.expect_download() as download:
        page.get_by_text("Download all scores (CSV)").click()
    rows = Path(download.value.path()).read_text().splitlines()
    assert len(rows) == 201 and rows[0].startswith("student,submission,status")
