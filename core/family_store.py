"""Writing families: one transaction per rebuild or update, all of it or none.

Families are stored in ``clusters`` (canonical wording = the longest member,
member and outlet counts), ``quotes.cluster_id`` (the family a quote is
shown in) and ``family_also`` (the other families of a quote that reports
several statements). Each new family takes
the old id most of its members had, so ids stay stable and only quotes
whose family changed are written.

Cross-outlet evidence is stored as what it is: where the members that name
a speaker mostly agree on X, each member that names nobody is offered X as
a candidate with ``origin = 'family'`` and the outlets as its evidence. Its
own proposal, speaker and confidence are never touched: they stay what the
article says, which is also what the next matching reads. A reviewed quote
that names someone gets no family candidate.

Rows are read before the write lock is taken (matching takes seconds): a
reviewer may decide a quote meanwhile, so what is written is checked
against the database's own state in SQL, never against what was read.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

import sqlite_utils

from .family_index import ELIGIBLE, ELIGIBLE_Q, settled, stale_clusters
from .matching import QuoteRecord
from .names import same_name
from .storage import transaction

#: meta key: quotes with a rowid up to this one have been matched.
_MARK = "families_matched_rowid"


@dataclass
class Row:
    """One quote as matching read it."""

    rec: QuoteRecord
    status: str
    speaker_id: int | None      # current answer
    cluster_id: int | None
    outlet: str
    also: frozenset = frozenset()  # the other families it is in (``family_also``)


def as_json(items) -> str:
    return json.dumps(list(items))


# ------------------------------------------------------ what an update has to do

@dataclass
class Work:
    focus: set[str]           # quotes to match: new since the last matching, or in a stale family
    stale: set[int]           # families whose members changed
    articles: set[str]        # the articles of ``focus``
    top: int                  # the highest quote rowid when the work was read
    left: bool                # unmatched quotes outside these articles (an interrupted run)
    noted: set[int]           # families the triggers noted as maybe stale, looked at here


def pending_work(db: sqlite_utils.Database, article_ids: list[str]) -> Work | None:
    """What ``families.update`` has to match for ``article_ids``; None when nothing."""
    mark = _watermark(db)
    top = db.execute("SELECT coalesce(max(rowid), 0) FROM quotes").fetchone()[0]
    arg = as_json(article_ids)
    # A re-detected quote that took over the family of the quote it replaced
    # (``pipeline.store_article``) is matched already.
    fresh = dict(db.execute(
        f"SELECT id, article_id FROM quotes WHERE rowid > ? AND {ELIGIBLE} AND cluster_id IS NULL "
        "AND article_id IN (SELECT value FROM json_each(?))", [mark, arg]).fetchall())
    stale, noted = stale_clusters(db)
    if not fresh and not stale:
        settled(db, noted)
        return None
    stale_members = members(db, stale) if stale else {}
    left = db.execute(
        f"SELECT count(*) FROM quotes WHERE rowid > ? AND {ELIGIBLE} "
        "AND article_id NOT IN (SELECT value FROM json_each(?))", [mark, arg]).fetchone()[0]
    focus = {**fresh, **stale_members}
    return Work(set(focus), stale, set(focus.values()), top, bool(left), noted)


def families_of_articles(db, article_ids) -> set[int]:
    """Every family that a quote matching reads in ``article_ids`` is in.

    Not through the ``family_members`` view: joined on the article, SQLite
    materialises the view, every quote of the archive, for a question about
    a few articles."""
    ids = as_json(sorted(article_ids))
    return {c for (c,) in db.execute(
        f"SELECT q.cluster_id FROM quotes q WHERE q.article_id IN (SELECT value FROM json_each(?)) "
        f"AND q.cluster_id IS NOT NULL AND {ELIGIBLE_Q} "
        f"UNION SELECT f.cluster_id FROM family_also f JOIN quotes q ON q.id = f.quote_id "
        f"WHERE q.article_id IN (SELECT value FROM json_each(?)) AND {ELIGIBLE_Q}", [ids, ids])}


def members(db, clusters) -> dict[str, str]:
    """Quote id -> article id, for every member matching reads of ``clusters``."""
    return dict(db.execute(
        f"SELECT q.id, q.article_id FROM family_members m JOIN quotes q ON q.id = m.quote_id "
        f"WHERE {ELIGIBLE_Q} AND m.cluster_id IN (SELECT value FROM json_each(?))",
        [as_json(sorted(clusters))]).fetchall())


def widen(db: sqlite_utils.Database, work: Work, clusters: set[int]) -> Work:
    """``work`` with ``clusters`` matched again too, as if they had lost a member."""
    more = members(db, clusters)
    return Work(work.focus | set(more), work.stale | clusters, work.articles | set(more.values()),
                work.top, work.left, work.noted)


def _watermark(db) -> int:
    row = db.execute("SELECT value FROM meta WHERE key = ?", [_MARK]).fetchone()
    return int(row[0]) if row else 0


def _set_watermark(db, rowid: int) -> None:
    db.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
               [_MARK, str(rowid)])


# ---------------------------------------------------------------- writing

def replace_all(db: sqlite_utils.Database, rows: list[Row], groups: list[list[int]], top: int,
                noted: set[int], containers=frozenset()) -> None:
    """Store ``groups`` as every family there is (a rebuild read after the families ``noted`` as maybe stale)."""
    with transaction(db):
        old = {r[0] for r in db.execute("SELECT id FROM clusters")}
        db.execute("DELETE FROM candidates WHERE origin = 'family'")
        db.execute("DELETE FROM family_also")
        _save(db, rows, groups, range(len(rows)), old, containers)
        db.execute("UPDATE quotes SET cluster_id = NULL WHERE (status = 'rejected' OR kind = 'not_speech') "
                   "AND cluster_id IS NOT NULL")
        settled(db, noted)
        _set_watermark(db, top)


def replace_some(db: sqlite_utils.Database, rows, groups: list[list[int]], members: list[int], old: set[int],
                 work: Work, containers=frozenset()) -> None:
    """Store ``groups`` in place of the families ``old`` (whose members are ``members``)."""
    with transaction(db):
        keys = as_json(rows[i].rec.key for i in members)
        db.execute("DELETE FROM candidates WHERE origin = 'family' AND quote_id IN (SELECT value FROM json_each(?))",
                   [keys])
        db.execute("DELETE FROM family_also WHERE quote_id IN (SELECT value FROM json_each(?)) "
                   "OR cluster_id IN (SELECT value FROM json_each(?))", [keys, as_json(sorted(old))])
        _save(db, rows, groups, members, old, containers)
        settled(db, work.noted)
        if not work.left:
            _set_watermark(db, work.top)


def clear(db: sqlite_utils.Database) -> None:
    """Forget every family (and that any quote was matched)."""
    with transaction(db):
        db.execute("DELETE FROM candidates WHERE origin = 'family'")
        db.execute("UPDATE quotes SET cluster_id = NULL WHERE cluster_id IS NOT NULL")
        db.execute("DELETE FROM family_also")
        db.execute("DELETE FROM clusters")
        db.execute("DELETE FROM meta WHERE key = ?", [_MARK])
        if "match_stale" in db.table_names():
            db.execute("DELETE FROM match_stale")


def _save(db, rows, groups: list[list[int]], scope, old_ids: set[int], containers=frozenset()) -> None:
    """Write ``groups``; the caller has cleared the ``family_also`` rows of ``scope`` and ``old_ids``.

    A quote in several families (a container) is shown in the largest: that
    one is its ``cluster_id``, the others are ``family_also`` rows.
    """
    taken = set()
    shown: dict[int, int] = {}  # row -> the family it is shown in
    for g in sorted(groups, key=len, reverse=True):
        votes = Counter(rows[i].cluster_id for i in g if rows[i].cluster_id in old_ids)
        cid = next((c for c, _ in votes.most_common() if c not in taken), None)
        cid = _store(db, rows, g, cid, shown, containers)
        taken.add(cid)
    loose = [rows[i].rec.key for i in scope if i not in shown and rows[i].cluster_id is not None]
    _set_cluster(db, loose, None)
    db.execute("UPDATE quotes SET cluster_id = NULL WHERE (status = 'rejected' OR kind = 'not_speech') "
               "AND cluster_id IN (SELECT value FROM json_each(?))", [as_json(sorted(old_ids))])
    for cid in old_ids - taken:
        db.execute("UPDATE quotes SET cluster_id = NULL WHERE cluster_id = ?", [cid])
        db.execute("DELETE FROM family_also WHERE cluster_id = ?", [cid])
        db.execute("DELETE FROM clusters WHERE id = ?", [cid])


def _set_cluster(db, keys: list[str], cluster_id: int | None) -> None:
    if keys:
        db.execute("UPDATE quotes SET cluster_id = ? WHERE id IN (SELECT value FROM json_each(?))",
                   [cluster_id, as_json(keys)])


def _store(db, rows, group: list[int], cluster_id: int | None, shown: dict[int, int], containers) -> int:
    # The family's wording is its longest member that reports this statement
    # alone; a container's text runs on into the next one.
    own = [i for i in group if i not in containers] or group
    canonical = max((rows[i].rec.text for i in own), key=lambda t: (len(t), t))
    outlets = len({rows[i].outlet for i in group})
    if cluster_id is None:
        cluster_id = db.execute("INSERT INTO clusters(canonical, size, outlets) VALUES (?,?,?)",
                                [canonical, len(group), outlets]).lastrowid
    else:
        db.execute("UPDATE clusters SET canonical=?, size=?, outlets=? WHERE id=?",
                   [canonical, len(group), outlets, cluster_id])
    first = [i for i in group if i not in shown]
    also = [rows[i].rec.key for i in group if i in shown]
    shown.update((i, cluster_id) for i in first)
    _set_cluster(db, [rows[i].rec.key for i in first if rows[i].cluster_id != cluster_id], cluster_id)
    if also:
        db.execute("INSERT OR IGNORE INTO family_also(quote_id, cluster_id) SELECT value, ? FROM json_each(?)",
                   [cluster_id, as_json(also)])
    _family_evidence(db, rows, group)
    return cluster_id


# ------------------------------------------------------- family evidence

def _votes(rows, group: list[int]) -> dict[tuple, set]:
    """Speaker -> the outlets that name them, one entry per person."""
    votes: dict[tuple, set] = {}
    for i in group:
        spk = rows[i].rec.speaker
        if spk is None:
            continue
        key = next((k for k in votes if k[0] == spk[0] or same_name(k[1], spk[1])), spk)
        votes.setdefault(key, set()).add(rows[i].outlet)
    return votes


def _family_evidence(db, rows, group: list[int]) -> None:
    """Offer the speaker most outlets agree on to the members naming nobody."""
    votes = _votes(rows, group)
    if not votes:
        return
    ranked = sorted(votes.items(), key=lambda kv: -len(kv[1]))
    (sid, name, *_), outlets = ranked[0]
    others = sum(len(o) for _, o in ranked[1:])
    if len(outlets) < 2 or len(outlets) < 2 * others:
        return  # no clear majority across outlets
    score = round(len(outlets) / (len(outlets) + others + 1), 3)
    evidence = f"{len(outlets)} outlet(s) in this family ({', '.join(sorted(outlets))}) attribute it to {name}"
    quiet = [rows[i].rec.key for i in group if rows[i].rec.speaker is None]
    # Decided meanwhile with a speaker: the reviewer has answered, no candidate.
    db.execute(
        "INSERT INTO candidates(quote_id, rank, speaker_id, mention, score, pattern, evidence, origin) "
        "SELECT q.id, (SELECT coalesce(max(rank), 0) + 1 FROM candidates WHERE quote_id = q.id), "
        "?, ?, ?, 'family', ?, 'family' FROM json_each(?) j CROSS JOIN quotes q ON q.id = j.value "
        "WHERE q.status = 'pending' OR q.speaker_id IS NULL",
        [sid, name, score, evidence, as_json(quiet)])
