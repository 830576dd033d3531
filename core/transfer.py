"""Review work brought in from elsewhere: another reviewer's database, an
export, or annotations in the seed gold format.

A quote is found by its stable identity, the article's text (its sha256) and
the span, never by a row number, so work moves between databases that were
ingested separately. Nothing is overwritten: an incoming answer becomes that
reviewer's standing answer beside everyone else's (two that differ make the
quote ``disputed``); where the same reviewer already answered differently
here, the later answer stands and the other is kept in the log. Answers on
quotes this database does not hold are returned, never dropped silently.
"""

from __future__ import annotations

import math
import sqlite3
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Iterable

import sqlite_utils

from . import answers
from .decisions import ReviewError, clamp_seconds, log
from .review import record_answer
from .errors import QuotedeskError
from .speakers import match_name, name_of, speaker_named
from .storage import open_db, transaction


@dataclass(frozen=True)
class Incoming:
    """One reviewer's answer on one quote, as given elsewhere."""

    sha256: str
    start: int
    end: int
    reviewer: str
    status: str                    # verified | rejected
    speaker: str | None            # canonical name; None: no speaker (or rejected)
    action: str = "import"         # the decision that gave it there
    decided_at: str | None = None
    seconds: float = 0.0
    adjudication: bool = False
    extra: dict = field(default_factory=dict, hash=False, compare=False)
    where: str = ""                # for reports: file:line or quote id there


@dataclass
class TransferReport:
    added: int = 0
    unchanged: int = 0             # the same answer was already here
    kept_later: int = 0            # this reviewer's later answer here stands; the incoming one is logged
    missing: list[Incoming] = field(default_factory=list)
    disputed: int = 0              # quotes that came out disputed

    def summary(self, source: str) -> str:
        parts = [f"{self.added} answer(s) brought in from {source}", f"{self.unchanged} already here"]
        if self.kept_later:
            parts.append(f"{self.kept_later} older than the same reviewer's answer here (kept in the log)")
        if self.missing:
            parts.append(f"{len(self.missing)} on quotes this database does not hold (listed above)")
        if self.disputed:
            parts.append(f"{self.disputed} quote(s) now disputed")
        return "; ".join(parts)


def bring_in(db: sqlite_utils.Database, incoming: Iterable[Incoming], source: str, batch: int = 500) -> TransferReport:
    """Record ``incoming`` answers here, oldest first, in transactions of ``batch``."""
    from .pipeline import quote_id

    report = TransferReport()
    articles = dict(db.execute("SELECT sha256, id FROM articles").fetchall())
    items = sorted(incoming, key=lambda a: (a.decided_at or "", a.reviewer))
    touched: set[str] = set()
    for k in range(0, len(items), batch):
        with transaction(db):
            for item in items[k:k + batch]:
                aid = articles.get(item.sha256)
                qid = quote_id(aid, item.start, item.end) if aid else None
                if qid is None or db.execute("SELECT 1 FROM quotes WHERE id = ?", [qid]).fetchone() is None:
                    report.missing.append(item)
                    continue
                _one(db, qid, item, source, report)
                touched.add(qid)
    if touched:
        marks = ",".join("?" * len(touched))
        report.disputed = db.execute(f"SELECT count(*) FROM quotes WHERE status = 'disputed' AND id IN ({marks})",
                                     sorted(touched)).fetchone()[0]
    return report


def _one(db, qid: str, item: Incoming, source: str, report: TransferReport) -> None:
    speaker_id = None
    if item.status == "verified" and item.speaker and item.speaker.strip():
        try:
            speaker_id, _ = speaker_named(db, item.speaker)
        except ReviewError:  # two speakers here share the name: the lowest id, as match_name sorts
            speaker_id = match_name(db, item.speaker)[0]
    here = answers.get(db, qid, item.reviewer)
    if here is not None and _same(db, here, item.status, speaker_id):
        report.unchanged += 1
        return
    extra = {**item.extra, "imported_from": source}
    # Whatever this reviewer did here later (an answer, or an undo that took
    # one back) stands over an older answer from elsewhere.
    latest = db.execute("SELECT max(at) FROM decisions WHERE quote_id = ? AND reviewer = ?",
                        [qid, item.reviewer]).fetchone()[0]
    if latest is not None and item.decided_at and latest > item.decided_at:
        log(db, qid, item.reviewer, "superseded", None,
            {"status": item.status, "speaker_id": speaker_id, "action": item.action, **extra},
            item.seconds, item.decided_at)
        report.kept_later += 1
        return
    record_answer(db, qid, item.reviewer, item.action if item.action in answers.ANSWERS else "import",
                  item.status, speaker_id, clamp_seconds(item.seconds), extra, at=item.decided_at,
                  ruling=item.adjudication)
    report.added += 1


def _same(db, here: answers.Answer, status: str, speaker_id: int | None) -> bool:
    return answers.key(db, here.status, here.speaker_id) == answers.key(db, status, speaker_id)


# ----------------------------------------------------------------- sources

def from_database(path: str | Path) -> list[Incoming]:
    """Every standing answer in another quotedesk database, read without writing to it.

    The file is copied through SQLite's backup API and the copy opened (and,
    if it is older, migrated): the other reviewer's file is never written.
    """
    path = Path(path)
    if path.is_dir():
        raise QuotedeskError(f"{path}: is a folder, not a database file")
    if not path.is_file():
        raise QuotedeskError(f"{path}: no such database")
    if path.stat().st_size == 0:
        raise QuotedeskError(f"{path}: is empty, not a quotedesk database")
    try:
        src = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise QuotedeskError(f"{path}: cannot open ({exc})") from None
    with tempfile.TemporaryDirectory(prefix="quotedesk-merge-") as tmp:
        copy = Path(tmp) / "other.db"
        dst = sqlite3.connect(copy)
        try:
            src.backup(dst)
        except sqlite3.DatabaseError:
            raise QuotedeskError(f"{path}: not a SQLite database") from None
        finally:
            src.close()
            dst.close()
        try:
            other = open_db(copy, create=False)
        except QuotedeskError as exc:
            raise QuotedeskError(str(exc).replace(str(copy), str(path))) from None
        try:
            return _standing(other, path.name)
        finally:
            other.close()


def _standing(db: sqlite_utils.Database, label: str) -> list[Incoming]:
    rows = db.execute(
        "SELECT art.sha256, q.start, q.\"end\", a.reviewer, a.status, a.speaker_id, a.decided_at, a.adjudication, "
        "d.action, d.seconds, json_extract(d.after, '$.rank'), q.id FROM answers a "
        "JOIN quotes q ON q.id = a.quote_id JOIN articles art ON art.id = q.article_id "
        "JOIN decisions d ON d.id = a.decision_id ORDER BY a.decision_id").fetchall()
    out = []
    for sha, start, end, reviewer, status, sid, at, ruling, action, seconds, rank, qid in rows:
        name = name_of(db, sid) if status == "verified" and sid is not None else None
        out.append(Incoming(sha, start, end, reviewer, status, name, action, at, seconds or 0.0, bool(ruling),
                            {"rank": rank} if rank is not None else {}, f"{label} {qid}"))
    return out


def from_gold(db: sqlite_utils.Database, path: str | Path, reviewer: str) -> tuple[list[Incoming], list[dict]]:
    """Gold rows (seed format) as ``reviewer``'s answers, and the rows no stored quote matches.

    Rows are matched to stored quotes of the same file as ``quotedesk eval``
    matches them (overlap of half the longer span, one to one). A
    ``not_speech`` row is a rejection, a null speaker "no speaker"; rows
    flagged ``unresolved`` name nobody and are left as they are.
    """
    from .evaluate import Prediction, load_gold, match_spans

    if not reviewer:
        raise QuotedeskError("give the reviewer these decisions belong to (--reviewer NAME)")
    rows = load_gold(path)
    for n, row in enumerate(rows, 1):
        row.setdefault("line", n)
    stored = db.execute('SELECT a.file, q.start, q."end", a.sha256 FROM quotes q '
                        "JOIN articles a ON a.id = q.article_id").fetchall()
    preds = [Prediction(file=f, start=s, end=e) for f, s, e, _ in stored]
    matched = match_spans(rows, preds)
    incoming, unmatched = [], []
    for i, row in enumerate(rows):
        if i not in matched:
            unmatched.append(row)
            continue
        if row.get("unresolved"):
            continue
        _, start, end, sha = stored[matched[i]]
        if row.get("kind") == "not_speech":
            status, speaker = "rejected", None
        else:
            status, speaker = "verified", row.get("speaker")
            if speaker is not None and not isinstance(speaker, str):
                raise QuotedeskError(f"{Path(path)}:{row['line']}: \"speaker\" must be a name or null, "
                                     f"not {speaker!r}")
        incoming.append(Incoming(sha, start, end, reviewer, status, speaker, "import", None, 0.0,
                                 extra={"gold": f"{Path(path).name}:{row['line']}"},
                                 where=f"{Path(path).name}:{row['line']}"))
    return incoming, unmatched


def from_export(path: str | Path) -> list[Incoming]:
    """The standing answers in a JSONL export (``quotedesk export``), to restore or move review work.

    Each record names its quote by ``article.sha256``, ``start`` and ``end``;
    its ``review.answers`` are brought in with their action, time, rank and
    the seconds the matching ``review.history`` step spent. A line that is not
    an export record is refused with its file and line.
    """
    import json

    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        raise QuotedeskError(f"{path}: not UTF-8; is this a JSONL export?") from None
    except OSError as exc:
        raise QuotedeskError(f"{path}: cannot read ({exc.strerror})") from None
    out = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            sha, start, end = record["article"]["sha256"], record["start"], record["end"]
            review_ = record.get("review") or {}
            given = review_.get("answers") or []
            history = review_.get("history") or []
            if not isinstance(sha, str) or not all(isinstance(v, int) for v in (start, end)):
                raise ValueError
        except (ValueError, KeyError, TypeError, AttributeError):
            raise QuotedeskError(f"{path}:{n}: not a quotedesk export record (need article.sha256, start, "
                                 "end and review.answers)") from None
        if not isinstance(given, list) or not isinstance(history, list) \
                or not all(isinstance(h, dict) for h in [*given, *history]):
            raise QuotedeskError(f"{path}:{n}: review.answers and review.history must be lists of objects")
        for a in given:
            problem = _bad_answer(a)
            if problem:
                raise QuotedeskError(f"{path}:{n}: {problem}")
            step = next((h for h in history if h.get("reviewer") == a["reviewer"] and h.get("at") == a["decided_at"]
                         and h.get("action") == a.get("action") and not h.get("undone")), {})
            seconds = step.get("seconds") or 0.0
            if not isinstance(seconds, (int, float)) or not math.isfinite(seconds):
                raise QuotedeskError(f"{path}:{n}: seconds must be a number, not {seconds!r}")
            out.append(Incoming(sha, start, end, a["reviewer"].strip(), a["status"], a.get("speaker"),
                                a.get("action") or "import", a["decided_at"], float(seconds),
                                bool(a.get("adjudication")), {"rank": a["rank"]} if a.get("rank") is not None else {},
                                f"{path.name}:{n}"))
    return out


def _bad_answer(a: dict) -> str | None:
    """What is wrong with one exported answer, in words; None when it can be brought in."""
    if not isinstance(a.get("reviewer"), str) or not a["reviewer"].strip():
        return "an answer without a reviewer's name"
    if a.get("status") not in ("verified", "rejected"):
        return f"an answer's status must be verified or rejected, not {a.get('status')!r}"
    if a.get("speaker") is not None and not isinstance(a["speaker"], str):
        return f"an answer's speaker must be a name or null, not {a['speaker']!r}"
    if a.get("rank") is not None and (not isinstance(a["rank"], int) or isinstance(a["rank"], bool)):
        return f"an answer's rank must be a whole number, not {a['rank']!r}"
    try:
        when = datetime.fromisoformat(a.get("decided_at"))
    except (TypeError, ValueError):
        return f"an answer's decided_at must be an ISO date and time, not {a.get('decided_at')!r}"
    if when.tzinfo is None:
        return f"an answer's decided_at must carry its time zone, not {a['decided_at']!r}"
    return None
