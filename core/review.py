"""Review decisions: confirm, choose, set or clear the speaker, reject, skip,
apply to a family, undo, and merge or split speakers.

Every decision is one write transaction that appends a row to ``decisions``
(the quote's state before and after, the deciding reviewer's own answer
before and after, and the seconds spent), sets that reviewer's standing
answer in ``answers`` and settles the quote's shown state from every
reviewer's answer (``core.answers``). Undo reads the log, so it works after a
restart, and takes back only the undoing reviewer's own last decision: it
restores *their* previous answer, appends an ``undo`` decision and points the
undone row's ``undone_by`` at it. Another reviewer's answer is never touched.

Speaker merges and alias splits are decisions too (``quote_id`` is NULL for a
merge). The read-only side of the desk lives in ``core.queue`` (what to review
next) and ``core.detail`` (one quote in full). Nothing here imports a UI library.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone

import sqlite_utils

from . import answers
from .answers import ANSWERS, Answer

#: Corrections of the detector's work and annotations (``core.annotate``), undone there.
EDITS = ("kind", "span", "add", "flag")
from .errors import QuotedeskError
from .speakers import SHOWN_SPEAKER, entity, members, quote_counts, resolve, set_merged_into
from .storage import transaction

__all__ = ["ANSWERS"]  # re-exported for core.queue

STATE_FIELDS = ("status", "speaker_id", "reviewer", "decided_at", "review_seconds")
#: Longest stretch counted as time spent on one quote; beyond it the reviewer was away.
MAX_SECONDS = 600.0


class ReviewError(QuotedeskError):
    """A decision that cannot be made (no such quote, no proposal, nothing to undo)."""


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# --------------------------------------------------------------------------
# Decisions on one quote


@dataclass(frozen=True)
class Outcome:
    """What a decision changed: the decision rows and each quote's new status."""

    decision_ids: list[int]
    statuses: dict[str, str]
    message: str = ""
    #: The speaker a merge, split or their undo was about (for the speakers screen's cursor).
    speaker_id: int | None = None


def _state(db: sqlite_utils.Database, quote_id: str) -> dict:
    row = db.execute(
        "SELECT status, speaker_id, reviewer, decided_at, review_seconds FROM quotes WHERE id = ?", [quote_id]
    ).fetchone()
    if row is None:
        raise ReviewError(f"no quote {quote_id}")
    return dict(zip(STATE_FIELDS, row))


def _log(db, quote_id, reviewer, action, before, after, seconds, at: str | None = None) -> int:
    cur = db.execute(
        "INSERT INTO decisions(quote_id, reviewer, at, action, before, after, seconds) VALUES (?,?,?,?,?,?,?)",
        [quote_id, reviewer, at or now(), action, json.dumps(before), json.dumps(after), seconds],
    )
    return cur.lastrowid


def _seconds(seconds: float) -> float:
    return round(min(max(seconds, 0.0), MAX_SECONDS), 3)


def _add_seconds(db, quote_id: str, seconds: float) -> None:
    if seconds:
        db.execute("UPDATE quotes SET review_seconds = round(max(review_seconds + ?, 0), 3) WHERE id = ?",
                   [seconds, quote_id])


def _answer(db, quote_id, reviewer, action, status, speaker_id, seconds, extra=None, *,
            at: str | None = None, ruling: bool | None = None, co_speakers: tuple = ()) -> tuple[int, str]:
    """Record one reviewer's answer on one quote and settle the quote (inside a transaction).

    ``at`` and ``ruling`` carry an answer brought in from elsewhere
    (``core.transfer``) as it was given there.
    """
    at = at or now()  # one time for the decision and the answer it gives
    before = _state(db, quote_id)
    previous = answers.get(db, quote_id, reviewer)
    did = _log(db, quote_id, reviewer, action,
               {**before, "answer": previous.as_json() if previous else None}, None, seconds, at)
    if ruling is None:
        # A reviewer who had not answered a disputed quote settles it (an
        # adjudication), and so does that adjudicator's later answer; a
        # disputant repeating their answer does not.
        ruling = (before["status"] == "disputed" and previous is None) or bool(previous and previous.adjudication)
    answer = Answer(status, speaker_id, did, at, ruling, tuple(co_speakers))
    answers.put(db, quote_id, reviewer, answer)
    shown = answers.settle(db, quote_id)
    _add_seconds(db, quote_id, seconds)
    after = {**_state(db, quote_id), "answer": answer.as_json(), **(extra or {})}
    db.execute("UPDATE decisions SET after = ? WHERE id = ?", [json.dumps(after), did])
    return did, shown


def _decide(db, quote_id, reviewer, action, status, speaker_id, seconds, extra=None, blind=False,
            co_speakers=()) -> Outcome:
    """One answer in its own transaction. ``blind``: a second opinion given without
    seeing the others' answers, which never settles a dispute it could not see."""
    with transaction(db):
        did, shown = _answer(db, quote_id, reviewer, action, status, speaker_id, _seconds(seconds), extra,
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


def speaker_named(db: sqlite_utils.Database, name: str) -> tuple[int, bool]:
    """The one live speaker ``name`` names, or a new one; and whether it is new.

    Inside the caller's transaction. Refuses a name two speakers share rather
    than pick one silently.
    """
    name = " ".join(name.split())
    if not name:
        raise ReviewError("type a speaker's name")
    matches = match_name(db, name)
    if len(matches) > 1:
        raise ReviewError(f"{name!r} names {len(matches)} speakers; pick one from the list")
    if matches:
        return matches[0], False
    speaker_id = db.execute("INSERT INTO speakers(name, kind) VALUES (?, NULL)", [name]).lastrowid
    db.execute("INSERT INTO aliases(speaker_id, alias) VALUES (?, ?)", [speaker_id, name])
    return speaker_id, True


def match_name(db: sqlite_utils.Database, name: str) -> list[int]:
    """Live speakers whose name or an alias is exactly ``name`` (any case)."""
    rows = db.execute(
        "SELECT s.root FROM aliases a JOIN speakers s ON s.id = a.speaker_id WHERE a.alias = ? COLLATE NOCASE "
        "UNION SELECT root FROM speakers WHERE name = ? COLLATE NOCASE",
        [name, name],
    ).fetchall()
    return sorted({r[0] for r in rows})


def no_speaker(db: sqlite_utils.Database, quote_id: str, reviewer: str, seconds: float = 0.0, *,
               blind: bool = False) -> Outcome:
    """A real quotation with no identifiable speaker."""
    return _decide(db, quote_id, reviewer, "no_speaker", "verified", None, seconds, blind=blind)


def reject(db: sqlite_utils.Database, quote_id: str, reviewer: str, seconds: float = 0.0, *,
           blind: bool = False) -> Outcome:
    """Not a quotation at all (a title, a scare quote, page furniture)."""
    with transaction(db):
        speaker = _state(db, quote_id)["speaker_id"]
        return _decide(db, quote_id, reviewer, "reject", "rejected", speaker, seconds, blind=blind)


def skip(db: sqlite_utils.Database, quote_id: str, reviewer: str, seconds: float = 0.0) -> Outcome:
    """Leave the quote as it is; the time spent on it is still recorded."""
    seconds = _seconds(seconds)
    with transaction(db):
        before = _state(db, quote_id)
        _add_seconds(db, quote_id, seconds)
        did = _log(db, quote_id, reviewer, "skip", before, _state(db, quote_id), seconds)
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
            "SELECT id FROM quotes WHERE cluster_id = ? AND id != ? AND status = 'pending' ORDER BY article_id, start",
            [cluster, quote_id],
        )]
        ids, statuses, batch = [], {}, None
        for member in members:
            did, shown = _answer(db, member, reviewer, "family", status, speaker, 0.0,
                                 {"from": quote_id, "batch": batch})
            if batch is None:
                batch = did
                db.execute("UPDATE decisions SET after = json_set(after, '$.batch', ?) WHERE id = ?", [did, did])
            ids.append(did)
            statuses[member] = shown
    return Outcome(ids, statuses, f"applied to {len(members)} family member(s)")


# --------------------------------------------------------------------------
# Undo

#: Decisions about speaker entities rather than one quote.
SPEAKER_ACTIONS = ("merge", "split", "unmerge")
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
        _undo_speakers(db, action, before, after)
        current, restored = after, before
    elif action in EDITS:
        from .annotate import undo_edit  # corrections of the detector's work live there

        current = after
        changed = undo_edit(db, action, quote_id, before, after)
        restored = before
    else:
        current = _state(db, quote_id)
        if action in ANSWERS:
            previous = (Answer.from_json(before["answer"]) if "answer" in before
                        else _logged_answer(db, quote_id, reviewer, decision_id))
            answers.put(db, quote_id, reviewer, previous)
            changed[quote_id] = answers.settle(db, quote_id)
        else:
            changed[quote_id] = current["status"]
        _add_seconds(db, quote_id, -(seconds or 0.0))
        restored = _state(db, quote_id)
    uid = _log(db, quote_id, reviewer, "undo", current, {**restored, "undoes": decision_id}, 0.0)
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
    state = json.loads(row[2] or "{}")
    answer = state.get("answer") or state
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


# --------------------------------------------------------------------------
# Speaker entities


@dataclass(frozen=True)
class SpeakerRow:
    id: int
    name: str
    aliases: list[str]
    quotes: int


def speakers(db: sqlite_utils.Database) -> list[SpeakerRow]:
    """Live speaker entities with every alias (merged ones' too) and quote counts."""
    aliases: dict[int, list[str]] = {}
    for root, alias in db.execute(
        "SELECT s.root, a.alias FROM aliases a JOIN speakers s ON s.id = a.speaker_id ORDER BY a.alias"
    ):
        aliases.setdefault(root, []).append(alias)
    counts = quote_counts(db)
    rows = db.execute("SELECT id, name FROM speakers WHERE merged_into IS NULL ORDER BY name COLLATE NOCASE").fetchall()
    return [SpeakerRow(sid, name, sorted(set(aliases.get(sid, [])), key=str.lower), counts.get(sid, 0))
            for sid, name in rows]


def merge_speakers(db: sqlite_utils.Database, source: int, target: int, reviewer: str) -> Outcome:
    """Make ``source`` one entity with ``target``: its quotes and aliases follow."""
    with transaction(db):
        src, dst = resolve(db, source), resolve(db, target)
        for sid in (source, target):
            if db.execute("SELECT 1 FROM speakers WHERE id = ?", [sid]).fetchone() is None:
                raise ReviewError(f"no speaker {sid}")
        if src == dst:
            raise ReviewError("those are already the same speaker")
        set_merged_into(db, src, dst)
        did = _log(db, None, reviewer, "merge", {"speaker_id": src, "merged_into": None},
                   {"speaker_id": src, "merged_into": dst}, 0.0)
        settled = answers.settle_shared(db)  # two names for one entity are no dispute
    return Outcome([did], settled, "merged")


def split_alias(db: sqlite_utils.Database, speaker_id: int, alias: str, reviewer: str) -> Outcome:
    """Move ``alias`` off a speaker into a new one, with the quotes that name it.

    When ``alias`` is the name of a speaker merged into this one, the split is
    the merge's inverse: that speaker comes back as it was, with every quote
    and alias it brought (``unmerge``), not only the quotes whose mention
    happens to spell the alias.
    """
    with transaction(db):
        root = resolve(db, speaker_id)
        merged = [r for r in db.execute(
            "SELECT id, merged_into FROM speakers WHERE root = ? AND id != ? "
            "AND name = ? AND merged_into IS NOT NULL ORDER BY id", [root, root, alias]).fetchall()]
        if merged:
            return _unmerge(db, root, alias, merged, reviewer)
        members_ = members(db, root)
        marks = ",".join("?" * len(members_))
        owners = [r[0] for r in db.execute(
            f"SELECT speaker_id FROM aliases WHERE alias = ? AND speaker_id IN ({marks}) ORDER BY speaker_id",
            [alias, *members_])]
        if not owners:
            raise ReviewError(f"{alias!r} is not an alias of this speaker")
        others = db.execute(f"SELECT COUNT(DISTINCT alias) FROM aliases WHERE speaker_id IN ({marks}) AND alias != ?",
                            [*members_, alias]).fetchone()[0]
        if not others:
            raise ReviewError("a speaker's only name cannot be split off")
        new = db.execute("INSERT INTO speakers(name, kind) SELECT ?, kind FROM speakers WHERE id = ?",
                         [alias, root]).lastrowid
        for sid in owners:
            db.execute("UPDATE OR IGNORE aliases SET speaker_id = ? WHERE speaker_id = ? AND alias = ?", [new, sid, alias])
            db.execute("DELETE FROM aliases WHERE speaker_id = ? AND alias = ?", [sid, alias])
        quotes = db.execute(
            f"SELECT id, speaker_id FROM quotes WHERE speaker_id IN ({marks}) AND speaker_mention = ? COLLATE NOCASE",
            [*members_, alias],
        ).fetchall()
        moved = [qid for qid, _ in quotes]
        held = db.execute(  # reviewers' answers naming the entity on those quotes move with them
            f"SELECT quote_id, reviewer, speaker_id FROM answers WHERE speaker_id IN ({marks}) "
            "AND quote_id IN (SELECT value FROM json_each(?))", [*members_, json.dumps(moved)]).fetchall()
        proposed = db.execute(  # the machine's proposal moves too, or settling a pending quote would undo the split
            f"SELECT id, proposed_speaker_id FROM quotes WHERE proposed_speaker_id IN ({marks}) "
            "AND id IN (SELECT value FROM json_each(?))", [*members_, json.dumps(moved)]).fetchall()
        for qid in moved:
            db.execute("UPDATE quotes SET speaker_id = ? WHERE id = ?", [new, qid])
        for qid, _ in proposed:
            db.execute("UPDATE quotes SET proposed_speaker_id = ? WHERE id = ?", [new, qid])
        for qid, who, _ in held:
            db.execute("UPDATE answers SET speaker_id = ? WHERE quote_id = ? AND reviewer = ?", [new, qid, who])
        did = _log(db, None, reviewer, "split",
                   {"speaker_id": root, "alias": alias, "owners": owners, "quotes": quotes, "answers": held,
                    "proposed": proposed},
                   {"speaker_id": new, "alias": alias, "quotes": [[q, new] for q in moved]}, 0.0)
        settled = {qid: answers.settle(db, qid) for qid in sorted({q for q, _, _ in held})}
    return Outcome([did], settled, f"split {alias!r} into a new speaker ({len(quotes)} quote(s) moved)", new)


def _unmerge(db, root: int, alias: str, merged: list[tuple[int, int]], reviewer: str) -> Outcome:
    """Take ``merged`` speakers (named ``alias``) back out of ``root``: the inverse of their merge."""
    ids = [sid for sid, _ in merged]
    for sid in ids:
        set_merged_into(db, sid, None)
    did = _log(db, None, reviewer, "unmerge", {"speaker_id": root, "alias": alias, "merged": merged},
               {"speaker_id": ids[0], "alias": alias, "merged_into": None}, 0.0)
    count = db.execute(
        f"SELECT COUNT(*) FROM quotes q WHERE {SHOWN_SPEAKER} IN (SELECT +id FROM speakers WHERE root IN "
        "(SELECT value FROM json_each(?))) AND q.status != 'rejected'", [json.dumps(ids)]).fetchone()[0]
    settled = answers.settle_shared(db)  # the two names may be a dispute again
    return Outcome([did], settled, f"split {alias!r} off again as it was before the merge ({count} quote(s) back)",
                   ids[0])


def _undo_speakers(db, action: str, before: dict, after: dict) -> None:
    if action == "unmerge":
        for sid, into in before["merged"]:
            set_merged_into(db, sid, into)
        return
    if action == "merge":
        set_merged_into(db, before["speaker_id"], before["merged_into"])
        return
    db.execute("DELETE FROM aliases WHERE speaker_id = ? AND alias = ?", [after["speaker_id"], before["alias"]])
    for owner in before.get("owners", [before["speaker_id"]]):
        db.execute("INSERT OR IGNORE INTO aliases(speaker_id, alias) VALUES (?, ?)", [owner, before["alias"]])
    set_merged_into(db, after["speaker_id"], before["speaker_id"])
    for qid, sid in before["quotes"]:
        db.execute("UPDATE quotes SET speaker_id = ? WHERE id = ? AND speaker_id = ?", [sid, qid, after["speaker_id"]])
    for qid, sid in before.get("proposed", []):
        db.execute("UPDATE quotes SET proposed_speaker_id = ? WHERE id = ? AND proposed_speaker_id = ?",
                   [sid, qid, after["speaker_id"]])
    for qid, who, sid in before.get("answers", []):
        db.execute("UPDATE answers SET speaker_id = ? WHERE quote_id = ? AND reviewer = ? AND speaker_id = ?",
                   [sid, qid, who, after["speaker_id"]])


def known_names(db: sqlite_utils.Database) -> list[tuple[int, str, str, int]]:
    """(live speaker id, alias, canonical name, quotes it speaks) for completion,
    aliases of merged speakers included."""
    uses = quote_counts(db)
    return [(root, alias, name, uses.get(root, 0)) for root, alias, name in db.execute(
        f"SELECT DISTINCT e.id, a.alias, e.name FROM aliases a {entity('a.speaker_id', 'e', inner=True)} "
        "ORDER BY a.alias COLLATE NOCASE").fetchall()]
