"""What a reviewer is shown of the quotes.

Normally everyone sees each quote's settled state (``core.answers``). In a
blind second-opinion pass (``quotedesk review --blind``) a reviewer sees only
the quotes others decided and they have not, and sees them as if undecided:
their own answer once they give one, the machine's proposal until then, and
never another reviewer's answer. The read queries of ``core.queue`` and
``core.detail`` take their quotes from ``quotes_as_seen(db, viewer)`` so the
two views cannot drift apart.
"""

from __future__ import annotations

import sqlite_utils

#: Every column of ``quotes`` but the five that depend on who is looking.
_PLAIN = ("id", "article_id", "start", '"end"', "text", "kind", "paragraph", "proposed_speaker_id",
          "speaker_mention", "mention_start", "mention_end", "cue", "cue_start", "cue_end", "confidence",
          "cluster_id", "review_seconds", "flag", "note", "origin")

_BLIND = (
    "(SELECT qq.rowid AS rowid, " + ", ".join(f"qq.{c}" for c in _PLAIN) + ", "
    "COALESCE(o.status, 'pending') AS status, "
    "CASE WHEN o.status IS NULL THEN qq.proposed_speaker_id ELSE o.speaker_id END AS speaker_id, "
    "o.reviewer AS reviewer, o.decided_at AS decided_at, o.co_speakers AS co_speakers "
    "FROM quotes qq LEFT JOIN answers o ON o.quote_id = qq.id AND o.reviewer = blind_viewer())"
)

#: The quotes a blind pass offers: decided by someone else, not by the viewer.
BLIND_QUEUE = ("q.id IN (SELECT quote_id FROM answers WHERE reviewer != blind_viewer()) "
               "AND q.id NOT IN (SELECT quote_id FROM answers WHERE reviewer = blind_viewer())")


def quotes_as_seen(db: sqlite_utils.Database, viewer: str | None) -> str:
    """The table expression to read quotes from: ``quotes``, or the blind viewer's view of it."""
    if viewer is None:
        return "quotes"
    # A SQL function rather than a bound parameter: the expression sits in
    # FROM clauses of queries whose other parameters are positional.
    db.conn.create_function("blind_viewer", 0, lambda: viewer)
    return _BLIND


def own_statuses(db: sqlite_utils.Database, reviewer: str, quote_ids) -> dict[str, str]:
    """Each quote's status as its reviewer's own answer has it (``pending`` without one)."""
    ids = list(quote_ids)
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    own = dict(db.execute(f"SELECT quote_id, status FROM answers WHERE reviewer = ? AND quote_id IN ({marks})",
                          [reviewer, *ids]).fetchall())
    return {qid: own.get(qid, "pending") for qid in ids}
