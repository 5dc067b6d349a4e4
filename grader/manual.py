"""Scores a person gives: a rubric sheet out, the filled sheet back in, kept across re-grades.

A proof or an open question is `pending_manual` until a person grades it, and an answer the
grader could not decide is `needs_review`. `grade manual export` lists those parts in a CSV
sheet (with the student's answer and the spec's rubric); `grade manual import` merges the
scores and comments into results.json and keeps them in OUT/manual_scores.json, so grading
the folder again re-applies them instead of losing a person's work.

A stored score remembers a digest of the answer it was given for: when a student's answer
changes (a new submission), the old score no longer applies and the part waits for a person
again. Nothing here prints; the CLI reports what happened.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import math
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema

from grader.checks.base import verdict_for
from grader.course import Course
from grader.errors import UsageError, UsageErrors
from grader.reports import feedback, results_json
from grader.results import NEEDS_PERSON, BatchResult, PartResult, SubmissionResult

SHEET_FILE = "manual.csv"
SCORES_FILE = "manual_scores.json"
SCORES_VERSION = "1.0"

SHEET_COLUMNS = ("student", "submission", "part", "max_score", "score", "comment",
                 "verdict", "answer", "rubric", "note")
"""The sheet's columns; a person fills `score` (0 to max_score) and `comment`."""

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""A cell starting with one of these is a formula to a spreadsheet: student text is quoted."""

CHANGED = ("The answer changed since a person graded it, so that score no longer applies; "
           "a person will grade it again.")


@dataclass(frozen=True)
class SheetRow:
    """One part for a person to grade, as it appears on the rubric sheet."""

    student: str
    submission: str
    part: str
    max_score: float
    verdict: str
    answer: str
    rubric: str
    note: str
    """Why the grader flagged a `needs_review` or `error` part; empty for manual parts."""


@dataclass(frozen=True)
class ManualScore:
    """A person's score for one student's part."""

    student: str
    part: str
    score: float
    comment: str
    answer_sha256: str
    """Digest of the answer text graded, so a changed answer is graded again."""


def rubrics_of(course: Course) -> dict[str, str]:
    """Each manual part's rubric from its spec as text, for the person grading it."""
    return {p.id: p.rubric.text for p in course.parts}


def sheet_rows(batch: BatchResult, rubrics: Mapping[str, str],
               review: bool = False) -> list[SheetRow]:
    """Every part waiting for a person (and, with `review`, every part flagged for one)."""
    verdicts = NEEDS_PERSON if review else frozenset({"pending_manual"})
    return [
        SheetRow(student=s.student, submission=s.submission, part=p.id, max_score=p.max_score,
                 verdict=p.verdict, answer=p.answer or "", rubric=rubrics.get(p.id, ""),
                 note=note_of(p))
        for s in batch.submissions for p in s.parts_in(verdicts)
    ]


def note_of(part: PartResult) -> str:
    """What the grader says to the person: why it flagged or failed on the part."""
    if part.verdict == "error":
        return f"The grader failed on this answer: {part.detail or 'no detail'}"
    return part.feedback if part.verdict == "needs_review" else ""


def write_sheet(rows: Iterable[SheetRow], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(SHEET_COLUMNS)
        for row in rows:
            writer.writerow([inert(row.student), inert(row.submission), row.part,
                             f"{row.max_score:g}", "", "", row.verdict, inert(row.answer),
                             row.rubric, row.note])


def read_sheet(path: Path, batch: BatchResult) -> list[ManualScore]:
    """The filled rows of a sheet, each checked against the results it is merged into.

    Rows with neither score nor comment are not graded yet and are skipped. Every bad row is
    reported at once, named as a spreadsheet numbers it (the header is row 1). Sheets saved
    by a spreadsheet in a language that writes decimal commas (`;` between columns, `2,5`
    points) are read as they are.
    """
    records = _records(path)
    students = _by_student(batch)
    scores: list[ManualScore] = []
    problems: list[UsageError] = []
    seen: dict[tuple[str, str], int] = {}
    for number, record in enumerate(records, start=2):
        try:
            score = _row_score(record, students, f"{path}: row {number}")
        except UsageError as problem:
            problems.append(problem)
            continue
        if score is None:
            continue
        key = (score.student, score.part)
        if key in seen:
            problems.append(UsageError(f"{path}: row {number}", f"{score.student}'s "
                                       f"{score.part} is already scored in row {seen[key]}"))
            continue
        seen[key] = number
        scores.append(score)
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise UsageErrors(str(path), f"{len(problems)} bad rows", tuple(problems))
    return scores


def _records(path: Path) -> list[dict[str, str]]:
    """The sheet's rows by column name, with whichever delimiter makes its header whole."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(str(path), f"cannot read the sheet ({error})") from None
    needed = ("student", "part", "score", "comment")
    for delimiter in (",", ";", "\t"):
        try:
            records = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))
        except csv.Error as error:
            raise UsageError(str(path), f"cannot read the sheet ({error})") from None
        if not records or set(needed) <= set(records[0]):
            return records
    raise UsageError(f"{path}: row 1", f"expected the columns {', '.join(needed)} "
                     "(separated by commas, semicolons or tabs)")


def _row_score(record: Mapping[str, str | None], students: Mapping[str, SubmissionResult],
               where: str) -> ManualScore | None:
    score_text = (record.get("score") or "").strip()
    comment = (record.get("comment") or "").strip()
    if not score_text and not comment:
        return None
    student = _student_in(record.get("student") or "", students, where)
    part = _part_of(students[student], (record.get("part") or "").strip(), where)
    return ManualScore(student, part.id, _score(score_text, part.max_score, where), comment,
                       answer_digest(part.answer))


def apply(batch: BatchResult, scores: Iterable[ManualScore],
          stale_note: bool = False) -> BatchResult:
    """Results with each score in place of its part's automatic verdict.

    A score applies only to a part a person may grade whose answer is the one that was
    scored; with `stale_note`, a part whose answer has changed says so in its feedback.
    """
    table = {(s.student, s.part): s for s in scores}
    if not table:
        return batch
    return dataclasses.replace(batch, submissions=tuple(
        _apply_submission(s, table, stale_note) for s in batch.submissions))


def load_scores(out: Path) -> list[ManualScore]:
    path = out / SCORES_FILE
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        jsonschema.validate(data, _scores_schema())
    except (json.JSONDecodeError, jsonschema.ValidationError) as error:
        message = getattr(error, "message", None) or str(error)
        raise UsageError(str(path), f"not a manual scores file ({message})") from None
    return [ManualScore(**entry) for entry in data["scores"]]


def save_scores(out: Path, scores: Iterable[ManualScore]) -> list[ManualScore]:
    """Merge new scores over the stored ones (a later score for a part wins); returns all."""
    merged = {(s.student, s.part): s for s in load_scores(out)}
    merged.update({(s.student, s.part): s for s in scores})
    kept = [merged[k] for k in sorted(merged)]
    data = {"schema_version": SCORES_VERSION, "scores": [dataclasses.asdict(s) for s in kept]}
    path = out / SCORES_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)
    return kept


def merge(out: Path, batch: BatchResult, scores: Iterable[ManualScore],
          students: Collection[str] | None = None) -> BatchResult:
    """Keep the scores in OUT and write the results they make: OUT/results.json, and the
    feedback files (of `students` only, when given) if grading wrote OUT/feedback/."""
    merged = apply(batch, save_scores(out, scores))
    results_json.write(merged, out / results_json.FILE)
    folder = out / feedback.FOLDER
    if folder.is_dir():  # feedback files written by grading now show the person's scores
        only = None if students is None else {
            index for index, s in enumerate(merged.submissions) if s.student in students}
        feedback.write_all(merged, folder, only)
    return merged


def keep_scores(batch: BatchResult, out: Path) -> BatchResult:
    """Re-apply the scores stored in OUT to freshly graded results (the re-grade hook)."""
    return apply(batch, load_scores(out), stale_note=True)


def answer_digest(answer: str | None) -> str:
    return hashlib.sha256((answer or "").encode("utf-8")).hexdigest()


def _apply_submission(result: SubmissionResult, table: Mapping[tuple[str, str], ManualScore],
                      stale_note: bool) -> SubmissionResult:
    exercises = []
    for exercise in result.exercises:
        parts = tuple(_apply_part(p, table.get((result.student, p.id)), stale_note)
                      for p in exercise.parts)
        exercises.append(dataclasses.replace(
            exercise, parts=parts, score=_round(sum(p.score for p in parts))))
    if all(new is old for new, old in zip(exercises, result.exercises, strict=True)):
        return result
    return dataclasses.replace(result, exercises=tuple(exercises),
                               score=_round(sum(e.score for e in exercises)))


def _apply_part(part: PartResult, score: ManualScore | None, stale_note: bool) -> PartResult:
    if score is None or (part.verdict not in NEEDS_PERSON and part.graded_by != "person"):
        return part
    if score.answer_sha256 != answer_digest(part.answer):
        if stale_note and part.graded_by != "person":
            return dataclasses.replace(part, feedback=f"{part.feedback}\n{CHANGED}")
        return part
    return dataclasses.replace(
        part, score=score.score, graded_by="person", misconception=None,
        verdict=verdict_for(score.score / part.max_score if part.max_score else 1.0),
        feedback=score.comment or "Graded by a person.",
    )


def _by_student(batch: BatchResult) -> dict[str, SubmissionResult]:
    table: dict[str, SubmissionResult] = {}
    for submission in batch.submissions:
        table.setdefault(submission.student, submission)
    return table


def _student_in(text: str, students: Mapping[str, SubmissionResult], where: str) -> str:
    name = text.strip()
    for candidate in (name, _uninert(name)):
        if candidate in students:
            return candidate
    raise UsageError(where, f"no submission by student {name!r} in results.json")


def _part_of(result: SubmissionResult, part_id: str, where: str) -> PartResult:
    for part in result.parts:
        if part.id == part_id:
            if part.verdict in NEEDS_PERSON or part.graded_by == "person":
                return part
            raise UsageError(where, f"{result.student}'s {part_id} was graded "
                             f"automatically ({part.verdict}); a person grades only "
                             "pending_manual, needs_review and error parts")
    raise UsageError(where, f"no part {part_id!r} in results.json")


def _score(text: str, max_score: float, where: str) -> float:
    expected = f"score: expected a number from 0 to {max_score:g}"
    try:
        value = float(_decimal_point(text))
    except ValueError:
        raise UsageError(where, f"{expected}, got {text!r}") from None
    if not math.isfinite(value) or not 0 <= value <= max_score:
        raise UsageError(where, f"{expected}, got {text}")
    return value


def _decimal_point(text: str) -> str:
    """`2,5` as a spreadsheet in German or French writes 2.5."""
    return text.replace(",", ".") if text.count(",") == 1 and "." not in text else text


def inert(text: str) -> str:
    """Student text a spreadsheet shows as text, never runs as a formula."""
    return f"'{text}" if text.startswith(FORMULA_START) else text


def _uninert(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text


def _round(score: float) -> float:
    return round(score, 4)


@cache
def _scores_schema() -> dict[str, Any]:
    text = resources.files("grader").joinpath("schemas/manual-scores.schema.json").read_text()
    return json.loads(text)
