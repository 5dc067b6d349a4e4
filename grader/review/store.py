"""The review's state: rubric items and decisions, in SQLite inside OUT.

Each decision is one transaction, so a server killed at any moment keeps every decision
it acknowledged. Two people grading at once never overwrite each other: every decision
and item carries a version, a save names the version it was made from, and a save made
from an older one is refused with what the other person saved (optimistic locking, as a
wiki does), inside the same transaction that would have written it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from grader.rubric import RubricItem

FILE = "review.sqlite3"
SCHEMA = """
CREATE TABLE IF NOT EXISTS items (
    id INTEGER PRIMARY KEY,
    part TEXT NOT NULL,
    points REAL NOT NULL,
    text TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE IF NOT EXISTS decisions (
    student TEXT NOT NULL,
    part TEXT NOT NULL,
    answer_sha256 TEXT NOT NULL,
    items TEXT NOT NULL,
    adjustment REAL NOT NULL,
    comment TEXT NOT NULL,
    grader TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    version INTEGER NOT NULL,
    PRIMARY KEY (student, part)
);
"""


@dataclass(frozen=True)
class Item:
    """A rubric item as the review uses it: seeded from the spec, editable in the app."""

    id: int
    part: str
    points: float
    text: str
    version: int


@dataclass(frozen=True)
class Decision:
    student: str
    part: str
    answer_sha256: str
    items: tuple[int, ...]
    adjustment: float
    comment: str
    grader: str
    saved_at: str
    version: int


@dataclass(frozen=True)
class Target:
    """A student's part to decide, with the answer decided on and the version seen."""

    student: str
    answer_sha256: str
    version: int


class Conflict(Exception):
    """A save made from an older version: what is stored now, for the person to see."""

    def __init__(self, decisions: Sequence[Decision] = (), items: Sequence[Item] = (),
                 scores: Mapping[str, float] | None = None):
        super().__init__("saved meanwhile by someone else")
        self.decisions = tuple(decisions)
        self.items = tuple(items)
        self.scores = dict(scores or {})
        """Each conflicting decision's score by student, when the caller knows it."""


class Store:
    def __init__(self, path: Path):
        self.path = path
        with self._connection() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(SCHEMA)

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        try:
            yield db
        finally:
            db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once so two savers queue instead of deadlock."""
        with self._connection() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def seed(self, part: str, rubric: Sequence[RubricItem]) -> None:
        """The spec's items for a part the review has none for yet (later edits are kept)."""
        with self._transaction() as db:
            if db.execute("SELECT 1 FROM items WHERE part = ?", (part,)).fetchone() is None:
                db.executemany("INSERT INTO items (part, points, text) VALUES (?, ?, ?)",
                               [(part, item.points, item.text) for item in rubric])

    def items(self, part: str | None = None) -> list[Item]:
        query = "SELECT id, part, points, text, version FROM items"
        with self._connection() as db:
            rows = (db.execute(query + " WHERE part = ? ORDER BY id", (part,)) if part
                    else db.execute(query + " ORDER BY id"))
            return [Item(*row) for row in rows]

    def decisions(self, part: str | None = None) -> dict[tuple[str, str], Decision]:
        query = ("SELECT student, part, answer_sha256, items, adjustment, comment, grader, "
                 "saved_at, version FROM decisions")
        with self._connection() as db:
            rows = (db.execute(query + " WHERE part = ?", (part,)) if part
                    else db.execute(query))
            return {(row[0], row[1]): _decision(row) for row in rows}

    def decide(self, part: str, targets: Sequence[Target], items: Sequence[int],
               adjustment: float, comment: str, grader: str) -> list[Decision]:
        """The same decision for every target (a group of equal answers), all or none."""
        saved_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with self._transaction() as db:
            known = {row[0] for row in db.execute("SELECT id FROM items WHERE part = ?",
                                                  (part,))}
            if not set(items) <= known:
                raise ValueError(f"no such rubric item of {part}: {sorted(set(items) - known)}")
            stale, saved = [], []
            for target in targets:
                row = db.execute(
                    "SELECT student, part, answer_sha256, items, adjustment, comment, grader, "
                    "saved_at, version FROM decisions WHERE student = ? AND part = ?",
                    (target.student, part)).fetchone()
                current = _decision(row) if row else None
                if (current.version if current else 0) != target.version:
                    stale.append(current)
                    continue
                decision = Decision(target.student, part, target.answer_sha256,
                                    tuple(sorted(set(items))), adjustment, comment, grader,
                                    saved_at, target.version + 1)
                db.execute("INSERT OR REPLACE INTO decisions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           (decision.student, part, decision.answer_sha256,
                            json.dumps(decision.items), adjustment, comment, grader, saved_at,
                            decision.version))
                saved.append(decision)
            if stale:
                raise Conflict([d for d in stale if d is not None])
        return saved

    def edit_item(self, item_id: int, version: int, points: float, text: str) -> Item:
        with self._transaction() as db:
            row = db.execute("SELECT id, part, points, text, version FROM items WHERE id = ?",
                             (item_id,)).fetchone()
            if row is None:
                raise ValueError(f"no rubric item {item_id}")
            if row[4] != version:
                raise Conflict(items=[Item(*row)])
            db.execute("UPDATE items SET points = ?, text = ?, version = ? WHERE id = ?",
                       (points, text, version + 1, item_id))
        return Item(item_id, row[1], points, text, version + 1)

    def add_item(self, part: str, points: float, text: str) -> Item:
        with self._transaction() as db:
            cursor = db.execute("INSERT INTO items (part, points, text) VALUES (?, ?, ?)",
                                (part, points, text))
            item_id = cursor.lastrowid
        assert item_id is not None
        return Item(item_id, part, points, text, 1)


def _decision(row: tuple[Any, ...]) -> Decision:
    student, part, digest, items, adjustment, comment, grader, saved_at, version = row
    return Decision(student, part, digest, tuple(json.loads(items)), float(adjustment),
                    comment, grader, saved_at, int(version))
