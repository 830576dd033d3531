"""Reading articles: every input format, idempotency, offsets, bad inputs,
interruptions and re-detection that leaves reviewed quotes alone."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import quotedesk.core.pipeline as pipeline
from quotedesk.cli import app
from quotedesk.core.ingest import read_file
from quotedesk.core.pipeline import ingest
from quotedesk.core.storage import open_db

from conftest import CORPUS

pytestmark = pytest.mark.model

SAID = 'Mayor Jane Porter said: "The new bridge will connect our neighbourhoods for a century."\n'

PAGE = """<!DOCTYPE html>
<html><head><title>Mayor opens bridge</title>
<meta property="og:site_name" content="Daily Example"></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li>Subscribe now to our newsletter!</li></ul></nav>
<article>
<h1>Mayor opens bridge</h1>
<p>The new bridge over the river opened on Monday after three years of work and a long debate about its cost.</p>
<p>"This bridge will connect our neighbourhoods for a century," Mayor Jane Porter said at the ceremony.</p>
<p>Critics were less impressed. "It cost twice what we were promised," said council member Tom Reyes.</p>
</article>
<footer>Cookie settings. All rights reserved.</footer>
</body></html>
"""


@pytest.fixture
def fast_cli(monkeypatch, nlp):
    """The CLI, with the session's spaCy pipeline instead of a fresh load."""
    monkeypatch.setattr(pipeline, "load_nlp", lambda model=None: nlp)
    runner = CliRunner()
    return lambda *args: runner.invoke(app, [str(a) for a in args])


def articles(db) -> dict[str, dict]:
    return {r["file"]: r for r in db.query("SELECT * FROM articles")}


def assert_offsets_valid(db) -> int:
    rows = db.execute(
        'SELECT a.text, q.start, q."end", q.text FROM quotes q JOIN articles a ON a.id = q.article_id'
    ).fetchall()
    for text, start, end, quote in rows:
        assert text[start:end] == quote
    return len(rows)


# --- formats -------------------------------------------------------------------


def test_txt_takes_outlet_date_title_and_url_from_the_manifest_beside_it(tmp_path, db, nlp):
    (tmp_path / "a.txt").write_text(SAID, encoding="utf-8")
    (tmp_path / "manifest.jsonl").write_text(json.dumps(
        {"file": "a.txt", "outlet": "Daily Planet", "date": "2024-05-01", "title": "Bridge opens", "url": "https://example.org/a"}
    ) + "\n", encoding="utf-8")
    report = ingest(db, [tmp_path], nlp=nlp)
    assert (report.added, report.problems) == (1, [])
    a = articles(db)["a.txt"]
    assert (a["outlet"], a["date"], a["title"], a["url"]) == ("Daily Planet", "2024-05-01", "Bridge opens", "https://example.org/a")
    assert a["text"] == SAID
    assert db.execute("SELECT text FROM quotes").fetchone()[0] == (
        "The new bridge will connect our neighbourhoods for a century."
    )


def test_a_manifest_title_holding_a_line_separator_is_still_read(tmp_path):
    # JSON allows U+2028 raw inside a string; it does not end a JSONL line.
    (tmp_path / "a.txt").write_text(SAID, encoding="utf-8")
    (tmp_path / "manifest.jsonl").write_text(json.dumps(
        {"file": "a.txt", "outlet": "Daily Planet", "title": "Bridge\u2028opens"}, ensure_ascii=False
    ) + "\n", encoding="utf-8")
    (article,) = read_file(tmp_path / "a.txt")
    assert (article.outlet, article.title) == ("Daily Planet", "Bridge\u2028opens")


def test_txt_without_a_manifest_is_named_after_its_file(tmp_path, db, nlp):
    (tmp_path / "riverside-gazette.txt").write_text(SAID, encoding="utf-8")
    ingest(db, [tmp_path / "riverside-gazette.txt"], nlp=nlp)
    a = articles(db)["riverside-gazette.txt"]
    assert a["outlet"] == "riverside-gazette"
    assert a["date"] is None and a["title"] is None


def test_jsonl_reads_one_article_a_line_with_its_metadata(tmp_path, db, nlp):
    rows = [
        {"id": "planet-17", "text": SAID, "outlet": "Daily Planet", "url": "https://example.org/17",
         "date": "2024-05-01", "title": "Bridge opens"},
        {"text": 'Tom Reyes said: "It cost twice what we were promised."', "outlet": "Gazette"},
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    report = ingest(db, [path], nlp=nlp)
    assert report.added == 2
    got = articles(db)
    first, second = got["planet-17"], got["feed.jsonl:2"]
    assert (first["outlet"], first["url"], first["date"], first["title"]) == (
        "Daily Planet", "https://example.org/17", "2024-05-01", "Bridge opens")
    assert first["text"] == SAID and first["source"].endswith("feed.jsonl:1")
    assert second["outlet"] == "Gazette" and second["url"] is None
    assert assert_offsets_valid(db) == 2


def test_html_keeps_the_article_text_and_drops_the_page_furniture(tmp_path, db, nlp):
    (tmp_path / "bridge.html").write_text(PAGE, encoding="utf-8")
    report = ingest(db, [tmp_path], nlp=nlp)
    assert (report.added, report.problems) == (1, [])
    a = articles(db)["bridge.html"]
    assert "connect our neighbourhoods for a century" in a["text"]
    assert "Subscribe now" not in a["text"] and "Cookie settings" not in a["text"]
    assert a["outlet"] == "Daily Example" and a["title"] == "Mayor opens bridge"
    quotes = {r[0] for r in db.execute("SELECT text FROM quotes")}
    assert "It cost twice what we were promised," in quotes
    assert assert_offsets_valid(db) >= 2


def test_html_in_a_declared_legacy_charset_is_decoded_not_refused(tmp_path, db, nlp):
    page = PAGE.replace("<head>", '<head><meta charset="iso-8859-1">').replace("Critics", "Critiques d'été")
    (tmp_path / "latin.html").write_bytes(page.encode("latin-1"))
    report = ingest(db, [tmp_path], nlp=nlp)
    assert report.problems == []
    assert "Critiques d'été" in articles(db)["latin.html"]["text"]


# --- idempotency and offsets ------------------------------------------------------


def test_an_unchanged_article_is_skipped_by_content_hash(seeded_db, tmp_path, nlp):
    before = seeded_db.execute("SELECT count(*) FROM quotes").fetchone()[0]
    # The same text under another name, and with Windows line ends, is the same article.
    src = sorted(CORPUS.glob("*.txt"))[0]
    (tmp_path / "renamed.txt").write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "crlf.txt").write_bytes(src.read_bytes().replace(b"\n", b"\r\n"))
    report = ingest(seeded_db, [CORPUS, tmp_path], nlp=nlp)
    assert (report.added, report.skipped, report.quotes) == (0, 7, 0)
    assert seeded_db.execute("SELECT count(*) FROM quotes").fetchone()[0] == before
    # A changed text is a new article.
    (tmp_path / "renamed.txt").write_text(src.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    assert ingest(seeded_db, [tmp_path / "renamed.txt"], nlp=nlp).added == 1


def test_every_stored_quote_slices_out_of_the_stored_text(seeded_db):
    assert assert_offsets_valid(seeded_db) >= 60
    stored = {a["file"]: a["text"] for a in articles(seeded_db).values()}
    for f in CORPUS.glob("*.txt"):
        assert stored[f.name] == f.read_text(encoding="utf-8")  # exactly as read


# --- bad inputs ---------------------------------------------------------------------

BAD_INPUTS = {
    "missing.txt": None,
    "empty.txt": b"",
    "blank.txt": b"  \n\n \t\n",
    "binary.txt": bytes(range(256)) * 4,
    "latin1.txt": 'Le maire a dit : "Nous gagnerons cet été."\n'.encode("latin-1"),
    "utf16.txt": "He said \"hello\".".encode("utf-16"),
    "broken.jsonl": b'{"text": "He said \\"hello there\\" to all."}\n{"text": broken\n',
    "notext.jsonl": b'{"title": "no text here"}\n',
    "surrogate.jsonl": b'{"text": "He said \\"hi \\ud800 there.\\""}\n',
    "notes.docx": b"PK\x03\x04 not an article",
}
EXPECTED = {
    "missing.txt": "no such file", "empty.txt": "empty", "blank.txt": "empty", "binary.txt": "binary",
    "latin1.txt": "not UTF-8", "utf16.txt": "UTF-16", "broken.jsonl": "malformed JSON",
    "notext.jsonl": "no \"text\"", "surrogate.jsonl": "surrogate", "notes.docx": "unsupported file type",
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_a_bad_input_gives_one_line_naming_it_and_the_good_file_still_ingests(name, tmp_path, fast_cli):
    if BAD_INPUTS[name] is not None:
        (tmp_path / name).write_bytes(BAD_INPUTS[name])
    (tmp_path / "good.txt").write_text(SAID, encoding="utf-8")
    dbfile = tmp_path / "x.db"
    result = fast_cli("ingest", tmp_path / name, tmp_path / "good.txt", "--db", dbfile)
    assert result.exit_code == 0, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and name in lines[0] and EXPECTED[name] in lines[0], lines
    assert "Traceback" not in result.output
    db = open_db(dbfile)
    files = set(articles(db))
    # broken.jsonl's first line is a good article too
    assert files == ({"good.txt", "broken.jsonl:1"} if name == "broken.jsonl" else {"good.txt"})
    assert_offsets_valid(db)


def test_when_nothing_can_be_ingested_the_exit_code_is_one(tmp_path, fast_cli):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = fast_cli("ingest", tmp_path / "empty.txt", tmp_path / "nowhere", "--db", tmp_path / "x.db")
    assert result.exit_code == 1
    assert "empty.txt: empty file" in result.stderr and "nowhere: no such file" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("name", ["missing.txt", "empty.txt", "broken.jsonl"])
def test_a_lone_bad_file_gives_exactly_one_line_and_exit_code_one(name, tmp_path, fast_cli):
    if BAD_INPUTS[name] is not None:
        (tmp_path / name).write_bytes(BAD_INPUTS[name].split(b"\n", 1)[-1] if name == "broken.jsonl" else BAD_INPUTS[name])
    result = fast_cli("ingest", tmp_path / name, "--db", tmp_path / "x.db")
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and name in lines[0] and EXPECTED[name] in lines[0]


def test_summary_is_the_last_line_and_no_progress_bar_leaks_off_a_terminal(tmp_path, fast_cli):
    (tmp_path / "good.txt").write_text(SAID, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    result = fast_cli("ingest", tmp_path, "--db", tmp_path / "x.db")
    assert result.stdout.splitlines() == [
        f"1 article(s) added, 0 unchanged, 1 quote(s) stored in {tmp_path / 'x.db'}; 1 input(s) skipped, named above"
    ]
    assert "ingesting" not in result.output
    assert result.stderr.splitlines() == [f"skipped {tmp_path / 'empty.txt'}: empty file"]


def test_an_article_too_long_for_the_pipeline_is_skipped_and_the_others_still_ingest(tmp_path, db, nlp, monkeypatch):
    monkeypatch.setattr(nlp, "max_length", 500)
    (tmp_path / "a-long.txt").write_text(SAID * 10, encoding="utf-8")
    (tmp_path / "b-short.txt").write_text(SAID, encoding="utf-8")
    report = ingest(db, [tmp_path], nlp=nlp)
    assert report.added == 1
    assert set(articles(db)) == {"b-short.txt"}
    (problem,) = report.problems
    assert problem.source.endswith("a-long.txt") and "too long" in problem.problem


def test_a_manifest_named_alone_is_not_taken_for_articles():
    problems = [p for p in read_file(CORPUS / "manifest.jsonl")]
    assert len(problems) == 1 and "metadata" in problems[0].problem


# --- interruptions ------------------------------------------------------------------


def _whole_articles_only(db, reference) -> None:
    """Every stored article has exactly the quotes a full run gives it."""
    ref = {}
    for aid, qid in reference.execute("SELECT article_id, id FROM quotes"):
        ref.setdefault(aid, set()).add(qid)
    got = {}
    for aid, qid in db.execute("SELECT article_id, id FROM quotes"):
        got.setdefault(aid, set()).add(qid)
    for (aid,) in db.execute("SELECT id FROM articles"):
        assert got.get(aid, set()) == ref.get(aid, set())


def test_ctrl_c_between_files_keeps_whole_articles_and_a_rerun_resumes(tmp_path, nlp, seeded_db_path):
    reference = open_db(seeded_db_path)
    db = open_db(tmp_path / "x.db")
    done = []

    def on_file(path):
        done.append(path)
        if len(done) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest(db, [CORPUS], nlp=nlp, on_file=on_file)
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
    _whole_articles_only(db, reference)

    report = ingest(db, [CORPUS], nlp=nlp)
    assert (report.added, report.skipped) == (3, 2)
    _whole_articles_only(db, reference)
    assert db.execute("SELECT count(*) FROM quotes").fetchone()[0] == \
        reference.execute("SELECT count(*) FROM quotes").fetchone()[0]


def test_ctrl_c_inside_an_article_stores_none_of_it(tmp_path, nlp, monkeypatch):
    db = open_db(tmp_path / "x.db")
    real = pipeline._store_quote
    calls = []

    def interrupted(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "_store_quote", interrupted)
    with pytest.raises(KeyboardInterrupt):
        ingest(db, [sorted(CORPUS.glob("*.txt"))[0]], nlp=nlp)
    for table in ("articles", "quotes", "candidates", "speakers"):
        assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
    monkeypatch.setattr(pipeline, "_store_quote", real)
    assert ingest(db, [sorted(CORPUS.glob("*.txt"))[0]], nlp=nlp).added == 1


def test_ctrl_c_in_the_cli_says_how_to_resume(tmp_path, fast_cli, monkeypatch):
    (tmp_path / "good.txt").write_text(SAID, encoding="utf-8")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "store_article", interrupted)
    result = fast_cli("ingest", tmp_path, "--db", tmp_path / "x.db")
    assert result.exit_code == 130
    assert "run the command again to resume" in result.stderr


# --- re-detection ---------------------------------------------------------------------


def test_redetect_leaves_a_verified_quote_exactly_as_the_reviewer_left_it(seeded_db, nlp):
    db = seeded_db
    qid, article_id = db.execute("SELECT id, article_id FROM quotes ORDER BY id LIMIT 1").fetchone()
    other = db.execute("SELECT id FROM speakers ORDER BY id DESC LIMIT 1").fetchone()[0]
    with db.atomic():
        db.execute("UPDATE quotes SET status = 'verified', speaker_id = ?, reviewer = 'ana', "
                   "decided_at = '2026-01-01T00:00:00+00:00', kind = 'partial' WHERE id = ?", [other, qid])
        db.execute("INSERT INTO decisions(quote_id, reviewer, at, action, before, after) "
                   "VALUES (?, 'ana', '2026-01-01T00:00:00+00:00', 'verify', '{}', '{}')", [qid])
    # A pending quote in the same article, scribbled on, shows detection did run again.
    pending = db.execute("SELECT id FROM quotes WHERE article_id = ? AND id != ? LIMIT 1", [article_id, qid]).fetchone()[0]
    db.execute("UPDATE quotes SET confidence = -1 WHERE id = ?", [pending])

    decided_before = db.execute("SELECT * FROM quotes WHERE id = ?", [qid]).fetchone()
    candidates_before = db.execute("SELECT * FROM candidates WHERE quote_id = ? ORDER BY id", [qid]).fetchall()
    count_before = db.execute("SELECT count(*) FROM quotes").fetchone()[0]

    ingest(db, [CORPUS], nlp=nlp, redetect=True)

    assert db.execute("SELECT * FROM quotes WHERE id = ?", [qid]).fetchone() == decided_before
    assert db.execute("SELECT * FROM candidates WHERE quote_id = ? ORDER BY id", [qid]).fetchall() == candidates_before
    assert db.execute("SELECT confidence FROM quotes WHERE id = ?", [pending]).fetchone()[0] >= 0
    assert db.execute("SELECT count(*) FROM quotes").fetchone()[0] == count_before
    assert db.execute("SELECT count(*) FROM decisions").fetchone()[0] == 1


def test_redetect_adds_no_new_quote_over_a_decided_one_whose_span_moved(seeded_db, nlp):
    db = seeded_db
    qid, article_id, start, end = db.execute(
        'SELECT id, article_id, start, "end" FROM quotes WHERE "end" - start > 20 ORDER BY id LIMIT 1').fetchone()
    # As if an older detector had found the span one character shorter and a reviewer had rejected it.
    text = db.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()[0]
    with db.atomic():
        db.execute("DELETE FROM candidates WHERE quote_id = ?", [qid])
        db.execute("UPDATE quotes SET id = 'q-old', \"end\" = ?, text = ?, status = 'rejected' WHERE id = ?",
                   [end - 1, text[start:end - 1], qid])
    ingest(db, [CORPUS], nlp=nlp, redetect=True)
    overlapping = db.execute(
        'SELECT id, status FROM quotes WHERE article_id = ? AND start < ? AND "end" > ?', [article_id, end, start]
    ).fetchall()
    assert overlapping == [("q-old", "rejected")]


def test_redetect_with_no_path_reads_the_stored_articles_again_and_adds_none(tmp_path, fast_cli):
    path = tmp_path / "one.txt"
    path.write_text("“We will rebuild the bridge by spring,” the mayor, Dana Example, said on Monday.\n",
                    encoding="utf-8")
    db_path = tmp_path / "x.db"
    assert fast_cli("ingest", path, "--db", db_path).exit_code == 0
    path.unlink()  # the stored text is what is read again
    db = open_db(db_path)
    db.execute("UPDATE quotes SET confidence = -1")
    db.close()
    result = fast_cli("ingest", "--redetect", "--db", db_path)
    assert result.exit_code == 0, result.output
    assert "1 stored article(s) read again" in result.output
    db = open_db(db_path)
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    assert db.execute("SELECT min(confidence) FROM quotes").fetchone()[0] >= 0
    db.close()


def test_redetect_with_no_path_on_an_empty_database_says_so(tmp_path, fast_cli):
    db_path = tmp_path / "x.db"
    open_db(db_path).close()
    result = fast_cli("ingest", "--redetect", "--db", db_path)
    assert result.exit_code == 1 and "no stored articles" in result.output


def test_an_upgraded_detector_redetects_stored_articles_without_being_asked(seeded_db, nlp, monkeypatch):
    qid = seeded_db.execute("SELECT id FROM quotes ORDER BY id LIMIT 1").fetchone()[0]
    seeded_db.execute("UPDATE quotes SET status = 'verified', reviewer = 'ana' WHERE id = ?", [qid])
    before = seeded_db.execute("SELECT * FROM quotes WHERE id = ?", [qid]).fetchone()
    monkeypatch.setattr(pipeline, "DETECTOR_VERSION", pipeline.DETECTOR_VERSION + 1)
    report = ingest(seeded_db, [CORPUS], nlp=nlp)
    assert (report.added, report.updated, report.skipped) == (0, 5, 0)
    assert seeded_db.execute("SELECT * FROM quotes WHERE id = ?", [qid]).fetchone() == before
    assert ingest(seeded_db, [CORPUS], nlp=nlp).skipped == 5
