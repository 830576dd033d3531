"""Review decisions in core/review.py, against the ingested sample corpus."""

from __future__ import annotations

import json
import re
import sqlite3

import pytest

from quotedesk.core import detail, export, merges, queue, review, speakers, undo
from quotedesk.core.decisions import MAX_SECONDS
from quotedesk.core.decisions import ReviewError
from quotedesk.core.queue import Filter
from quotedesk.core.storage import open_db


def first_pending(db, with_candidates: int = 1) -> str:
    return db.execute(
        "SELECT q.id FROM quotes q WHERE q.status = 'pending' AND q.proposed_speaker_id IS NOT NULL AND "
        "(SELECT COUNT(*) FROM candidates k WHERE k.quote_id = q.id AND k.speaker_id IS NOT NULL) >= ? "
        "ORDER BY q.id LIMIT 1",
        [with_candidates],
    ).fetchone()[0]


def state(db, qid) -> dict:
    row = db.execute("SELECT status, speaker_id, reviewer, review_seconds FROM quotes WHERE id = ?", [qid]).fetchone()
    return dict(zip(("status", "speaker_id", "reviewer", "review_seconds"), row))


def decisions(db, qid=None) -> list[dict]:
    sql = "SELECT id, quote_id, reviewer, action, before, after, seconds, undone_by FROM decisions"
    rows = db.execute(sql + (" WHERE quote_id = ?" if qid else "") + " ORDER BY id", [qid] if qid else []).fetchall()
    keys = ("id", "quote_id", "reviewer", "action", "before", "after", "seconds", "undone_by")
    return [dict(zip(keys, r)) for r in rows]


def make_family(db, size: int = 3) -> list[str]:
    """Make the only family: one quote from each of ``size`` articles; returns their ids."""
    db.execute("UPDATE quotes SET cluster_id = NULL")
    db.execute("DELETE FROM clusters")
    ids = [r[0] for r in db.execute(
        "SELECT MIN(id) FROM quotes WHERE proposed_speaker_id IS NOT NULL GROUP BY article_id ORDER BY article_id LIMIT ?",
        [size],
    )]
    cid = db.execute("INSERT INTO clusters(canonical, size, outlets) VALUES ('x', ?, ?)", [size, size]).lastrowid
    db.execute(f"UPDATE quotes SET cluster_id = ? WHERE id IN ({','.join('?' * len(ids))})", [cid, *ids])
    db.conn.commit()
    return ids


@pytest.mark.model
def test_confirm_verifies_the_proposed_speaker_and_logs_before_and_after(seeded_db):
    qid = first_pending(seeded_db)
    proposed = seeded_db.execute("SELECT proposed_speaker_id FROM quotes WHERE id = ?", [qid]).fetchone()[0]
    review.confirm(seeded_db, qid, "ann", seconds=4.5)
    assert state(seeded_db, qid) == {"status": "verified", "speaker_id": proposed, "reviewer": "ann", "review_seconds": 4.5}
    (d,) = decisions(seeded_db, qid)
    assert d["action"] == "confirm" and d["reviewer"] == "ann" and d["seconds"] == 4.5
    assert json.loads(d["before"])["status"] == "pending"
    assert json.loads(d["after"])["speaker_id"] == proposed


@pytest.mark.model
def test_confirm_without_a_proposal_refuses_rather_than_guess(seeded_db):
    qid = first_pending(seeded_db)
    seeded_db.execute("UPDATE quotes SET speaker_id = NULL, proposed_speaker_id = NULL WHERE id = ?", [qid])
    with pytest.raises(ReviewError, match="no speaker proposed"):
        review.confirm(seeded_db, qid, "ann")
    assert state(seeded_db, qid)["status"] == "pending" and decisions(seeded_db, qid) == []


@pytest.mark.model
def test_choosing_a_candidate_sets_that_candidates_speaker(seeded_db):
    qid = first_pending(seeded_db, with_candidates=2)
    second = seeded_db.execute("SELECT speaker_id FROM candidates WHERE quote_id = ? AND rank = 2", [qid]).fetchone()[0]
    review.choose(seeded_db, qid, 2, "ann")
    assert state(seeded_db, qid)["speaker_id"] == second
    assert state(seeded_db, qid)["status"] == "verified"
    with pytest.raises(ReviewError, match="no candidate 9"):
        review.choose(seeded_db, qid, 9, "ann")


@pytest.mark.model
def test_typing_a_known_alias_reuses_that_speaker(seeded_db):
    qid = first_pending(seeded_db)
    sid, alias = seeded_db.execute("SELECT speaker_id, alias FROM aliases ORDER BY id DESC LIMIT 1").fetchone()
    before = seeded_db.execute("SELECT COUNT(*) FROM speakers").fetchone()[0]
    review.set_speaker(seeded_db, qid, "ann", name=alias.upper())
    assert state(seeded_db, qid)["speaker_id"] == sid
    assert seeded_db.execute("SELECT COUNT(*) FROM speakers").fetchone()[0] == before


@pytest.mark.model
def test_typing_a_new_name_creates_a_speaker_with_that_alias(seeded_db):
    qid = first_pending(seeded_db)
    review.set_speaker(seeded_db, qid, "ann", name="  Zofia   Nowak-Example ")
    sid = state(seeded_db, qid)["speaker_id"]
    assert seeded_db.execute("SELECT name FROM speakers WHERE id = ?", [sid]).fetchone()[0] == "Zofia Nowak-Example"
    assert speakers.match_name(seeded_db, "zofia nowak-example") == [sid]
    assert json.loads(decisions(seeded_db, qid)[0]["after"])["created_speaker"] is True


@pytest.mark.model
def test_a_name_shared_by_two_speakers_must_be_picked_from_the_list(seeded_db):
    qid = first_pending(seeded_db)
    a = seeded_db.execute("INSERT INTO speakers(name) VALUES ('Ann One')").lastrowid
    b = seeded_db.execute("INSERT INTO speakers(name) VALUES ('Ann Two')").lastrowid
    seeded_db.execute("INSERT INTO aliases(speaker_id, alias) VALUES (?, 'Ann'), (?, 'Ann')", [a, b])
    with pytest.raises(ReviewError, match="names 2 speakers"):
        review.set_speaker(seeded_db, qid, "ann", name="ann")
    review.set_speaker(seeded_db, qid, "ann", speaker_id=b)
    assert state(seeded_db, qid)["speaker_id"] == b


@pytest.mark.model
def test_no_speaker_verifies_the_quote_with_no_speaker(seeded_db):
    qid = first_pending(seeded_db)
    review.no_speaker(seeded_db, qid, "ann")
    assert state(seeded_db, qid)["status"] == "verified" and state(seeded_db, qid)["speaker_id"] is None
    rec = next(r for r in export.records(seeded_db) if r["quote_id"] == qid)
    assert rec["speaker"] is None and rec["status"] == "verified"


@pytest.mark.model
def test_reject_marks_the_quote_not_a_quotation(seeded_db):
    qid = first_pending(seeded_db)
    review.reject(seeded_db, qid, "ann")
    assert state(seeded_db, qid)["status"] == "rejected"
    assert qid not in {r["quote_id"] for r in export.records(seeded_db, "verified")}


@pytest.mark.model
def test_skip_keeps_the_quote_pending_but_records_the_time_spent(seeded_db):
    qid = first_pending(seeded_db)
    review.skip(seeded_db, qid, "ann", seconds=3)
    review.confirm(seeded_db, qid, "ann", seconds=2)
    assert [d["action"] for d in decisions(seeded_db, qid)] == ["skip", "confirm"]
    assert json.loads(decisions(seeded_db, qid)[0]["after"])["status"] == "pending"
    assert state(seeded_db, qid)["review_seconds"] == 5


@pytest.mark.model
def test_time_on_one_quote_is_capped_when_the_reviewer_walked_away(seeded_db):
    qid = first_pending(seeded_db)
    review.confirm(seeded_db, qid, "ann", seconds=7200)
    assert state(seeded_db, qid)["review_seconds"] == MAX_SECONDS


@pytest.mark.model
def test_undo_restores_the_previous_state_and_is_itself_recorded(seeded_db):
    qid = first_pending(seeded_db)
    review.reject(seeded_db, qid, "ann", seconds=1)
    undo.undo(seeded_db, "ann")
    assert state(seeded_db, qid) == {"status": "pending", "speaker_id": state(seeded_db, qid)["speaker_id"],
                                     "reviewer": None, "review_seconds": 0}
    rejected, undone = decisions(seeded_db, qid)
    assert undone["action"] == "undo" and rejected["undone_by"] == undone["id"]


@pytest.mark.model
def test_undoing_a_typed_new_name_takes_the_new_speaker_back_unless_it_is_used(seeded_db):
    first, second = [r[0] for r in seeded_db.execute("SELECT id FROM quotes ORDER BY id LIMIT 2")]
    count = lambda: seeded_db.execute("SELECT COUNT(*) FROM speakers").fetchone()[0]  # noqa: E731
    before = count()
    review.set_speaker(seeded_db, first, "ann", name="Dana Example")
    assert count() == before + 1
    undo.undo(seeded_db, "ann")
    assert count() == before
    assert speakers.match_name(seeded_db, "Dana Example") == []
    # Used again for another quote before the undo: the speaker stays.
    review.set_speaker(seeded_db, first, "ann", name="Dana Example")
    review.set_speaker(seeded_db, second, "bo", name="Dana Example")
    undo.undo(seeded_db, "ann")
    assert count() == before + 1
    assert state(seeded_db, second)["speaker_id"] == speakers.match_name(seeded_db, "Dana Example")[0]


@pytest.mark.model
def test_a_typed_speaker_stays_while_another_reviewers_answer_names_it(seeded_db):
    qid = first_pending(seeded_db)
    review.set_speaker(seeded_db, qid, "ann", name="Dana Example")
    dana = speakers.match_name(seeded_db, "Dana Example")[0]
    review.set_speaker(seeded_db, qid, "bo", speaker_id=dana)
    undo.undo(seeded_db, "ann")
    assert speakers.match_name(seeded_db, "Dana Example") == [dana]
    assert state(seeded_db, qid)["speaker_id"] == dana


@pytest.mark.model
def test_undo_works_after_a_restart(seeded_db, tmp_path):
    qid = first_pending(seeded_db)
    review.no_speaker(seeded_db, qid, "ann")
    path = seeded_db.execute("PRAGMA database_list").fetchone()[2]
    seeded_db.close()
    reopened = open_db(path)
    try:
        undo.undo(reopened, "ann")
        assert state(reopened, qid)["status"] == "pending"
    finally:
        reopened.close()


@pytest.mark.model
def test_undo_walks_back_one_decision_at_a_time_and_only_the_reviewers_own(seeded_db):
    a, b = [r[0] for r in seeded_db.execute("SELECT id FROM quotes ORDER BY id LIMIT 2")]
    review.reject(seeded_db, a, "ann")
    review.reject(seeded_db, b, "ann")
    review.no_speaker(seeded_db, a, "bob")
    undo.undo(seeded_db, "ann")
    assert state(seeded_db, b)["status"] == "pending"
    undo.undo(seeded_db, "ann")  # ann's reject of a, under bob's later decision
    assert state(seeded_db, a) == {**state(seeded_db, a), "status": "verified", "speaker_id": None, "reviewer": "bob"}
    undo.undo(seeded_db, "bob")
    assert state(seeded_db, a)["status"] == "pending"
    with pytest.raises(ReviewError, match="nothing to undo"):
        undo.undo(seeded_db, "ann")


@pytest.mark.model
def test_two_reviewers_answering_differently_leave_the_quote_disputed(seeded_db):
    qid = first_pending(seeded_db)
    review.confirm(seeded_db, qid, "alice")
    out = review.reject(seeded_db, qid, "bob")
    assert out.statuses == {qid: "disputed"} and state(seeded_db, qid)["status"] == "disputed"
    review.reject(seeded_db, qid, "alice")  # alice comes round to bob's answer
    assert state(seeded_db, qid)["status"] == "rejected"


@pytest.mark.model
def test_agreeing_reviewers_verify_the_quote(seeded_db):
    qid = first_pending(seeded_db)
    review.confirm(seeded_db, qid, "alice")
    out = review.confirm(seeded_db, qid, "bob")
    assert out.statuses == {qid: "verified"}
    assert state(seeded_db, qid)["reviewer"] == "bob"


@pytest.mark.model
def test_one_reviewers_undo_never_takes_back_another_reviewers_answer(seeded_db):
    qid = first_pending(seeded_db)
    review.confirm(seeded_db, qid, "alice")
    review.reject(seeded_db, qid, "bob")
    out = undo.undo(seeded_db, "alice")
    assert out.statuses == {qid: "rejected"}
    assert state(seeded_db, qid) == {**state(seeded_db, qid), "status": "rejected", "reviewer": "bob"}
    bobs = [d for d in decisions(seeded_db, qid) if d["reviewer"] == "bob"]
    assert [d["undone_by"] for d in bobs] == [None]


@pytest.mark.model
def test_a_merge_settles_a_dispute_between_two_names_of_one_entity_and_its_undo_reopens_it(seeded_db):
    qid = first_pending(seeded_db)
    a, b = [r[0] for r in seeded_db.execute("SELECT id FROM speakers WHERE merged_into IS NULL ORDER BY id LIMIT 2")]
    review.set_speaker(seeded_db, qid, "alice", speaker_id=a)
    review.set_speaker(seeded_db, qid, "bob", speaker_id=b)
    assert state(seeded_db, qid)["status"] == "disputed"
    merges.merge_speakers(seeded_db, a, b, "carol")
    assert state(seeded_db, qid)["status"] == "verified"
    undo.undo(seeded_db, "carol")
    assert state(seeded_db, qid)["status"] == "disputed"


@pytest.mark.model
def test_decisions_cannot_be_deleted(seeded_db):
    review.reject(seeded_db, first_pending(seeded_db), "ann")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        seeded_db.execute("DELETE FROM decisions")


@pytest.mark.model
def test_family_decision_reaches_every_undecided_member_each_on_record(seeded_db):
    me, decided, pending = make_family(seeded_db, 3)
    review.reject(seeded_db, decided, "bob")
    review.choose(seeded_db, me, 1, "ann")
    speaker = state(seeded_db, me)["speaker_id"]
    out = review.apply_to_family(seeded_db, me, "ann")
    assert out.statuses == {pending: "verified"}
    assert state(seeded_db, pending)["speaker_id"] == speaker and state(seeded_db, pending)["reviewer"] == "ann"
    assert state(seeded_db, decided)["status"] == "rejected"
    assert [d["action"] for d in decisions(seeded_db, pending)] == ["family"]


@pytest.mark.model
def test_one_undo_takes_back_a_whole_family_application(seeded_db):
    me, *others = make_family(seeded_db, 4)
    review.no_speaker(seeded_db, me, "ann")
    review.apply_to_family(seeded_db, me, "ann")
    assert {state(seeded_db, q)["status"] for q in others} == {"verified"}
    undo.undo(seeded_db, "ann")
    assert {state(seeded_db, q)["status"] for q in others} == {"pending"}
    assert state(seeded_db, me)["status"] == "verified"


@pytest.mark.model
def test_applying_an_undecided_quote_to_its_family_is_refused(seeded_db):
    me, *_ = make_family(seeded_db, 2)
    with pytest.raises(ReviewError, match="decide this quote first"):
        review.apply_to_family(seeded_db, me, "ann")


@pytest.mark.model
def test_merging_speakers_shows_in_export_and_can_be_undone(seeded_db):
    qa = first_pending(seeded_db)
    a = state(seeded_db, qa)["speaker_id"]
    b = seeded_db.execute("SELECT id FROM speakers WHERE id != ? ORDER BY id LIMIT 1", [a]).fetchone()[0]
    b_name = seeded_db.execute("SELECT name FROM speakers WHERE id = ?", [b]).fetchone()[0]
    merges.merge_speakers(seeded_db, a, b, "ann")
    assert next(r for r in export.records(seeded_db) if r["quote_id"] == qa)["speaker"] == b_name
    assert a not in {s.id for s in speakers.entities(seeded_db)}
    assert decisions(seeded_db)[-1]["action"] == "merge"
    undo.undo(seeded_db, "ann")
    assert next(r for r in export.records(seeded_db) if r["quote_id"] == qa)["speaker"] != b_name
    with pytest.raises(ReviewError, match="same speaker"):
        merges.merge_speakers(seeded_db, a, a, "ann")


@pytest.mark.model
def test_eval_offers_a_merged_candidate_under_the_name_it_was_merged_into(seeded_db):
    from quotedesk.core.evaluate import predictions_from_db

    qid, second = seeded_db.execute(
        "SELECT quote_id, speaker_id FROM candidates WHERE rank = 2 AND speaker_id IS NOT NULL LIMIT 1"
    ).fetchone()
    old_name = seeded_db.execute("SELECT name FROM speakers WHERE id = ?", [second]).fetchone()[0]
    target, new_name = seeded_db.execute(
        "SELECT id, name FROM speakers WHERE name != ? AND id NOT IN (SELECT speaker_id FROM candidates "
        "WHERE quote_id = ? AND speaker_id IS NOT NULL) LIMIT 1", [old_name, qid]
    ).fetchone()
    merges.merge_speakers(seeded_db, second, target, "ann")
    offered = next(p.candidates for p in predictions_from_db(seeded_db) if p.quote_id == qid)
    assert new_name in offered and old_name not in offered


@pytest.mark.model
def test_stats_top_speakers_count_a_merged_speakers_quotes_under_the_merged_name(seeded_db):
    from quotedesk.core.stats import summary

    top = summary(seeded_db)["top_speakers"]
    (a_name, a_n), (b_name, b_n) = top[0], top[1]
    a, b = (seeded_db.execute("SELECT id FROM speakers WHERE name = ?", [n]).fetchone()[0] for n in (a_name, b_name))
    merges.merge_speakers(seeded_db, a, b, "ann")
    after = dict(summary(seeded_db)["top_speakers"])
    assert a_name not in after
    assert after[b_name] == a_n + b_n


@pytest.mark.model
def test_splitting_an_alias_off_moves_its_quotes_to_a_new_speaker(seeded_db):
    qid = first_pending(seeded_db)
    sid = state(seeded_db, qid)["speaker_id"]
    mention = seeded_db.execute("SELECT speaker_mention FROM quotes WHERE id = ?", [qid]).fetchone()[0]
    seeded_db.execute("INSERT OR IGNORE INTO aliases(speaker_id, alias) VALUES (?, ?), (?, 'Someone Else Entirely')",
                      [sid, mention, sid])
    merges.split_alias(seeded_db, sid, mention, "ann")
    rec = next(r for r in export.records(seeded_db) if r["quote_id"] == qid)
    assert rec["speaker"] == mention
    assert mention not in next(s for s in speakers.entities(seeded_db) if s.id == sid).aliases
    undo.undo(seeded_db, "ann")
    assert state(seeded_db, qid)["speaker_id"] == sid
    assert mention in next(s for s in speakers.entities(seeded_db) if s.id == sid).aliases


@pytest.mark.model
def test_a_speakers_only_name_cannot_be_split_off(seeded_db):
    sid = seeded_db.execute("INSERT INTO speakers(name) VALUES ('Solo Name')").lastrowid
    seeded_db.execute("INSERT INTO aliases(speaker_id, alias) VALUES (?, 'Solo Name')", [sid])
    with pytest.raises(ReviewError, match="only name"):
        merges.split_alias(seeded_db, sid, "Solo Name", "ann")


@pytest.mark.model
def test_queue_filters_by_status_outlet_confidence_and_speaker(seeded_db):
    everything = queue.queue(seeded_db)
    assert len(everything) == seeded_db.execute("SELECT COUNT(*) FROM quotes").fetchone()[0]
    qid = everything[0][0]
    review.reject(seeded_db, qid, "ann")
    assert queue.queue(seeded_db, Filter(status="rejected")) == [(qid, "rejected")]
    outlet = queue.outlets(seeded_db)[0]
    by_outlet = {q for q, _ in queue.queue(seeded_db, Filter(outlet=outlet))}
    assert by_outlet and by_outlet == {r[0] for r in seeded_db.execute(
        "SELECT q.id FROM quotes q JOIN articles a ON a.id = q.article_id WHERE a.outlet = ?", [outlet])}
    low = queue.queue(seeded_db, Filter(below=0.7))
    assert low and all(seeded_db.execute("SELECT confidence FROM quotes WHERE id = ?", [q]).fetchone()[0] < 0.7
                       for q, _ in low)
    sid = state(seeded_db, everything[1][0])["speaker_id"]
    theirs = {q for q, _ in queue.queue(seeded_db, Filter(speaker_id=sid))}
    assert everything[1][0] in theirs and len(theirs) < len(everything)


@pytest.mark.model
def test_speaker_filter_follows_merges(seeded_db):
    qa = first_pending(seeded_db)
    a = state(seeded_db, qa)["speaker_id"]
    b = seeded_db.execute("SELECT id FROM speakers WHERE id != ? ORDER BY id LIMIT 1", [a]).fetchone()[0]
    merges.merge_speakers(seeded_db, a, b, "ann")
    assert qa in {q for q, _ in queue.queue(seeded_db, Filter(speaker_id=b))}


@pytest.mark.model
def test_search_finds_quote_words_and_speaker_names(seeded_db):
    qid, text = seeded_db.execute("SELECT id, text FROM quotes WHERE length(text) > 40 ORDER BY id LIMIT 1").fetchone()
    word = max(text.split(), key=len).strip(".,“”\"'’")
    assert qid in {q for q, _ in queue.queue(seeded_db, Filter(search=word))}
    name = seeded_db.execute("SELECT s.name FROM quotes q JOIN speakers s ON s.id = q.speaker_id ORDER BY q.id").fetchone()[0]
    found = {q for q, _ in queue.queue(seeded_db, Filter(search=name))}
    assert found and found < {q for q, _ in queue.queue(seeded_db)}
    assert queue.queue(seeded_db, Filter(search='"unbalanced (')) is not None  # FTS syntax is never an error


@pytest.fixture
def small_desk(tmp_path):
    """The snapshot tests' hand-made desk: speaker 1 is Alexander Lukashenko (quotes q1 and q4)."""
    from test_tui_snapshots import build_desk

    conn = open_db(build_desk(tmp_path / "desk.db"))
    yield conn
    conn.close()


def found(db, **kwargs) -> set[str]:
    return {q for q, _ in queue.queue(db, Filter(**kwargs))}


def test_like_wildcards_in_a_search_match_only_themselves(small_desk):
    assert found(small_desk, search="Alexander") == {"q1", "q4"}  # by the speaker's name
    assert found(small_desk, search="Alexand_r") == set()
    assert found(small_desk, search="Alex%der") == set()
    assert found(small_desk, search="supports OR peace") == set()  # FTS5 operators are words too
    assert found(small_desk, search="supports") == {"q1", "q3", "q4"}


@pytest.mark.parametrize("search", ["*", '"', "%", "_", '"*"', "  ", "-"])
def test_a_search_with_no_word_in_it_is_refused_rather_than_ignored(small_desk, search):
    with pytest.raises(ReviewError, match="nothing to search for"):
        queue.queue(small_desk, Filter(search=search))


@pytest.mark.parametrize("typed, value", [("", None), ("0", 0.0), ("0.6", 0.6), (" .5 ", 0.5), ("1", 1.0)])
def test_a_confidence_threshold_from_0_to_1_is_taken(typed, value):
    assert queue.confidence_below(typed) == value


@pytest.mark.parametrize("typed", ["nan", "NaN", "inf", "-inf", "1e400", "-0.1", "1.5", "abc", "0,6"])
def test_a_confidence_threshold_outside_0_to_1_is_refused_with_what_was_typed(small_desk, typed):
    with pytest.raises(ReviewError, match=re.escape(f"from 0 to 1, such as 0.6 (got {typed!r})")):
        queue.confidence_below(typed)
    with pytest.raises(ReviewError, match="from 0 to 1"):
        queue.queue(small_desk, Filter(below=float("nan")))


@pytest.mark.model
def test_orders_lowest_confidence_first(seeded_db):
    ids = [q for q, _ in queue.queue(seeded_db, order="confidence")]
    conf = [seeded_db.execute("SELECT confidence FROM quotes WHERE id = ?", [q]).fetchone()[0] for q in ids]
    assert conf == sorted(conf) and conf[0] < conf[-1]


@pytest.mark.model
def test_a_family_naming_two_different_people_is_a_conflict_and_sorts_first(seeded_db):
    ids = make_family(seeded_db, 2)
    people = [seeded_db.execute("INSERT INTO speakers(name) VALUES (?)", [n]).lastrowid for n in ("Ann Lee", "Bo Chen")]
    for qid, sid in zip(ids, people):
        seeded_db.execute("UPDATE quotes SET speaker_id = ?, proposed_speaker_id = ? WHERE id = ?", [sid, sid, qid])
    fam = detail.family(seeded_db, ids[0])
    assert fam.conflict and [m.is_self for m in fam.members] == [True, False]
    assert set(queue.queue(seeded_db, Filter(conflicts=True))) == {(q, "pending") for q in ids}
    assert {q for q, _ in queue.queue(seeded_db, order="conflicts")[:2]} == set(ids)
    review.set_speaker(seeded_db, ids[1], "ann", speaker_id=people[0])
    assert not detail.family(seeded_db, ids[0]).conflict


@pytest.mark.model
def test_two_spellings_of_one_name_are_not_a_conflict(seeded_db):
    ids = make_family(seeded_db, 2)
    for qid, name in zip(ids, ("Alexander Lukashenko", "Aleksandr G. Lukashenko")):
        sid = seeded_db.execute("INSERT INTO speakers(name) VALUES (?)", [name]).lastrowid
        seeded_db.execute("UPDATE quotes SET speaker_id = ?, proposed_speaker_id = ? WHERE id = ?", [sid, sid, qid])
    assert not detail.family(seeded_db, ids[0]).conflict


def test_word_diff_flags_only_the_words_that_differ():
    diff = detail.word_diff("The Belarusian side fully agrees", "Belarus fully agrees, with it")
    assert [t for t, d in diff if d] == ["Belarus", "with", "it"]
    assert "".join(t for t, _ in diff) == "Belarus fully agrees, with it"


@pytest.mark.model
def test_context_marks_the_quote_the_cue_and_candidate_mentions(seeded_db):
    qid = first_pending(seeded_db)
    ctx = detail.context(seeded_db, qid)
    text = seeded_db.execute("SELECT text FROM quotes WHERE id = ?", [qid]).fetchone()[0]
    (quote,) = [m for m in ctx.marks if m.kind == "quote"]
    assert ctx.passage[quote.start:quote.end] == text
    mention = seeded_db.execute("SELECT mention FROM candidates WHERE quote_id = ? AND rank = 1", [qid]).fetchone()[0]
    assert any(ctx.passage[m.start:m.end] == mention for m in ctx.marks if m.kind == "mention" and m.label == "1")


@pytest.mark.model
def test_pace_counts_this_reviewers_standing_decisions(seeded_db):
    ids = [r[0] for r in seeded_db.execute("SELECT id FROM quotes ORDER BY id LIMIT 7")]
    for qid, seconds in zip(ids[:4], (10, 20, 1, 1)):
        review.reject(seeded_db, qid, "ann", seconds=seconds)
    review.reject(seeded_db, ids[6], "bob", seconds=99)
    assert queue.pace(seeded_db, "ann").seconds_each is None  # four answers are no rate yet
    review.skip(seeded_db, ids[5], "ann", seconds=50)
    review.reject(seeded_db, ids[4], "ann", seconds=2)
    review.reject(seeded_db, ids[3], "ann", seconds=600)
    undo.undo(seeded_db, "ann")  # an undone answer and its time no longer count
    p = queue.pace(seeded_db, "ann")
    # 5 answers; 84 s spent on them and on the skipped quote: 16.8 s each, not the median 2 s
    assert (p.decisions, p.seconds_each) == (5, 16.8) and round(p.per_hour) == 214


def test_review_logic_loads_no_ui_library():
    import subprocess
    import sys

    code = "import sys, core.review; print(sorted(m for m in ('textual', 'rich') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=str(__import__("pathlib").Path(__file__).resolve().parent.parent))
    assert out.stdout.strip() == "[]"


@pytest.mark.model
def test_an_answer_given_to_a_disputed_quote_settles_it_as_an_adjudication(seeded_db):
    qid = first_pending(seeded_db)
    review.confirm(seeded_db, qid, "alice")
    review.reject(seeded_db, qid, "bob")
    out = review.reject(seeded_db, qid, "carol")
    assert out.statuses == {qid: "rejected"}
    review.confirm(seeded_db, qid, "alice")  # a disputant answering again does not reopen it
    assert state(seeded_db, qid)["status"] == "rejected"
    after = json.loads(decisions(seeded_db, qid)[2]["after"])
    assert after["answer"]["adjudication"] is True
    undo.undo(seeded_db, "carol")  # take the ruling back: the dispute is open again
    assert state(seeded_db, qid)["status"] == "disputed"


@pytest.mark.model
def test_confirm_records_the_speaker_the_reviewer_was_shown_not_one_that_arrived_since(seeded_db):
    qid = first_pending(seeded_db)
    shown = state(seeded_db, qid)["speaker_id"]
    other = seeded_db.execute("SELECT id FROM speakers WHERE id != ? AND merged_into IS NULL ORDER BY id LIMIT 1",
                              [shown]).fetchone()[0]
    review.set_speaker(seeded_db, qid, "bob", speaker_id=other)  # while alice is looking at the proposal
    out = review.confirm(seeded_db, qid, "alice", speaker_id=shown)
    assert out.statuses == {qid: "disputed"}
    assert seeded_db.execute("SELECT speaker_id FROM answers WHERE quote_id = ? AND reviewer = 'alice'",
                             [qid]).fetchone() == (shown,)


@pytest.mark.model
def test_a_blind_second_opinion_never_settles_a_dispute_it_could_not_see(seeded_db):
    qid = first_pending(seeded_db)
    review.confirm(seeded_db, qid, "alice")
    review.reject(seeded_db, qid, "bob")
    review.confirm(seeded_db, qid, "carol", blind=True)
    assert state(seeded_db, qid)["status"] == "disputed"
    assert seeded_db.execute("SELECT adjudication FROM answers WHERE reviewer = 'carol'").fetchone() == (0,)


@pytest.mark.model
def test_applying_to_a_family_needs_the_reviewers_own_answer(seeded_db):
    qid = seeded_db.execute("SELECT id FROM quotes WHERE cluster_id IS NOT NULL ORDER BY id LIMIT 1").fetchone()[0]
    review.set_speaker(seeded_db, qid, "bob", name="Bobs Pick")
    with pytest.raises(ReviewError, match="decide this quote first"):
        review.apply_to_family(seeded_db, qid, "alice")
    assert seeded_db.execute("SELECT count(*) FROM answers WHERE reviewer = 'alice'").fetchone() == (0,)


def _split_a_mentioned_alias(db):
    qid, sid, mention = db.execute(
        "SELECT q.id, q.speaker_id, q.speaker_mention FROM quotes q JOIN aliases a ON a.speaker_id = q.speaker_id "
        "AND a.alias = q.speaker_mention WHERE q.status = 'pending' AND (SELECT count(*) FROM aliases b "
        "WHERE b.speaker_id = q.speaker_id) > 1 ORDER BY q.id LIMIT 1").fetchone()
    return qid, sid, mention


@pytest.mark.model
def test_confirming_and_undoing_a_quote_keeps_an_earlier_alias_split(seeded_db):
    qid, sid, mention = _split_a_mentioned_alias(seeded_db)
    merges.split_alias(seeded_db, sid, mention, "ann")
    moved = state(seeded_db, qid)["speaker_id"]
    assert moved != sid
    review.confirm(seeded_db, qid, "bob")
    undo.undo(seeded_db, "bob")
    assert state(seeded_db, qid) == {**state(seeded_db, qid), "status": "pending", "speaker_id": moved}
    undo.undo(seeded_db, "ann")  # and undoing the split gives the proposal back too
    assert seeded_db.execute("SELECT speaker_id, proposed_speaker_id FROM quotes WHERE id = ?",
                             [qid]).fetchone() == (sid, sid)
