"""Undo: a reviewer takes back their own last decision, from the log.

Undo reads the ``decisions`` log, so it works after a restart, and takes back
only the undoing reviewer's own last decision (a whole family batch at once):
it restores *their* previous answer, appends an ``undo`` decision and points
the undone row's ``undone_by`` at it. Another reviewer's answer is never
touched. Corrections are undone by ``core.annotate``, merges and splits by
``core.merges``; this module only finds what to undo and records it.
Nothing here imports a UI library.
"""

from __future__ import annotations

import json

import sqlite_utils

from . import answers
from .annotate import EDITS, undo_edit
from .answers import ANSWERS, Answer
from .decisions import Outcome, ReviewError, add_seconds, log, state
from .merges import SPEAKER_ACTIONS, undo_speakers
from .storage import transaction

#: How an undo names what it took back.
_UNDONE = {"confirm": "confirmation", "choose": "choice of candidate", "speaker": "typed speaker",
           "no_speaker": "“no speaker”", "reject": "rejection", "skip": "skip", "family": "family decision",
           "merge": "merge", "split": "split", "unmerge": "split", "joint": "added speaker",
           "kind": "change of kind", "span": "edit of the quote's edges", "add": "added quotation", "flag": "flag"}


def undo(db: sqlite_utils.Database, reviewer: str) -> Outcome:
    """Take back this reviewer's last decision (a whole family batch at once).

    Only the reviewer's own decisions are ever undone, and only their own
    answer is restored: another reviewer's answer on the same quote stands.
    """
    with transaction(db):
        row = db.execute(
            "SELECT id, action, after FROM decisions WHERE reviewer = ? AND undone_by IS NULL "
            "AND action NOT IN ('undo', 'superseded') ORDER BY id DESC LIMIT 1",
            [reviewer],
        ).fetchone()
        if row is None:
            raise ReviewError("nothing to undo")
        did, action, after = row
        batch = json.loads(after or "{}").get("batch") if action == "family" else None
        targets = [did]
        if batch is not None:
            targets = [r[0] for r in db.execute(
                "SELECT id FROM decisions WHERE reviewer = ? AND action = 'family' AND undone_by IS NULL "
                "AND json_extract(after, '$.batch') = ? ORDER BY id DESC",
                [reviewer, batch],
            )]
        ids, statuses = [], {}
        for target in targets:
            uid, changed = _undo_one(db, target, reviewer)
            ids.append(uid)
            statuses.update(changed)
        quote_id, before = db.execute("SELECT quote_id, before FROM decisions WHERE id = ?", [did]).fetchone()
        words = db.execute("SELECT text FROM quotes WHERE id = ?", [quote_id]).fetchone() if quote_id else None
    what = _UNDONE.get(action, action.replace("_", " "))
    on = f" on “{_opening(words[0])}”" if words else ""
    speaker = json.loads(before or "{}").get("speaker_id") if action in SPEAKER_ACTIONS else None
    return Outcome(ids, statuses, f"undid your {what}{on}" + (f" ({len(targets)} quotes)" if len(targets) > 1 else ""),
                   speaker)


def _opening(text: str, words: int = 6) -> str:
    """A quote's first words, to name it in a message."""
    split = text.split()
    return " ".join(split[:words]) + ("…" if len(split) > words else "")


def _undo_one(db, decision_id: int, reviewer: str) -> tuple[int, dict[str, str]]:
    quote_id, action, before_json, after_json, seconds = db.execute(
        "SELECT quote_id, action, before, after, seconds FROM decisions WHERE id = ?", [decision_id]
    ).fetchone()
    before, after = json.loads(before_json), json.loads(after_json or "{}")
    changed: dict[str, str] = {}
    if action in SPEAKER_ACTIONS:
        undo_speakers(db, action, before, after)
        current, restored = after, before
    elif action in EDITS:
        current = after
        changed = undo_edit(db, action, quote_id, before, after)
        restored = before
    else:
        current = state(db, quote_id)
        if action in ANSWERS:
            previous = (Answer.from_json(before["answer"]) if "answer" in before
                        else _logged_answer(db, quote_id, reviewer, decision_id))
            answers.put(db, quote_id, reviewer, previous)
            changed[quote_id] = answers.settle(db, quote_id)
        else:
            changed[quote_id] = current["status"]
        add_seconds(db, quote_id, -(seconds or 0.0))
        restored = state(db, quote_id)
    uid = log(db, quote_id, reviewer, "undo", current, {**restored, "undoes": decision_id}, 0.0)
    db.execute("UPDATE decisions SET undone_by = ? WHERE id = ?", [uid, decision_id])
    if after.get("created_speaker"):
        created = after["added"] if action == "joint" else (after.get("answer") or after)["speaker_id"]
        _drop_if_unused(db, created, decision_id)
    if action in SPEAKER_ACTIONS:
        changed.update(answers.settle_shared(db))
    return uid, changed


def _logged_answer(db, quote_id: str, reviewer: str, before_id: int) -> Answer | None:
    """A reviewer's answer before ``before_id``, read from the log (decisions made before schema 3)."""
    row = db.execute(
        f"SELECT id, at, after FROM decisions WHERE quote_id = ? AND reviewer = ? AND id < ? AND undone_by IS NULL "
        f"AND action IN ({','.join('?' * len(ANSWERS))}) ORDER BY id DESC LIMIT 1",
        [quote_id, reviewer, before_id, *ANSWERS]).fetchone()
    if row is None:
        return None
    logged = json.loads(row[2] or "{}")
    answer = logged.get("answer") or logged
    return Answer(answer["status"], answer.get("speaker_id"), row[0], row[1])


def _drop_if_unused(db, speaker_id: int, decision_id: int) -> None:
    """Undoing the decision that typed a new name takes the new speaker back
    too, unless something has come to rely on it since: another quote, a
    merge, an alias of its own, or any other decision on record (whose undo
    would restore it)."""
    used = db.execute(
        "SELECT EXISTS(SELECT 1 FROM decisions WHERE id != :d AND action != 'undo' AND ("
        " json_extract(before, '$.speaker_id') = :s OR json_extract(after, '$.speaker_id') = :s"
        " OR json_extract(before, '$.merged_into') = :s OR json_extract(after, '$.merged_into') = :s))"
        " OR EXISTS(SELECT 1 FROM quotes WHERE speaker_id = :s OR proposed_speaker_id = :s)"
        " OR EXISTS(SELECT 1 FROM answers WHERE speaker_id = :s)"
        " OR EXISTS(SELECT 1 FROM answers, json_each(answers.co_speakers) WHERE json_each.value = :s)"
        " OR EXISTS(SELECT 1 FROM quotes, json_each(quotes.co_speakers) WHERE json_each.value = :s)"
        " OR EXISTS(SELECT 1 FROM candidates WHERE speaker_id = :s)"
        " OR EXISTS(SELECT 1 FROM speakers WHERE merged_into = :s OR (id = :s AND merged_into IS NOT NULL))"
        " OR EXISTS(SELECT 1 FROM aliases a JOIN speakers p ON p.id = a.speaker_id WHERE a.speaker_id = :s AND a.alias != p.name)",
        {"s": speaker_id, "d": decision_id},
    ).fetchone()[0]
    if not used:
        db.execute("DELETE FROM aliases WHERE speaker_id = ?", [speaker_id])
        db.execute("DELETE FROM speakers WHERE id = ?", [speaker_id])
