"""The class report's charts, as inline SVG: no script, no network, any width.

Every bar says its number in text (a count above it, a title on hover), and each verdict
category has a word in the legend, so nothing is told by colour alone. The drawings scale
down with the page (a viewBox and CSS), which keeps a phone's screen free of sideways
scrolling.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from html import escape

from grader.results import NEEDS_PERSON, BatchResult, PartResult

BINS = 10
CATEGORIES = (
    ("correct", "full marks", ("correct",)),
    ("partial", "partly right", ("partial",)),
    ("wrong", "wrong or missing", ("incorrect", "missing", "error")),
    ("review", "flagged for review", ("needs_review",)),
    ("pending", "waiting for a person", ("pending_manual",)),
)
"""Stacked-bar categories of the pass-rate chart: css class, legend text, verdicts."""
PART_BINS = (("0", "nothing"), ("<\u00bd", "under half"), ("\u2265\u00bd", "half or more"),
             ("full", "full marks"), ("wait", "waiting for a person"))
"""A part's histogram: its score as a share of its points, and the answers still waiting."""


def histogram(shares: Sequence[float], title: str, caption: str) -> str:
    """Shares of a maximum in ten bins of 10%; a full score falls in the last bin."""
    counts = [0] * BINS
    for share in shares:
        # rounded first, so a score on a boundary (30 of 100) is never put one bin low
        counts[min(max(int(round(share * BINS, 9)), 0), BINS - 1)] += 1
    labels = [f"{i * 10}-{(i + 1) * 10}%" for i in range(BINS)]
    axis = [(i, f"{i * 10}%") for i in range(0, BINS + 1, 2)]
    return _bars("histogram", counts, labels, axis, title, caption, 460, 40)


def part_histogram(part_id: str, results: Sequence[PartResult]) -> str:
    counts = [0] * len(PART_BINS)
    for result in results:
        share = result.score / result.max_score if result.max_score else 1.0
        waiting = result.verdict in NEEDS_PERSON
        index = 4 if waiting else 3 if share >= 1 else 0 if share <= 0 else 2 if share >= .5 else 1
        counts[index] += 1
    labels = [f"{part_id}, {words}" for _, words in PART_BINS]
    axis = [(i + 0.5, short) for i, (short, _) in enumerate(PART_BINS)]
    return _bars(f"part-{part_id}", counts, labels, axis, part_id,
                 f"{part_id}: {len(results)} answers", 200, 34, small=True)


def _bars(name: str, counts: Sequence[int], labels: Sequence[str],
          axis: Sequence[tuple[float, str]], title: str, caption: str, width: int, bar: int,
          small: bool = False) -> str:
    height, left, bottom = (120, 15, 22) if small else (220, 36, 30)
    peak = max(counts, default=0) or 1
    parts = []
    for i, (count, label) in enumerate(zip(counts, labels, strict=True)):
        h = (height - bottom - 20) * count / peak
        x, y = left + i * bar, height - bottom - h
        noun = "submission" if count == 1 else "submissions"
        parts.append(f'<rect class="bar" x="{x + 2}" y="{y:.1f}" width="{bar - 4}" '
                     f'height="{h:.1f}"><title>{escape(label)}: {count} {noun}</title></rect>')
        if count:
            parts.append(f'<text x="{x + bar / 2}" y="{y - 4:.1f}" '
                         f'text-anchor="middle">{count}</text>')
    axis_y = height - bottom
    parts.append(f'<line class="axis" x1="{left}" y1="{axis_y}" '
                 f'x2="{left + len(counts) * bar}" y2="{axis_y}"/>')
    parts.extend(f'<text x="{left + at * bar}" y="{axis_y + 16}" text-anchor="middle">'
                 f'{escape(text)}</text>' for at, text in axis)
    return figure(name, width, height, title, parts, caption)


def pass_rates(batch: BatchResult, columns: Sequence[tuple[str, Sequence[PartResult]]]) -> str:
    """One stacked bar per part: how many submissions got it right, partly, wrong, ..."""
    label_width, bar_width, row_height, top = 170, 260, 22, 10
    height = top + row_height * len(columns) + 10
    width = label_width + bar_width + 70
    n = len(batch.submissions) or 1
    parts = []
    for index, (part_id, results) in enumerate(columns):
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
        parts.append(f'<text x="{label_width + bar_width + 6}" y="{y + 14}">'
                     f'{verdicts["correct"]}/{len(results)}</text>')
    legend = "".join(f'<li><span class="c-{css}"></span>{text}</li>'
                     for css, text, _ in CATEGORIES)
    return figure("pass-rates", width, height, "Per-part results", parts,
                  "Per part: full marks out of all submissions.",
                  extra=f'<ul class="legend">{legend}</ul>')


def figure(name: str, width: int, height: int, title: str, parts: Sequence[str],
           caption: str, extra: str = "") -> str:
    return "\n".join([
        f'<figure id="{escape(name)}-figure">',
        f'<svg id="{escape(name)}" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>',
        *parts, "</svg>", f"<figcaption>{escape(caption)}</figcaption>{extra}", "</figure>",
    ])
