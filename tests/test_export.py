"""Exported records: every field, stable ids, safe CSV, and the status filter."""

from __future__ import annotations

import csv
import io
import json

import pytest

from quotedesk.core.errors import QuotedeskError
from quotedesk.core.export import FIELDS, to_string
from quotedesk.core.pipeline import ingest
from quotedesk.core.storage import open_db

from conftest import CORPUS

REQUIRED_FIELDS = [
    "quote_id", "article_id", "file", "outlet", "start", "end", "quote", "kind", "speaker",
    "speaker_mention", "cue", "confidence", "cluster", "status",
]


def _jsonl(db, status="all") -> list[dict]:
    return [json.loads(line) for line in to_string(db, "jsonl", status).splitlines()]


def _csv(db, status="all") -> list[dict]:
    return list(csv.DictReader(io.StringIO(to_string(db, "csv", status))))


@pytest.mark.model
def test_jsonl_records_carry_every_field_and_offsets_into_the_stored_text(seeded_db):
    rows = _jsonl(seeded_db)
    texts = dict(seeded_db.execute("SELECT id, text FROM articles").fetchall())
    assert len(rows) == seeded_db.execute("SELECT count(*) FROM quotes").fetchone()[0]
    for r in rows:
        assert set(REQUIRED_FIELDS) <= set(r)
        assert texts[r["article_id"]][r["start"]:r["end"]] == r["quote"]
    assert any(r["speaker"] for r in rows) and any(r["cue"] for r in rows)


@pytest.mark.model
def test_csv_has_a_header_of_every_field_and_one_row_a_quote(seeded_db):
    text = to_string(seeded_db, "csv")
    header = next(csv.reader(io.StringIO(text)))
    # Nested objects are dotted columns in CSV: the cue is cue.text, cue.start, cue.end.
    csv_required = {f for f in REQUIRED_FIELDS if f != "cue"} | {"cue.text", "cue.start", "cue.end"}
    assert header == FIELDS and csv_required <= set(header)
    rows = _csv(seeded_db)
    assert [r["quote_id"] for r in rows] == [r["quote_id"] for r in _jsonl(seeded_db)]


@pytest.mark.model
def test_quote_ids_are_the_same_in_two_fresh_databases(nlp):
    one, two = open_db(":memory:"), open_db(":memory:")
    files = sorted(CORPUS.glob("*.txt"))[:2]
    ingest(one, files, nlp=nlp)
    ingest(two, list(reversed(files)), nlp=nlp)
    ids = [sorted(r["quote_id"] for r in _jsonl(d)) for d in (one, two)]
    assert ids[0] == ids[1] and len(ids[0]) > 5


@pytest.mark.model
def test_csv_defuses_quotes_that_a_spreadsheet_would_run_as_formulas(tmp_path, db, nlp):
    (tmp_path / "trap.txt").write_text(
        'The trader said: "=HYPERLINK(\\"http://evil.example\\", \\"click\\") is all you need to know."\n'
        'Then the analyst wrote: "@SUM(A1:A9) should be your answer today."\n'
        'The clerk replied: "+1 for the plan, and for the budget too."\n'
        'The porter said: "\x1b[2J cleared screens are fun to watch."\n',
        encoding="utf-8",
    )
    ingest(db, [tmp_path], nlp=nlp)
    raw = {r["quote"][:1] for r in _jsonl(db)}
    assert {"=", "@", "+"} <= raw  # the JSONL keeps the text exactly
    for r in _csv(db):
        assert r["quote"][:1] not in ("=", "@", "+", "-"), r["quote"]
        assert "\x1b" not in r["quote"]
    quotes = {r["quote"] for r in _csv(db)}
    assert any(q.startswith("'=HYPERLINK") for q in quotes)
    assert any(q.startswith("'@SUM") for q in quotes)
    assert any(q.startswith("'+1 for the plan") for q in quotes)
    assert any("\\x1b[2J" in q for q in quotes)


@pytest.mark.model
def test_status_filter_picks_verified_pending_or_all(seeded_db):
    total = seeded_db.execute("SELECT count(*) FROM quotes").fetchone()[0]
    qid = seeded_db.execute("SELECT id FROM quotes LIMIT 1").fetchone()[0]
    seeded_db.execute("UPDATE quotes SET status = 'verified' WHERE id = ?", [qid])
    assert [r["quote_id"] for r in _jsonl(seeded_db, "verified")] == [qid]
    assert len(_jsonl(seeded_db, "pending")) == total - 1
    assert len(_csv(seeded_db, "all")) == total
    with pytest.raises(QuotedeskError, match="unknown status"):
        to_string(seeded_db, "jsonl", "approved")
    with pytest.raises(QuotedeskError, match="unknown format"):
        to_string(seeded_db, "xml")


def test_an_export_and_its_card_do_not_load_spacy(tmp_path):
    """Writing a dataset parses nothing: importing spaCy would cost an
    export of an archive seconds before its first record."""
    import subprocess
    import sys

    db_path, out = tmp_path / "e.db", tmp_path / "out.jsonl"
    script = (
        "import sys\n"
        "from quotedesk.core.storage import open_db\n"
        "from quotedesk.core.export import export_to\n"
        f"export_to(open_db({str(db_path)!r}), 'jsonl', {str(out)!r}, status='all')\n"
        "print('spacy' in sys.modules)\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert (tmp_path / "out.jsonl.card.md").exists()  # the card was written too
    assert run.stdout.strip() == "False"
