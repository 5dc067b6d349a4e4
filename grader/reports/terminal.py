"""The summary an instructor reads at the end of a run: one row per submission, then parts.

Every line goes through grader.reports.inert.one_line: file names and details come from
students, and a terminal obeys the control characters in them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from grader.checks.registry import by_person
from grader.reports.inert import one_line
from grader.results import NEEDS_ATTENTION, BatchResult, SubmissionResult


def submission_line(result: SubmissionResult) -> str:
    """One line per graded notebook, for progress output; the file's name and the detail
    are the student's doing, so they cannot end the line or move the cursor."""
    flags = _flags(result)
    return one_line(f"{result.submission}: {result.score:g}/{result.max_score:g} "
                    f"{result.status}{flags}")


def summary(batch: BatchResult) -> str:
    rows: list[tuple[str, ...]] = [("submission", "score", "status", "review", "manual")]
    for s in batch.submissions:
        counts = _verdicts(s)
        rows.append((s.submission, f"{s.score:g}/{s.max_score:g}", s.status,
                     str(sum(counts[v] for v in NEEDS_ATTENTION)), str(counts["pending_manual"])))
    lines = _table(rows, right={1, 3, 4})
    lines.append("")
    lines.extend(_table(_part_rows(batch), right={1, 2}))
    modules = missing_modules(batch)
    if modules:
        counted = ", ".join(f"{name} ({count})" for name, count in modules.most_common())
        lines += ["", f"notebooks that stopped at a module the grader does not have: {counted}; "
                  "declare it in grader.toml [environment] and install it, or grade its parts "
                  "by hand (they are flagged for review)"]
    copies = _copies(batch)
    if copies:
        lines += ["", "the same notebook (outputs and metadata aside) from different students:"]
        lines += [f"  {one_line(', '.join(group))}" for group in copies]
    return "\n".join(lines)


def missing_modules(batch: BatchResult) -> Counter[str]:
    """How many notebooks stopped at an import of each module this machine lacks."""
    counts: Counter[str] = Counter()
    for submission in batch.submissions:
        counts.update({c.missing_module for c in submission.cells if c.missing_module})
    return counts


def _copies(batch: BatchResult) -> list[list[str]]:
    """Each group of submissions that name one another in `same_as`, once, in order."""
    order = {s.submission: index for index, s in enumerate(batch.submissions)}
    groups: dict[frozenset[str], list[str]] = {}
    for s in batch.submissions:
        if s.same_as:
            members = sorted({s.submission, *s.same_as}, key=lambda m: order.get(m, 0))
            groups.setdefault(frozenset(members), members)
    return list(groups.values())


def _part_rows(batch: BatchResult) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = [("part", "pass rate", "mean score", "common mistake")]
    if not batch.submissions:
        return rows
    first = batch.submissions[0]
    for e_index, exercise in enumerate(first.exercises):
        for p_index, part in enumerate(exercise.parts):
            results = [s.exercises[e_index].parts[p_index] for s in batch.submissions]
            full = sum(1 for r in results if r.score >= r.max_score)
            mean = sum(r.score for r in results) / len(results)
            mistakes = Counter(r.misconception for r in results if r.misconception)
            common = ""
            if mistakes:
                name, count = mistakes.most_common(1)[0]
                common = f"{name} ({count})"
            rate = f"{full}/{len(results)} {100 * full / len(results):3.0f}%"
            full_text = "manual" if by_person(part.kind) else rate
            rows.append((part.id, full_text, f"{mean:.2f}/{part.max_score:g}", common))
    return rows


def _verdicts(result: SubmissionResult) -> Counter[str]:
    return Counter(p.verdict for p in result.parts)


def _flags(result: SubmissionResult) -> str:
    counts = _verdicts(result)
    review = sum(counts[v] for v in NEEDS_ATTENTION)
    parts = []
    if review:
        parts.append(f"{review} to review")
    if result.detail:
        parts.append(result.detail)
    return f" ({'; '.join(parts)})" if parts else ""


def _table(rows: Sequence[tuple[str, ...]], right: set[int]) -> list[str]:
    rows = [tuple(one_line(cell) for cell in row) for row in rows]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    out = []
    for n, row in enumerate(rows):
        cells = [c.rjust(w) if i in right else c.ljust(w)
                 for i, (c, w) in enumerate(zip(row, widths, strict=True))]
        out.append("  ".join(cells).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return out
