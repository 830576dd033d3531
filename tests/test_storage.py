"""The database file: WAL, foreign keys, a versioned schema with migrations,
refusing files that are not quotedesk's, and an append-only decision log."""

from __future__ import annotations

import sqlite3

import pytest

import quotedesk.core.storage as storage
from quotedesk.core import merges
from quotedesk.core.errors import QuotedeskError
from quotedesk.core.storage import NotQuotedeskDatabase, SCHEMA_VERSION, open_db, schema_version


def test_a_new_database_uses_wal_and_enforces_foreign_keys(tmp_path):
    db = open_db(tmp_path / "a.db")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO quotes(id, article_id, start, \"end\", text, kind) VALUES ('q1', 'nope', 0, 1, 'x', 'full')")


def test_the_schema_version_is_recorded_and_reopening_keeps_it(tmp_path):
    open_db(tmp_path / "a.db").close()
    db = open_db(tmp_path / "a.db")
    assert schema_version(db) == SCHEMA_VERSION
    assert db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(SCHEMA_VERSION)


def test_an_older_database_is_migrated_forward(tmp_path, monkeypatch):
    open_db(tmp_path / "a.db").close()
    monkeypatch.setattr(storage, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setitem(storage._MIGRATIONS, SCHEMA_VERSION, "ALTER TABLE articles ADD COLUMN lang TEXT;")
    db = open_db(tmp_path / "a.db")
    assert schema_version(db) == SCHEMA_VERSION + 1
    assert "lang" in db["articles"].columns_dict


def test_a_schema_6_database_gets_its_aliases_indexed_by_trigrams(tmp_path, monkeypatch):
    from quotedesk.core.speakers import find_speaker, get_or_create

    with monkeypatch.context() as m:
        m.setattr(storage, "SCHEMA_VERSION", 6)
        db = open_db(tmp_path / "a.db")
        assert "aliases_grams" not in db.table_names()
        sid = db["speakers"].insert({"name": "Marguerite Oyelaran", "kind": "person"}).last_pk
        db.execute("INSERT INTO aliases(speaker_id, alias) VALUES (?, 'Marguerite Oyelaran')", [sid])
        db.close()
    db = open_db(tmp_path / "a.db")
    assert schema_version(db) == SCHEMA_VERSION
    # The alias stored before the index existed is found through it, and one
    # added now, and a removed one is gone from it.
    assert find_speaker(db, "Oyelaran", "person") == sid
    other = get_or_create(db, "Tomasz Wierzbicki", "person")
    assert find_speaker(db, "Wierzbicki", "person") == other
    db.execute("DELETE FROM aliases WHERE speaker_id = ?", [other])
    db.execute("UPDATE aliases SET alias = 'Marguerite Oyelaran-Quist' WHERE speaker_id = ?", [sid])
    # FTS5's own check that the index holds exactly what ``aliases`` holds.
    db.execute("INSERT INTO aliases_grams(aliases_grams, rank) VALUES ('integrity-check', 1)")
    assert find_speaker(db, "Wierzbicki", "person") is None


def test_a_database_from_a_newer_quotedesk_is_refused(tmp_path):
    db = open_db(tmp_path / "a.db")
    db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION + 1)])
    db.close()
    with pytest.raises(NotQuotedeskDatabase, match="newer quotedesk"):
        open_db(tmp_path / "a.db")


def _one_line(exc: pytest.ExceptionInfo, path) -> str:
    message = str(exc.value)
    assert "\n" not in message and str(path) in message
    return message


@pytest.mark.parametrize("tables", [["CREATE TABLE foo (x)"], ["CREATE TABLE meta (k, v)", "INSERT INTO meta VALUES (1, 2)"]])
def test_another_programs_sqlite_file_is_refused_and_left_untouched(tmp_path, tables):
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    for sql in tables:
        conn.execute(sql)
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NotQuotedeskDatabase) as exc:
        open_db(path)
    assert "not quotedesk's" in _one_line(exc, path)
    assert path.read_bytes() == before


def test_a_text_file_is_refused_as_a_database_and_left_untouched(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("shopping list\n", encoding="utf-8")
    with pytest.raises(QuotedeskError) as exc:
        open_db(path)
    assert "not a SQLite database" in _one_line(exc, path)
    assert path.read_text(encoding="utf-8") == "shopping list\n"


def test_a_folder_or_a_missing_folder_is_refused_in_one_line(tmp_path):
    with pytest.raises(QuotedeskError) as exc:
        open_db(tmp_path)
    assert "folder" in _one_line(exc, tmp_path)
    with pytest.raises(QuotedeskError) as exc:
        open_db(tmp_path / "nowhere" / "a.db")
    assert "does not exist" in _one_line(exc, tmp_path / "nowhere" / "a.db")


def test_reading_commands_do_not_create_a_missing_database(tmp_path):
    with pytest.raises(QuotedeskError) as exc:
        open_db(tmp_path / "a.db", create=False)
    assert "no such database" in _one_line(exc, tmp_path / "a.db")
    assert not (tmp_path / "a.db").exists()


def test_decisions_cannot_be_deleted(db):
    db.execute("INSERT INTO decisions(quote_id, reviewer, at, action) VALUES (NULL, 'ana', '2026-01-01', 'verify')")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM decisions")
    assert db.execute("SELECT count(*) FROM decisions").fetchone()[0] == 1


def test_search_index_follows_text_edits_but_not_review_state(tmp_path):
    db = open_db(tmp_path / "fts.db")
    db.execute(
        "INSERT INTO articles(id, file, source, text, sha256, ingested_at) VALUES ('a', 'a.txt', 'a.txt', 'x', 'h', 'now')"
    )
    db.execute("INSERT INTO quotes(id, article_id, start, \"end\", text, kind) VALUES ('q1', 'a', 0, 1, 'old words', 'full')")
    triggers = {r[0]: r[1] for r in db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")}
    assert "UPDATE OF text, speaker_mention" in triggers["quotes_au"]
    db.execute("UPDATE quotes SET status = 'verified' WHERE id = 'q1'")
    db.execute("UPDATE quotes SET text = 'new words' WHERE id = 'q1'")
    hits = lambda w: db.execute("SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH ?", [w]).fetchone()[0]  # noqa: E731
    assert hits("new") == 1 and hits("old") == 0


@pytest.mark.model
def test_migrating_to_schema_3_reads_each_reviewers_answer_from_the_log_and_follows_alias_splits(seeded_db):
    from quotedesk.core import review

    db = seeded_db
    qid, sid, mention = db.execute(
        "SELECT q.id, q.speaker_id, q.speaker_mention FROM quotes q JOIN aliases a ON a.speaker_id = q.speaker_id "
        "AND a.alias = q.speaker_mention WHERE (SELECT count(*) FROM aliases b WHERE b.speaker_id = q.speaker_id) > 1 "
        "ORDER BY q.id LIMIT 1").fetchone()
    other = db.execute("SELECT id FROM quotes WHERE id != ? ORDER BY id LIMIT 1", [qid]).fetchone()[0]
    review.confirm(db, qid, "alice")
    review.confirm(db, qid, "bob")
    merges.split_alias(db, sid, mention, "alice")
    review.reject(db, other, "alice")
    review.no_speaker(db, other, "bob")
    # As a schema-2 file would be: the log alone, no answers table rows.
    path = db.execute("PRAGMA database_list").fetchone()[2]
    db.execute("DELETE FROM answers")
    db.execute("UPDATE quotes SET status = 'verified' WHERE id = ?", [other])  # the last writer's answer
    db.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    db.close()
    migrated = open_db(path)
    try:
        assert schema_version(migrated) == SCHEMA_VERSION
        statuses = dict(migrated.execute("SELECT id, status FROM quotes WHERE id IN (?, ?)", [qid, other]).fetchall())
        assert statuses == {qid: "verified", other: "disputed"}
        assert migrated.execute("SELECT count(DISTINCT speaker_id) FROM answers WHERE quote_id = ?",
                                [qid]).fetchone() == (1,)
    finally:
        migrated.close()
