"""The `quotedesk` command end to end: ingest → export → eval on the seeds,
help and docs for every command, and one clean line for every error."""

from __future__ import annotations

import json
import sqlite3

import pytest
from typer.main import get_command
from typer.testing import CliRunner

import quotedesk.core.pipeline as pipeline
from quotedesk.cli import app

from conftest import CORPUS, REPO, SEEDS, needs_seeds

#: Quote F1 from issue 3's bar; speaker accuracy on found quotes from issue 4's.
QUOTE_F1_BAR = 0.95
SPEAKER_ACCURACY_FLOOR = 0.95

COMMANDS = sorted(get_command(app).commands)
#: The commands this file's author documents in README.md; the others'
#: sections are still being written by their owners.


@pytest.fixture
def run(monkeypatch, nlp):
    """Invoke the CLI; ingest uses the session's spaCy pipeline instead of loading one."""
    monkeypatch.setattr(pipeline, "load_nlp", lambda model=None: nlp)
    runner = CliRunner()

    def invoke(*args):
        result = runner.invoke(app, [str(a) for a in args])
        assert "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        return result

    return invoke


@pytest.fixture(scope="module")
def figures(tmp_path_factory, nlp):
    """Ingest the corpus, export it and score it, once for this module."""
    mp = pytest.MonkeyPatch()
    mp.setattr(pipeline, "load_nlp", lambda model=None: nlp)
    tmp = tmp_path_factory.mktemp("cli")
    runner = CliRunner()
    db = tmp / "x.db"
    out = {}
    try:
        out["ingest"] = runner.invoke(app, ["ingest", str(CORPUS), "--db", str(db)])
        out["jsonl"] = runner.invoke(app, ["export", "--db", str(db), "-o", str(tmp / "q.jsonl")])
        out["csv"] = runner.invoke(app, ["export", "--db", str(db), "-f", "csv", "-o", str(tmp / "q.csv")])
        out["eval"] = runner.invoke(app, ["eval", str(SEEDS / "gold.jsonl"), "--clusters",
                                          str(SEEDS / "clusters.jsonl"), "--db", str(db), "--json"])
        out["report"] = runner.invoke(app, ["eval", str(SEEDS / "gold.jsonl"), "--db", str(db), "--worst", "3"])
        out["by_kind"] = runner.invoke(app, ["eval", str(SEEDS / "gold.jsonl"), "--db", str(db), "--by-kind", "--json"])
        out["by_kind_text"] = runner.invoke(app, ["eval", str(SEEDS / "gold.jsonl"), "--db", str(db), "--by-kind"])
        out["stats"] = runner.invoke(app, ["stats", "--db", str(db), "--json"])
    finally:
        mp.undo()
    out["tmp"] = tmp
    return out


@needs_seeds()
@pytest.mark.model
def test_seeds_end_to_end_stay_above_the_bar(figures):
    for step in ("ingest", "jsonl", "csv", "eval", "report", "stats"):
        assert figures[step].exit_code == 0, (step, figures[step].output)
    assert figures["ingest"].stdout.startswith("5 article(s) added")
    f = json.loads(figures["eval"].stdout)
    assert f["quote_f1"] >= QUOTE_F1_BAR, f
    assert f["quote_recall"] >= QUOTE_F1_BAR, f
    assert f["speaker_accuracy"] >= SPEAKER_ACCURACY_FLOOR, f
    assert f["end_to_end"] >= SPEAKER_ACCURACY_FLOOR * f["quote_recall"] - 0.01, f
    assert "clusters" in f and f["clusters"]["gold_pairs"] > 0
    # The stored candidates offer at least what was chosen, and more where it was wrong.
    assert f["speaker_right"] <= f["in_candidates"] <= f["speaker_total"], f
    assert f["in_candidates"] > f["speaker_right"] or f["speaker_right"] == f["speaker_total"], f


@needs_seeds()
@pytest.mark.model
def test_export_files_hold_every_stored_quote(figures):
    quotes = json.loads(figures["stats"].stdout)["quotes"]
    jsonl = (figures["tmp"] / "q.jsonl").read_text(encoding="utf-8").splitlines()
    csv_lines = (figures["tmp"] / "q.csv").read_text(encoding="utf-8").splitlines()
    assert len(jsonl) == quotes and quotes >= 60
    assert csv_lines[0].startswith("quote_id,article_id,file,outlet")
    assert f"{quotes} record(s) exported" in figures["jsonl"].stderr
    assert not list(figures["tmp"].glob("*.part"))


@needs_seeds()
@pytest.mark.model
def test_eval_prints_the_figures_and_the_worst_misses(figures):
    text = figures["report"].stdout
    for word in ("precision", "recall", "F1", "speaker", "candidates", "end-to-end", "worst misses"):
        assert word in text
    assert len([line for line in text.splitlines() if line.startswith("  ")]) <= 3 + 3  # bands + 3 misses


@needs_seeds()
@pytest.mark.model
def test_eval_by_kind_splits_every_scored_quote_into_classes(figures):
    f = json.loads(figures["by_kind"].stdout)
    classes = f["by_kind"]["gold_classes"]
    # Every speaker-scored quote is full or partial, so those two classes hold them all.
    assert sum(classes[k]["total"] for k in ("kind full", "kind partial") if k in classes) == f["speaker_total"]
    assert sum(f["by_kind"]["wrong_answers"].values()) == f["speaker_total"] - f["speaker_right"]
    text = figures["by_kind_text"].stdout
    for heading in ("by kind", "wrong", "names", "not_speech"):
        assert any(line.startswith(heading) for line in text.splitlines()), heading


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command):
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_documented_in_the_readme(command):
    assert f"quotedesk {command}" in (REPO / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("args", [
    ["stats"], ["export"], ["export", "-f", "csv"], ["eval", "gold.jsonl"],
])
@pytest.mark.model
def test_reading_commands_on_a_missing_database_give_one_line(run, tmp_path, args):
    # A gold file of our own: the test must not need ../shared.
    (tmp_path / "gold.jsonl").write_text(
        '{"file": "a.txt", "start": 0, "end": 5, "quote": "Hello", "speaker": "Ann Lee", "kind": "full"}\n')
    args = [str(tmp_path / a) if a.endswith(".jsonl") else a for a in args]
    result = run(*args, "--db", tmp_path / "missing.db")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"error: {tmp_path / 'missing.db'}: no such database (run `quotedesk ingest` first)"]
    assert not (tmp_path / "missing.db").exists()


@pytest.mark.model
@pytest.mark.parametrize("kind", ["text", "sqlite"])
@pytest.mark.parametrize("command", ["ingest", "stats", "export"])
def test_a_database_that_is_not_quotedesks_gives_one_line(run, tmp_path, kind, command):
    path = tmp_path / "other.db"
    if kind == "text":
        path.write_text("not a database\n", encoding="utf-8")
    else:
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE users (name TEXT)")
        conn.commit()
        conn.close()
    before = path.read_bytes()
    args = [command, CORPUS] if command == "ingest" else [command]
    result = run(*args, "--db", path)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {path}: ")
    assert path.read_bytes() == before


@pytest.mark.model
def test_export_into_a_missing_folder_gives_one_line(run, seeded_db_path, tmp_path):
    result = run("export", "--db", seeded_db_path, "-o", tmp_path / "nowhere" / "q.jsonl")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "nowhere" in lines[0]
    assert ".part" not in lines[0]  # the user's file is named, not our temporary one


@pytest.mark.model
def test_bad_format_status_and_gold_files_give_one_line(run, seeded_db_path, tmp_path):
    bad_gold = tmp_path / "gold.jsonl"
    bad_gold.write_text('{"file": "a.txt", "start": 0}\n', encoding="utf-8")
    for args in (["export", "-f", "xml"], ["export", "--status", "approved"],
                 ["eval", tmp_path / "absent.jsonl"], ["eval", bad_gold], ["export", "-f", "csv", "--status", "x"]):
        result = run(*args, "--db", seeded_db_path)
        assert result.exit_code == 1, args
        assert len(result.stderr.splitlines()) == 1, (args, result.stderr)
        assert result.stdout == "", (args, result.stdout)  # no CSV header before the error
        assert "Error:" not in result.stderr and "KeyError" not in result.stderr, result.stderr


@pytest.mark.model
def test_article_text_never_reaches_the_terminal_as_escape_sequences(run, tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({
        "id": "evil", "outlet": "Evil\x1b[2J\x1b]0;owned\x07 Times",
        "text": 'Mr. Evil said: "\x1b[31mEverything is red now, friends."',
    }) + "\n", encoding="utf-8")
    db = tmp_path / "x.db"
    assert run("ingest", feed, "--db", db).exit_code == 0
    for args in (["stats"], ["export"], ["export", "-f", "csv"]):
        result = run(*args, "--db", db)
        assert result.exit_code == 0
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout, args


@pytest.mark.model
def test_stats_json_writes_c1_controls_and_bidi_overrides_as_escapes(run, tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({
        "id": "evil", "outlet": "Evil\x9b2J\u202e Times", "text": 'Mr. Evil said: "Everything is red now, friends."',
    }) + "\n", encoding="utf-8")
    db = tmp_path / "x.db"
    assert run("ingest", feed, "--db", db).exit_code == 0
    result = run("stats", "--json", "--db", db)
    assert result.exit_code == 0
    assert "\x9b" not in result.stdout and "\u202e" not in result.stdout
    assert json.loads(result.stdout)["outlets"][0][0] == "Evil\x9b2J\u202e Times"


@pytest.mark.model
def test_a_reader_that_stops_early_ends_the_export_quietly(run, seeded_db_path, monkeypatch):
    # "quotedesk export | head": the pipe closes under the writer.
    import quotedesk.cli.pipeline as commands

    def closed(*args, **kwargs):
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(commands, "export_records", closed)
    result = run("export", "--db", seeded_db_path)
    assert result.exit_code == 0
    assert result.stderr == ""
