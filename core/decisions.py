"""The decision log: one append-only row per thing a reviewer does.

Every decision (an answer on a quote, a correction, a merge or split of
speakers, an undo) appends a row to ``decisions`` with the state before and
after it and the seconds spent, inside the write transaction that makes it.
The log is what undo reads (``core.undo``), so it works after a restart, and
what an export's history shows; it is never rewritten, only pointed at
(``undone_by``). This module holds what every kind of decision shares, so the
modules that make them (``core.review``, ``core.annotate``, ``core.merges``)
need not import one another. Nothing here imports a UI library.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone

import sqlite_utils

from .errors import QuotedeskError

STATE_FIELDS = ("status", "speaker_id", "reviewer", "decided_at", "review_seconds")
#: Longest stretch counted as time spent on one quote; beyond it the reviewer was away.
MAX_SECONDS = 600.0


class ReviewError(QuotedeskError):
    """A decision that cannot be made (no such quote, no proposal, nothing to undo)."""


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Outcome:
    """What a decision changed: the decision rows and each quote's new status."""

    decision_ids: list[int]
    statuses: dict[str, str]
    message: str = ""
    #: The speaker a merge, split or their undo was about (for the speakers screen's cursor).
    speaker_id: int | None = None


def state(db: sqlite_utils.Database, quote_id: str) -> dict:
    """The quote's review state as the log records it before and after a decision."""
    row = db.execute(
        "SELECT status, speaker_id, reviewer, decided_at, review_seconds FROM quotes WHERE id = ?", [quote_id]
    ).fetchone()
    if row is None:
        raise ReviewError(f"no quote {quote_id}")
    return dict(zip(STATE_FIELDS, row))


def log(db, quote_id, reviewer, action, before, after, seconds, at: str | None = None) -> int:
    """Append one decision (``quote_id`` None for one about speakers); its id."""
    cur = db.execute(
        "INSERT INTO decisions(quote_id, reviewer, at, action, before, after, seconds) VALUES (?,?,?,?,?,?,?)",
        [quote_id, reviewer, at or now(), action, json.dumps(before), json.dumps(after), seconds],
    )
    return cur.lastrowid


def clamp_seconds(seconds: float) -> float:
    """Time spent as the log counts it: never negative, never more than ``MAX_SECONDS``."""
    return round(min(max(seconds, 0.0), MAX_SECONDS), 3)


def add_seconds(db, quote_id: str, seconds: float) -> None:
    if seconds:
        db.execute("UPDATE quotes SET review_seconds = round(max(review_seconds + ?, 0), 3) WHERE id = ?",
                   [seconds, quote_id])
