"""Quote families: one statement as reported by several articles.

A family is a connected group of quotes from at least two articles that
``core.matching`` judges to be the same statement. Families are stored in
``clusters`` (canonical wording = the longest member, member and outlet
counts, a conflict flag when members name different speakers) and in
``quotes.cluster_id``.

``rebuild`` recomputes every family; ``update`` adds the quotes of some
articles to the families already stored, comparing only pairs that touch
them. Both end with the family evidence for attribution: where the members
that name a speaker mostly agree on X, a member that names nobody gets a
candidate X with ``origin = 'family'`` (and, while it is pending, X as its
proposed speaker). Reviewed quotes keep their speaker; rejected quotes are
left out, and so are ``not_speech`` quotes (titles, nicknames, scare
quotes): they are not statements, and two outlets naming one song are not
quoting anyone.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass

import sqlite_utils

from . import matching
from .matching import ArticleContext, QuoteRecord, parse_day, prepare, quote_context_codes, speaker_key
from .names import same_name
from .storage import transaction

#: An incremental update that touches more than this share of the quotes
#: scores every pair.
REBUILD_SHARE = 0.5


@dataclass
class Family:
    id: int
    canonical: str
    size: int
    outlets: int
    conflict: bool
    speakers: list  # (name, outlets naming them)
    outlet_names: list


# ----------------------------------------------------------------- loading

def _speaker_table(db) -> dict[int, tuple[int, str]]:
    rows = {sid: (name, merged) for sid, name, merged in db.execute("SELECT id, name, merged_into FROM speakers")}
    out = {}
    for sid in rows:
        cur, seen = sid, set()
        while rows[cur][1] is not None and rows[cur][1] in rows and cur not in seen:
            seen.add(cur)
            cur = rows[cur][1]
        out[sid] = (cur, rows[cur][0])
    return out


def _speaker_keys(table: dict) -> dict:
    keys = {}
    return {sid: keys.setdefault(root, speaker_key(root, name)) for sid, (root, name) in table.items()}


_QUOTES_SQL = """
SELECT q.id, q.article_id, q.start, q."end", q.text, q.status, q.speaker_id, q.proposed_speaker_id,
       q.cluster_id, a.date, coalesce(a.outlet, a.file)
FROM quotes q JOIN articles a ON a.id = q.article_id
WHERE q.status != 'rejected' AND q.kind != 'not_speech'
ORDER BY q.article_id, q.start
"""


@dataclass
class _Row:
    rec: QuoteRecord
    status: str
    speaker_id: int | None      # current answer
    fam_applied: bool           # its speaker came from family evidence
    cluster_id: int | None
    outlet: str


class _Contexts:
    """Reads a quote's context from its article when matching first needs it.

    Most quotes never need one (no candidate gets past the word test), so an
    incremental update reads only the few articles its new quotes touch.
    """

    def __init__(self, db, keep: int = 2048):
        self.db, self.keep = db, keep
        self.articles: dict[str, ArticleContext] = {}

    def __call__(self, rec: QuoteRecord) -> tuple[str, str]:
        art = self.articles.get(rec.article)
        if art is None:
            if len(self.articles) >= self.keep:
                self.articles.pop(next(iter(self.articles)))
            row = self.db.execute("SELECT text FROM articles WHERE id = ?", [rec.article]).fetchone()
            art = self.articles[rec.article] = ArticleContext(row[0] if row else "")
        return art.contexts(rec.start, rec.end, quote_context_codes(rec.norm))


def _load(db) -> list[_Row]:
    speakers = _speaker_keys(_speaker_table(db))
    fam = {r[0] for r in db.execute("SELECT DISTINCT quote_id FROM candidates WHERE origin = 'family'")}
    context = _Contexts(db)
    rows = []
    for (qid, aid, start, end, text, status, sid, psid, cid, date, outlet) in db.conn.execute(_QUOTES_SQL):
        fam_applied = qid in fam and status == "pending"
        # Matching reads what the article itself says: a speaker the family
        # proposed must not vote for the family.
        own = sid if status != "pending" else (None if fam_applied else psid)
        rec = QuoteRecord(key=qid, article=aid, text=text, start=start, end=end, day=parse_day(date),
                          speaker=speakers.get(own) if own is not None else None, context=context)
        rows.append(_Row(rec, status, sid, fam_applied, cid, outlet))
    prepare([r.rec for r in rows])
    return rows


# -------------------------------------------------------------- union-find

class _Union:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        p = self.parent
        while p[i] != i:
            p[i] = p[p[i]]
            i = p[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def _join(uf: _Union, recs: list[QuoteRecord], edges, pinned=frozenset()) -> None:
    """Union accepted pairs; a fragment joins only one statement.

    Pairs of quotes alike in length join at once. A fragment ("Crooked
    Hillary", "political revolution") found in longer quotes that are not
    otherwise one statement would chain different statements together: it
    joins only when its longer partners are all in one family, checked from
    the longest fragments down (so a fragment of a fragment sees the family
    its partner has joined). ``pinned`` fragments already belong to a stored
    family, which counts as one of their partners.
    """
    partners: dict[int, set[int]] = defaultdict(set)
    for i, j in edges:
        f = matching.fragment_of(recs, i, j)
        if f is None:
            uf.union(i, j)
        else:
            partners[f].add(j if f == i else i)
    for f in sorted(partners, key=lambda k: (-len(recs[k].enc), -recs[k].n_words, k)):
        families = {uf.find(o) for o in partners[f]}
        if f in pinned:
            families.add(uf.find(f))
        if len(families) == 1:
            uf.union(f, next(iter(partners[f])))


def _groups(uf: _Union, rows: list[_Row], members) -> list[list[int]]:
    by_root = defaultdict(list)
    for i in members:
        by_root[uf.find(i)].append(i)
    return [g for g in by_root.values() if len({rows[i].rec.article for i in g}) >= 2]


# ---------------------------------------------------------------- building

def rebuild(db: sqlite_utils.Database) -> int:
    """Recompute every family from scratch; returns how many there are.

    A family that comes out with mostly the same members keeps its id.
    """
    rows = _load(db)
    recs = [r.rec for r in rows]
    uf = _Union(len(rows))
    _join(uf, recs, matching.match(recs))
    groups = _groups(uf, rows, range(len(rows)))
    old = {r[0] for r in db.execute("SELECT id FROM clusters")}
    top = db.execute("SELECT coalesce(max(rowid), 0) FROM quotes").fetchone()[0]
    with transaction(db), _fts_untouched(db):
        _clear_family_evidence(db, None)
        _save(db, rows, groups, range(len(rows)), old)
        db.execute("UPDATE quotes SET cluster_id = NULL WHERE (status = 'rejected' OR kind = 'not_speech') "
                   "AND cluster_id IS NOT NULL")
        _set_watermark(db, top)
    return len(groups)


def update(db: sqlite_utils.Database, article_ids) -> int:
    """Add the quotes of ``article_ids`` that are new since the last matching.

    Only pairs with at least one such quote are scored, against every stored
    quote; families already stored stay joined and keep their ids. A family
    that lost members (re-detection, rejection) is re-formed from the rest.
    Quotes of articles that were already matched (an unchanged file ingested
    again) cost nothing. Returns the number of families touched.
    """
    article_ids = list(set(article_ids or ()))
    mark = _watermark(db)
    top = db.execute("SELECT coalesce(max(rowid), 0) FROM quotes").fetchone()[0]
    # A re-detected quote that took over the family of the quote it replaced
    # (``pipeline.store_article``) is matched already.
    fresh = {r[0] for r in db.execute(
        "SELECT id FROM quotes WHERE rowid > ? AND status != 'rejected' AND kind != 'not_speech' "
        "AND cluster_id IS NULL "
        "AND article_id IN (SELECT value FROM json_each(?))", [mark, _json(article_ids)])}
    stale = _stale_clusters(db)
    if not fresh and not stale:
        return 0
    rows = _load(db)
    focus = {i for i, r in enumerate(rows) if r.rec.key in fresh or r.cluster_id in stale}
    if len(focus) > REBUILD_SHARE * len(rows):
        # Scoring every pair costs no more than scoring most of them; the
        # families already stored still stay joined.
        focus = set(range(len(rows)))
    uf = _Union(len(rows))
    first = {}
    for i, r in enumerate(rows):  # families already stored stay joined
        if r.cluster_id is not None and r.cluster_id not in stale:
            uf.union(first.setdefault(r.cluster_id, i), i)
    recs = [r.rec for r in rows]
    pinned = {i for i, r in enumerate(rows) if r.cluster_id is not None and r.cluster_id not in stale}
    _join(uf, recs, matching.match(recs, focus), pinned)
    roots = {uf.find(i) for i in focus}
    members = [i for i in range(len(rows)) if uf.find(i) in roots]
    groups = _groups(uf, rows, members)
    old = {rows[i].cluster_id for i in members if rows[i].cluster_id is not None} | stale
    left = db.execute(  # unmatched quotes outside these articles (an interrupted run)
        "SELECT count(*) FROM quotes WHERE rowid > ? AND status != 'rejected' AND kind != 'not_speech' "
        "AND article_id NOT IN (SELECT value FROM json_each(?))", [mark, _json(article_ids)]).fetchone()[0]
    with transaction(db), _fts_untouched(db):
        _clear_family_evidence(db, [rows[i].rec.key for i in members])
        _save(db, rows, groups, members, old)
        if not left:
            _set_watermark(db, top)
    return len(groups)


def clear(db: sqlite_utils.Database) -> None:
    """Forget every family (and that any quote was matched)."""
    with transaction(db), _fts_untouched(db):
        _clear_family_evidence(db, None)
        db.execute("UPDATE quotes SET cluster_id = NULL WHERE cluster_id IS NOT NULL")
        db.execute("DELETE FROM clusters")
        db.execute("DELETE FROM meta WHERE key = ?", [_MARK])


#: meta key: quotes with a rowid up to this one have been matched.
_MARK = "families_matched_rowid"


def _watermark(db) -> int:
    row = db.execute("SELECT value FROM meta WHERE key = ?", [_MARK]).fetchone()
    return int(row[0]) if row else 0


def _set_watermark(db, rowid: int) -> None:
    db.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
               [_MARK, str(rowid)])


def _stale_clusters(db) -> set[int]:
    """Families whose stored size no longer matches their members (re-detection, rejection)."""
    return {r[0] for r in db.execute(
        "SELECT c.id FROM clusters c LEFT JOIN quotes q ON q.cluster_id = c.id AND q.status != 'rejected' "
        "AND q.kind != 'not_speech' "
        "GROUP BY c.id HAVING count(q.id) != c.size")}


@contextmanager
def _fts_untouched(db):
    """Inside a transaction: suspend the quotes_fts update trigger.

    The trigger rewrites a quote's full-text entry on any update, and it is
    most of the cost of writing 50,000 cluster ids; family writes change
    neither ``text`` nor ``speaker_mention``, the only indexed columns. The
    trigger is put back, exactly as it was, before the transaction commits.
    """
    row = db.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'quotes_au'").fetchone()
    if row is None or "UPDATE OF" in row[0].upper():
        yield
        return
    assert db.conn.in_transaction, "never drop the trigger outside a transaction"
    db.execute("DROP TRIGGER quotes_au")
    try:
        yield
    finally:
        db.execute(row[0])


def _save(db, rows: list[_Row], groups: list[list[int]], scope, old_ids: set[int]) -> None:
    """Store ``groups`` in place of the families ``old_ids`` (whose members are in ``scope``).

    Each group takes the old id most of its members had, so ids stay stable
    and only quotes whose family changed are written.
    """
    taken = set()
    placed = set()
    for g in sorted(groups, key=len, reverse=True):
        votes = Counter(rows[i].cluster_id for i in g if rows[i].cluster_id in old_ids)
        cid = next((c for c, _ in votes.most_common() if c not in taken), None)
        cid = _store(db, rows, g, cid)
        taken.add(cid)
        placed.update(g)
    loose = [rows[i].rec.key for i in scope if i not in placed and rows[i].cluster_id is not None]
    _set_cluster(db, loose, None)
    db.execute("UPDATE quotes SET cluster_id = NULL WHERE (status = 'rejected' OR kind = 'not_speech') "
               "AND cluster_id IN (SELECT value FROM json_each(?))", [_json(sorted(old_ids))])
    for cid in old_ids - taken:
        db.execute("UPDATE quotes SET cluster_id = NULL WHERE cluster_id = ?", [cid])
        db.execute("DELETE FROM clusters WHERE id = ?", [cid])


def _set_cluster(db, keys: list[str], cluster_id: int | None) -> None:
    for k in range(0, len(keys), 500):
        chunk = keys[k:k + 500]
        db.execute(f"UPDATE quotes SET cluster_id = ? WHERE id IN ({','.join('?' * len(chunk))})",
                   [cluster_id, *chunk])


def _store(db, rows: list[_Row], group: list[int], cluster_id: int | None) -> int:
    texts = [rows[i].rec.text for i in group]
    canonical = max(texts, key=lambda t: (len(t), t))
    outlets = len({rows[i].outlet for i in group})
    votes = _votes(rows, group)
    conflict = int(len(votes) >= 2)
    if cluster_id is None:
        cluster_id = db.execute(
            "INSERT INTO clusters(canonical, size, outlets, conflict) VALUES (?,?,?,?)",
            [canonical, len(group), outlets, conflict]).lastrowid
    else:
        db.execute("UPDATE clusters SET canonical=?, size=?, outlets=?, conflict=? WHERE id=?",
                   [canonical, len(group), outlets, conflict, cluster_id])
    _set_cluster(db, [rows[i].rec.key for i in group if rows[i].cluster_id != cluster_id], cluster_id)
    _family_evidence(db, rows, group, votes)
    return cluster_id


# ------------------------------------------------------- family evidence

def _votes(rows: list[_Row], group: list[int]) -> dict[tuple, set]:
    """Speaker -> the outlets that name them, one entry per person."""
    votes: dict[tuple, set] = {}
    for i in group:
        spk = rows[i].rec.speaker
        if spk is None:
            continue
        key = next((k for k in votes if k[0] == spk[0] or same_name(k[1], spk[1])), spk)
        votes.setdefault(key, set()).add(rows[i].outlet)
    return votes


def _family_evidence(db, rows: list[_Row], group: list[int], votes: dict) -> None:
    """Propose the speaker most members agree on to the members naming nobody."""
    if not votes:
        return
    ranked = sorted(votes.items(), key=lambda kv: -len(kv[1]))
    (sid, name, *_), outlets = ranked[0]
    others = sum(len(o) for _, o in ranked[1:])
    if len(outlets) < 2 or len(outlets) < 2 * others:
        return  # no clear majority across outlets
    score = round(len(outlets) / (len(outlets) + others + 1), 3)
    evidence = f"{len(outlets)} outlet(s) in this family ({', '.join(sorted(outlets))}) attribute it to {name}"
    for i in group:
        r = rows[i]
        if r.rec.speaker is not None or r.speaker_id is not None and r.status != "pending":
            continue
        qid = r.rec.key
        # The rows were read before this transaction: a reviewer may have
        # decided the quote (or a re-detection removed it) since, so the
        # database's own status decides what is written, never ``r.status``.
        db.execute(
            "INSERT INTO candidates(quote_id, rank, speaker_id, mention, score, pattern, evidence, origin) "
            "SELECT id, (SELECT coalesce(max(rank), 0) + 1 FROM candidates WHERE quote_id = :q), "
            ":s, :n, :score, 'family', :e, 'family' FROM quotes WHERE id = :q",
            {"q": qid, "s": sid, "n": name, "score": score, "e": evidence})
        db.execute("UPDATE quotes SET speaker_id = ?, proposed_speaker_id = ?, confidence = ? "
                   "WHERE id = ? AND status = 'pending'",
                   [sid, sid, min(score, 0.75), qid])


def _clear_family_evidence(db, quote_ids) -> None:
    """Undo family proposals (for ``quote_ids``, or everywhere) before recomputing."""
    where = "" if quote_ids is None else " AND quote_id IN (SELECT value FROM json_each(?))"
    args = [] if quote_ids is None else [_json(quote_ids)]
    db.execute(
        "UPDATE quotes SET speaker_id = NULL, proposed_speaker_id = NULL, confidence = 0 "
        "WHERE status = 'pending' AND id IN (SELECT quote_id FROM candidates WHERE origin = 'family'"
        + where + ")", args)
    db.execute("DELETE FROM candidates WHERE origin = 'family'" + where, args)


def _json(items) -> str:
    import json

    return json.dumps(list(items))


# ----------------------------------------------------------------- reading

def families(db: sqlite_utils.Database, *, conflicts_only: bool = False) -> list[Family]:
    """Stored families, largest first, with the speakers their members name."""
    sql = "SELECT id, canonical, size, outlets, conflict FROM clusters"
    if conflicts_only:
        sql += " WHERE conflict = 1"
    speakers = _speaker_table(db)
    out = []
    for cid, canonical, size, outlets, conflict in db.execute(sql + " ORDER BY outlets DESC, size DESC, id").fetchall():
        members = db.execute(
            "SELECT q.speaker_id, coalesce(a.outlet, a.file) FROM quotes q JOIN articles a ON a.id = q.article_id "
            "WHERE q.cluster_id = ? AND q.status != 'rejected'", [cid]).fetchall()
        by_name: dict[str, set] = {}
        for sid, outlet in members:
            if sid is not None and sid in speakers:
                name = speakers[sid][1]
                key = next((k for k in by_name if same_name(k, name)), name)
                by_name.setdefault(key, set()).add(outlet)
        spk = sorted(((n, len(o)) for n, o in by_name.items()), key=lambda t: (-t[1], t[0]))
        outlet_names = sorted(Counter(o for _, o in members))
        out.append(Family(cid, canonical, size, outlets, bool(conflict), spk, outlet_names))
    return out
