"""Fixing the detector's work and annotating quotes (issue 16): every change a
decision in the log, undone by ``u``, read by export."""

from __future__ import annotations

import json

import pytest

from quotedesk.core import annotate, review, undo
from quotedesk.core.decisions import ReviewError
from quotedesk.core.export import records
from quotedesk.core.storage import open_db

from test_tui_snapshots import build_desk


@pytest.fixture
def desk(tmp_path):
    db = open_db(build_desk(tmp_path / "desk.db"))
    yield db
    db.close()


def text_of(db, qid):
    return db.execute('SELECT text, start, "end", kind FROM quotes WHERE id = ?', [qid]).fetchone()


def actions(db):
    return [r[0] for r in db.execute("SELECT action FROM decisions ORDER BY id")]


def test_kind_changes_as_a_decision_and_undo_restores_it(desk):
    assert text_of(desk, "q1")[3] == "partial"
    annotate.set_kind(desk, "q1", "full", "ann")
    assert text_of(desk, "q1")[3] == "full" and actions(desk) == ["kind"]
    with pytest.raises(ReviewError):
        annotate.set_kind(desk, "q1", "speech", "ann")
    assert [annotate.next_kind(k) for k in annotate.KINDS] == [*annotate.KINDS[1:], annotate.KINDS[0]]
    out = undo.undo(desk, "ann")
    assert text_of(desk, "q1")[3] == "partial" and "change of kind" in out.message


def test_edges_move_word_by_word_and_stop_at_other_quotes(desk):
    # a1: The Belarusian leader said Minsk “fully supports” the Chinese peace plan, state media reported.
    annotate.move_edge(desk, "q1", "end", 1, "ann")
    assert text_of(desk, "q1")[0] == "fully supports” the"
    annotate.move_edge(desk, "q1", "end", -1, "ann")
    annotate.move_edge(desk, "q1", "end", -1, "ann")
    assert text_of(desk, "q1")[0] == "fully"
    annotate.move_edge(desk, "q1", "start", -1, "ann")
    assert text_of(desk, "q1")[0] == "Minsk “fully"
    with pytest.raises(ReviewError, match="at least one word"):
        annotate.move_edge(desk, "q1", "start", 1, "ann")
        annotate.move_edge(desk, "q1", "start", 1, "ann")
    assert actions(desk) == ["span"] * 5
    body = desk.execute("SELECT text FROM articles WHERE id = 'a1'").fetchone()[0]
    t, start, end, _ = text_of(desk, "q1")
    assert body[start:end] == t  # offsets and text agree after every move
    for _ in range(5):
        undo.undo(desk, "ann")
    assert text_of(desk, "q1")[0] == "fully supports"
    # q2 ends where a1 ends; q1 cannot grow into q2
    with pytest.raises(ReviewError, match="run into the quote"):
        for _ in range(30):
            annotate.move_edge(desk, "q1", "end", 1, "ann")


@pytest.mark.model
def test_a_missed_quotation_is_added_found_where_it_reads_and_survives_redetection(desk, nlp):
    out = annotate.add_quote(desk, "q1", "the Chinese peace plan", "ann")
    (qid,) = out.statuses
    body = desk.execute("SELECT text FROM articles WHERE id = 'a1'").fetchone()[0]
    t, start, end, kind = text_of(desk, qid)
    assert t == "the Chinese peace plan" and body[start:end] == t and kind == "partial"
    assert desk.execute("SELECT origin, status FROM quotes WHERE id = ?", [qid]).fetchone() == ("reviewer", "pending")
    with pytest.raises(ReviewError, match="not in this article"):
        annotate.add_quote(desk, "q1", "words nobody wrote", "ann")
    with pytest.raises(ReviewError, match="part of the quote"):
        annotate.add_quote(desk, "q1", "fully supports", "ann")
    from quotedesk.core.pipeline import redetect

    redetect(desk, nlp=nlp)  # the detector runs again: the reviewer's quotation stays
    assert text_of(desk, qid)[0] == "the Chinese peace plan"
    assert actions(desk) == ["add"]
    out = undo.undo(desk, "ann")
    assert out.statuses == {qid: "removed"} and text_of(desk, qid) is None


def test_an_added_quotation_someone_decided_is_not_taken_away_by_undo(desk):
    (qid,) = annotate.add_quote(desk, "q1", "the Chinese peace plan", "ann").statuses
    review.reject(desk, qid, "bob")
    with pytest.raises(ReviewError, match="reject it"):
        undo.undo(desk, "ann")
    assert text_of(desk, qid) is not None


def test_joint_speakers_are_one_answer_stored_in_order_and_exported_as_a_list(desk):
    review.confirm(desk, "q1", "ann")
    out = annotate.add_speaker(desk, "q1", "ann", name="Xi Jinping")
    assert out.statuses == {"q1": "verified"}
    assert annotate.speakers_of(desk, "q1") == ["Alexander Lukashenko", "Xi Jinping"]
    with pytest.raises(ReviewError, match="already named"):
        annotate.add_speaker(desk, "q1", "ann", name="Lukashenko")
    # another reviewer naming the same two people in the other order agrees; one of them alone disputes
    review.set_speaker(desk, "q1", "bob", speaker_id=2)  # bob: Xi Jinping alone
    assert desk.execute("SELECT status FROM quotes WHERE id = 'q1'").fetchone()[0] == "disputed"
    annotate.add_speaker(desk, "q1", "bob", speaker_id=1)
    assert desk.execute("SELECT status FROM quotes WHERE id = 'q1'").fetchone()[0] == "verified"
    row = next(r for r in records(desk) if r["quote_id"] == "q1")
    assert [s["name"] for s in row["speakers"]] == annotate.speakers_of(desk, "q1") and len(row["speakers"]) == 2
    # a new speaker typed for a joint answer goes away with its undo
    annotate.add_speaker(desk, "q1", "ann", name="Dana Example")
    undo.undo(desk, "ann")
    assert desk.execute("SELECT 1 FROM speakers WHERE name = 'Dana Example'").fetchone() is None
    undo.undo(desk, "ann")
    assert annotate.speakers_of(desk, "q1", "ann") == ["Alexander Lukashenko"]
    assert actions(desk) == ["confirm", "joint", "speaker", "joint", "joint", "undo", "undo"]


def test_a_flag_and_its_note_are_a_decision_filtered_on_and_exported(desk):
    from quotedesk.core.queue import Filter, queue

    annotate.flag(desk, "q3", "ann", note="  is this  Xi or an aide? ")
    assert annotate.flag_of(desk, "q3") == ("unsure", "is this Xi or an aide?")
    assert [qid for qid, _ in queue(desk, Filter(flagged=True))] == ["q3"]
    row = next(r for r in records(desk) if r["quote_id"] == "q3")
    assert (row["flag"], row["note"]) == ("unsure", "is this Xi or an aide?")
    annotate.flag(desk, "q3", "ann", flag=None)
    assert annotate.flag_of(desk, "q3") == (None, None)
    undo.undo(desk, "ann")
    assert annotate.flag_of(desk, "q3") == ("unsure", "is this Xi or an aide?")
    history = [json.loads(r[0]) for r in desk.execute("SELECT after FROM decisions WHERE action = 'flag'")]
    assert history[0] == {"flag": "unsure", "note": "is this Xi or an aide?"} and history[1]["flag"] is None
    with pytest.raises(ReviewError):
        annotate.flag(desk, "q1", "ann", flag=None)


def test_a_schema_3_database_is_migrated_to_4_with_its_answers_kept(tmp_path, monkeypatch):
    from quotedesk.core import storage

    path = tmp_path / "v3.db"
    with monkeypatch.context() as m:
        m.setattr(storage, "SCHEMA_VERSION", 3)
        build_desk(path)
        db = open_db(path)
        # a confirm as schema 3 wrote it (the code of the day read no co_speakers)
        answer = {"status": "verified", "speaker_id": 1, "decision_id": 1, "decided_at": "2026-01-01T00:00:00+00:00",
                  "adjudication": False}
        db.execute("INSERT INTO decisions(id, quote_id, reviewer, at, action, before, after, seconds) "
                   "VALUES (1, 'q1', 'ann', ?, 'confirm', ?, ?, 1.0)",
                   [answer["decided_at"], json.dumps({"status": "pending", "speaker_id": 1, "answer": None}),
                    json.dumps({"status": "verified", "speaker_id": 1, "answer": answer})])
        db.execute("INSERT INTO answers(quote_id, reviewer, status, speaker_id, decision_id, decided_at) "
                   "VALUES ('q1', 'ann', 'verified', 1, 1, ?)", [answer["decided_at"]])
        db.execute("UPDATE quotes SET status = 'verified', reviewer = 'ann' WHERE id = 'q1'")
        assert storage.schema_version(db) == 3
        assert "co_speakers" not in [r[1] for r in db.execute("PRAGMA table_info(answers)")]
        db.close()
    db = open_db(path)
    assert storage.schema_version(db) == storage.SCHEMA_VERSION
    assert db.execute("SELECT status, speaker_id, co_speakers, origin, flag FROM quotes WHERE id = 'q1'").fetchone() \
        == ("verified", 1, None, "detector", None)
    annotate.add_speaker(db, "q1", "ann", speaker_id=2)
    assert annotate.speakers_of(db, "q1") == ["Alexander Lukashenko", "Xi Jinping"]
    undo.undo(db, "ann")
    undo.undo(db, "ann")  # the confirm made under schema 3
    assert db.execute("SELECT status FROM quotes WHERE id = 'q1'").fetchone()[0] == "pending"
    db.close()
