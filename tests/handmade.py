"""A small database made by hand for the export tests: three short articles of
our own, their quotes and candidates as ingest would store them, and review
decisions made through ``core.review`` (the functions the desk calls) at fixed
times, so every export of it is the same byte for byte.

What it holds, so a test can name what it checks:

- ``bridge``: ann confirms the proposal (after undoing a first confirm) and
  applies it to the quote's family, so ``bridge2`` in the other article gets
  Jane Doe by a family decision although its own rank-1 candidate is Tom Roe;
- ``late``: the machine proposed "J. Doe" via "Her"; ann chooses candidate 2
  (Tom Roe, "he", cue "told"); "J. Doe" is later merged into Jane Doe;
- ``watching``: nobody proposed; ann types a new speaker, "City Hall";
- ``late2``: bob confirms Tom Roe, ann rejects it: disputed;
- ``trust``: pending, proposed to a speaker whose name is markup;
- ``nobody``: bob says no speaker; ``sneaky``: a headline bob rejects.
"""

from __future__ import annotations

import hashlib
import itertools
import re

from quotedesk.core import decisions, merges, review, undo
from quotedesk.core.pipeline import quote_id
from quotedesk.core.storage import open_db, transaction

ARTICLES = {
    "a1": ("daily-1.txt", "Daily Example", "https://daily.example/bridge", "2024-05-01", "Mayor opens bridge",
           'Mayor Jane Doe opened the new bridge on Monday. "This bridge joins two towns," Doe said.\n'
           'Her rival, Tom Roe, was not impressed. "It is late and over budget," he told reporters.\n'
           '"We will keep watching," a statement from City Hall said.\n'),
    "a2": ("weekly-1.txt", "Weekly <b>Sample</b>", None, "2024-05-02", "Bridge opens",
           'The bridge opened at last. "This bridge joins two towns," the mayor said at the ceremony.\n'
           'Councillor Tom Roe said: "It is late."\n'),
    "a3": ("odd-1.txt", "=HYPERLINK(\"x\")|Odd\x1b[2J", None, None, "Odd page",
           'Headline: "Sneaky deal" revealed\n'
           '"Trust us," said the [click](http://x.example) man.\n'
           '"Nobody knows," someone wrote.\n'),
}

#: speaker id -> (name, aliases)
SPEAKERS = {
    1: ("Jane Doe", ["Jane Doe", "Doe"]),
    2: ("Tom Roe", ["Tom Roe", "Roe"]),
    3: ("J. Doe", ["J. Doe"]),
    4: ("<img src=x> [click](http://x.example) *man*", ["<img src=x> [click](http://x.example) *man*"]),
}


def _at(text: str, word: str, near: int, lo: int = -1, hi: int = -1) -> tuple[int, int]:
    """The whole-word occurrence of ``word`` nearest ``near``, outside [lo, hi)."""
    found = [m.span() for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", text)
             if not (m.start() < hi and lo < m.end())]
    return min(found, key=lambda s: abs(s[0] - near))


# name -> (article, quote text, kind, cluster, confidence, candidates: (speaker, mention, cue, score))
QUOTES = {
    "sneaky": ("a3", "Sneaky deal", "headline", None, 0.0, []),
    "bridge": ("a1", "This bridge joins two towns,", "full", 1, 0.9,
               [(1, "Doe", "said", 0.9), (2, "Tom Roe", None, 0.2)]),
    "late": ("a1", "It is late and over budget,", "full", 2, 0.62,
             [(3, "Her", "was", 0.6), (2, "he", "told", 0.5)]),
    "watching": ("a1", "We will keep watching,", "full", None, 0.0, [(None, "a statement", "said", 0.1)]),
    "bridge2": ("a2", "This bridge joins two towns,", "full", 1, 0.41,
                [(2, "Councillor Tom Roe", "said", 0.41), (1, "the mayor", "said", 0.3)]),
    "late2": ("a2", "It is late.", "full", 2, 0.8, [(2, "Councillor Tom Roe", "said", 0.8)]),
    "trust": ("a3", "Trust us,", "full", None, 0.3, [(4, "the [click](http://x.example) man", "said", 0.3)]),
    "nobody": ("a3", "Nobody knows,", "full", None, 0.0, []),
}


def _clock():
    """Fixed, increasing decision times: 2024-05-03T09:00:00Z, then a minute later each time."""
    counter = itertools.count()
    return lambda: f"2024-05-03T09:{next(counter):02d}:00+00:00"


def build(path=":memory:", monkeypatch=None):
    """The database, with its decisions made; returns (db, {name: quote id})."""
    if monkeypatch is not None:
        monkeypatch.setattr(decisions, "now", _clock())
    db = open_db(path)
    ids, articles = {}, {}
    with transaction(db):
        for key, (file, outlet, url, date, title, text) in ARTICLES.items():
            sha = hashlib.sha256(text.encode()).hexdigest()
            articles[key] = (sha[:16], text)
            db.execute("INSERT INTO articles(id, file, source, outlet, url, date, title, text, sha256, ingested_at, "
                       "detector_version) VALUES (?,?,?,?,?,?,?,?,?,?,2)",
                       [sha[:16], file, f"/corpus/{file}", outlet, url, date, title, text, sha,
                        "2024-05-01T08:00:00+00:00"])
        for sid, (name, aliases) in SPEAKERS.items():
            db.execute("INSERT INTO speakers(id, name, kind) VALUES (?, ?, 'person')", [sid, name])
            for alias in aliases:
                db.execute("INSERT INTO aliases(speaker_id, alias) VALUES (?, ?)", [sid, alias])
        for cid in (1, 2):
            db.execute("INSERT INTO clusters(id, canonical, size, outlets) VALUES (?, ?, 2, 2)",
                       [cid, {1: "This bridge joins two towns,", 2: "It is late and over budget,"}[cid]])
        for name, (art, quote, kind, cluster, confidence, cands) in QUOTES.items():
            aid, text = articles[art]
            start = text.index(quote)
            end = start + len(quote)
            qid = ids[name] = quote_id(aid, start, end)
            rows = []
            for speaker, mention, cue, score in cands:
                m = _at(text, mention, end, start, end)
                c = _at(text, cue, m[0], start, end) if cue else (None, None)
                rows.append((speaker, mention, m, cue, c, score))
            best = rows[0] if rows else None
            proposed = best[0] if best and best[0] else None
            db.execute(
                "INSERT INTO quotes(id, article_id, start, \"end\", text, kind, speaker_id, proposed_speaker_id, "
                "speaker_mention, mention_start, mention_end, cue, cue_start, cue_end, confidence, cluster_id) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [qid, aid, start, end, quote, kind, proposed, proposed,
                 best[1] if best else None, best[2][0] if best else None, best[2][1] if best else None,
                 best[3] if best else None, best[4][0] if best else None, best[4][1] if best else None,
                 confidence, cluster])
            for rank, (speaker, mention, m, cue, _c, score) in enumerate(rows, 1):
                db.execute("INSERT INTO candidates(quote_id, rank, speaker_id, mention, mention_start, mention_end, "
                           "score, cue, pattern, evidence) VALUES (?,?,?,?,?,?,?,?,?,?)",
                           [qid, rank, speaker, mention, m[0], m[1], score, cue, "rule", "handmade"])
    review.confirm(db, ids["bridge"], "ann", seconds=3.0)
    undo.undo(db, "ann")
    review.confirm(db, ids["bridge"], "ann", seconds=2.5)
    review.apply_to_family(db, ids["bridge"], "ann")
    review.choose(db, ids["late"], 2, "ann", seconds=6.0)
    review.set_speaker(db, ids["watching"], "ann", name="City Hall", seconds=9.0)
    review.confirm(db, ids["late2"], "bob", seconds=4.0)
    review.reject(db, ids["late2"], "ann", seconds=1.5)
    review.no_speaker(db, ids["nobody"], "bob", seconds=2.0)
    review.reject(db, ids["sneaky"], "bob", seconds=1.0)
    review.skip(db, ids["trust"], "bob", seconds=5.0)
    merges.merge_speakers(db, 3, 1, "ann")
    return db, ids
