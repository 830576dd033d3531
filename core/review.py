"""Review decisions on quotes: confirm, choose, set or clear the speaker,
reject, skip and apply to a family.

Every decision is one write transaction that appends a row to ``decisions``
(``core.decisions``: the quote's state before and after, the deciding
reviewer's own answer before and after, and the seconds spent), sets that
reviewer's standing answer in ``answers`` and settles the quote's shown state
from every reviewer's answer (``core.answers``). Undo is ``core.undo``;
merging and splitting speakers is ``core.merges``. The read-only side of the
desk lives in ``core.queue`` (what to review next) and ``core.detail`` (one
quote in full). Nothing here imports a UI library.
"""

from __future__ import annotations

import json

import sqlite_utils

from . import answers, decisions
from .answers import Answer
from .decisions import Outcome, ReviewError, add_seconds, clamp_seconds, log, state
from .speakers import resolve, speaker_named
from .storage import transaction


def record_answer(db, quote_id, reviewer, action, status, speaker_id, seconds, extra=None, *,
                  at: str | None = None, ruling: bool | None = None, co_speakers: tuple = ()) -> tuple[int, str]:
    """Record one reviewer's answer on one quote and settle the quote (inside a transaction).

    ``at`` and ``ruling`` carry an answer brought in from elsewhere
    (``core.transfer``) as it was given there.
    """
    at = at or decisions.now()  # one clock (a test sets it), one time for the decision and its answer
    before = state(db, quote_id)
    previous = answers.get(db, quote_id, reviewer)
    did = log(db, quote_id, reviewer, action,
              {**before, "answer": previous.as_json() if previous else None}, None, seconds, at)
    if ruling is None:
        # A reviewer who had not answered a disputed quote settles it (an
        # adjudication), and so does that adjudicator's later answer; a
        # disputant repeating their answer does not.
        ruling = (before["status"] == "disputed" and previous is None) or bool(previous and previous.adjudication)
    answer = Answer(status, speaker_id, did, at, ruling, tuple(co_speakers))
    answers.put(db, quote_id, reviewer, answer)
    shown = answers.settle(db, quote_id)
    add_seconds(db, quote_id, seconds)
    after = {**state(db, quote_id), "answer": answer.as_json(), **(extra or {})}
    db.execute("UPDATE decisions SET after = ? WHERE id = ?", [json.dumps(after), did])
    return did, shown


def _decide(db, quote_id, reviewer, action, status, speaker_id, seconds, extra=None, blind=False,
            co_speakers=()) -> Outcome:
    """One answer in its own transaction. ``blind``: a second opinion given without
    seeing the others' answers, which never settles a dispute it could not see."""
    with transaction(db):
        did, shown = record_answer(db, quote_id, reviewer, action, status, speaker_id, clamp_seconds(seconds), extra,
                                   ruling=False if blind else None, co_speakers=co_speakers)
    return Outcome([did], {quote_id: shown})


def confirm(db: sqlite_utils.Database, quote_id: str, reviewer: str, seconds: float = 0.0, *,
            speaker_id: int | None = None, blind: bool = False) -> Outcome:
    """Accept the speaker the reviewer was shown.

    The desk passes the ``speaker_id`` it showed, so another reviewer's answer
    arriving in between is never confirmed in this reviewer's name. Without
    it: the current answer, else the proposal; in a blind pass the machine's
    proposal, whatever others answered.
    """
    shown = "proposed_speaker_id, NULL" if blind else "COALESCE(speaker_id, proposed_speaker_id), co_speakers"
    with transaction(db):
        row = db.execute(f"SELECT {shown} FROM quotes WHERE id = ?", [quote_id]).fetchone()
        if row is None:
            raise ReviewError(f"no quote {quote_id}")
        if speaker_id is not None:
            if db.execute("SELECT 1 FROM speakers WHERE id = ?", [speaker_id]).fetchone() is None:
                raise ReviewError(f"no speaker {speaker_id}")
            # The joint speakers shown go with the speaker shown; another's answer's do not.
            same = row[0] is not None and resolve(db, row[0]) == resolve(db, speaker_id)
            row = (speaker_id, row[1] if same else None)
        if row[0] is None:
            raise ReviewError("no speaker proposed: choose a candidate, type a speaker (e) or mark no speaker (n)")
        # Confirming a joint answer confirms every speaker it names.
        co = tuple(json.loads(row[1])) if len(row) > 1 and row[1] else ()
        return _decide(db, quote_id, reviewer, "confirm", "verified", resolve(db, row[0]), seconds,
                       blind=blind, co_speakers=co)


def choose(db: sqlite_utils.Database, quote_id: str, rank: int, reviewer: str, seconds: float = 0.0, *,
           blind: bool = False) -> Outcome:
    """Pick candidate ``rank`` (1-based) as the speaker and confirm it."""
    with transaction(db):
        row = db.execute("SELECT speaker_id FROM candidates WHERE quote_id = ? AND rank = ?",
                         [quote_id, rank]).fetchone()
        if row is None or row[0] is None:
            raise ReviewError(f"no candidate {rank} for this quote")
        return _decide(db, quote_id, reviewer, "choose", "verified", resolve(db, row[0]), seconds,
                       {"rank": rank}, blind=blind)


def set_speaker(db: sqlite_utils.Database, quote_id: str, reviewer: str, *, name: str | None = None,
                speaker_id: int | None = None, seconds: float = 0.0, blind: bool = False) -> Outcome:
    """Set the speaker by id, or by a typed name: a known name or alias, else a new speaker."""
    created = False
    with transaction(db):
        if speaker_id is None:
            speaker_id, created = speaker_named(db, name or "")
        elif db.execute("SELECT 1 FROM speakers WHERE id = ?", [speaker_id]).fetchone() is None:
            raise ReviewError(f"no speaker {speaker_id}")
        speaker_id = resolve(db, speaker_id)
        out = _decide(db, quote_id, reviewer, "speaker", "verified", speaker_id, seconds,
                      {"created_speaker": True} if created else None, blind=blind)
    return out


def no_speaker(db: sqlite_utils.Database, quote_id: str, reviewer: str, seconds: float = 0.0, *,
               blind: bool = False) -> Outcome:
    """A real quotation with no identifiable speaker."""
    return _decide(db, quote_id, reviewer, "no_speaker", "verified", None, seconds, blind=blind)


def reject(db: sqlite_utils.Database, quote_id: str, reviewer: str, seconds: float = 0.0, *,
           blind: bool = False) -> Outcome:
    """Not a quotation at all (a title, a scare quote, page furniture)."""
    with transaction(db):
        speaker = state(db, quote_id)["speaker_id"]
        return _decide(db, quote_id, reviewer, "reject", "rejected", speaker, seconds, blind=blind)


def skip(db: sqlite_utils.Database, quote_id: str, reviewer: str, seconds: float = 0.0) -> Outcome:
    """Leave the quote as it is; the time spent on it is still recorded."""
    seconds = clamp_seconds(seconds)
    with transaction(db):
        before = state(db, quote_id)
        add_seconds(db, quote_id, seconds)
        did = log(db, quote_id, reviewer, "skip", before, state(db, quote_id), seconds)
    return Outcome([did], {quote_id: before["status"]})


def apply_to_family(db: sqlite_utils.Database, quote_id: str, reviewer: str) -> Outcome:
    """Give every pending member of the quote's family this reviewer's answer on it.

    Each member gets a decision row of its own (action ``family``); they share
    a ``batch`` number in ``after`` so one undo takes them all back.
    """
    with transaction(db):
        row = db.execute("SELECT cluster_id, status, speaker_id FROM quotes WHERE id = ?", [quote_id]).fetchone()
        if row is None:
            raise ReviewError(f"no quote {quote_id}")
        cluster = row[0]
        own = answers.get(db, quote_id, reviewer)
        if own is None:  # never another reviewer's answer under this reviewer's name
            raise ReviewError("decide this quote first, then apply it to its family")
        status, speaker = own.status, own.speaker_id
        if cluster is None:
            raise ReviewError("this quote has no family")
        members = [r[0] for r in db.execute(
            "SELECT id FROM quotes WHERE id IN (SELECT quote_id FROM family_members WHERE cluster_id = ?) "
            "AND id != ? AND status = 'pending' ORDER BY article_id, start",
            [cluster, quote_id],
        )]
        ids, statuses, batch = [], {}, None
        for member in members:
            did, shown = record_answer(db, member, reviewer, "family", status, speaker, 0.0,
                                       {"from": quote_id, "batch": batch})
            if batch is None:
                batch = did
                db.execute("UPDATE decisions SET after = json_set(after, '$.batch', ?) WHERE id = ?", [did, did])
            ids.append(did)
            statuses[member] = shown
    return Outcome(ids, statuses, f"applied to {len(members)} family member(s)")
