"""Several reviewers: merging another reviewer's database, taking gold
annotations as decisions, and measuring agreement."""

from __future__ import annotations

import json
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from quotedesk.cli import app
from quotedesk.core import merges, review, speakers, transfer, undo
from quotedesk.core.agreement import agreement
from quotedesk.core.decisions import ReviewError
from quotedesk.core.pipeline import quote_id
from quotedesk.core.storage import open_db

TEXT = ("“The bridge opens in May,” said Dana Example.\n\n"
        "“We have the money for it,” Lee Sample told reporters.\n\n"
        "Critics called it “a folly” and “a waste”.\n\n"
        "“Nobody asked us,” a resident said.\n")
QUOTES = ["The bridge opens in May,", "We have the money for it,", "a folly", "a waste", "Nobody asked us,"]


def small_db(path, text=TEXT, quotes=QUOTES, name="a.txt"):
    """A database holding one article of our own and its quotes, each proposing Dana Example."""
    import hashlib

    db = open_db(path)
    sha = hashlib.sha256(text.encode()).hexdigest()
    aid = sha[:16]
    db.execute("INSERT INTO articles(id, file, source, outlet, text, sha256, ingested_at) VALUES (?,?,?,?,?,?, 'now')",
               [aid, name, name, "Gazette", text, sha])
    sid = db.execute("INSERT INTO speakers(name, kind) VALUES ('Dana Example', 'person')").lastrowid
    db.execute("INSERT INTO aliases(speaker_id, alias) VALUES (?, 'Dana Example')", [sid])
    ids = []
    for q in quotes:
        start = text.index(q)
        qid = quote_id(aid, start, start + len(q))
        db.execute('INSERT INTO quotes(id, article_id, start, "end", text, kind, speaker_id, proposed_speaker_id, '
                   "confidence) VALUES (?,?,?,?,?, 'full', ?, ?, 0.5)", [qid, aid, start, start + len(q), q, sid, sid])
        ids.append(qid)
    return db, ids


def status(db, qid):
    return db.execute("SELECT status FROM quotes WHERE id = ?", [qid]).fetchone()[0]


def standing(db) -> dict[tuple[str, str], tuple]:
    rows = db.execute("SELECT a.quote_id, a.reviewer, a.status, s.name FROM answers a "
                      "LEFT JOIN speakers s ON s.id = a.speaker_id").fetchall()
    return {(q, r): (st_, name if st_ == "verified" else None) for q, r, st_, name in rows}


# ---------------------------------------------------------------- agreement

def test_kappa_and_raw_agreement_are_those_worked_out_by_hand(tmp_path):
    db, ids = small_db(tmp_path / "k.db", quotes=QUOTES)
    extra = [f"extra {n}" for n in range(5)]
    db2, more = small_db(tmp_path / "k2.db", text=TEXT + "".join(f"“{e}” " for e in extra), quotes=QUOTES + extra)
    # alice rejects 4 and says "no speaker" to 6; bob agrees on all but the 4th.
    for n, qid in enumerate(more):
        (review.reject if n < 4 else review.no_speaker)(db2, qid, "alice")
        (review.reject if n < 3 else review.no_speaker)(db2, qid, "bob")
    result = agreement(db2)
    (pair,) = result.pairs
    assert (pair.a, pair.b, pair.quotes) == ("alice", "bob", 10)
    assert pair.agreement == pytest.approx(0.9)
    # p_o = 0.9; p_e = 0.4 * 0.3 + 0.6 * 0.7 = 0.54; kappa = 0.36 / 0.46
    assert pair.kappa == pytest.approx(0.36 / 0.46)
    assert result.by_outlet["Gazette"][0].kappa == pytest.approx(0.36 / 0.46)
    assert result.alpha is None  # two reviewers: kappa is the figure


def test_krippendorffs_alpha_for_three_reviewers_is_the_hand_computed_value(tmp_path):
    db, ids = small_db(tmp_path / "a.db")
    # units: RRR, NNN, RRN, NNN -> coincidences o_RR 4, o_NN 6, o_RN = o_NR = 1; n_R 5, n_N 7
    plan = ["RRR", "NNN", "RRN", "NNN"]
    for qid, answers_ in zip(ids, plan):
        for who, a in zip(("ann", "bob", "cy"), answers_):
            (review.reject if a == "R" else review.no_speaker)(db, qid, who)
    result = agreement(db)
    assert result.alpha == pytest.approx(1 - 11 * 2 / (5 * 7 * 2))
    assert result.alpha_quotes == 4


def test_two_names_of_one_merged_entity_agree(tmp_path):
    db, ids = small_db(tmp_path / "m.db")
    review.set_speaker(db, ids[0], "ann", name="D. Example")
    review.set_speaker(db, ids[0], "bob", name="Dana Example")
    review.no_speaker(db, ids[1], "ann")
    review.reject(db, ids[1], "bob")
    before = agreement(db).pairs[0].agreement
    a, b = speakers.match_name(db, "D. Example")[0], speakers.match_name(db, "Dana Example")[0]
    merges.merge_speakers(db, a, b, "ann")
    assert (before, agreement(db).pairs[0].agreement) == (0.0, 0.5)


# ---------------------------------------------------------------- merge

def test_merging_another_reviewers_database_overwrites_nothing_and_marks_disagreements(tmp_path):
    mine, ids = small_db(tmp_path / "mine.db")
    theirs, _ = small_db(tmp_path / "theirs.db")
    review.confirm(mine, ids[0], "alice")
    review.reject(mine, ids[1], "alice")
    review.confirm(theirs, ids[0], "bob")
    review.no_speaker(theirs, ids[1], "bob")
    review.set_speaker(theirs, ids[2], "bob", name="Lee Sample")
    theirs.close()
    untouched = (tmp_path / "theirs.db").read_bytes()
    report = transfer.bring_in(mine, transfer.from_database(tmp_path / "theirs.db"), "theirs.db")
    assert (report.added, report.missing) == (3, [])
    assert [status(mine, q) for q in ids[:3]] == ["verified", "disputed", "verified"]
    assert standing(mine)[(ids[2], "bob")] == ("verified", "Lee Sample")
    assert standing(mine)[(ids[1], "alice")] == ("rejected", None)
    assert (tmp_path / "theirs.db").read_bytes() == untouched
    again = transfer.bring_in(mine, transfer.from_database(tmp_path / "theirs.db"), "theirs.db")
    assert (again.added, again.unchanged) == (0, 3)


def test_answers_on_quotes_this_database_lacks_are_reported_not_dropped(tmp_path):
    mine, ids = small_db(tmp_path / "mine.db")
    theirs, other_ids = small_db(tmp_path / "theirs.db", text=TEXT + "“Later words,” she said.\n",
                                 quotes=QUOTES + ["Later words,"])
    review.reject(theirs, other_ids[-1], "bob")
    theirs.close()
    result = CliRunner().invoke(app, ["merge", str(tmp_path / "theirs.db"), "--db", str(tmp_path / "mine.db")])
    assert result.exit_code == 0, result.output
    assert "not here:" in result.output and "1 on quotes this database does not hold" in result.output


def test_merging_a_file_that_is_not_a_database_is_one_line(tmp_path):
    small_db(tmp_path / "mine.db")[0].close()
    (tmp_path / "notes.db").write_text("hello\n")
    result = CliRunner().invoke(app, ["merge", str(tmp_path / "notes.db"), "--db", str(tmp_path / "mine.db")])
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0 and "notes.db" in result.output


ACTIONS = st.sampled_from(["confirm", "reject", "no_speaker", "speaker", "undo"])
PLAN = st.lists(st.tuples(st.sampled_from(["ann", "bob", "cy"]), st.integers(0, len(QUOTES) - 1), ACTIONS,
                          st.booleans()), max_size=25)


def _play(db, ids, plan, side):
    for who, n, action, mine in plan:
        if mine != side:
            continue
        try:
            if action == "undo":
                undo.undo(db, who)
            elif action == "speaker":
                review.set_speaker(db, ids[n], who, name=f"Typed {n}")
            else:
                getattr(review, action)(db, ids[n], who)
        except ReviewError:
            pass


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(PLAN)
def test_merge_never_loses_a_standing_answer(tmp_path_factory, plan):
    tmp = tmp_path_factory.mktemp("merge")
    mine, ids = small_db(tmp / "mine.db")
    theirs, _ = small_db(tmp / "theirs.db")
    _play(mine, ids, plan, True)
    _play(theirs, ids, plan, False)
    ours, other = standing(mine), standing(theirs)
    theirs.close()
    transfer.bring_in(mine, transfer.from_database(tmp / "theirs.db"), "theirs.db")
    merged = standing(mine)
    for key, answer in other.items():
        if key not in ours:
            assert merged[key] == answer, key
    for key, answer in ours.items():
        assert merged[key] in (answer, other.get(key)), key
        if key in other and other[key] != answer:  # one of the two stands; the other is on record
            logged = mine.execute("SELECT count(*) FROM decisions WHERE quote_id = ? AND reviewer = ? "
                                  "AND action IN ('superseded', 'confirm', 'speaker', 'no_speaker', 'reject')",
                                  list(key)).fetchone()[0]
            assert logged >= 2
    ruled = {r[0] for r in mine.execute("SELECT quote_id FROM answers WHERE adjudication = 1")}
    for qid in set(ids) - ruled:
        answers_ = {a for (q, _), a in merged.items() if q == qid}
        expected = "pending" if not answers_ else ("disputed" if len({a[0] if a[0] == "rejected" else a
                                                                       for a in answers_}) > 1 else None)
        if expected:
            assert status(mine, qid) == expected
    mine.close()


# ---------------------------------------------------------------- gold

def test_gold_annotations_become_one_reviewers_decisions(tmp_path):
    db, ids = small_db(tmp_path / "g.db")
    gold = tmp_path / "gold.jsonl"
    rows = [
        {"file": "a.txt", "start": TEXT.index(QUOTES[0]), "end": TEXT.index(QUOTES[0]) + len(QUOTES[0]) - 1,
         "quote": QUOTES[0], "speaker": "Dana Example", "accept": ["Dana Example"], "kind": "full"},
        {"file": "a.txt", "start": TEXT.index(QUOTES[1]), "end": TEXT.index(QUOTES[1]) + len(QUOTES[1]),
         "quote": QUOTES[1], "speaker": "Lee Sample", "accept": ["Lee Sample"], "kind": "full"},
        {"file": "a.txt", "start": TEXT.index(QUOTES[2]), "end": TEXT.index(QUOTES[2]) + len(QUOTES[2]),
         "quote": QUOTES[2], "speaker": None, "accept": [None], "kind": "not_speech"},
        {"file": "a.txt", "start": TEXT.index(QUOTES[4]), "end": TEXT.index(QUOTES[4]) + len(QUOTES[4]),
         "quote": QUOTES[4], "speaker": None, "accept": [None], "kind": "full"},
        {"file": "b.txt", "start": 0, "end": 5, "quote": "other", "speaker": "X", "accept": ["X"], "kind": "full"},
    ]
    gold.write_text("".join(json.dumps(r) + "\n" for r in rows))
    db.close()
    result = CliRunner().invoke(app, ["import", str(gold), "--reviewer", "annotators", "--db", str(tmp_path / "g.db")])
    assert result.exit_code == 0, result.output
    assert "not here: gold.jsonl:5" in result.output
    db = open_db(tmp_path / "g.db")
    got = standing(db)
    assert got[(ids[0], "annotators")] == ("verified", "Dana Example")  # a span off by one still matches
    assert got[(ids[1], "annotators")] == ("verified", "Lee Sample")
    assert got[(ids[2], "annotators")] == ("rejected", None)
    assert got[(ids[4], "annotators")] == ("verified", None)
    assert (ids[3], "annotators") not in got
    assert status(db, ids[3]) == "pending"


def test_import_without_a_reviewer_name_is_refused(tmp_path):
    small_db(tmp_path / "g.db")[0].close()
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"file": "a.txt", "start": 0, "end": 3, "kind": "full", "speaker": "X"}) + "\n")
    result = CliRunner().invoke(app, ["import", str(gold), "--reviewer", " ", "--db", str(tmp_path / "g.db")])
    assert result.exit_code == 1 and "--reviewer" in result.output


def test_stats_show_each_reviewers_answers(tmp_path):
    db, ids = small_db(tmp_path / "s.db")
    review.confirm(db, ids[0], "ann", seconds=4)
    review.reject(db, ids[1], "ann", seconds=2)
    review.reject(db, ids[1], "bob", seconds=6)
    db.close()
    result = CliRunner().invoke(app, ["stats", "--db", str(tmp_path / "s.db"), "--json"])
    reviewers_ = json.loads(result.output)["reviewers"]
    assert reviewers_["ann"] == {"answers": 2, "verified": 1, "rejected": 1, "decisions": 2,
                                 "median_seconds": 3.0, "per_hour": 1200.0}
    assert reviewers_["bob"]["rejected"] == 1


def test_the_other_reviewers_file_is_only_read(tmp_path):
    theirs, ids = small_db(tmp_path / "theirs.db")
    review.reject(theirs, ids[0], "bob")
    theirs.close()
    conn = sqlite3.connect(tmp_path / "theirs.db")  # as if an older quotedesk made it: schema 3
    conn.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    before = (tmp_path / "theirs.db").read_bytes()
    assert [i.reviewer for i in transfer.from_database(tmp_path / "theirs.db")] == ["bob"]
    assert (tmp_path / "theirs.db").read_bytes() == before


# ---------------------------------------------------------------- round trip

def _decide_everything(db) -> None:
    """Every quote decided through the desk's own functions, by one to three reviewers."""
    ids = [r[0] for r in db.execute("SELECT id FROM quotes ORDER BY id")]
    for n, qid in enumerate(ids):
        ranks = [r[0] for r in db.execute("SELECT rank FROM candidates WHERE quote_id = ? AND speaker_id IS NOT NULL",
                                          [qid])]
        kind = n % 5
        if kind == 0 and ranks:
            review.choose(db, qid, ranks[-1], "ann", seconds=2.5)
        elif kind == 1:
            review.set_speaker(db, qid, "ann", name=f"Typed Person {n % 3}", seconds=4)
        elif kind == 2:
            review.no_speaker(db, qid, "ann", seconds=1)
            review.reject(db, qid, "bob", seconds=3)  # a dispute ...
            if n % 2:
                review.reject(db, qid, "cy", seconds=2)  # ... and now and then its adjudication
        elif kind == 3:
            review.reject(db, qid, "bob", seconds=0.5)
        else:
            try:
                review.confirm(db, qid, "ann", seconds=1.25)
            except ReviewError:  # no proposal
                review.no_speaker(db, qid, "ann")
            review.confirm(db, qid, "bob", seconds=0.75)  # agreeing or not


def _export(db) -> list[dict]:
    import io

    from quotedesk.core.export import export

    buf = io.StringIO()
    export(db, "jsonl", buf)
    return [json.loads(line) for line in buf.getvalue().splitlines()]


@pytest.mark.model
def test_a_reviewed_corpus_exported_and_imported_into_a_fresh_database_exports_the_same(seeded_db_path, tmp_path):
    from test_concurrency import copy_db

    decided = open_db(copy_db(seeded_db_path, tmp_path / "decided.db"))
    _decide_everything(decided)
    first = _export(decided)
    assert {r["status"] for r in first} >= {"verified", "rejected", "disputed"}
    out = tmp_path / "reviewed.jsonl"
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in first), encoding="utf-8")
    fresh_path = copy_db(seeded_db_path, tmp_path / "fresh.db")
    result = CliRunner().invoke(app, ["import-decisions", str(out), "--db", str(fresh_path)])
    assert result.exit_code == 0, result.output
    fresh = open_db(fresh_path)
    assert _export(fresh) == first


def test_importing_a_file_that_is_not_an_export_names_the_line(tmp_path):
    small_db(tmp_path / "x.db")[0].close()
    bad = tmp_path / "notes.jsonl"
    bad.write_text('{"quote": "no article here"}\n')
    result = CliRunner().invoke(app, ["import-decisions", str(bad), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1
    assert "notes.jsonl:1" in result.output and result.output.strip().count("\n") == 0


@pytest.mark.parametrize("change, message", [
    ({"speaker": 5}, "speaker must be a name or null"),
    ({"decided_at": 5}, "decided_at must be an ISO date"),
    ({"decided_at": "zzzz"}, "decided_at must be an ISO date"),
    ({"reviewer": ""}, "without a reviewer"),
    ({"status": "maybe"}, "must be verified or rejected"),
])
def test_a_bad_answer_in_an_export_is_refused_on_one_line_before_anything_is_written(tmp_path, change, message):
    db, ids = small_db(tmp_path / "x.db")
    review.reject(db, ids[0], "ann")
    review.no_speaker(db, ids[1], "ann")
    records = _export(db)
    db.close()
    fresh, _ = small_db(tmp_path / "fresh.db")
    fresh.close()
    answer = records[1]["review"]["answers"][0]
    answer.update(change)
    bad = tmp_path / "bad.jsonl"
    bad.write_text("".join(json.dumps(r) + "\n" for r in records))
    result = CliRunner().invoke(app, ["import-decisions", str(bad), "--db", str(tmp_path / "fresh.db")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "bad.jsonl:2" in result.output and message in result.output
    assert result.output.strip().count("\n") == 0
    assert open_db(tmp_path / "fresh.db").execute("SELECT count(*) FROM answers").fetchone() == (0,)


def test_merging_again_never_brings_back_an_answer_the_reviewer_undid(tmp_path):
    theirs, ids = small_db(tmp_path / "theirs.db")
    review.reject(theirs, ids[0], "alice")
    theirs.close()
    mine, _ = small_db(tmp_path / "mine.db")
    transfer.bring_in(mine, transfer.from_database(tmp_path / "theirs.db"), "theirs.db")
    assert status(mine, ids[0]) == "rejected"
    import time

    time.sleep(1.1)  # decisions are timed to the second
    undo.undo(mine, "alice")
    again = transfer.bring_in(mine, transfer.from_database(tmp_path / "theirs.db"), "theirs.db")
    assert status(mine, ids[0]) == "pending" and again.kept_later == 1


def test_a_file_that_is_the_database_itself_is_never_read_as_input(tmp_path):
    small_db(tmp_path / "x.db")[0].close()
    for args in (["import-decisions", "x.db"], ["import", "x.db", "--reviewer", "a"], ["merge", "x.db"],
                 ["eval", "x.db"]):
        result = CliRunner().invoke(app, [*args[:1], str(tmp_path / args[1]), *args[2:], "--db", str(tmp_path / "x.db")])
        assert result.exit_code == 1 and "is the database itself" in result.output, args
