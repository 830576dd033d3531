"""What matching needs of every stored quote, kept so an update costs only the new quotes.

Matching a new article against 100,000 stored quotes needs their stem codes
(``core.encoding``) for blocking, and only a few of them in full. Encoding
every stored quote again took most of an update, so each article's codes are
stored: ``match_articles`` holds, per article, the quotes matching reads
(neither rejected nor ``not_speech``), in order, with one line of codes
each, and ``match_stems`` the stem -> code table that gives those codes
their meaning in the next process.

The tables are matching's own cache, created on first use: a database
matched by an older version, or never, simply has every article to encode.
Triggers on ``quotes`` drop an article's row whenever what matching reads of
it changes (a quote added, removed, re-cut, rejected or marked
``not_speech``, or back), so a stored row is always current; ``refresh``
encodes the articles without one. They also note in ``match_stale`` each
family that may have lost a member (removed, rejected, ``not_speech``), so
an update counts the members of those families only, not of every family.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import numpy as np
import sqlite_utils

from .blocking import UNDATED, codes, focus_pairs
from .encoding import FIRST_CODE, Codebook, parse_day

_TABLES = ["""
CREATE TABLE IF NOT EXISTS match_stems (stem TEXT PRIMARY KEY, code INTEGER NOT NULL UNIQUE)""", """
CREATE TABLE IF NOT EXISTS match_articles (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    day INTEGER,                    -- the article's date as an ordinal
    n INTEGER NOT NULL,             -- quotes matching reads
    quotes TEXT NOT NULL,           -- JSON [quote id, ...] in article order
    encs TEXT NOT NULL              -- their stem codes, one line per quote
)""", """
CREATE TRIGGER IF NOT EXISTS match_quote_added AFTER INSERT ON quotes BEGIN
    DELETE FROM match_articles WHERE article_id = new.article_id;
END""", """
CREATE TRIGGER IF NOT EXISTS match_quote_removed AFTER DELETE ON quotes BEGIN
    DELETE FROM match_articles WHERE article_id = old.article_id;
END""", """
CREATE TABLE IF NOT EXISTS match_stale (cluster_id INTEGER PRIMARY KEY)""", """
CREATE TRIGGER IF NOT EXISTS match_member_removed AFTER DELETE ON quotes WHEN old.cluster_id IS NOT NULL BEGIN
    INSERT OR IGNORE INTO match_stale(cluster_id) VALUES (old.cluster_id);
END""", """
CREATE TRIGGER IF NOT EXISTS match_member_changed AFTER UPDATE OF status, kind ON quotes
WHEN old.cluster_id IS NOT NULL AND ((new.kind = 'not_speech') IS NOT (old.kind = 'not_speech')
    OR (new.status = 'rejected') IS NOT (old.status = 'rejected'))
BEGIN
    INSERT OR IGNORE INTO match_stale(cluster_id) VALUES (old.cluster_id);
END""", """
CREATE TRIGGER IF NOT EXISTS match_quote_changed AFTER UPDATE OF text, start, "end", kind, status, article_id ON quotes
WHEN new.text IS NOT old.text OR new.start IS NOT old.start OR new."end" IS NOT old."end"
    OR new.article_id IS NOT old.article_id
    OR (new.kind = 'not_speech') IS NOT (old.kind = 'not_speech')
    OR (new.status = 'rejected') IS NOT (old.status = 'rejected')
BEGIN
    DELETE FROM match_articles WHERE article_id IN (old.article_id, new.article_id);
END""", """
CREATE TRIGGER IF NOT EXISTS family_also_quote_removed AFTER DELETE ON quotes BEGIN
    INSERT OR IGNORE INTO match_stale(cluster_id) SELECT cluster_id FROM family_also WHERE quote_id = old.id;
    DELETE FROM family_also WHERE quote_id = old.id;
END""", """
CREATE TRIGGER IF NOT EXISTS family_also_member_changed AFTER UPDATE OF status, kind ON quotes
WHEN (new.kind = 'not_speech') IS NOT (old.kind = 'not_speech') OR (new.status = 'rejected') IS NOT (old.status = 'rejected')
BEGIN
    INSERT OR IGNORE INTO match_stale(cluster_id) SELECT cluster_id FROM family_also WHERE quote_id = old.id;
END"""]

#: The quotes matching reads, in the order every run numbers them.
ELIGIBLE = "status != 'rejected' AND kind != 'not_speech'"
#: The same, for a query that calls the quotes table ``q``.
ELIGIBLE_Q = "q." + ELIGIBLE.replace(" AND ", " AND q.")

#: meta key: family proposals written into quotes by versions before families were one-way are undone.
_ONE_WAY = "families_one_way"


@dataclass
class Index:
    """Every quote matching reads, numbered in (article, start) order."""

    book: Codebook
    articles: list[str]                 # one per stored article row, sorted
    counts: np.ndarray                  # quotes per article row
    days: np.ndarray                    # per quote, UNDATED for none
    encs: list[str]                     # per quote
    _ids: list[str | None] = field(default_factory=list)  # per article row: its JSON, parsed when asked
    _first: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    _row: dict = field(default_factory=dict)
    _arrays: tuple | None = None

    def __len__(self) -> int:
        return len(self.encs)

    def article_of(self, i: int) -> str:
        return self.articles[int(np.searchsorted(self._first, i, side="right") - 1)]

    def quotes_of(self, row: int) -> list[str]:
        ids = self._ids[row]
        if isinstance(ids, str):
            ids = self._ids[row] = json.loads(ids)
        return ids

    def positions(self, article_id: str) -> dict[str, int]:
        """Quote id -> index, for one article's quotes."""
        row = self._row.get(article_id)
        if row is None:
            return {}
        first = int(self._first[row])
        return {q: first + k for k, q in enumerate(self.quotes_of(row))}

    def pairs(self, focus) -> list[tuple[int, int]]:
        if self._arrays is None:  # kept for the next call: an update may widen its focus
            self._arrays = (np.repeat(np.arange(len(self.articles), dtype=np.int64), self.counts), codes(self.encs))
        art, coded = self._arrays
        return focus_pairs(self.encs, art, self.days, focus, coded)

    def all_encodings(self) -> dict[str, str]:
        out = {}
        for row in range(len(self.articles)):
            first = int(self._first[row])
            for k, q in enumerate(self.quotes_of(row)):
                out[q] = self.encs[first + k]
        return out


def refresh(db: sqlite_utils.Database) -> Codebook:
    """Inside a write transaction: encode every article whose row is missing; the run's codebook."""
    fresh = "match_stale" not in db.table_names()
    for statement in _TABLES:  # executescript would commit the caller's transaction
        db.execute(statement)
    if fresh:  # families changed before the triggers existed: look at every one, once
        db.execute("INSERT OR IGNORE INTO match_stale(cluster_id) SELECT id FROM clusters")
    if db.execute("SELECT 1 FROM meta WHERE key = ?", [_ONE_WAY]).fetchone() is None:
        _undo_family_proposals(db)
    stored = {stem: chr(code) for stem, code in db.execute("SELECT stem, code FROM match_stems")}
    top = db.execute("SELECT max(code) FROM match_stems").fetchone()[0]
    book = Codebook(stored, FIRST_CODE if top is None else top + 1)
    dirty = [r[0] for r in db.execute(
        "SELECT id FROM articles a WHERE NOT EXISTS (SELECT 1 FROM match_articles m WHERE m.article_id = a.id)")]
    for k in range(0, len(dirty), 2000):
        _encode_articles(db, book, dirty[k:k + 2000])
    if book.new:
        db.conn.executemany("INSERT INTO match_stems(stem, code) VALUES (?, ?)",
                            [(stem, ord(c)) for stem, c in book.new.items()])
        book.new.clear()
    return book


def _encode_articles(db, book: Codebook, article_ids: list[str]) -> None:
    arg = json.dumps(article_ids)
    dates = dict(db.execute("SELECT id, date FROM articles WHERE id IN (SELECT value FROM json_each(?))", [arg]))
    quotes: dict[str, list] = {aid: [] for aid in article_ids}
    for aid, qid, text in db.execute(
            f'SELECT article_id, id, text FROM quotes WHERE article_id IN (SELECT value FROM json_each(?)) '
            f'AND {ELIGIBLE} ORDER BY article_id, start, rowid', [arg]):
        quotes[aid].append((qid, book.encode(text)[1]))
    db.conn.executemany(
        "INSERT OR REPLACE INTO match_articles(article_id, day, n, quotes, encs) VALUES (?,?,?,?,?)",
        [(aid, parse_day(dates.get(aid)), len(qs), json.dumps([q for q, _ in qs]), "\n".join(e for _, e in qs))
         for aid, qs in quotes.items() if aid in dates])


def _undo_family_proposals(db) -> None:
    """Once per database: take back the proposals earlier versions wrote from family evidence.

    They set a pending quote's speaker, proposal and confidence from its
    family's majority; the family candidate row itself stays, as evidence.
    """
    db.execute(
        "UPDATE quotes SET speaker_id = NULL, proposed_speaker_id = NULL, confidence = 0 "
        "WHERE status = 'pending' AND id IN (SELECT quote_id FROM candidates WHERE origin = 'family')")
    db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, '1')", [_ONE_WAY])


def load(db: sqlite_utils.Database, book: Codebook) -> Index:
    """The stored index (after ``refresh``), every eligible quote numbered."""
    articles, days, counts, ids, encs = [], [], [], [], []
    for aid, day, n, quotes, enc in db.execute(
            "SELECT article_id, day, n, quotes, encs FROM match_articles WHERE n > 0 ORDER BY article_id"):
        articles.append(aid)
        counts.append(n)
        days.append(UNDATED if day is None else day)
        ids.append(quotes)
        encs.extend(enc.split("\n") if n > 1 else [enc])
    counts_arr = np.asarray(counts, dtype=np.int64)
    first = np.cumsum(counts_arr) - counts_arr
    return Index(book, articles, counts_arr, np.repeat(np.asarray(days, dtype=np.int64), counts_arr), encs,
                 ids, first, {a: k for k, a in enumerate(articles)})


def forget(db: sqlite_utils.Database) -> None:
    """Drop the stored encodings (the benchmark's "before": every quote encoded again)."""
    if "match_articles" in db.table_names():
        db.execute("DELETE FROM match_articles")
        db.execute("DELETE FROM match_stems")


def stale_clusters(db: sqlite_utils.Database) -> tuple[set[int], set[int]]:
    """(families whose stored size no longer matches their members, every family noted as maybe so)."""
    noted = {r[0] for r in db.execute("SELECT cluster_id FROM match_stale")}
    if not noted:
        return set(), noted
    return {r[0] for r in db.execute(
        f"SELECT c.id FROM clusters c WHERE c.id IN (SELECT value FROM json_each(?)) AND c.size != "
        # Counted per table: correlated, the family_members view would be
        # materialised (every quote of the archive) for each family.
        f"(SELECT count(*) FROM quotes q WHERE q.cluster_id = c.id AND {ELIGIBLE_Q}) + "
        f"(SELECT count(*) FROM family_also f JOIN quotes q ON q.id = f.quote_id "
        f"WHERE f.cluster_id = c.id AND {ELIGIBLE_Q})",
        [json.dumps(sorted(noted))])}, noted


def settled(db: sqlite_utils.Database, noted: set[int]) -> None:
    """Inside the write that re-formed them: the families ``noted`` are looked at."""
    db.execute("DELETE FROM match_stale WHERE cluster_id IN (SELECT value FROM json_each(?))",
               [json.dumps(sorted(noted))])
