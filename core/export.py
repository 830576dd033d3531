"""The verified dataset, as JSONL or CSV.

Export is what others build on, so each record carries everything needed to
check it against the source: stable ids, the file it came from and character
offsets into the stored text. CSV cells that a spreadsheet would run as a
formula (=, +, -, @ first) are defused with a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
from typing import IO, Iterator

import sqlite_utils

from .annotate import speakers_of
from .errors import QuotedeskError
from .review import CANON
from .text_safety import escaped, json_text

FIELDS = [
    "quote_id", "article_id", "file", "outlet", "date", "start", "end", "quote", "kind",
    "speaker", "speaker_mention", "cue", "confidence", "cluster", "status", "reviewer",
    "speakers", "flag", "note",
]

_RECORDS_SQL = """
WITH RECURSIVE {canon}
SELECT q.id AS quote_id, q.article_id, a.file, a.outlet, a.date, q.start, q."end" AS "end",
       q.text AS quote, q.kind, sp.name AS speaker, q.speaker_mention, q.cue,
       q.confidence, q.cluster_id AS cluster, q.status, q.reviewer, q.flag, q.note, q.co_speakers
FROM quotes q
JOIN articles a ON a.id = q.article_id
LEFT JOIN canon c ON c.id = q.speaker_id
LEFT JOIN speakers sp ON sp.id = c.root
{where}
ORDER BY a.file, a.id, q.start
"""

STATUS_FILTERS = {
    "all": "",
    "pending": "WHERE q.status = 'pending'",
    "verified": "WHERE q.status = 'verified'",
    "rejected": "WHERE q.status = 'rejected'",
    "disputed": "WHERE q.status = 'disputed'",
}


def records(db: sqlite_utils.Database, status: str = "all") -> Iterator[dict]:
    # Checked here, not inside the generator, so a bad status fails before a
    # CSV header or any record is written.
    if status not in STATUS_FILTERS:
        raise QuotedeskError(f"unknown status {status!r}; use one of {', '.join(STATUS_FILTERS)}")
    cur = db.execute(_RECORDS_SQL.format(canon=CANON, where=STATUS_FILTERS[status]))
    cols = [d[0] for d in cur.description]
    return (_with_speakers(db, dict(zip(cols, row))) for row in cur)


def _with_speakers(db, rec: dict) -> dict:
    """``speakers``: every speaker of the quote in order, several for a joint quotation (core.annotate)."""
    if rec.pop("co_speakers"):
        rec["speakers"] = speakers_of(db, rec["quote_id"])
    else:
        rec["speakers"] = [rec["speaker"]] if rec["speaker"] and rec["status"] != "rejected" else []
    return rec


def write_jsonl(rows, out: IO[str]) -> int:
    n = 0
    for row in rows:
        # Exact text once decoded; no control, bidi or zero-width character raw
        # in the file, which is often looked at with ``cat``.
        out.write(json_text({k: row.get(k) for k in FIELDS}) + "\n")
        n += 1
    return n


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "|")


def safe_cell(value):
    """Keep spreadsheets from running article text as a formula.

    A cell starting (after any spaces) with ``= + - @``, a tab, a line break
    or ``|`` gets a leading apostrophe, as OWASP advises for CSV injection.
    Control, bidi and zero-width characters other than tab and newline become
    visible escapes (``\\x1b``, ``\\u202e``): a CSV file is often looked at
    with ``cat``, and an escape sequence in an article must not reach the
    terminal. JSONL needs neither: its strings decode to the exact text and
    nothing evaluates them.
    """
    if not isinstance(value, str):
        return value
    value = escaped(value, keep="\t\n")
    if value.lstrip(" ")[:1] in _FORMULA_START and value:
        return "'" + value
    return value


def write_csv(rows, out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=FIELDS, extrasaction="ignore")
    writer.writeheader()
    n = 0
    for row in rows:
        row = {**row, "speakers": " | ".join(row.get("speakers") or [])}  # one cell: names joined
        writer.writerow({k: safe_cell(row.get(k)) for k in FIELDS})
        n += 1
    return n


WRITERS = {"jsonl": write_jsonl, "csv": write_csv}


def export(db: sqlite_utils.Database, fmt: str, out: IO[str], status: str = "all") -> int:
    if fmt not in WRITERS:
        raise QuotedeskError(f"unknown format {fmt!r}; use jsonl or csv")
    return WRITERS[fmt](records(db, status), out)


def to_string(db: sqlite_utils.Database, fmt: str, status: str = "all") -> str:
    buf = io.StringIO()
    export(db, fmt, buf, status)
    return buf.getvalue()
