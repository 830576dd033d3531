"""Quote families: one statement as reported by several articles.

A family is a connected group of quotes from at least two articles that
``core.matching`` judges to be the same statement. Rejected and
``not_speech`` quotes are left out (titles, nicknames, scare quotes are not
statements, and two outlets naming one song are not quoting anyone).

``rebuild`` recomputes every family; ``update`` adds the quotes of some
articles to the families already stored, scoring only pairs that touch
them, over the codes ``core.family_index`` keeps, so it costs what the new
quotes cost. Both hand the families to ``core.family_store``, which writes
them in one transaction. Matching is a one-way stage: it reads what each
article says (its own proposal, or the reviewer's answer) and writes
families and family evidence, never a quote's speaker. Reading families
back is ``core.family_read``.
"""

from __future__ import annotations

import json

import sqlite_utils

from . import family_index, family_store, statements
from .encoding import ArticleContext, Codebook, parse_day
from .family_index import ELIGIBLE_Q, Index
from .family_store import Row
from .matching import Matcher, QuoteRecord, prepare, speaker_key
from .storage import snapshot, transaction

#: An incremental update that touches more than this share of the quotes
#: scores every pair.
REBUILD_SHARE = 0.5


# ----------------------------------------------------------------- loading

class _Contexts:
    """Reads a quote's context from its article when matching first needs it.

    Most quotes never need one (no candidate gets past the word test), so an
    incremental update reads only the few articles its new quotes touch.
    """

    def __init__(self, db, book: Codebook, keep: int = 2048):
        self.db, self.book, self.keep = db, book, keep
        self.articles: dict[str, ArticleContext] = {}

    def __call__(self, rec: QuoteRecord) -> tuple[str, str]:
        art = self.articles.get(rec.article)
        if art is None:
            if len(self.articles) >= self.keep:
                self.articles.pop(next(iter(self.articles)))
            row = self.db.execute("SELECT text FROM articles WHERE id = ?", [rec.article]).fetchone()
            art = self.articles[rec.article] = ArticleContext(row[0] if row else "", self.book)
        return art.contexts(rec.start, rec.end, self.book.own_context_codes(rec.norm))


def _speakers(db, ids) -> dict[int, tuple]:
    """Speaker id -> matching's key for the entity it now belongs to (merges followed)."""
    out, keys = {}, {}
    for sid, root, name in db.execute(
            "SELECT s.id, s.root, r.name FROM speakers s JOIN speakers r ON r.id = s.root "
            "WHERE s.id IN (SELECT value FROM json_each(?))",
            [family_store.as_json(sorted(ids))]):
        out[sid] = keys.setdefault(root, speaker_key(root, name))
    return out


_QUOTES_SQL = f"""
SELECT q.id, q.article_id, q.start, q."end", q.text, q.status, q.speaker_id, q.proposed_speaker_id,
       q.cluster_id, a.date, coalesce(a.outlet, a.file), q.kind,
       (SELECT json_group_array(f.cluster_id) FROM family_also f WHERE f.quote_id = q.id)
FROM quotes q JOIN articles a ON a.id = q.article_id
WHERE {ELIGIBLE_Q} {{where}}
ORDER BY q.article_id, q.start, q.rowid
"""


def _rows(db, book: Codebook, found, encs: dict[str, str]) -> list[Row]:
    """Rows for quotes read with ``_QUOTES_SQL``: what each article itself says."""
    context = _Contexts(db, book)
    rows, own = [], []
    for qid, aid, start, end, text, status, sid, psid, cid, date, outlet, kind, also in found:
        rec = QuoteRecord(key=qid, article=aid, text=text, start=start, end=end, day=parse_day(date), context=context,
                          full=kind == "full")
        rows.append(Row(rec, status, sid, cid, outlet, frozenset(json.loads(also)) if also != "[]" else frozenset()))
        # A pending quote counts with the machine's proposal, a decided one with the reviewer's answer.
        own.append(sid if status != "pending" else psid)
    speakers = _speakers(db, {s for s in own if s is not None})
    for row, mine in zip(rows, own):
        if mine is not None:
            row.rec.speaker = speakers.get(mine)
    prepare([r.rec for r in rows], book, encs)
    return rows


def _load(db) -> tuple[list[Row], Codebook, set[int]]:
    """Every quote matching reads, in index order; and the families noted as maybe stale then."""
    with transaction(db):
        book = family_index.refresh(db)
    with snapshot(db):
        noted = {r[0] for r in db.execute("SELECT cluster_id FROM match_stale")}
        encs = family_index.load(db, book).all_encodings()
        return _rows(db, book, db.conn.execute(_QUOTES_SQL.format(where="")), encs), book, noted


# ---------------------------------------------------------------- building

def rebuild(db: sqlite_utils.Database) -> int:
    """Recompute every family from scratch; returns how many there are.

    A family that comes out with mostly the same members keeps its id.
    """
    top = db.execute("SELECT coalesce(max(rowid), 0) FROM quotes").fetchone()[0]
    rows, book, noted = _load(db)
    recs = [r.rec for r in rows]
    groups, containers = statements.group(recs, Matcher(book).match(recs), book)
    family_store.replace_all(db, rows, groups, top, noted, set(containers))
    return len(groups)


def update(db: sqlite_utils.Database, article_ids) -> int:
    """Add the quotes of ``article_ids`` that are new since the last matching.

    Only pairs with at least one such quote are scored, against every stored
    quote; families already stored stay joined and keep their ids. A family
    that lost members (re-detection, rejection) is re-formed from the rest.
    Quotes of articles that were already matched (an unchanged file ingested
    again) cost nothing. Returns the number of families touched.
    """
    article_ids = sorted(set(article_ids or ()))
    with transaction(db):
        book = family_index.refresh(db)
        work = family_store.pending_work(db, article_ids)
        if work is None:
            return 0
        index = family_index.load(db, book)
        if len(work.focus) <= REBUILD_SHARE * len(index):
            return _incremental(db, index, work)
    # Scoring every pair costs no more than scoring most of them; the
    # families already stored still stay joined. Read outside the write lock.
    rows, book, _ = _load(db)
    focus = set(range(len(rows)))
    return _merge(db, dict(enumerate(rows)), focus, Matcher(book).match([r.rec for r in rows]), work, book)


#: Times an incremental update widens its work to families of quotes that report several statements.
_WIDEN = 4


def _incremental(db, index: Index, work: family_store.Work) -> int:
    """Inside the write transaction: load only the quotes the new ones can touch, then match.

    A quote that reports several statements, or may (a whole quote matches
    some of its sentences alone), is never kept in its families by what is
    stored: they are matched again, whole, with it. Each widening reads and
    pairs only what the last one had not.
    """
    seen = _Touched()
    for _ in range(_WIDEN):
        rows, focus, edges = _score(db, index, work, seen)
        maybe = statements.partly_quoted({i: r.rec for i, r in rows.items()}, edges, index.book)
        unsettled = _families_of(rows, maybe) - work.stale
        if not unsettled:
            break
        work = family_store.widen(db, work, unsettled)
    return _merge(db, rows, focus, edges, work, index.book)


class _Touched:
    """What an incremental update has paired and loaded so far (by index position)."""

    def __init__(self):
        self.focus: set[int] = set()
        self.pairs: set[tuple[int, int]] = set()
        self.rows: dict[int, Row] = {}
        self.articles: set[str] = set()  # loaded
        self.asked: set[str] = set()  # whose families were looked up


def _score(db, index: Index, work: family_store.Work, seen: _Touched) -> tuple[dict[int, Row], set[int], list]:
    """The rows an update touches (by index position), its focus, and the pairs accepted among them."""
    where = {}  # quote id -> index
    for aid in sorted(work.articles):
        where.update(index.positions(aid))
    focus = {where[q] for q in work.focus if q in where}
    # A pair is a pair of the focus when either quote is: the pairs of a wider
    # focus are those already found and those of the quotes it adds.
    seen.pairs.update(index.pairs(focus - seen.focus))
    seen.focus |= focus
    pairs = sorted(seen.pairs)
    touched = focus | {k for p in pairs for k in p}
    # Every quote of an article a pair touches (its neighbours decide pieces of
    # one statement), and every member of a family any of them is in.
    articles = {index.article_of(i) for i in touched}
    clusters = family_store.families_of_articles(db, articles - seen.asked)
    seen.asked |= articles
    articles |= set(family_store.members(db, clusters).values())
    for aid in articles:
        where.update(index.positions(aid))
    new = sorted(articles - seen.articles)
    found = db.execute(_QUOTES_SQL.format(
        where="AND q.article_id IN (SELECT value FROM json_each(?))"), [family_store.as_json(new)])
    seen.rows.update((where[r.rec.key], r) for r in _rows(db, index.book, found, {q: index.encs[i] for q, i in where.items()}))
    seen.articles |= set(new)
    rows = dict(seen.rows)
    edges = Matcher(index.book).match({i: r.rec for i, r in rows.items()}, focus, pairs)
    return rows, focus, edges


def _families_of(rows: dict[int, Row], containers) -> set[int]:
    """Every stored family of ``containers`` and of the quotes that reported several statements when last matched."""
    out = set()
    for i, r in rows.items():
        if i in containers or r.also:
            out |= r.also | ({r.cluster_id} if r.cluster_id is not None else set())
    return out


def _merge(db, rows: dict[int, Row], focus: set[int], edges, work: family_store.Work, book: Codebook) -> int:
    """Join ``edges`` into the stored families and store the families they touch."""
    recs = {i: r.rec for i, r in rows.items()}
    containers = statements.containers_of(recs, edges, book)
    # Families already stored stay joined, but for those of a quote that
    # reports several statements: every pair of theirs was scored again.
    loose = _families_of(rows, containers) | work.stale
    anchors = {i: r.cluster_id for i, r in rows.items() if r.cluster_id is not None and r.cluster_id not in loose}
    groups, _ = statements.group(recs, edges, book, anchors, containers)
    groups = [g for g in groups if focus.intersection(g)]
    members = sorted(focus.union(*groups))
    old = {c for i in members for c in rows[i].also | {rows[i].cluster_id} if c is not None} | work.stale
    family_store.replace_some(db, rows, groups, members, old, work, set(containers))
    return len(groups)


def clear(db: sqlite_utils.Database) -> None:
    """Forget every family (and that any quote was matched)."""
    family_store.clear(db)
