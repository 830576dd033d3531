"""Review decisions and the queries behind the review desk.

Every decision is one transaction that updates the quote's current state
(``quotes.status``, ``speaker_id``, ``reviewer``, ``decided_at``,
``review_seconds``) and appends a row to ``decisions`` holding the state it
replaced (``before``) and the state it set (``after``). Undo reads that table,
so it works after a restart: it restores ``before``, appends an ``undo``
decision and points the undone row's ``undone_by`` at it.

Speaker merges and alias splits are decisions too (``quote_id`` is NULL for a
merge). Nothing here imports a UI library.
"""

from __future__ import annotations

import difflib
import json
import re
import statistics
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import combinations
from datetime import datetime, timedelta, timezone

import sqlite_utils

from .errors import QuotedeskError
from .names import same_name
from .storage import resolve_speaker_id

#: Actions that change a quote's answer (``skip`` and ``undo`` are recorded too).
ANSWERS = ("confirm", "choose", "speaker", "no_speaker", "reject", "family")
STATE_FIELDS = ("status", "speaker_id", "reviewer", "decided_at", "review_seconds")
#: Longest stretch counted as time spent on one quote; beyond it the reviewer was away.
MAX_SECONDS = 600.0

# Every speaker id with the live entity it now belongs to (merges followed).
_CANON = """canon(id, root) AS (
    SELECT id, id FROM speakers WHERE merged_into IS NULL
    UNION ALL
    SELECT s.id, c.root FROM speakers s JOIN canon c ON s.merged_into = c.id
)"""
# A quote's speaker as shown: the reviewer's answer once decided, else the proposal.
_SPEAKER = "(CASE WHEN q.status = 'pending' THEN COALESCE(q.speaker_id, q.proposed_speaker_id) ELSE q.speaker_id END)"



class ReviewError(QuotedeskError):
    """A decision that cannot be made (no such quote, no proposal, nothing to undo)."""


@contextmanager
def _write(db: sqlite_utils.Database):
    """One write transaction, taking the write lock before anything is read.

    ``BEGIN IMMEDIATE`` means the ``before`` state a decision records cannot be
    changed by another reviewer's process between reading it and writing.
    Nested calls become savepoints of the outer transaction.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    db.conn.execute("COMMIT")


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


def _state(db: sqlite_utils.Database, quote_id: str) -> dict:
    row = db.execute(
        "SELECT status, speaker_id, reviewer, decided_at, review_seconds FROM quotes WHERE id = ?", [quote_id]
    ).fetchone()
    if row is None:
        raise ReviewError(f"no quote {quote_id}")
    return dict(zip(STATE_FIELDS, row))


def _record(db, quote_id, reviewer, action, before, after, seconds, extra=None) -> int:
    db.execute(
        "UPDATE quotes SET status = ?, speaker_id = ?, reviewer = ?, decided_at = ?, review_seconds = ? WHERE id = ?",
        [after["status"], after["speaker_id"], after["reviewer"], after["decided_at"], after["review_seconds"], quote_id],
    )
    return _log(db, quote_id, reviewer, action, before, {**after, **(extra or {})}, seconds)


def _log(db, quote_id, reviewer, action, before, after, seconds) -> int:
    cur = db.execute(
        "INSERT INTO decisions(quote_id, reviewer, at, action, before, after, seconds) VALUES (?,?,?,?,?,?,?)",
        [quote_id, reviewer, now(), action, json.dumps(before), json.dumps(after), seconds],
    )
    return cur.lastrowid


def _seconds(seconds: float) -> float:
    return round(min(max(seconds, 0.0), MAX_SECONDS), 3)


def _decide(db, quote_id, reviewer, action, status, speaker_id, seconds, extra=None) -> Outcome:
    seconds = _seconds(seconds)
    with _write(db):
        before = _state(db, quote_id)
        after = {"status": status, "speaker_id": speaker_id, "reviewer": reviewer, "decided_at": now(),
                 "review_seconds": round(before["review_seconds"] + seconds, 3)}
        did = _record(db, quote_id, reviewer, action, before, after, seconds, extra)
    return Outcome([did], {quote_id: status})


def confirm(db: sqlite_utils.Database, quote_id: str, reviewer: str, seconds: float = 0.0) -> Outcome:
    """Accept the machine's speaker (the current answer, else the proposal)."""
    row = db.execute("SELECT COALESCE(speaker_id, proposed_speaker_id) FROM quotes WHERE id = ?", [quote_id]).fetchone()
    if row is None:
        raise ReviewError(f"no quote {quote_id}")
    if row[0] is None:
        raise ReviewError("no speaker proposed: choose a candidate, type a speaker (e) or mark no speaker (n)")
    return _decide(db, quote_id, reviewer, "confirm", "verified", resolve_speaker_id(db, row[0]), seconds)


def choose(db: sqlite_utils.Database, quote_id: str, rank: int, reviewer: str, seconds: float = 0.0) -> Outcome:
    """Pick candidate ``rank`` (1-based) as the speaker and confirm it."""
    row = db.execute("SELECT speaker_id FROM candidates WHERE quote_id = ? AND rank = ?", [quote_id, rank]).fetchone()
    if row is None or row[0] is None:
        raise ReviewError(f"no candidate {rank} for this quote")
    return _decide(db, quote_id, reviewer, "choose", "verified", resolve_speaker_id(db, row[0]), seconds, {"rank": rank})


def set_speaker(db: sqlite_utils.Database, quote_id: str, reviewer: str, *, name: str | None = None,
                speaker_id: int | None = None, seconds: float = 0.0) -> Outcome:
    """Set the speaker by id, or by a typed name: a known name or alias, else a new speaker."""
    created = False
    with _write(db):
        if speaker_id is None:
            name = " ".join((name or "").split())
            if not name:
                raise ReviewError("type a speaker's name")
            matches = match_name(db, name)
            if len(matches) > 1:
                raise ReviewError(f"{name!r} names {len(matches)} speakers; pick one from the list")
            if matches:
                speaker_id = matches[0]
            else:
                speaker_id = db.execute("INSERT INTO speakers(name, kind) VALUES (?, NULL)", [name]).lastrowid
                db.execute("INSERT INTO aliases(speaker_id, alias) VALUES (?, ?)", [speaker_id, name])
                created = True
        elif db.execute("SELECT 1 FROM speakers WHERE id = ?", [speaker_id]).fetchone() is None:
            raise ReviewError(f"no speaker {speaker_id}")
        speaker_id = resolve_speaker_id(db, speaker_id)
        out = _decide(db, quote_id, reviewer, "speaker", "verified", speaker_id, seconds,
                      {"created_speaker": True} if created else None)
    return out


def match_name(db: sqlite_utils.Database, name: str) -> list[int]:
    """Live speakers whose name or an alias is exactly ``name`` (any case)."""
    rows = db.execute(
        f"WITH RECURSIVE {_CANON} SELECT DISTINCT c.root FROM aliases a JOIN canon c ON c.id = a.speaker_id "
        "WHERE a.alias = ? COLLATE NOCASE UNION SELECT c.root FROM speakers s JOIN canon c ON c.id = s.id "
        "WHERE s.name = ? COLLATE NOCASE",
        [name, name],
    ).fetchall()
    return sorted({r[0] for r in rows})


def no_speaker(db: sqlite_utils.Database, quote_id: str, reviewer: str, seconds: float = 0.0) -> Outcome:
    """A real quotation with no identifiable speaker."""
    return _decide(db, quote_id, reviewer, "no_speaker", "verified", None, seconds)


def reject(db: sqlite_utils.Database, quote_id: str, reviewer: str, seconds: float = 0.0) -> Outcome:
    """Not a quotation at all (a title, a scare quote, page furniture)."""
    speaker = _state(db, quote_id)["speaker_id"]
    return _decide(db, quote_id, reviewer, "reject", "rejected", speaker, seconds)


def skip(db: sqlite_utils.Database, quote_id: str, reviewer: str, seconds: float = 0.0) -> Outcome:
    """Leave the quote pending; the time spent on it is still recorded."""
    seconds = _seconds(seconds)
    with _write(db):
        before = _state(db, quote_id)
        after = {**before, "review_seconds": round(before["review_seconds"] + seconds, 3)}
        did = _record(db, quote_id, reviewer, "skip", before, after, seconds)
    return Outcome([did], {quote_id: before["status"]})


def apply_to_family(db: sqlite_utils.Database, quote_id: str, reviewer: str) -> Outcome:
    """Give every pending member of the quote's family the quote's decision.

    Each member gets a decision row of its own (action ``family``); they share
    a ``batch`` number in ``after`` so one undo takes them all back.
    """
    with _write(db):
        row = db.execute("SELECT cluster_id, status, speaker_id FROM quotes WHERE id = ?", [quote_id]).fetchone()
        if row is None:
            raise ReviewError(f"no quote {quote_id}")
        cluster, status, speaker = row
        if status == "pending":
            raise ReviewError("decide this quote first, then apply it to its family")
        if cluster is None:
            raise ReviewError("this quote has no family")
        members = [r[0] for r in db.execute(
            "SELECT id FROM quotes WHERE cluster_id = ? AND id != ? AND status = 'pending' ORDER BY article_id, start",
            [cluster, quote_id],
        )]
        ids, statuses, batch = [], {}, None
        for member in members:
            before = _state(db, member)
            after = {"status": status, "speaker_id": speaker, "reviewer": reviewer, "decided_at": now(),
                     "review_seconds": before["review_seconds"]}
            did = _record(db, member, reviewer, "family", before, after, 0.0, {"from": quote_id, "batch": batch})
            if batch is None:
                batch = did
                db.execute("UPDATE decisions SET after = json_set(after, '$.batch', ?) WHERE id = ?", [did, did])
            ids.append(did)
            statuses[member] = status
    return Outcome(ids, statuses, f"applied to {len(members)} family member(s)")


# --------------------------------------------------------------------------
# Undo


def undo(db: sqlite_utils.Database, reviewer: str) -> Outcome:
    """Take back this reviewer's last decision (a whole family batch at once)."""
    with _write(db):
        row = db.execute(
            "SELECT id, action, after FROM decisions WHERE reviewer = ? AND undone_by IS NULL AND action != 'undo' "
            "ORDER BY id DESC LIMIT 1",
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
    return Outcome(ids, statuses, f"undid {action}" + (f" ({len(targets)} quotes)" if len(targets) > 1 else ""))


def _undo_one(db, decision_id: int, reviewer: str) -> tuple[int, dict[str, str]]:
    quote_id, action, before_json, after_json = db.execute(
        "SELECT quote_id, action, before, after FROM decisions WHERE id = ?", [decision_id]
    ).fetchone()
    before, after = json.loads(before_json), json.loads(after_json)
    changed: dict[str, str] = {}
    if action == "merge":
        db.execute("UPDATE speakers SET merged_into = ? WHERE id = ?", [before["merged_into"], before["speaker_id"]])
        current, restored = after, before
    elif action == "split":
        db.execute("DELETE FROM aliases WHERE speaker_id = ? AND alias = ?", [after["speaker_id"], before["alias"]])
        for owner in before.get("owners", [before["speaker_id"]]):
            db.execute("INSERT OR IGNORE INTO aliases(speaker_id, alias) VALUES (?, ?)", [owner, before["alias"]])
        db.execute("UPDATE speakers SET merged_into = ? WHERE id = ?", [before["speaker_id"], after["speaker_id"]])
        for qid, sid in before["quotes"]:
            db.execute("UPDATE quotes SET speaker_id = ? WHERE id = ? AND speaker_id = ?", [sid, qid, after["speaker_id"]])
        current, restored = after, before
    else:
        current = _state(db, quote_id)
        restored = {k: before[k] for k in STATE_FIELDS}
        _record_state(db, quote_id, restored)
        changed[quote_id] = restored["status"]
    uid = _log(db, quote_id, reviewer, "undo", current, {**restored, "undoes": decision_id}, 0.0)
    db.execute("UPDATE decisions SET undone_by = ? WHERE id = ?", [uid, decision_id])
    return uid, changed


def _record_state(db, quote_id, state) -> None:
    db.execute(
        "UPDATE quotes SET status = ?, speaker_id = ?, reviewer = ?, decided_at = ?, review_seconds = ? WHERE id = ?",
        [state["status"], state["speaker_id"], state["reviewer"], state["decided_at"], state["review_seconds"], quote_id],
    )


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
        f"WITH RECURSIVE {_CANON} SELECT c.root, a.alias FROM aliases a JOIN canon c ON c.id = a.speaker_id ORDER BY a.alias"
    ):
        aliases.setdefault(root, []).append(alias)
    counts = dict(db.execute(
        f"WITH RECURSIVE {_CANON} SELECT c.root, COUNT(*) FROM quotes q "
        f"JOIN canon c ON c.id = {_SPEAKER} WHERE q.status != 'rejected' GROUP BY c.root"
    ).fetchall())
    rows = db.execute("SELECT id, name FROM speakers WHERE merged_into IS NULL ORDER BY name COLLATE NOCASE").fetchall()
    return [SpeakerRow(sid, name, sorted(set(aliases.get(sid, [])), key=str.lower), counts.get(sid, 0))
            for sid, name in rows]


def merge_speakers(db: sqlite_utils.Database, source: int, target: int, reviewer: str) -> Outcome:
    """Make ``source`` one entity with ``target``: its quotes and aliases follow."""
    with _write(db):
        src, dst = resolve_speaker_id(db, source), resolve_speaker_id(db, target)
        for sid in (source, target):
            if db.execute("SELECT 1 FROM speakers WHERE id = ?", [sid]).fetchone() is None:
                raise ReviewError(f"no speaker {sid}")
        if src == dst:
            raise ReviewError("those are already the same speaker")
        db.execute("UPDATE speakers SET merged_into = ? WHERE id = ?", [dst, src])
        did = _log(db, None, reviewer, "merge", {"speaker_id": src, "merged_into": None},
                   {"speaker_id": src, "merged_into": dst}, 0.0)
    return Outcome([did], {}, "merged")


def split_alias(db: sqlite_utils.Database, speaker_id: int, alias: str, reviewer: str) -> Outcome:
    """Move ``alias`` off a speaker into a new one, with the quotes that name it."""
    with _write(db):
        root = resolve_speaker_id(db, speaker_id)
        members = [r[0] for r in db.execute(
            f"WITH RECURSIVE {_CANON} SELECT id FROM canon WHERE root = ?", [root])]
        marks = ",".join("?" * len(members))
        owners = [r[0] for r in db.execute(
            f"SELECT speaker_id FROM aliases WHERE alias = ? AND speaker_id IN ({marks}) ORDER BY speaker_id",
            [alias, *members])]
        if not owners:
            raise ReviewError(f"{alias!r} is not an alias of this speaker")
        others = db.execute(f"SELECT COUNT(DISTINCT alias) FROM aliases WHERE speaker_id IN ({marks}) AND alias != ?",
                            [*members, alias]).fetchone()[0]
        if not others:
            raise ReviewError("a speaker's only name cannot be split off")
        new = db.execute("INSERT INTO speakers(name, kind) SELECT ?, kind FROM speakers WHERE id = ?",
                         [alias, root]).lastrowid
        for sid in owners:
            db.execute("UPDATE OR IGNORE aliases SET speaker_id = ? WHERE speaker_id = ? AND alias = ?", [new, sid, alias])
            db.execute("DELETE FROM aliases WHERE speaker_id = ? AND alias = ?", [sid, alias])
        quotes = db.execute(
            f"SELECT id, speaker_id FROM quotes WHERE speaker_id IN ({marks}) AND speaker_mention = ? COLLATE NOCASE",
            [*members, alias],
        ).fetchall()
        for qid, _ in quotes:
            db.execute("UPDATE quotes SET speaker_id = ? WHERE id = ?", [new, qid])
        did = _log(db, None, reviewer, "split",
                   {"speaker_id": root, "alias": alias, "owners": owners, "quotes": quotes},
                   {"speaker_id": new, "alias": alias, "quotes": [[q, new] for q, _ in quotes]}, 0.0)
    return Outcome([did], {}, f"split {alias!r} into a new speaker ({len(quotes)} quote(s) moved)")


def known_names(db: sqlite_utils.Database) -> list[tuple[int, str, str]]:
    """(live speaker id, alias, canonical name) for completion, aliases of merged speakers included."""
    return db.execute(
        f"WITH RECURSIVE {_CANON} SELECT DISTINCT c.root, a.alias, s.name FROM aliases a "
        "JOIN canon c ON c.id = a.speaker_id JOIN speakers s ON s.id = c.root ORDER BY a.alias COLLATE NOCASE"
    ).fetchall()


# --------------------------------------------------------------------------
# The queue: filter, order, search


#: Review orders: name -> description. Sorting happens in Python (see ``queue``).
ORDERS = {
    "article": "article order",
    "confidence": "lowest confidence first",
    "conflicts": "conflicts first",
}


@dataclass(frozen=True)
class Filter:
    status: str | None = None        # pending | verified | rejected; None for any
    outlet: str | None = None
    speaker_id: int | None = None    # follows merges
    below: float | None = None       # confidence strictly below
    conflicts: bool = False          # only families whose members disagree
    search: str | None = None        # words in the quote, its mention or its speaker's names

    def describe(self, speaker: str | None = None) -> str:
        parts = [self.status or "", self.outlet or "",
                 (speaker or f"speaker #{self.speaker_id}") if self.speaker_id is not None else "",
                 f"confidence < {self.below:g}" if self.below is not None else "",
                 "conflicts" if self.conflicts else "", f"search {self.search!r}" if self.search else ""]
        return ", ".join(p for p in parts if p) or "all quotes"


def _fts_query(text: str) -> str:
    words = re.findall(r"\w+", text)
    return " ".join(f'"{w}"' for w in words[:-1]) + (f' "{words[-1]}"*' if words else "")


def _where(db, flt: Filter) -> tuple[str, list]:
    clauses, params = [], []
    if flt.status:
        clauses.append("q.status = ?")
        params.append(flt.status)
    if flt.outlet:
        clauses.append("a.outlet = ?")
        params.append(flt.outlet)
    if flt.speaker_id is not None:
        clauses.append("c.root = ?")
        params.append(resolve_speaker_id(db, flt.speaker_id))
    if flt.below is not None:
        clauses.append("q.confidence < ?")
        params.append(flt.below)
    if flt.conflicts:
        clauses.append("q.cluster_id IN (SELECT cluster_id FROM conflicted)")
    if flt.search and re.search(r"\w", flt.search):
        clauses.append(
            "(q.rowid IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?) OR c.root IN "
            "(SELECT c2.root FROM aliases al JOIN canon c2 ON c2.id = al.speaker_id WHERE al.alias LIKE ?))"
        )
        params += [_fts_query(flt.search), f"%{flt.search.strip()}%"]
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


def queue(db: sqlite_utils.Database, flt: Filter = Filter(), order: str = "article") -> list[tuple[str, str]]:
    """(quote id, status) for every quote the filter lets through, in review order.

    The rows come unsorted and are sorted here: with 100,000 quotes that is
    several times faster than SQLite sorting a join for every order.
    """
    if order not in ORDERS:
        raise ReviewError(f"unknown order {order!r}; use one of {', '.join(ORDERS)}")
    where, params = _where(db, flt)
    joins = ""
    if flt.outlet:
        joins += " JOIN articles a ON a.id = q.article_id"
    if flt.speaker_id is not None or flt.search:
        joins += f" LEFT JOIN canon c ON c.id = {_SPEAKER}"
    ctes = [_CANON] if "c.root" in where or "canon" in joins else []
    conflicted: set[int] = set()
    if flt.conflicts or order == "conflicts":
        conflicted = conflicts(db)
        ctes.append("conflicted(cluster_id) AS (SELECT value FROM json_each(?))")
        params = [json.dumps(sorted(conflicted)), *params]
    extra = {"article": "", "confidence": ", q.confidence", "conflicts": ", q.cluster_id"}[order]
    rows = db.execute(
        (f"WITH RECURSIVE {', '.join(ctes)} " if ctes else "")
        + f"SELECT q.id, q.status, q.article_id, q.start{extra} FROM quotes q{joins} {where}",
        params,
    ).fetchall()
    rank = {aid: i for i, (aid,) in enumerate(db.execute("SELECT id FROM articles ORDER BY file, id"))}
    if order == "article":
        rows.sort(key=lambda r: (rank.get(r[2], -1), r[3]))
    elif order == "confidence":
        rows.sort(key=lambda r: (r[4], rank.get(r[2], -1), r[3]))
    else:
        rows.sort(key=lambda r: (r[4] not in conflicted, r[4] or 0, rank.get(r[2], -1), r[3]))
    return [(r[0], r[1]) for r in rows]


def queue_head(db: sqlite_utils.Database, flt: Filter = Filter(), order: str = "article",
               limit: int = 200) -> list[tuple[str, str]] | None:
    """The first ``limit`` entries of ``queue(db, flt, order)`` when they are cheap to get, else None.

    Only the unfiltered article order qualifies: it walks articles by file and
    their quotes by the ``quotes_article`` index, so the desk can paint before
    the whole queue is read.
    """
    if order != "article" or flt != Filter():
        return None
    head: list[tuple[str, str]] = []
    for (aid,) in db.execute("SELECT id FROM articles ORDER BY file, id").fetchall():
        head += db.execute("SELECT id, status FROM quotes WHERE article_id = ? ORDER BY start", [aid]).fetchall()
        if len(head) >= limit:
            break
    return head


@dataclass(frozen=True)
class Row:
    id: str
    status: str
    confidence: float
    speaker: str | None
    outlet: str | None
    text: str
    conflict: bool
    cluster: int | None = None


def rows(db: sqlite_utils.Database, ids: list[str]) -> dict[str, Row]:
    """Queue rows for a page of quote ids."""
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    found = db.execute(
        f"WITH RECURSIVE {_CANON} SELECT q.id, q.status, q.confidence, sp.name, a.outlet, substr(q.text, 1, 160), "
        "q.cluster_id FROM quotes q JOIN articles a ON a.id = q.article_id "
        f"LEFT JOIN canon c ON c.id = {_SPEAKER} LEFT JOIN speakers sp ON sp.id = c.root "
        f"WHERE q.id IN ({marks})",
        ids,
    ).fetchall()
    conflicted = conflicts(db, {r[6] for r in found if r[6] is not None})
    return {r[0]: Row(r[0], r[1], r[2], r[3], r[4], r[5], r[6] in conflicted, r[6]) for r in found}


def conflicts(db: sqlite_utils.Database, cluster_ids=None) -> set[int]:
    """The families (among ``cluster_ids``, or all) whose members name different people.

    Live: a pending member counts with its proposed speaker, a decided one with
    the reviewer's; rejected members and "no speaker" are left out, and two
    speakers whose names agree under ``same_name`` are not a conflict.
    """
    where, params = "", []
    if cluster_ids is not None:
        cluster_ids = list(cluster_ids)
        if not cluster_ids:
            return set()
        where, params = f"AND q.cluster_id IN (SELECT value FROM json_each(?))", [json.dumps(cluster_ids)]
    people: dict[int, dict[int, str]] = {}
    for cluster, root, name in db.execute(
        f"WITH RECURSIVE {_CANON} SELECT DISTINCT q.cluster_id, c.root, s.name FROM quotes q "
        f"JOIN canon c ON c.id = {_SPEAKER} JOIN speakers s ON s.id = c.root "
        f"WHERE q.cluster_id IS NOT NULL AND q.status != 'rejected' {where}",
        params,
    ):
        people.setdefault(cluster, {})[root] = name
    return {cluster for cluster, names in people.items()
            if len(names) > 1 and not all(same_name(a, b) for a, b in combinations(names.values(), 2))}


def outlets(db: sqlite_utils.Database) -> list[str]:
    return [r[0] for r in db.execute("SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL ORDER BY outlet")]


# --------------------------------------------------------------------------
# One quote in detail


@dataclass(frozen=True)
class Mark:
    start: int   # offsets into Context.passage
    end: int
    kind: str    # quote | cue | mention
    label: str = ""


@dataclass(frozen=True)
class Context:
    quote_id: str
    status: str
    speaker: str | None
    outlet: str | None
    date: str | None
    title: str | None
    file: str
    passage: str
    marks: list[Mark] = field(default_factory=list)


def context(db: sqlite_utils.Database, quote_id: str, margin: int = 1) -> Context:
    """The paragraphs around a quote with the quote, cue and candidate mentions marked."""
    row = db.execute(
        f"SELECT q.start, q.\"end\", q.cue_start, q.cue_end, q.status, {_SPEAKER}, "
        "a.outlet, a.date, a.title, a.file, a.text FROM quotes q JOIN articles a ON a.id = q.article_id WHERE q.id = ?",
        [quote_id],
    ).fetchone()
    if row is None:
        raise ReviewError(f"no quote {quote_id}")
    start, end, cue_start, cue_end, status, speaker, outlet, date, title, file, text = row
    lo, hi = _paragraphs(text, start, end, margin)
    marks = [Mark(start - lo, end - lo, "quote")]
    for rank, m_start, m_end in db.execute(
        "SELECT rank, mention_start, mention_end FROM candidates WHERE quote_id = ? AND mention_start IS NOT NULL "
        "ORDER BY rank", [quote_id]
    ):
        if lo <= m_start and m_end <= hi:
            marks.append(Mark(m_start - lo, m_end - lo, "mention", str(rank)))
    if cue_start is not None and lo <= cue_start and cue_end <= hi:
        marks.append(Mark(cue_start - lo, cue_end - lo, "cue"))
    name = None
    if speaker is not None:
        name = db.execute(f"WITH RECURSIVE {_CANON} SELECT s.name FROM canon c JOIN speakers s ON s.id = c.root "
                          "WHERE c.id = ?", [speaker]).fetchone()[0]
    return Context(quote_id, status, name, outlet, date, title, file, text[lo:hi], marks)


def _paragraphs(text: str, start: int, end: int, margin: int) -> tuple[int, int]:
    """Offsets of the quote's paragraph widened by ``margin`` non-empty paragraphs each side."""
    lo = text.rfind("\n", 0, start) + 1
    for _ in range(margin):
        prev = text[:lo].rstrip("\n")
        if not prev:
            break
        lo = prev.rfind("\n") + 1
    hi = text.find("\n", end)
    hi = len(text) if hi < 0 else hi
    for _ in range(margin):
        rest = len(text[hi:]) - len(text[hi:].lstrip("\n"))
        if hi + rest >= len(text):
            break
        nxt = text.find("\n", hi + rest)
        hi = len(text) if nxt < 0 else nxt
    return lo, hi


@dataclass(frozen=True)
class Candidate:
    rank: int
    speaker_id: int | None
    name: str | None
    mention: str | None
    score: float
    cue: str | None
    pattern: str | None
    evidence: str | None
    origin: str


def candidates(db: sqlite_utils.Database, quote_id: str) -> list[Candidate]:
    return [Candidate(*r) for r in db.execute(
        f"WITH RECURSIVE {_CANON} SELECT k.rank, c.root, s.name, k.mention, k.score, k.cue, k.pattern, k.evidence, "
        "k.origin FROM candidates k LEFT JOIN canon c ON c.id = k.speaker_id LEFT JOIN speakers s ON s.id = c.root "
        "WHERE k.quote_id = ? ORDER BY k.rank LIMIT 9",
        [quote_id],
    )]


@dataclass(frozen=True)
class Member:
    id: str
    outlet: str | None
    title: str | None
    text: str
    speaker: str | None
    status: str
    is_self: bool


@dataclass(frozen=True)
class Family:
    cluster_id: int | None
    members: list[Member]
    conflict: bool


def family(db: sqlite_utils.Database, quote_id: str) -> Family:
    """The quote's family across outlets, the quote itself first."""
    row = db.execute("SELECT cluster_id FROM quotes WHERE id = ?", [quote_id]).fetchone()
    if row is None or row[0] is None:
        return Family(None, [], False)
    members = [Member(r[0], r[1], r[2], r[3], r[4], r[5], r[0] == quote_id) for r in db.execute(
        f"WITH RECURSIVE {_CANON} SELECT q.id, a.outlet, a.title, q.text, sp.name, q.status FROM quotes q "
        f"JOIN articles a ON a.id = q.article_id LEFT JOIN canon c ON c.id = {_SPEAKER} "
        "LEFT JOIN speakers sp ON sp.id = c.root WHERE q.cluster_id = ? ORDER BY q.id != ?, a.outlet, q.start",
        [row[0], quote_id],
    )]
    return Family(row[0], members, bool(conflicts(db, [row[0]])))


_TOKEN = re.compile(r"\w+(?:['’]\w+)*|\s+|[^\w\s]")


def word_diff(base: str, other: str) -> list[tuple[str, bool]]:
    """``other`` cut into tokens, each flagged True when its word is not in ``base``'s wording."""
    tokens = _TOKEN.findall(other)
    words = [(i, t.lower()) for i, t in enumerate(tokens) if t[0].isalnum() or t[0] == "_"]
    base_words = [t.lower() for t in _TOKEN.findall(base) if t[0].isalnum() or t[0] == "_"]
    same: set[int] = set()
    matcher = difflib.SequenceMatcher(a=base_words, b=[w for _, w in words], autojunk=False)
    for block in matcher.get_matching_blocks():
        same.update(words[j][0] for j in range(block.b, block.b + block.size))
    return [(t, i not in same and (t[0].isalnum() or t[0] == "_")) for i, t in enumerate(tokens)]


# --------------------------------------------------------------------------
# Progress


@dataclass(frozen=True)
class Pace:
    decisions: int            # by this reviewer in the window
    per_hour: float
    median_seconds: float | None


def pace(db: sqlite_utils.Database, reviewer: str, window_minutes: int = 60) -> Pace:
    """How fast this reviewer has been deciding over the last hour."""
    since = (datetime.now(timezone.utc) - timedelta(minutes=window_minutes)).isoformat(timespec="seconds")
    secs = [r[0] for r in db.execute(
        "SELECT seconds FROM decisions WHERE reviewer = ? AND at >= ? AND undone_by IS NULL AND action IN "
        f"({','.join('?' * len(ANSWERS))})",
        [reviewer, since, *ANSWERS],
    )]
    if not secs:
        return Pace(0, 0.0, None)
    spent = [s for s in secs if s]
    median = statistics.median(spent) if spent else None
    per_hour = 3600.0 / median if median else 0.0
    return Pace(len(secs), per_hour, median)


def last_decided(db: sqlite_utils.Database, reviewer: str) -> str | None:
    """The quote of this reviewer's latest standing answer."""
    row = db.execute(
        f"SELECT quote_id FROM decisions WHERE reviewer = ? AND undone_by IS NULL AND action IN "
        f"({','.join('?' * len(ANSWERS))}) ORDER BY id DESC LIMIT 1",
        [reviewer, *ANSWERS],
    ).fetchone()
    return row[0] if row else None


def has_articles(db: sqlite_utils.Database) -> bool:
    """Whether anything has been ingested yet (the review command ingests the sample otherwise)."""
    return db.execute("SELECT 1 FROM articles LIMIT 1").fetchone() is not None
