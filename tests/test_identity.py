"""Who speaks a quote now: one root per speaker, kept where its merges lead.

Every read follows ``speakers.root`` instead of walking ``merged_into``; these
tests hold that column to the walk after any run of merges, splits, unmerges
and undos, check that a filter by speaker is an index search, and that an old
database gets its roots on migration.
"""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quotedesk.core import merges, queue, speakers, storage, undo
from quotedesk.core.decisions import ReviewError
from quotedesk.core.speakers import name_of, resolve
from quotedesk.core.storage import open_db

#: speaker -> aliases; each speaker's first alias is its name.
PEOPLE = {1: ["Jane Doe", "Doe"], 2: ["J. Doe"], 3: ["Tom Roe", "Roe"], 4: ["City Hall"], 5: ["Ann Poe", "Poe"]}


def small_desk(db) -> None:
    """Two articles of our own; each speaker proposed for two quotes, one of them mentioned by its last alias."""
    db.execute("INSERT INTO articles(id, file, source, text, sha256, ingested_at) "
               "VALUES ('a', 'a.txt', 'a.txt', 'x', 'h', 'now')")
    for sid, aliases in PEOPLE.items():
        db.execute("INSERT INTO speakers(id, name, kind) VALUES (?, ?, 'person')", [sid, aliases[0]])
        for alias in aliases:
            db.execute("INSERT INTO aliases(speaker_id, alias) VALUES (?, ?)", [sid, alias])
        for n, mention in enumerate([aliases[0], aliases[-1]]):
            db.execute("INSERT INTO quotes(id, article_id, start, \"end\", text, kind, proposed_speaker_id, "
                       "speaker_id, speaker_mention) VALUES (?, 'a', ?, ?, 'words', 'full', ?, ?, ?)",
                       [f"q{sid}{n}", sid * 10 + n, sid * 10 + n + 1, sid, sid, mention])


def walked_roots(db) -> dict[int, int]:
    """Each speaker's entity found by walking ``merged_into``, as every query did before ``root``."""
    links = dict(db.execute("SELECT id, merged_into FROM speakers").fetchall())
    out = {}
    for sid in links:
        cur = sid
        while links[cur] is not None:
            cur = links[cur]
        out[sid] = cur
    return out


def stored_roots(db) -> dict[int, int]:
    return dict(db.execute("SELECT id, root FROM speakers").fetchall())


OPS = st.lists(st.one_of(
    st.tuples(st.just("merge"), st.integers(1, 6), st.integers(1, 6)),
    st.tuples(st.just("split"), st.integers(1, 6), st.sampled_from(sorted({a for v in PEOPLE.values() for a in v}))),
    st.tuples(st.just("undo"), st.just(0), st.just(0)),
), max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(OPS)
def test_each_speakers_root_is_where_its_merges_lead_after_any_merges_splits_and_undos(ops):
    db = open_db(":memory:")
    small_desk(db)
    for op, a, b in ops:
        try:
            if op == "merge":
                merges.merge_speakers(db, a, b, "ann")
            elif op == "split":
                merges.split_alias(db, a, b, "ann")
            else:
                undo.undo(db, "ann")
        except ReviewError:
            pass  # refused (same speaker, not an alias, nothing to undo): nothing changed
        assert stored_roots(db) == walked_roots(db), (op, a, b)
    db.close()


def test_merging_a_speaker_brings_everything_merged_into_it_along(db):
    small_desk(db)
    merges.merge_speakers(db, 2, 1, "ann")  # "J. Doe" is Jane Doe
    merges.merge_speakers(db, 1, 3, "ann")  # and (wrongly) both are Tom Roe
    assert resolve(db, 2) == 3 and name_of(db, 2) == "Tom Roe"
    assert {qid for qid, _ in queue.queue(db, queue.Filter(speaker_id=3))} == {
        "q10", "q11", "q20", "q21", "q30", "q31"}
    undo.undo(db, "ann")
    assert resolve(db, 2) == 1 and name_of(db, 2) == "Jane Doe"
    assert {qid for qid, _ in queue.queue(db, queue.Filter(speaker_id=2))} == {"q10", "q11", "q20", "q21"}


def test_a_filter_by_speaker_is_an_index_search_not_a_scan_of_every_quote(db):
    small_desk(db)
    merges.merge_speakers(db, 2, 1, "ann")
    executed: list[str] = []
    db.conn.set_trace_callback(executed.append)
    queue.queue(db, queue.Filter(speaker_id=2))
    db.conn.set_trace_callback(None)
    sql = next(s for s in executed if "FROM quotes q" in s)
    plan = " / ".join(r[3] for r in db.execute("EXPLAIN QUERY PLAN " + sql))
    assert "USING INDEX quotes_shown_speaker" in plan and "SCAN q" not in plan, plan


def test_a_schema_5_database_gets_each_speakers_root_on_migration(tmp_path, monkeypatch):
    path = tmp_path / "v5.db"
    with monkeypatch.context() as m:
        m.setattr(storage, "SCHEMA_VERSION", 5)
        db = open_db(path)
        small_desk(db)
        db.execute("UPDATE speakers SET merged_into = 1 WHERE id = 2")  # as schema 5's merges wrote them
        db.execute("UPDATE speakers SET merged_into = 2 WHERE id = 5")
        assert "root" not in [r[1] for r in db.execute("PRAGMA table_info(speakers)")]
        db.close()
    db = open_db(path)
    assert storage.schema_version(db) == storage.SCHEMA_VERSION
    assert stored_roots(db) == {1: 1, 2: 1, 3: 3, 4: 4, 5: 1}
    indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"speakers_root", "aliases_alias", "quotes_shown_speaker"} <= indexes
    assert speakers.match_name(db, "poe") == [1]
    db.close()


def test_a_new_speaker_is_its_own_entity_however_it_is_inserted(db):
    db.execute("INSERT INTO speakers(name) VALUES ('Ann Poe')")
    db["speakers"].insert({"name": "Tom Roe"})
    assert {r[0] == r[1] for r in db.execute("SELECT id, root FROM speakers")} == {True}


def test_the_walk_and_the_root_column_agree_on_an_old_file_with_a_merge_chain(tmp_path):
    # A chain of merges three deep, written straight into a current file: the
    # migration's fill (rerun by marking the file schema 5) finds the same roots.
    path = tmp_path / "chain.db"
    db = open_db(path)
    small_desk(db)
    db.close()
    conn = sqlite3.connect(path)
    conn.executescript("UPDATE speakers SET merged_into = 2 WHERE id = 1; UPDATE speakers SET merged_into = 3 "
                       "WHERE id = 2; UPDATE speakers SET merged_into = 4 WHERE id = 3; "
                       "UPDATE meta SET value = '5' WHERE key = 'schema_version';")
    conn.close()
    db = open_db(path)
    assert stored_roots(db) == walked_roots(db) == {1: 4, 2: 4, 3: 4, 4: 4, 5: 5}
    db.close()


def test_a_filter_by_speaker_reads_no_table_in_full_not_even_the_articles(db):
    small_desk(db)
    executed: list[str] = []
    db.conn.set_trace_callback(executed.append)
    queue.queue(db, queue.Filter(speaker_id=3))
    db.conn.set_trace_callback(None)
    plans = [r[3] for sql in executed if sql.lstrip().upper().startswith(("SELECT", "WITH"))
             for r in db.execute("EXPLAIN QUERY PLAN " + sql)]
    assert plans and not [p for p in plans if p.startswith("SCAN") and "json_each" not in p], plans


@pytest.mark.model
def test_a_filtered_queue_is_in_review_order_whichever_way_its_articles_are_read(seeded_db, monkeypatch):
    everything = [qid for qid, _ in queue.queue(seeded_db)]
    flt = queue.Filter(status="pending")
    by_key = queue.queue(seeded_db, flt)
    monkeypatch.setattr(queue, "_BY_KEY", 0)  # as past a few thousand articles: all read in order
    assert queue.queue(seeded_db, flt) == by_key
    found = {qid for qid, _ in by_key}
    assert [qid for qid, _ in by_key] == [qid for qid in everything if qid in found] and len(found) > 3


def test_looking_up_a_typed_or_found_name_searches_the_alias_index(db):
    from quotedesk.core.speakers import find_speaker

    small_desk(db)
    executed: list[str] = []
    db.conn.set_trace_callback(executed.append)
    assert speakers.match_name(db, "ROE") == [3] and find_speaker(db, "tom roe", "person") == 3
    db.conn.set_trace_callback(None)
    plans = [r[3] for sql in executed if "aliases" in sql for r in db.execute("EXPLAIN QUERY PLAN " + sql)]
    assert plans and not [p for p in plans if p.startswith("SCAN")], plans
    assert sum("USING INDEX aliases_alias" in p for p in plans) >= 2, plans
