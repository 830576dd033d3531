"""The desk's queries find their rows through indexes and FTS5, never by reading every quote.

A query that scans the quotes table costs nothing on the sample corpus and a
second on a million quotes; the plan says which it is long before the clock
does. Each test runs what the desk runs, records every statement SQLite is
given (with its parameters bound) and asks SQLite for its query plan.
"""

from __future__ import annotations

import re

import pytest

import handmade
from quotedesk.core.export import export
from quotedesk.core.queue import Filter, conflicts, queue, queue_head, rows

#: A plan line that reads the whole quotes table (aliased or not).
FULL_SCAN = re.compile(r"^SCAN (quotes|q)\b(?! USING (COVERING )?INDEX)")


@pytest.fixture
def db():
    return handmade.build()[0]


def plans(db, run) -> list[tuple[str, list[str]]]:
    """(statement, its query-plan lines) for every SELECT ``run()`` sends to SQLite."""
    sent: list[str] = []
    db.conn.set_trace_callback(sent.append)
    try:
        run()
    finally:
        db.conn.set_trace_callback(None)
    out = []
    for sql in sent:
        if not re.match(r"\s*(WITH|SELECT)\b", sql, re.I):
            continue
        lines = [row[3] for row in db.conn.execute("EXPLAIN QUERY PLAN " + sql)]
        out.append((sql, lines))
    return out


def scans(found) -> list[str]:
    return [f"{line}  <-  {sql[:160]}" for sql, lines in found for line in lines if FULL_SCAN.match(line)]


def speaker_of(db, name):
    return db.execute("SELECT id FROM speakers WHERE name = ?", [name]).fetchone()[0]


def test_filtering_by_speaker_reads_that_speakers_quotes_by_index(db):
    found = plans(db, lambda: queue(db, Filter(speaker_id=speaker_of(db, "Jane Doe"))))
    assert found and scans(found) == []


def test_filtering_by_outlet_reads_that_outlets_quotes_by_index(db):
    found = plans(db, lambda: queue(db, Filter(outlet="Daily Example")))
    assert found and scans(found) == []


def test_full_text_search_goes_through_fts5(db):
    found = plans(db, lambda: queue(db, Filter(search="bridge")))
    assert any("VIRTUAL TABLE INDEX" in line for _, lines in found for line in lines)
    assert scans(found) == []


def as_if_large(db, quotes=1_000_000):
    """Table statistics of an archive of ``quotes`` quotes in which a
    speaker has a twentieth of them (as ``bench/bench_scale.py``'s has), what
    ANALYZE would record there, so SQLite plans as it would on one."""
    db.execute("ANALYZE")
    db.execute("DELETE FROM sqlite_stat1 WHERE tbl = 'quotes'")
    for idx, stat in [(None, f"{quotes}"), ("quotes_status", f"{quotes} 250000"),
                      ("quotes_article", f"{quotes} 14 1"), ("quotes_shown_speaker", f"{quotes} {quotes // 20} {quotes // 20}"),
                      ("sqlite_autoindex_quotes_1", f"{quotes} 1")]:
        db.execute("INSERT INTO sqlite_stat1(tbl, idx, stat) VALUES ('quotes', ?, ?)", [idx, stat])
    db.execute("ANALYZE sqlite_schema")  # reload the statistics


def test_full_text_search_in_a_large_archive_reads_no_quote_it_does_not_list(db):
    as_if_large(db)
    found = plans(db, lambda: queue(db, Filter(search="bridge")))
    assert any("VIRTUAL TABLE INDEX" in line for _, lines in found for line in lines)
    assert scans(found) == []
    # and the speaker's name still finds the quotes it does not contain
    assert queue(db, Filter(search="Jane Doe")) == queue(db, Filter(speaker_id=speaker_of(db, "Jane Doe")))


def test_filtering_by_a_speaker_with_many_quotes_in_a_large_archive_reads_only_theirs(db):
    as_if_large(db)
    found = plans(db, lambda: queue(db, Filter(speaker_id=speaker_of(db, "Jane Doe"))))
    assert found and scans(found) == []


def test_filtering_by_status_uses_the_status_index(db):
    found = plans(db, lambda: queue(db, Filter(status="verified")))
    assert found and scans(found) == []


def test_a_page_of_rows_and_its_families_conflicts_are_read_by_key(db):
    ids = [r[0] for r in db.execute("SELECT id FROM quotes ORDER BY id LIMIT 3")]
    clusters = {r[0] for r in db.execute("SELECT cluster_id FROM quotes WHERE cluster_id IS NOT NULL")}
    found = plans(db, lambda: (rows(db, ids), conflicts(db, clusters)))
    assert found and scans(found) == []


def test_the_scan_detector_sees_a_full_scan(db):
    """The check itself can fail: a query with no usable index is reported."""
    found = plans(db, lambda: db.execute("SELECT id FROM quotes WHERE confidence * 2 > 1").fetchall())
    assert scans(found)


def test_exporting_verified_quotes_does_not_read_every_quote_per_record(db):
    """An export reads the table once; what it reads per record goes by key."""
    import io

    found = plans(db, lambda: export(db, "jsonl", io.StringIO(), status="verified"))
    per_record = [line for sql, lines in found for line in lines
                  if FULL_SCAN.match(line) and "WHERE" in sql and "q.id = ?" in sql]
    assert found and per_record == []


@pytest.mark.parametrize("flt", [Filter(), Filter(outlet="Daily Example"), Filter(status="pending"),
                                 Filter(outlet="Weekly <b>Sample</b>", status="verified")],
                         ids=["all", "outlet", "status", "outlet-and-status"])
def test_the_first_page_walks_articles_in_order_and_sorts_nothing(db, flt):
    """However many quotes match, the head stops after a page: no sort of them all, no scan of quotes."""
    found = plans(db, lambda: queue_head(db, flt))
    lines = [line for _, ls in found for line in ls]
    # A sort of each article's quotes ("RIGHT PART OF ORDER BY") is fine; a sort of them all is not.
    assert found and scans(found) == [] and "USE TEMP B-TREE FOR ORDER BY" not in lines, lines


@pytest.mark.parametrize("flt", [Filter(), Filter(outlet="Daily Example"), Filter(status="pending"),
                                 Filter(outlet="Daily Example", status="verified")])
def test_the_first_page_is_the_start_of_the_whole_queue(db, flt):
    assert queue_head(db, flt, limit=2) == queue(db, flt)[:2]
    assert queue_head(db, flt) == queue(db, flt)


def test_a_search_many_quotes_match_gets_its_first_page_alone(db, monkeypatch):
    """A search for common words paints its first page before the whole list
    is read, as a filter by outlet does, and the page is the whole list's start."""
    from quotedesk.core import queue as q

    monkeypatch.setattr(q, "HEAD_SEARCH_MATCHES", 1)
    flt = Filter(search="bridge")
    whole = queue(db, flt)
    found = plans(db, lambda: queue_head(db, flt, limit=1))
    lines = [line for _, ls in found for line in ls]
    assert whole and queue_head(db, flt, limit=1) == whole[:1] and queue_head(db, flt) == whole
    assert scans(found) == [] and "USE TEMP B-TREE FOR ORDER BY" not in lines, lines


def test_a_search_few_quotes_match_is_read_whole(db):
    """Rare words: walking the archive for a page would cost more than the list."""
    assert queue(db, Filter(search="bridge")) and queue_head(db, Filter(search="bridge")) is None


def test_storing_an_article_reads_its_own_quotes_and_looks_names_up_by_index(db):
    """Ingest into an archive must cost what the new article costs: no
    statement may read every pending quote (the status index would), every
    decision, or every alias (a new name's near matches come from the
    aliases' trigram index)."""
    from quotedesk.core.candidates import Attribution, Candidate
    from quotedesk.core.detect import Quote
    from quotedesk.core.ingest import Article
    from quotedesk.core.pipeline import store_article

    text = "“We will rebuild,” said Marguerite Oyelaran-Quist."
    quote = Quote(1, 16, text[1:16], 0)
    cand = Candidate("Marguerite Oyelaran-Quist", "Marguerite Oyelaran-Quist", 24, 49, 0.9, "said", 19, 23,
                     "speech-verb", text)
    article = Article("new.txt", "new.txt", text)
    sent: list[str] = []
    db.conn.set_trace_callback(sent.append)
    try:
        store_article(db, article, [Attribution(quote, [cand])])
    finally:
        db.conn.set_trace_callback(None)
    lines = []
    for sql in sent:
        if re.match(r"\s*(SELECT|DELETE|UPDATE)\b", sql, re.I):
            lines += [(row[3], sql[:120]) for row in db.conn.execute("EXPLAIN QUERY PLAN " + sql)]
    assert any("aliases_grams" in sql for _, sql in lines)  # the new name was looked for
    assert [(p, s) for p, s in lines if "quotes_status" in p or re.match(r"SCAN (quotes|q|m|a|aliases|decisions)\b", p)
            ] == []
    assert db.execute("SELECT count(*) FROM quotes WHERE article_id = ?", [article.id]).fetchone()[0] == 1
