"""A summary of what a database holds, for `quotedesk stats` and the TUI."""

from __future__ import annotations

import statistics

import sqlite_utils

from .answers import ANSWERS
from .speakers import entity


def summary(db: sqlite_utils.Database) -> dict:
    one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
    return {
        "articles": one("SELECT count(*) FROM articles"),
        "quotes": one("SELECT count(*) FROM quotes"),
        "by_kind": dict(db.execute("SELECT kind, count(*) FROM quotes GROUP BY kind ORDER BY 2 DESC").fetchall()),
        "by_status": dict(db.execute("SELECT status, count(*) FROM quotes GROUP BY status ORDER BY 2 DESC").fetchall()),
        "attributed": one("SELECT count(*) FROM quotes WHERE speaker_id IS NOT NULL"),
        "speakers": one("SELECT count(*) FROM speakers WHERE merged_into IS NULL"),
        "families": one("SELECT count(*) FROM clusters WHERE size > 1"),
        "decisions": one("SELECT count(*) FROM decisions"),
        "outlets": db.execute(
            "SELECT coalesce(a.outlet, '?'), count(DISTINCT a.id), count(q.id) FROM articles a "
            "LEFT JOIN quotes q ON q.article_id = a.id GROUP BY 1 ORDER BY 3 DESC"
        ).fetchall(),
        # Merges leave quotes.speaker_id alone; count each quote under the
        # entity its speaker now belongs to.
        "top_speakers": db.execute(
            f"SELECT s.name, count(*) FROM quotes q {entity('q.speaker_id', 's', inner=True)} "
            "GROUP BY s.id ORDER BY 2 DESC LIMIT 10"
        ).fetchall(),
        "reviewers": reviewers(db),
    }


def reviewers(db: sqlite_utils.Database) -> dict[str, dict]:
    """Per reviewer: standing answers by status, decisions on record, and pace."""
    out: dict[str, dict] = {}
    for who, status, n in db.execute("SELECT reviewer, status, count(*) FROM answers GROUP BY 1, 2"):
        row = out.setdefault(who, {"answers": 0, "verified": 0, "rejected": 0})
        row["answers"] += n
        row[status] = n
    marks = ",".join("?" * len(ANSWERS))
    seconds: dict[str, list[float]] = {}
    for who, secs in db.execute(
        f"SELECT reviewer, seconds FROM decisions WHERE undone_by IS NULL AND action IN ({marks})", list(ANSWERS)
    ):
        seconds.setdefault(who, []).append(secs or 0.0)
    for who, n in db.execute("SELECT reviewer, count(*) FROM decisions GROUP BY 1"):
        row = out.setdefault(who, {"answers": 0, "verified": 0, "rejected": 0})
        spent = [s for s in seconds.get(who, []) if s > 0]
        median = statistics.median(spent) if spent else None
        row.update(decisions=n, median_seconds=median, per_hour=round(3600 / median, 1) if median else None)
    return dict(sorted(out.items()))
