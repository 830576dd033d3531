"""The SQLite database: schema, migrations and transactions.

Everything quotedesk knows lives in one SQLite file so that a reviewer's work
can be copied, backed up and queried with ordinary tools. The schema is
versioned in the ``meta`` table; ``open_db`` migrates older files forward and
refuses files that are not quotedesk's rather than writing into them.

Reviewer decisions are the one thing that must never be lost: the
``decisions`` table is append-only, and re-running detection never touches a
quote whose status is not ``pending``.

Only SQLite ever opens a live database file. On POSIX, closing *any*
descriptor of a file drops every lock the process holds on it, SQLite's
included, so a plain ``open()`` of the file (to sniff its header, say) while a
connection is open makes the next process that closes the database think it
is the last user, checkpoint and delete the ``-wal`` file under the open
connection ("How To Corrupt An SQLite Database File", section 2.2). SQLite's
own layer shares one descriptor per file inside a process and defers closing
it while locks are held, so a second ``open_db`` of the same file is safe.
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from .errors import QuotedeskError

SCHEMA_VERSION = 8
DEFAULT_DB = "attributions.db"
#: How long a statement waits for another process's write lock before giving up.
BUSY_SECONDS = 30

_SCHEMA_V1 = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,            -- sha256 of the text, first 16 hex digits
    file TEXT NOT NULL,             -- source file name as ingested
    source TEXT NOT NULL,           -- full path (plus #line for JSONL)
    outlet TEXT,
    url TEXT,
    date TEXT,
    title TEXT,
    text TEXT NOT NULL,             -- exactly as read: offsets point into it
    sha256 TEXT NOT NULL UNIQUE,
    ingested_at TEXT NOT NULL,
    detector_version INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS speakers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,             -- canonical name
    kind TEXT,                      -- person | org | other
    merged_into INTEGER REFERENCES speakers(id)
);
CREATE TABLE IF NOT EXISTS aliases (
    id INTEGER PRIMARY KEY,
    speaker_id INTEGER NOT NULL REFERENCES speakers(id),
    alias TEXT NOT NULL,
    UNIQUE (speaker_id, alias)
);
CREATE TABLE IF NOT EXISTS clusters (
    id INTEGER PRIMARY KEY,
    canonical TEXT,                 -- the longest member's wording
    size INTEGER NOT NULL DEFAULT 0,
    outlets INTEGER NOT NULL DEFAULT 0,
    conflict INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS quotes (
    id TEXT PRIMARY KEY,            -- stable: hash of article id and span
    article_id TEXT NOT NULL REFERENCES articles(id),
    start INTEGER NOT NULL,         -- offsets of the quote text, marks excluded
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    kind TEXT NOT NULL,             -- full | partial | headline | not_speech
    paragraph INTEGER NOT NULL DEFAULT 0,
    speaker_id INTEGER REFERENCES speakers(id),   -- current answer
    proposed_speaker_id INTEGER REFERENCES speakers(id),  -- the machine's
    speaker_mention TEXT,
    mention_start INTEGER,
    mention_end INTEGER,
    cue TEXT,
    cue_start INTEGER,
    cue_end INTEGER,
    confidence REAL NOT NULL DEFAULT 0,
    cluster_id INTEGER REFERENCES clusters(id),
    status TEXT NOT NULL DEFAULT 'pending',  -- pending | verified | rejected | disputed
    reviewer TEXT,
    decided_at TEXT,
    review_seconds REAL NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS quotes_article ON quotes(article_id, start);
CREATE INDEX IF NOT EXISTS quotes_status ON quotes(status);
CREATE INDEX IF NOT EXISTS quotes_cluster ON quotes(cluster_id);
CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(speaker_id);
CREATE TABLE IF NOT EXISTS candidates (
    id INTEGER PRIMARY KEY,
    quote_id TEXT NOT NULL REFERENCES quotes(id) ON DELETE CASCADE,
    rank INTEGER NOT NULL,
    speaker_id INTEGER REFERENCES speakers(id),
    mention TEXT,
    mention_start INTEGER,
    mention_end INTEGER,
    score REAL NOT NULL,
    cue TEXT,
    pattern TEXT,                   -- which rule proposed it
    evidence TEXT,                  -- the sentence it was read from
    origin TEXT NOT NULL DEFAULT 'article'  -- article | family
);
CREATE INDEX IF NOT EXISTS candidates_quote ON candidates(quote_id, rank);
CREATE TABLE IF NOT EXISTS decisions (
    id INTEGER PRIMARY KEY,
    quote_id TEXT REFERENCES quotes(id),
    reviewer TEXT NOT NULL,
    at TEXT NOT NULL,
    action TEXT NOT NULL,
    before TEXT,                    -- JSON of the state it replaced
    after TEXT,                     -- JSON of the state it set
    seconds REAL,
    undone_by INTEGER REFERENCES decisions(id)
);
CREATE INDEX IF NOT EXISTS decisions_quote ON decisions(quote_id);
CREATE TRIGGER IF NOT EXISTS decisions_append_only
BEFORE DELETE ON decisions
BEGIN
    SELECT RAISE(ABORT, 'decisions are append-only');
END;
"""

# Migrations from version N to N+1, applied in order.
_MIGRATIONS: dict[int, str] = {
    # 1 -> 2: the full-text index follows only the columns it indexes, so a
    # review decision or a family id no longer rewrites the quote's entry.
    1: """
DROP TRIGGER IF EXISTS quotes_au;
CREATE TRIGGER quotes_au AFTER UPDATE OF text, speaker_mention ON quotes BEGIN
  INSERT INTO quotes_fts (quotes_fts, rowid, text, speaker_mention)
    VALUES ('delete', old.rowid, old.text, old.speaker_mention);
  INSERT INTO quotes_fts (rowid, text, speaker_mention)
    VALUES (new.rowid, new.text, new.speaker_mention);
END;
""",
    # 2 -> 3: several reviewers. Each reviewer's standing answer on a quote is
    # kept apart, so one reviewer's undo never takes back another's answer and
    # two answers that differ make the quote ``disputed``. The rows are filled
    # from the decision log by ``core.answers.backfill`` right after.
    2: """
CREATE TABLE IF NOT EXISTS answers (
    quote_id TEXT NOT NULL REFERENCES quotes(id) ON DELETE CASCADE,
    reviewer TEXT NOT NULL,
    status TEXT NOT NULL,           -- verified | rejected
    speaker_id INTEGER REFERENCES speakers(id),
    decision_id INTEGER NOT NULL REFERENCES decisions(id),
    decided_at TEXT NOT NULL,
    adjudication INTEGER NOT NULL DEFAULT 0,  -- settles a dispute: it stands over the others
    PRIMARY KEY (quote_id, reviewer)
);
CREATE INDEX IF NOT EXISTS decisions_reviewer ON decisions(reviewer, id);
""",
    # 3 -> 4: fixing what the detector got wrong, and annotations (issue 16):
    # columns added by ``_annotation_columns`` (an ALTER TABLE per missing
    # column, so a file that has some of them already still migrates).
    3: """
CREATE INDEX IF NOT EXISTS quotes_origin ON quotes(origin) WHERE origin != 'detector';
""",
    # 4 -> 5: the desk's first page in article order, filtered by outlet or
    # not, walks articles in order instead of sorting every quote (issue 14).
    4: """
CREATE INDEX IF NOT EXISTS articles_file ON articles(file, id);
CREATE INDEX IF NOT EXISTS articles_outlet ON articles(outlet, file, id);
""",
    # 5 -> 6: one speaker identity (issue 12). ``speakers.root``, the live entity
    # a speaker belongs to, is filled by walking ``merged_into`` once, then moved
    # by ``core.speakers`` on every merge and split; a new speaker is its own root.
    # ``quotes_shown_speaker`` indexes ``core.speakers.SHOWN_SPEAKER`` (matched
    # without the table alias): a filter by speaker is an index search.
    5: """
CREATE TEMP TABLE canon (id INTEGER PRIMARY KEY, root INTEGER);  -- walked once, then looked up by key
WITH RECURSIVE walk(id, root) AS (
    SELECT id, id FROM speakers WHERE merged_into IS NULL
    UNION
    SELECT s.id, w.root FROM speakers s JOIN walk w ON s.merged_into = w.id
)
INSERT INTO canon SELECT id, root FROM walk;
UPDATE speakers SET root = COALESCE((SELECT root FROM canon WHERE canon.id = speakers.id), id);
DROP TABLE canon;
CREATE INDEX IF NOT EXISTS speakers_root ON speakers(root);
CREATE INDEX IF NOT EXISTS aliases_alias ON aliases(alias COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS speakers_name ON speakers(name COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS quotes_shown_speaker
    ON quotes((CASE WHEN status = 'pending' THEN COALESCE(speaker_id, proposed_speaker_id) ELSE speaker_id END), status);
CREATE TRIGGER IF NOT EXISTS speakers_own_root AFTER INSERT ON speakers WHEN new.root IS NULL BEGIN
    UPDATE speakers SET root = new.id WHERE id = new.id;
END;
""",
    # 6 -> 7: a new name finds the speakers whose aliases contain the start
    # of its last word (``core.speakers.find_speaker``) through a trigram
    # index instead of reading every alias: ingest into a large archive
    # slowed down with every speaker it knew (issue 14).
    6: """
CREATE VIRTUAL TABLE IF NOT EXISTS aliases_grams USING fts5(alias, content='aliases', content_rowid='id', tokenize='trigram');
INSERT INTO aliases_grams(aliases_grams) VALUES ('rebuild');
CREATE TRIGGER IF NOT EXISTS aliases_grams_added AFTER INSERT ON aliases BEGIN
    INSERT INTO aliases_grams(rowid, alias) VALUES (new.id, new.alias);
END;
CREATE TRIGGER IF NOT EXISTS aliases_grams_removed AFTER DELETE ON aliases BEGIN
    INSERT INTO aliases_grams(aliases_grams, rowid, alias) VALUES ('delete', old.id, old.alias);
END;
CREATE TRIGGER IF NOT EXISTS aliases_grams_changed AFTER UPDATE OF alias ON aliases BEGIN
    INSERT INTO aliases_grams(aliases_grams, rowid, alias) VALUES ('delete', old.id, old.alias);
    INSERT INTO aliases_grams(rowid, alias) VALUES (new.id, new.alias);
END;
""",
    # 7 -> 8: a quote that reports several statements is in each one's family
    # (``core.statements``). ``quotes.cluster_id`` stays the family it is shown
    # in, the largest; ``family_also`` holds the others, and the view
    # ``family_members`` is every membership, for everything that lists a
    # family's members. Matching's triggers (``core.family_index``) drop a
    # removed quote's rows and note the families it leaves.
    7: """
CREATE TABLE IF NOT EXISTS family_also (
    quote_id TEXT NOT NULL,
    cluster_id INTEGER NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
    PRIMARY KEY (quote_id, cluster_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS family_also_cluster ON family_also(cluster_id, quote_id);
CREATE VIEW IF NOT EXISTS family_members(quote_id, cluster_id) AS
    SELECT id, cluster_id FROM quotes WHERE cluster_id IS NOT NULL
    UNION ALL SELECT quote_id, cluster_id FROM family_also;
""",
}


@contextmanager
def snapshot(db: sqlite_utils.Database):
    """Every read inside sees the database as it was at the first one.

    In WAL mode a read transaction holds one snapshot, so an export whose
    records and card are read over many queries cannot mix the state before
    and after a decision another process commits meanwhile. A no-op inside a
    transaction, which sees one state already.
    """
    if db.conn.in_transaction:
        yield db
        return
    db.conn.execute("BEGIN")
    try:
        yield db
    finally:
        if db.conn.in_transaction:
            db.conn.execute("COMMIT")


def database_files(db: sqlite_utils.Database) -> list[Path]:
    """The file of an open database and the journal files SQLite keeps beside it."""
    row = db.execute("PRAGMA database_list").fetchone()
    if not row or not row[2]:
        return []
    main = Path(row[2])
    return [main] + [main.with_name(main.name + s) for s in ("-wal", "-shm", "-journal")]


def is_same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return False


def _backfill_answers(db: sqlite_utils.Database) -> None:
    from .answers import backfill  # late: answers is built on this module's schema

    backfill(db)


#: Schema 4's columns. A reviewer's answer may name several speakers ("Xi and
#: Lukashenko"): the first stays in ``speaker_id``, the others, in order, are a
#: JSON list of speaker ids in ``co_speakers`` (the quote's copy is derived like
#: its speaker). ``flag`` ('unsure') and ``note`` mark a quote for a second
#: look. ``origin`` says who found the quotation: the detector, or a reviewer
#: who marked one it missed. Kind and span edits change the quote's own
#: columns; every change is a decision in the log (``core.annotate``).
_V4_COLUMNS = [("answers", "co_speakers", "TEXT"), ("quotes", "co_speakers", "TEXT"), ("quotes", "flag", "TEXT"),
               ("quotes", "note", "TEXT"), ("quotes", "origin", "TEXT NOT NULL DEFAULT 'detector'")]


def _add_missing(db: sqlite_utils.Database, columns) -> None:
    """An ALTER TABLE per missing column, so a file that has some of them already still migrates."""
    for table, column, decl in columns:
        if column not in {r[1] for r in db.execute(f"PRAGMA table_info({table})")}:
            db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {decl}")


def _annotation_columns(db: sqlite_utils.Database) -> None:
    _add_missing(db, _V4_COLUMNS)
    db.execute("CREATE INDEX IF NOT EXISTS quotes_flag ON quotes(flag) WHERE flag IS NOT NULL")


#: Python steps of a migration, in the same transaction: early ones before its SQL, the others once
#: every migration's SQL is done (they are today's code, so they run on the newest schema).
_EARLY_STEPS = {3: _annotation_columns,
                5: lambda db: _add_missing(db, [("speakers", "root", "INTEGER REFERENCES speakers(id)")])}
_MIGRATION_STEPS = {2: _backfill_answers}


class NotQuotedeskDatabase(QuotedeskError):
    """The file exists but is not a quotedesk database."""


def open_db(path: str | Path = DEFAULT_DB, *, create: bool = True) -> sqlite_utils.Database:
    """Open (and create or migrate) a quotedesk database.

    ``":memory:"`` gives a private in-memory database for tests. Anything that
    is not a quotedesk database (a text file, a folder, another program's
    SQLite file) raises ``NotQuotedeskDatabase`` before a byte is written.
    The file is only ever read through SQLite (see the module docstring).
    """
    path = str(path)
    memory = path == ":memory:"
    if not memory:
        p = Path(path)
        if p.is_dir():
            raise NotQuotedeskDatabase(f"{path}: is a folder, not a database file")
        if p.exists() and not p.is_file():
            raise NotQuotedeskDatabase(f"{path}: not a regular file, so not a database")
        if not p.exists():
            if not create:
                raise QuotedeskError(f"{path}: no such database (run `quotedesk ingest` first)")
            if not p.parent.is_dir():
                raise QuotedeskError(f"{path}: folder {p.parent} does not exist")
    try:
        conn = sqlite3.connect(path, check_same_thread=False, timeout=BUSY_SECONDS)
    except sqlite3.Error as exc:
        raise QuotedeskError(f"{path}: cannot open the database ({exc})") from None
    try:
        db = sqlite_utils.Database(conn)
        _check_is_quotedesk(db, path)
        if not memory:
            db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA foreign_keys=ON")
        db.execute("PRAGMA synchronous=NORMAL")
        _ensure_schema(db, path)
    except QuotedeskError:
        conn.close()
        raise
    except sqlite3.OperationalError as exc:
        conn.close()
        if "trigram" in str(exc):
            raise QuotedeskError(f"{path}: this Python's SQLite ({sqlite3.sqlite_version}) has no FTS5 trigram "
                                 "tokenizer; quotedesk needs SQLite 3.34 or newer") from None
        raise QuotedeskError(f"{path}: cannot use the database ({exc})") from None
    except sqlite3.DatabaseError as exc:
        conn.close()
        if "not a database" in str(exc):
            raise NotQuotedeskDatabase(f"{path}: not a SQLite database") from None
        raise NotQuotedeskDatabase(f"{path}: not a usable SQLite database ({exc})") from None
    return db


@contextmanager
def transaction(db: sqlite_utils.Database):
    """One write transaction, taking the write lock before anything is read.

    ``BEGIN IMMEDIATE`` means what a writer reads inside (a quote's status, a
    reviewer's last answer) cannot change under it before it writes. With
    sqlite-utils 4 every ``execute`` outside a transaction commits on its own,
    so ``with db.conn:`` is no transaction at all: every multi-statement
    write goes through here. Nested calls become savepoints of the outer one.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    try:
        db.conn.execute("COMMIT")
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise


def _check_is_quotedesk(db: sqlite_utils.Database, path: str) -> None:
    """An empty database is fine; one with tables must carry our schema version."""
    tables = set(db.table_names())
    if tables and not schema_version(db):
        raise NotQuotedeskDatabase(
            f"{path}: is a SQLite database but not quotedesk's (tables: {', '.join(sorted(tables)[:5])})"
        )


def _ensure_schema(db: sqlite_utils.Database, path: str) -> None:
    version = schema_version(db)
    if version > SCHEMA_VERSION:
        raise NotQuotedeskDatabase(
            f"{path}: made by a newer quotedesk (schema {version}, this one knows {SCHEMA_VERSION})"
        )
    if version == SCHEMA_VERSION and "quotes_fts" in db.table_names():
        return
    # One transaction: a database is either fully set up or untouched, so an
    # interrupted first run never leaves a half-made schema behind.
    with transaction(db):
        if version == 0:
            db.executescript(_SCHEMA_V1)  # inside a transaction: no implicit commit
            version = 1
        _ensure_fts(db)
        steps = []
        while version < SCHEMA_VERSION:
            if version in _EARLY_STEPS:
                _EARLY_STEPS[version](db)
            db.executescript(_MIGRATIONS[version])
            steps += [_MIGRATION_STEPS[version]] if version in _MIGRATION_STEPS else []
            version += 1
        for step in steps:  # Python steps are today's code: they run on the newest schema
            step(db)
        db.execute(
            "INSERT INTO meta(key, value) VALUES ('schema_version', ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [str(version)],
        )


def _ensure_fts(db: sqlite_utils.Database) -> None:
    """Full-text search over quote text, kept in step by triggers."""
    if "quotes_fts" not in db.table_names():
        db["quotes"].enable_fts(["text", "speaker_mention"], create_triggers=True, tokenize="unicode61")


def schema_version(db: sqlite_utils.Database) -> int:
    """The schema version recorded in ``meta``; 0 when there is none."""
    if "meta" not in db.table_names():
        return 0
    try:
        row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(row[0]) if row else 0
    except (sqlite3.OperationalError, ValueError, TypeError):
        return 0  # a "meta" table of some other program's
