"""Each reviewer's standing answer on a quote, and the quote's state that follows.

Several reviewers may decide the same quote, from several processes at once.
Their answers are kept apart in ``answers`` (one row per quote and reviewer),
so that one reviewer's later answer or undo never replaces another's: the
columns ``quotes.status``, ``speaker_id``, ``reviewer`` and ``decided_at``
are only ever *derived* from those rows, by ``settle``:

- no standing answer: ``pending``, with the machine's proposal;
- every answer the same (same status and, for a verified quote, the same
  entity once merges are followed): that answer, by its latest reviewer;
- answers that differ: ``disputed``, showing the latest answer;
- an adjudication (an answer to a disputed quote from a reviewer who had not
  answered it, or a later answer of the same adjudicator) settles it: the
  latest one stands.

Everything here runs inside the caller's write transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import sqlite_utils

from .speakers import resolve

#: Decision actions that set the deciding reviewer's answer on a quote.
ANSWERS = ("confirm", "choose", "speaker", "no_speaker", "reject", "family", "import", "joint")


@dataclass(frozen=True)
class Answer:
    status: str                 # verified | rejected
    speaker_id: int | None
    decision_id: int
    decided_at: str
    adjudication: bool = False
    #: Further speakers of a joint quotation ("Xi and Lukashenko"), in order, after ``speaker_id``.
    co_speakers: tuple[int, ...] = ()

    def as_json(self) -> dict:
        return {"status": self.status, "speaker_id": self.speaker_id, "decision_id": self.decision_id,
                "decided_at": self.decided_at, "adjudication": self.adjudication,
                "co_speakers": list(self.co_speakers)}

    @classmethod
    def from_json(cls, obj: dict | None) -> Answer | None:
        if not obj:
            return None
        return cls(obj["status"], obj.get("speaker_id"), obj["decision_id"], obj["decided_at"],
                   bool(obj.get("adjudication")), tuple(obj.get("co_speakers") or ()))


def _co(text: str | None) -> tuple[int, ...]:
    return tuple(json.loads(text)) if text else ()


def get(db: sqlite_utils.Database, quote_id: str, reviewer: str) -> Answer | None:
    row = db.execute("SELECT status, speaker_id, decision_id, decided_at, adjudication, co_speakers FROM answers "
                     "WHERE quote_id = ? AND reviewer = ?", [quote_id, reviewer]).fetchone()
    return Answer(*row[:4], bool(row[4]), _co(row[5])) if row else None


def put(db: sqlite_utils.Database, quote_id: str, reviewer: str, answer: Answer | None) -> None:
    """Make ``answer`` this reviewer's standing answer (``None``: they have none)."""
    if answer is None:
        db.execute("DELETE FROM answers WHERE quote_id = ? AND reviewer = ?", [quote_id, reviewer])
        return
    db.execute(
        "INSERT INTO answers(quote_id, reviewer, status, speaker_id, decision_id, decided_at, adjudication, "
        "co_speakers) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(quote_id, reviewer) DO UPDATE SET status = excluded.status, "
        "speaker_id = excluded.speaker_id, decision_id = excluded.decision_id, decided_at = excluded.decided_at, "
        "adjudication = excluded.adjudication, co_speakers = excluded.co_speakers",
        [quote_id, reviewer, answer.status, answer.speaker_id, answer.decision_id, answer.decided_at,
         int(answer.adjudication), json.dumps(list(answer.co_speakers)) if answer.co_speakers else None])


def key(db, status: str, speaker_id: int | None, co_speakers: str | None = None) -> tuple:
    """What makes two answers the same: a rejection is a rejection whoever was named;
    a joint answer is the same set of speakers, in any order."""
    if status == "rejected":
        return (status,)
    people = {resolve(db, speaker_id), *(resolve(db, s) for s in _co(co_speakers))}
    return (status, frozenset(people))


def settle(db: sqlite_utils.Database, quote_id: str) -> str:
    """Derive the quote's shown state from its standing answers; returns its status."""
    rows = db.execute("SELECT reviewer, status, speaker_id, decided_at, adjudication, co_speakers FROM answers "
                      "WHERE quote_id = ? ORDER BY decision_id", [quote_id]).fetchall()
    if not rows:
        db.execute("UPDATE quotes SET status = 'pending', speaker_id = proposed_speaker_id, reviewer = NULL, "
                   "decided_at = NULL, co_speakers = NULL WHERE id = ?", [quote_id])
        return "pending"
    rulings = [r for r in rows if r[4]]
    reviewer, status, speaker_id, at, _, co = (rulings or rows)[-1]
    if not rulings and len({key(db, s, sid, c) for _, s, sid, _, _, c in rows}) > 1:
        status = "disputed"
    db.execute("UPDATE quotes SET status = ?, speaker_id = ?, reviewer = ?, decided_at = ?, co_speakers = ? "
               "WHERE id = ?", [status, speaker_id, reviewer, at, co if status != "rejected" else None, quote_id])
    return status


def settle_shared(db: sqlite_utils.Database) -> dict[str, str]:
    """Settle again every quote two or more reviewers answered.

    A merge can make two answers name one entity (no dispute any more), and
    undoing it can part them again.
    """
    return {qid: settle(db, qid) for (qid,) in db.execute(
        "SELECT quote_id FROM answers GROUP BY quote_id HAVING count(*) > 1").fetchall()}


def backfill(db: sqlite_utils.Database) -> None:
    """Schema 2 -> 3: read each reviewer's standing answer out of the decision log.

    Before schema 3 a quote held one answer, the last writer's. A reviewer's
    standing answer is their latest answer decision not undone; where that
    reviewer's answer is still the quote's, the quote's speaker is taken
    (a later alias split may have moved it). Quotes that two reviewers
    answered differently come out ``disputed``.
    """
    marks = ",".join("?" * len(ANSWERS))
    latest = db.execute(
        f"SELECT d.quote_id, d.reviewer, d.id, d.at, d.after, q.status, q.speaker_id, q.reviewer "
        f"FROM decisions d JOIN quotes q ON q.id = d.quote_id WHERE d.id IN ("
        f"  SELECT max(id) FROM decisions WHERE quote_id IS NOT NULL AND undone_by IS NULL AND action IN ({marks})"
        f"  GROUP BY quote_id, reviewer)", list(ANSWERS)).fetchall()
    touched = set()
    for qid, reviewer, did, at, after, q_status, q_speaker, q_reviewer in latest:
        logged = json.loads(after or "{}")
        state = logged.get("answer") or logged  # schema 2 logged the quote's state, which was the answer
        status = state.get("status")
        if status not in ("verified", "rejected"):
            continue
        speaker = q_speaker if (q_reviewer == reviewer and q_status == status) else state.get("speaker_id")
        put(db, qid, reviewer, Answer(status, speaker, did, at))
        touched.add(qid)
    # An alias split moved the quotes' speaker, but the log's answers still
    # name the speaker it was split from: move every answer given before it.
    for split_id, before, after in db.execute(
        "SELECT id, before, after FROM decisions WHERE action = 'split' AND undone_by IS NULL ORDER BY id"
    ).fetchall():
        new = json.loads(after or "{}").get("speaker_id")
        for qid, old in json.loads(before or "{}").get("quotes", []):
            db.execute("UPDATE answers SET speaker_id = ? WHERE quote_id = ? AND speaker_id = ? AND decision_id < ?",
                       [new, qid, old, split_id])
    for qid in sorted(touched):
        settle(db, qid)
