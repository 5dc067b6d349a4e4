"""The class report: one self-contained HTML page an instructor opens after grading.

Everything is inline (CSS, a little JavaScript to sort tables, SVG charts), so the file
works offline, attached to an email or opened from a shared drive. A Content-Security-Policy
allows only that inline style and script, by hash, and no network at all.

Student text (names, answers, feedback quoting answers) is hostile: every piece of it goes
through `html.escape`, in text and in attributes alike, and links to feedback files are
percent-encoded relative paths.
"""

from __future__ import annotations

import base64
import hashlib
import statistics
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from html import escape
from importlib import resources
from urllib.parse import quote

from grader.results import BatchResult, PartResult, SubmissionResult

BINS = 10
QUEUE_VERDICTS = ("error", "needs_review", "pending_manual")
CATEGORIES = (
    ("correct", "full marks", ("correct",)),
    ("partial", "partly right", ("partial",)),
    ("wrong", "wrong or missing", ("incorrect", "missing", "error")),
    ("review", "flagged for review", ("needs_review",)),
    ("pending", "waiting for a person", ("pending_manual",)),
)
"""Stacked-bar categories of the pass-rate chart: css class, legend text, verdicts."""
ANSWER_CHARS = 400


def render(batch: BatchResult, links: Mapping[int, str] | None = None,
           review_link: str | None = None) -> str:
    """The page; `links` maps a submission's index to its feedback file's relative path."""
    links = links or {}
    css, js = _asset("report.css"), _asset("report.js")
    policy = (f"default-src 'none'; style-src '{_digest(css)}'; script-src '{_digest(js)}'; "
              "img-src data:; base-uri 'none'; form-action 'none'")
    title = f"Class report: {batch.course}"
    body = [
        f"<h1>{escape(title)}</h1>",
        f'<p class="summary">{escape(_summary(batch))}</p>',
        '<div class="charts">', _histogram(batch), _pass_rates(batch), "</div>",
        "<h2>Most common mistakes</h2>", _misconceptions(batch),
        "<h2>Review queue</h2>", _queue(batch, links),
        "<h2>Students</h2>", _students(batch, links),
    ]
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>", f"<style>{css}</style>", "</head>", "<body>",
        *body, f"<script>{js}</script>", "</body>", "</html>", "",
    ])


def _summary(batch: BatchResult) -> str:
    scores = [s.score for s in batch.submissions]
    if not scores:
        return "No submissions."
    top = _max_score(batch)
    return (f"{len(scores)} submissions, {top:g} points. Mean {statistics.mean(scores):.1f}, "
            f"median {statistics.median(scores):g}, highest {max(scores):g}, "
            f"lowest {min(scores):g}. Graded by grader {batch.grader_version}.")


def _histogram(batch: BatchResult) -> str:
    """Scores in ten bins of 10% of the maximum; a full score falls in the last bin."""
    top = _max_score(batch) or 1.0
    counts = [0] * BINS
    for s in batch.submissions:
        # rounded first, so a score on a boundary (30 of 100) is never put one bin low
        counts[min(int(round(s.score / top * BINS, 9)), BINS - 1)] += 1
    width, height, left, bottom, bar = 460, 220, 36, 30, 40
    peak = max(counts) or 1
    parts = []
    for i, count in enumerate(counts):
        h = (height - bottom - 20) * count / peak
        x, y = left + i * bar, height - bottom - h
        label = f"{i * 10}-{(i + 1) * 10}%: {count} submission{'' if count == 1 else 's'}"
        parts.append(f'<rect class="bar" x="{x + 2}" y="{y:.1f}" width="{bar - 4}" '
                     f'height="{h:.1f}"><title>{label}</title></rect>')
        if count:
            parts.append(f'<text x="{x + bar / 2}" y="{y - 4:.1f}" '
                         f'text-anchor="middle">{count}</text>')
    axis_y = height - bottom
    parts.append(f'<line class="axis" x1="{left}" y1="{axis_y}" x2="{left + BINS * bar}" '
                 f'y2="{axis_y}"/>')
    parts.extend(f'<text x="{left + i * bar}" y="{axis_y + 16}" text-anchor="middle">'
                 f'{i * 10}%</text>' for i in range(0, BINS + 1, 2))
    return _figure("histogram", width, height, "Score histogram (share of the maximum)",
                   parts, "Scores: how many submissions fall in each tenth of the maximum.")


def _pass_rates(batch: BatchResult) -> str:
    """One stacked bar per part: how many submissions got it right, partly, wrong, ..."""
    rows = _part_columns(batch)
    label_width, bar_width, row_height, top = 170, 260, 22, 10
    height = top + row_height * len(rows) + 10
    width = label_width + bar_width + 70
    n = len(batch.submissions) or 1
    parts = []
    for index, (part_id, results) in enumerate(rows):
        y = top + index * row_height
        parts.append(f'<text x="{label_width - 6}" y="{y + 14}" text-anchor="end">'
                     f'{escape(part_id)}</text>')
        x = float(label_width)
        verdicts = Counter[str](r.verdict for r in results)
        for css, legend, members in CATEGORIES:
            count = sum(verdicts[v] for v in members)
            if count:
                w = bar_width * count / n
                parts.append(f'<rect class="c-{css}" x="{x:.1f}" y="{y + 3}" '
                             f'width="{w:.1f}" height="{row_height - 6}"><title>'
                             f'{escape(part_id)}: {count} {legend}</title></rect>')
                x += w
        full = verdicts["correct"]
        parts.append(f'<text x="{label_width + bar_width + 6}" y="{y + 14}">'
                     f'{full}/{len(results)}</text>')
    legend = "".join(f'<li><span class="c-{css}"></span>{text}</li>'
                     for css, text, _ in CATEGORIES)
    return _figure("pass-rates", width, height, "Per-part results", parts,
                   "Per part: full marks out of all submissions.",
                   extra=f'<ul class="legend">{legend}</ul>')


def _figure(name: str, width: int, height: int, title: str, parts: Sequence[str],
            caption: str, extra: str = "") -> str:
    return "\n".join([
        f'<figure id="{name}-figure">',
        f'<svg id="{name}" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>',
        *parts, "</svg>", f"<figcaption>{escape(caption)}</figcaption>{extra}", "</figure>",
    ])


def _misconceptions(batch: BatchResult) -> str:
    counts = Counter((p.id, p.misconception) for s in batch.submissions
                     for e in s.exercises for p in e.parts if p.misconception)
    if not counts:
        return '<p class="empty">No recognised mistakes.</p>'
    n = len(batch.submissions)
    rows = [[escape(name or ""), escape(part), _num(count), _num(f"{100 * count / n:.0f}%",
                                                                 sort=count)]
            for (part, name), count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return _table("misconceptions", ["mistake", "part", "students", "share"], rows, {2, 3})


def _queue(batch: BatchResult, links: Mapping[int, str]) -> str:
    """What needs a person: notebooks that did not run, and parts in QUEUE_VERDICTS."""
    rows = []
    for index, s in enumerate(batch.submissions):
        who = _student_cell(s, links.get(index))
        if s.status != "graded":
            rows.append([who, "(notebook)", _verdict(s.status), _pre(s.detail or ""), ""])
        for e in s.exercises:
            for p in e.parts:
                if p.verdict in QUEUE_VERDICTS:
                    rows.append([who, escape(p.id), _verdict(p.verdict), _pre(p.feedback),
                                 _pre(_clip(p.answer or ""))])
    if not rows:
        return '<p class="empty">Nothing waits for a person.</p>'
    return _table("queue", ["student", "part", "verdict", "why", "answer"], rows)


def _students(batch: BatchResult, links: Mapping[int, str]) -> str:
    rows = []
    for index, s in enumerate(batch.submissions):
        verdicts = Counter(p.verdict for e in s.exercises for p in e.parts)
        share = 100 * s.score / s.max_score if s.max_score else 0.0
        rows.append([
            _student_cell(s, links.get(index)), escape(s.submission),
            _num(f"{s.score:g} / {s.max_score:g}", sort=s.score), _num(f"{share:.0f}%"),
            _verdict(s.status), _num(verdicts["needs_review"] + verdicts["error"]),
            _num(verdicts["pending_manual"]),
        ])
    return _table("students", ["student", "submission", "score", "share", "status", "review",
                               "manual"], rows, {2, 3, 5, 6})


def _table(name: str, header: Sequence[str], rows: Sequence[Sequence[str]],
           numeric: Collection[int] = ()) -> str:
    """Rows are already-escaped cell HTML (a bare string, or a `<td ...>` from `_num`)."""
    head = "".join(f'<th class="num">{h}</th>' if i in numeric else f"<th>{h}</th>"
                   for i, h in enumerate(header))
    body = "\n".join("<tr>" + "".join(c if c.startswith("<td") else f"<td>{c}</td>"
                                      for c in row) + "</tr>" for row in rows)
    return (f'<table id="{name}" class="sortable"><thead><tr>{head}</tr></thead>\n'
            f"<tbody>\n{body}\n</tbody></table>")


def _student_cell(result: SubmissionResult, link: str | None) -> str:
    name = escape(result.student)
    if link is None:
        return name
    return f'<a href="{escape(quote(link))}">{name}</a>'


def _num(value: object, sort: float | None = None) -> str:
    key = f' data-sort="{sort:g}"' if sort is not None else ""
    return f'<td class="num"{key}>{escape(str(value))}</td>'


def _verdict(verdict: str) -> str:
    return f'<td class="verdict">{escape(verdict)}</td>'


def _pre(text: str) -> str:
    return f"<td><pre>{escape(text)}</pre></td>" if text else "<td></td>"


def _clip(text: str) -> str:
    return text if len(text) <= ANSWER_CHARS else text[:ANSWER_CHARS] + " …"


def _part_columns(batch: BatchResult) -> list[tuple[str, list[PartResult]]]:
    """Each part of the course, with every submission's result for it, in course order."""
    columns: dict[str, list[PartResult]] = {}
    for s in batch.submissions:
        for e in s.exercises:
            for p in e.parts:
                columns.setdefault(p.id, []).append(p)
    return list(columns.items())


def _max_score(batch: BatchResult) -> float:
    return max((s.max_score for s in batch.submissions), default=0.0)


def _asset(name: str) -> str:
    return resources.files("grader.reports").joinpath("assets", name).read_text("utf-8")


def _digest(text: str) -> str:
    """A CSP source for exactly this inline block: anything else inline is refused."""
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
