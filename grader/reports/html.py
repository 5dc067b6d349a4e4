"""The class report: one self-contained HTML page an instructor opens after grading.

Everything is inline (CSS, a little JavaScript to sort, search and filter tables, SVG
charts), so the file works offline, attached to an email or opened from a shared drive. A
Content-Security-Policy allows only that inline style and script, by hash, and no network
at all. It is written for a class of hundreds: the review queue is folded by part, the
students' table scrolls inside its own box, and scores still waiting for a person are
said to be waiting instead of counted as zero.

Student text (names, answers, feedback quoting answers) is hostile: every piece of it goes
through `html.escape` (or the Markdown renderer, which escapes), in text and in attributes
alike, and links to feedback files are percent-encoded relative paths.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from html import escape
from importlib import resources
from urllib.parse import quote

from grader.checks.registry import in_markdown
from grader.manual import inert
from grader.reports import charts
from grader.reports.mathml import answer_html
from grader.results import NEEDS_PERSON, BatchResult, PartResult, SubmissionResult

BINS = charts.BINS
SYMBOLS = {"correct": "\u2713", "partial": "\u25d0", "incorrect": "\u2717", "missing": "\u2013",
           "error": "!", "needs_review": "?", "pending_manual": "\u2026"}
"""Each verdict's mark in the students' table, beside its score: not colour alone."""
LEGEND = ("\u2713 full marks \u00b7 \u25d0 partly right \u00b7 \u2717 wrong \u00b7 \u2013 not "
          "answered \u00b7 ? flagged for review \u00b7 \u2026 waiting for a person \u00b7 ! the "
          "grader failed on it")
NAMES_SHOWN = 12


def render(batch: BatchResult, links: Mapping[int, str] | None = None,
           review_link: str | None = None) -> str:
    """The page; `links` maps a submission's index to its feedback page, `review_link` is
    the address of `grade review` that a part's id completes, when it runs."""
    links = links or {}
    columns = _part_columns(batch)
    title = f"Class report: {batch.course}"
    body = [
        f"<h1>{escape(title)}</h1>",
        f'<p class="summary">{escape(_summary(batch))}</p>',
        '<div class="charts">', _histogram(batch), charts.pass_rates(batch, columns), "</div>",
        "<h2>Per part</h2>", '<div class="parts">',
        *(charts.part_histogram(part_id, results) for part_id, results in columns), "</div>",
        "<h2>Most common mistakes</h2>", _misconceptions(batch),
        "<h2>Review queue</h2>", _queue(batch, links, review_link),
        "<h2>Students</h2>", _students(batch, links, [p for p, _ in columns]),
    ]
    return page(title, body)


def feedback_page(result: SubmissionResult, text: str) -> str:
    """A student's feedback (the Markdown of OUT/feedback/) as a page, math drawn."""
    return page(f"Feedback: {result.student}", [answer_html(text)])


def page(title: str, body: Sequence[str]) -> str:
    css, js = _asset("report.css"), _asset("report.js")
    policy = (f"default-src 'none'; style-src '{_digest(css)}'; script-src '{_digest(js)}'; "
              "img-src data:; base-uri 'none'; form-action 'none'")
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>", f"<style>{css}</style>", "</head>", "<body>",
        *body, f"<script>{js}</script>", "</body>", "</html>", "",
    ])


def split(result: SubmissionResult) -> tuple[float, float, float]:
    """(score, points, points waiting): what the grader decided, out of what it could, and
    the points still waiting for a person."""
    waiting = list(result.parts_in(NEEDS_PERSON))
    pending = sum(p.max_score for p in waiting)
    return (round(result.score - sum(p.score for p in waiting), 4),
            round(result.max_score - pending, 4), round(pending, 4))


def _score_text(result: SubmissionResult) -> str:
    score, points, pending = split(result)
    if pending:
        return f"autograded {score:g} / {points:g}, {pending:g} pending"
    return f"{result.score:g} / {result.max_score:g}"


def _summary(batch: BatchResult) -> str:
    if not batch.submissions:
        return "No submissions."
    splits = [split(s) for s in batch.submissions]
    top = _max_score(batch)
    waiting = [(points, pending) for _, points, pending in splits if pending]
    if not waiting:
        scores = [s.score for s in batch.submissions]
        return (f"{len(scores)} submissions, {top:g} points. {_figures(scores)}. Graded by "
                f"grader {batch.grader_version}.")
    points = Counter(points for _, points, _ in splits).most_common(1)[0][0]
    most = "" if len({points for _, points, _ in splits}) == 1 else " on most"
    pending = sorted({pending for _, pending in waiting})
    each = (f"{pending[0]:g} points each" if len(pending) == 1
            else f"{pending[0]:g} to {pending[-1]:g} points")
    return (f"{len(splits)} submissions, {top:g} points. Autograded so far, out of "
            f"{points:g}{most}: {_figures([score for score, _, _ in splits])}; "
            f"{len(waiting)} submissions have points pending, waiting for a person "
            f"({each}). Graded by grader {batch.grader_version}.")


def _figures(scores: Sequence[float]) -> str:
    return (f"mean {statistics.mean(scores):.1f}, median {statistics.median(scores):g}, "
            f"highest {max(scores):g}, lowest {min(scores):g}")


def _histogram(batch: BatchResult) -> str:
    splits = [split(s) for s in batch.submissions]
    if any(pending for _, _, pending in splits):
        shares = [score / points if points else 0.0 for score, points, _ in splits]
        return charts.histogram(shares, "Score histogram (share of the autograded points)",
                                "Scores so far: how many submissions fall in each tenth of "
                                "the points the grader decided; manual points are pending.")
    top = _max_score(batch) or 1.0
    return charts.histogram([s.score / top for s in batch.submissions],
                            "Score histogram (share of the maximum)",
                            "Scores: how many submissions fall in each tenth of the maximum.")


def _misconceptions(batch: BatchResult) -> str:
    counts = Counter((p.id, p.misconception) for s in batch.submissions
                     for p in s.parts if p.misconception)
    if not counts:
        return '<p class="empty">No recognised mistakes.</p>'
    n = len(batch.submissions)
    rows = [[escape(name or ""), escape(part), _num(count), _num(f"{100 * count / n:.0f}%",
                                                                 sort=count)]
            for (part, name), count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return _table("misconceptions", ["mistake", "part", "students", "share"], rows, {2, 3})


def _queue(batch: BatchResult, links: Mapping[int, str], review_link: str | None) -> str:
    """What needs a person, one folded section per part (and one for notebooks that did not
    run), the same reason given once with how many it applies to."""
    sections: dict[str, list[tuple[int, str, str, str]]] = {}
    for index, s in enumerate(batch.submissions):
        if s.status != "graded":
            sections.setdefault("(notebook)", []).append((index, s.status, s.detail or "", ""))
        for e in s.exercises:
            for p in e.parts:
                if p.verdict in NEEDS_PERSON:
                    sections.setdefault(p.id, []).append(
                        (index, p.verdict, p.feedback, _answer(p)))
    if not sections:
        return '<p class="empty">Nothing waits for a person.</p>'
    hint = ("" if review_link else '<p class="hint">Grade these in the browser: '
            "<code>grade review OUT</code>.</p>")
    return hint + "\n".join(_queue_section(batch, name, entries, links, review_link)
                            for name, entries in sections.items())


def _queue_section(batch: BatchResult, name: str, entries: Sequence[tuple[int, str, str, str]],
                   links: Mapping[int, str], review_link: str | None) -> str:
    reasons: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for index, verdict, why, answer in entries:
        reasons.setdefault((verdict, why), []).append((index, answer))
    verdicts = Counter(verdict for _, verdict, _, _ in entries)
    counts = ", ".join(f"{n} {verdict}" for verdict, n in verdicts.most_common())
    link = (f' <a href="{escape(review_link + quote(name))}">grade in the review app</a>'
            if review_link and name != "(notebook)" else "")
    rows = []
    for (verdict, why), members in sorted(reasons.items(), key=lambda kv: -len(kv[1])):
        names = ", ".join(_student_cell(batch.submissions[i], links.get(i))
                          for i, _ in members[:NAMES_SHOWN])
        more = len(members) - NAMES_SHOWN
        rows.append([_verdict(verdict), _pre(why), _num(len(members)),
                     names + (f" and {more} more" if more > 0 else ""),
                     f'<td class="answer">{members[0][1]}</td>'])
    table = _table(f"queue-{name}", ["verdict", "why", "count", "students", "an answer"], rows,
                   {2}, scroll=True)
    return (f'<details class="queue"><summary><strong>{escape(name)}</strong>: '
            f"{len(entries)} waiting ({escape(counts)})</summary>{link}\n{table}</details>")


def _students(batch: BatchResult, links: Mapping[int, str], parts: Sequence[str]) -> str:
    rows = []
    for index, s in enumerate(batch.submissions):
        score, points, pending = split(s)
        share = 100 * score / points if points else 0.0
        results = {p.id: p for p in s.parts}
        start = (f'<tr data-student="{escape(s.student.casefold())}" '
                 f'data-waiting="{int(pending > 0)}" data-status="{escape(s.status)}" '
                 f'data-share="{share:.1f}">')
        rows.append((start, [_student_cell(s, links.get(index)), _verdict(s.status),
                             _num(_score_text(s), sort=score),
                             _num(f"{share:.0f}%", sort=share),
                             *(_mark(results.get(p)) for p in parts)]))
    header = ["student", "status", "score", "share", *parts]
    table = _table("students", header, [cells for _, cells in rows],
                   {2, 3, *range(4, len(header))}, scroll=True,
                   row_starts=[start for start, _ in rows])
    export = (f'<a download="scores.csv" href="data:text/csv;charset=utf-8,'
              f'{quote(_csv(batch, parts))}">Download all scores (CSV)</a>')
    controls = (
        '<div class="controls"><label for="search">Search students</label>'
        '<input id="search" type="search">'
        '<label for="filter">Show</label><select id="filter">'
        '<option value="all">everyone</option>'
        '<option value="waiting">waiting for a person</option>'
        '<option value="not-run">notebooks that did not run</option>'
        '<option value="under-half">under half of the graded points</option></select>'
        f'<span id="shown" aria-live="polite">{len(rows)} of {len(rows)} shown</span>'
        f"{export}</div>")
    return f'{controls}<p class="legend-text">{escape(LEGEND)}</p>\n{table}'


def _csv(batch: BatchResult, parts: Sequence[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["student", "submission", "status", "score", "max_score",
                     "pending_points", *parts])
    for s in batch.submissions:
        results = {p.id: p for p in s.parts}
        writer.writerow([inert(s.student), inert(s.submission), s.status, f"{s.score:g}",
                         f"{s.max_score:g}", f"{split(s)[2]:g}",
                         *(_csv_score(results.get(p)) for p in parts)])
    return out.getvalue()


def _csv_score(part: PartResult | None) -> str:
    if part is None or part.verdict in NEEDS_PERSON:
        return ""
    return f"{part.score:g}"


def _mark(part: PartResult | None) -> str:
    if part is None:
        return '<td class="num"></td>'
    mark = SYMBOLS.get(part.verdict, "")
    shown = mark if part.verdict == "pending_manual" else f"{mark} {part.score:g}"
    return (f'<td class="num v-{escape(part.verdict)}" title="{escape(part.verdict)}" '
            f'data-sort="{part.score:g}">{escape(shown)}</td>')


def _answer(part: PartResult) -> str:
    text = part.answer or ""
    if len(text) > 1500:
        text = text[:1500] + " \u2026"
    return answer_html(text, markdown=in_markdown(part.kind)) if text else ""


def _table(name: str, header: Sequence[str], rows: Sequence[Sequence[str]],
           numeric: set[int] | frozenset[int] = frozenset(), scroll: bool = False,
           row_starts: Sequence[str] | None = None) -> str:
    """Rows are already-escaped cell HTML (a bare string, or a `<td ...>` from `_num`)."""
    head = "".join(f'<th class="num">{escape(h)}</th>' if i in numeric
                   else f"<th>{escape(h)}</th>" for i, h in enumerate(header))
    starts = row_starts or ["<tr>"] * len(rows)
    body = "\n".join(start + "".join(c if c.startswith("<td") else f"<td>{c}</td>"
                                     for c in row) + "</tr>"
                     for start, row in zip(starts, rows, strict=True))
    table = (f'<table id="{escape(name)}" class="sortable"><thead><tr>{head}</tr></thead>\n'
             f"<tbody>\n{body}\n</tbody></table>")
    if not scroll:
        return table
    return (f'<div class="scroll" role="region" tabindex="0" aria-label="{escape(name)} '
            f'table">{table}</div>')


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
    return resources.files("grader.reports").joinpath("assets").joinpath(name).read_text("utf-8")


def _digest(text: str) -> str:
    """A CSP source for exactly this inline block: anything else inline is refused."""
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
