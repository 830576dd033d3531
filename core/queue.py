"""The review queue: which quotes the desk lists, in what order, and the reviewer's pace.

Everything here only reads; decisions are made in ``core.review``.
Nothing here imports a UI library.
"""

from __future__ import annotations

import json
import math
import os
import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone

import sqlite_utils

from .answers import ANSWERS
from .decisions import ReviewError
from .speakers import SHOWN_SPEAKER, SPOKEN_BY, entity, resolve
from .family_read import conflicts  # the one definition, shared with the CLI and export
from .viewpoint import BLIND_QUEUE, quotes_as_seen


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
    status: str | None = None        # pending | verified | rejected | disputed; None for any
    outlet: str | None = None
    speaker_id: int | None = None    # follows merges
    below: float | None = None       # confidence strictly below
    conflicts: bool = False          # only families whose members disagree
    search: str | None = None        # words in the quote, its mention or its speaker's names
    blind_for: str | None = None     # a blind pass: what others decided and this reviewer has not
    flagged: bool = False            # only quotes flagged for a second look (core.annotate.flag)

    def describe(self, speaker: str | None = None) -> str:
        parts = [self.status or "", self.outlet or "",
                 (speaker or f"speaker #{self.speaker_id}") if self.speaker_id is not None else "",
                 f"confidence < {self.below:g}" if self.below is not None else "",
                 "conflicts" if self.conflicts else "", "flagged" if self.flagged else "",
                 f"search {self.search!r}" if self.search else "",
                 "blind: decided by others, not by you" if self.blind_for else ""]
        return ", ".join(p for p in parts if p) or "all quotes"


def search_words(text: str) -> list[str]:
    """The words of a search, as the full-text index splits text: runs of letters and digits.

    Everything else (``*``, ``"``, ``%``, ``_``, ``-``) only separates words,
    and the words are quoted, so no input is FTS5 query syntax: ``AND`` or
    ``NEAR`` is a word like any other.
    """
    return re.findall(r"[^\W_]+", text)


def _fts_query(words: list[str]) -> str:
    """Each word as a quoted FTS5 phrase (so ``AND``, ``NEAR`` or ``-`` mean nothing), the last one a prefix."""
    return " ".join(f'"{w}"' for w in words[:-1]) + f' "{words[-1]}"*'


def _like_literal(text: str) -> str:
    """``text`` for ``LIKE ... ESCAPE '\\'``: its ``%`` and ``_`` match only themselves."""
    return re.sub(r"([\\%_])", r"\\\1", text)


def confidence_below(text: str) -> float | None:
    """The reviewer's "confidence below" threshold, or None when left empty.

    A threshold outside 0-1 (``nan``, ``inf``, ``-0.1``, ``1.5``) would
    silently show nothing or everything; it is refused with the reason.
    """
    text = text.strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    return _threshold(value, text)


def _threshold(value: float, typed: str) -> float:
    if not 0.0 <= value <= 1.0:  # also false for nan
        raise ReviewError(f"confidence must be a number from 0 to 1, such as 0.6 (got {typed!r})")
    return value


def check(flt: Filter) -> None:
    """Refuse a filter that would not filter what it says (``ReviewError`` with the reason)."""
    if flt.search and not search_words(flt.search):
        raise ReviewError(f"nothing to search for in {flt.search!r}: search needs a word or a name")
    if flt.below is not None:
        _threshold(flt.below, f"{flt.below:g}")


def _by_shown_speaker(condition: str) -> str:
    """The rowids of the quotes meeting ``condition`` on their shown speaker,
    read through its index by name: with an archive's statistics SQLite would
    otherwise read every quote to test it."""
    return f"SELECT q.rowid FROM quotes q INDEXED BY quotes_shown_speaker WHERE {condition}"


def _where(db, flt: Filter) -> tuple[str, list]:
    check(flt)
    clauses, params = [], []
    if flt.status:
        clauses.append("q.status = ?")
        params.append(flt.status)
    if flt.outlet:
        clauses.append("a.outlet = ?")
        params.append(flt.outlet)
    if flt.speaker_id is not None:
        # (A speaker with a twentieth of a million quotes made SQLite read them all.)
        clauses.append(SPOKEN_BY if flt.blind_for is not None else f"q.rowid IN ({_by_shown_speaker(SPOKEN_BY)})")
        params.append(resolve(db, flt.speaker_id))
    if flt.below is not None:
        clauses.append("q.confidence < ?")
        params.append(flt.below)
    if flt.conflicts:
        clauses.append("q.cluster_id IN (SELECT cluster_id FROM conflicted)")
    if flt.flagged:
        clauses.append("q.flag IS NOT NULL")
    if flt.blind_for:
        clauses.append(BLIND_QUEUE)
    if flt.search:
        typed = flt.search.strip()
        # Three letters or more and nothing LIKE would read as a wildcard:
        # the aliases' trigram index finds them (it cannot with ESCAPE).
        alias_like = ("al.id IN (SELECT rowid FROM aliases_grams WHERE alias LIKE ?)"
                      if len(typed) >= 3 and not set(typed) & set("%_\\") else "al.alias LIKE ? ESCAPE '\\'")
        named = (f"{SHOWN_SPEAKER} IN (SELECT +m.id FROM speakers m WHERE m.root IN (SELECT s.root FROM aliases al "
                 f"JOIN speakers s ON s.id = al.speaker_id WHERE {alias_like}))")
        words = "SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?"
        if flt.blind_for is None:
            # The words, or a name of the quote's speaker: one set of rowids
            # from FTS5 and the shown-speaker index together. Written as an
            # OR, SQLite reads every quote to test both.
            clauses.append(f"q.rowid IN ({words} UNION {_by_shown_speaker(named)})")
        else:  # the blind view's speaker is computed, with no index to search
            clauses.append(f"(q.rowid IN ({words}) OR {named})")
        params += [_fts_query(search_words(flt.search)), f"%{_like_literal(typed)}%"]
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
    cte, conflicted = "", set()
    if flt.conflicts or order == "conflicts":
        conflicted = conflicts(db)
        cte = "WITH conflicted(cluster_id) AS (SELECT value FROM json_each(?)) "
        params = [json.dumps(sorted(conflicted)), *params]
    extra = {"article": "", "confidence": ", q.confidence", "conflicts": ", q.cluster_id"}[order]
    rows = db.execute(
        f"{cte}SELECT q.id, q.status, q.article_id, q.start{extra} FROM {quotes_as_seen(db, flt.blind_for)} q{joins} {where}",
        params,
    ).fetchall()
    rank = _article_order(db, {r[2] for r in rows})
    if order == "article":
        rows.sort(key=lambda r: (rank.get(r[2], -1), r[3]))
    elif order == "confidence":
        rows.sort(key=lambda r: (r[4], rank.get(r[2], -1), r[3]))
    else:
        rows.sort(key=lambda r: (r[4] not in conflicted, r[4] or 0, rank.get(r[2], -1), r[3]))
    return [(r[0], r[1]) for r in rows]


def _article_order(db: sqlite_utils.Database, article_ids: set[str]) -> dict[str, int]:
    """Each article's place in review order (by file, then id), for these articles.

    A filter that finds 400 quotes in a million reads only their articles,
    by key, not all 70,000 of them; past a few thousand articles one ordered
    read of the whole table is cheaper.
    """
    if len(article_ids) > _BY_KEY:
        # Read once per state of the articles table (they are only ever
        # added, or removed by a merge of databases): a search in a large
        # archive lists tens of thousands of quotes, and reading the order
        # of every article was a third of its time.
        path = db.execute("PRAGMA database_list").fetchone()[2]
        try:
            inode = os.stat(path).st_ino if path else None  # a file made anew at the same path is another
        except OSError:
            inode = None
        state = (path, inode, *db.execute("SELECT count(*), max(rowid), min(rowid) FROM articles").fetchone())
        cached = _order_cache.get("last")
        if path and inode is not None and cached is not None and cached[0] == state:
            return cached[1]
        order = {aid: i for i, (aid,) in enumerate(db.execute("SELECT id FROM articles ORDER BY file, id"))}
        if path and inode is not None:  # an in-memory database is never cached
            _order_cache["last"] = (state, order)  # one tuple: threads never pair one's state with another's order
        return order
    found = db.execute("SELECT id, file FROM articles WHERE id IN (SELECT value FROM json_each(?))",
                       [json.dumps(sorted(article_ids))]).fetchall()
    return {aid: i for i, (aid, _) in enumerate(sorted(found, key=lambda r: (r[1], r[0])))}


#: Articles up to which ``_article_order`` looks each one up rather than reading them all.
_BY_KEY = 2000
#: The last order read whole, and the state of the articles table it was read in.
_order_cache: dict = {}


def queue_head(db: sqlite_utils.Database, flt: Filter = Filter(), order: str = "article",
               limit: int = 200) -> list[tuple[str, str]] | None:
    """The first ``limit`` entries of ``queue(db, flt, order)`` when they are cheap to get, else None.

    Article order qualifies, unfiltered or filtered by status or outlet: SQLite
    walks the articles by file (by outlet and file, ``articles_outlet``) and
    their quotes by ``quotes_article``, and stops at ``limit``, so the desk
    paints before the whole queue is read, however many quotes match. So does
    a search for words many quotes hold (a tenth of a million-quote archive
    holds "sanctions": the whole list takes a quarter of a second or more);
    a rarer search is quicker in full, as the speaker filter is by its index.
    """
    if order != "article" or replace(flt, status=None, outlet=None, search=None) != Filter():
        return None
    if flt.search and not _common_words(db, flt.search):
        return None
    where, params = _where(db, flt)  # the status and outlet clauses only
    # CROSS JOIN keeps articles the outer loop (SQLite never reorders it), so
    # only each article's few quotes are ever sorted.
    return [tuple(r) for r in db.execute(
        f"SELECT q.id, q.status FROM articles a CROSS JOIN quotes q ON q.article_id = a.id {where} "
        f"ORDER BY a.file, a.id, q.start LIMIT ?", [*params, limit]).fetchall()]


#: Quotes holding a search's words past which the desk's first page is read on its own.
HEAD_SEARCH_MATCHES = 2000


def _common_words(db: sqlite_utils.Database, text: str) -> bool:
    """Whether at least ``HEAD_SEARCH_MATCHES`` quotes hold the words (FTS5 counts them in milliseconds)."""
    words = search_words(text)
    if not words:
        return False
    return db.execute("SELECT count(*) FROM (SELECT 1 FROM quotes_fts WHERE quotes_fts MATCH ? LIMIT ?)",
                      [_fts_query(words), HEAD_SEARCH_MATCHES]).fetchone()[0] >= HEAD_SEARCH_MATCHES


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
    joint: int = 0                   # further speakers of a joint quotation
    flagged: bool = False


def rows(db: sqlite_utils.Database, ids: list[str], viewer: str | None = None) -> dict[str, Row]:
    """Queue rows for a page of quote ids (as ``viewer`` sees them in a blind pass)."""
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    found = db.execute(
        f"SELECT q.id, q.status, q.confidence, sp.name, a.outlet, substr(q.text, 1, 160), "
        f"q.cluster_id, json_array_length(q.co_speakers), q.flag IS NOT NULL "
        f"FROM {quotes_as_seen(db, viewer)} q JOIN articles a ON a.id = q.article_id "
        f"{entity(SHOWN_SPEAKER, 'sp')} WHERE q.id IN ({marks})",
        ids,
    ).fetchall()
    # Whether a family's members disagree is other reviewers' work: not for a blind pass.
    conflicted = set() if viewer else conflicts(db, {r[6] for r in found if r[6] is not None})
    return {r[0]: Row(r[0], r[1], r[2], r[3], r[4], r[5], r[6] in conflicted, r[6], r[7] or 0, bool(r[8]))
            for r in found}


def outlets(db: sqlite_utils.Database) -> list[str]:
    return [r[0] for r in db.execute("SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL ORDER BY outlet")]


# --------------------------------------------------------------------------
# Progress


@dataclass(frozen=True)
class Pace:
    decisions: int            # answers by this reviewer in the window
    per_hour: float
    seconds_each: float | None   # time spent per answer; None until MIN_PACE answers


#: Answers before a pace is shown: two or three quick confirms are no rate.
MIN_PACE = 5


def pace(db: sqlite_utils.Database, reviewer: str, window_minutes: int = 60) -> Pace:
    """How fast this reviewer has been deciding over the last hour.

    The time spent (on answers and on skipped quotes alike) divided by the
    answers given: a steady figure, where the median of single answers swung
    from one quick confirm to the next ("0.4 s each (≈8392/h)").
    """
    since = (datetime.now(timezone.utc) - timedelta(minutes=window_minutes)).isoformat(timespec="seconds")
    answered, spent = db.execute(
        f"SELECT COALESCE(SUM(action IN ({','.join('?' * len(ANSWERS))})), 0), COALESCE(SUM(seconds), 0) "
        "FROM decisions WHERE reviewer = ? AND at >= ? AND undone_by IS NULL AND action != 'undo'",
        [*ANSWERS, reviewer, since],
    ).fetchone()
    if answered < MIN_PACE or not spent:
        return Pace(answered, 0.0, None)
    each = spent / answered
    return Pace(answered, 3600.0 / each, each)


def last_decided(db: sqlite_utils.Database, reviewer: str) -> str | None:
    """The quote of this reviewer's latest standing answer."""
    row = db.execute(
        f"SELECT quote_id FROM decisions WHERE reviewer = ? AND undone_by IS NULL AND action IN "
        f"({','.join('?' * len(ANSWERS))}) ORDER BY id DESC LIMIT 1",
        [reviewer, *ANSWERS],
    ).fetchone()
    return row[0] if row else None


def resume_point(db: sqlite_utils.Database, reviewer: str) -> tuple[str, bool] | None:
    """Where this reviewer stopped: the quote of their latest decision on a quote,
    and whether the desk should stay on it (an undo brought them back to it)
    rather than go on after it."""
    row = db.execute("SELECT quote_id, action FROM decisions WHERE reviewer = ? AND quote_id IS NOT NULL "
                     "ORDER BY id DESC LIMIT 1", [reviewer]).fetchone()
    return (row[0], row[1] == "undo") if row else None


def skipped(db: sqlite_utils.Database, reviewer: str, quote_ids=None) -> set[str]:
    """Quotes (among ``quote_ids``, or all) this reviewer's latest word on was a skip.

    The desk offers them again at the end of a pass, not every time it passes them.
    """
    only, params = "", [reviewer]
    if quote_ids is not None:
        only, params = "AND quote_id IN (SELECT value FROM json_each(?))", [reviewer, json.dumps(list(quote_ids))]
    return {r[0] for r in db.execute(
        "SELECT d.quote_id FROM decisions d WHERE d.action = 'skip' AND d.id IN (SELECT max(id) FROM decisions "
        "WHERE reviewer = ? AND quote_id IS NOT NULL AND undone_by IS NULL AND action NOT IN ('undo', 'superseded') "
        f"{only} GROUP BY quote_id)", params)}


def has_articles(db: sqlite_utils.Database) -> bool:
    """Whether anything has been ingested yet (the review command ingests the sample otherwise)."""
    return db.execute("SELECT 1 FROM articles LIMIT 1").fetchone() is not None
