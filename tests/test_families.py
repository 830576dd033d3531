"""Quote families: one statement reported by several outlets.

Most tests write articles and quotes straight into an in-memory database, so
they state exactly what each outlet printed and who it named, independent of
detection and attribution. The seed tests run the real pipeline.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from quotedesk.core import evaluate as ev
from quotedesk.core import detail, families, family_read
from quotedesk.core.pipeline import quote_id
from quotedesk.core.speakers import get_or_create

from conftest import SEEDS, needs_seeds


def add_article(db, aid, text, quotes, *, outlet=None, date="2023-03-01", kind="partial"):
    """Store an article and its quotes; ``quotes`` is [(quote text, speaker or None, status)], all of ``kind``."""
    db.execute(
        "INSERT INTO articles(id, file, source, outlet, date, text, sha256, ingested_at) VALUES (?,?,?,?,?,?,?, 'now')",
        [aid, f"{aid}.txt", f"{aid}.txt", outlet or aid, date, text, aid])
    ids = []
    for item in quotes:
        quote, speaker, status = (*item, "pending")[:3]
        start = text.index(quote)
        sid = get_or_create(db, speaker, "person") if speaker else None
        qid = quote_id(aid, start, start + len(quote))
        db.execute(
            'INSERT INTO quotes(id, article_id, start, "end", text, kind, speaker_id, proposed_speaker_id, '
            "speaker_mention, confidence, status) VALUES (?,?,?,?,?,?, ?, ?, ?, ?, ?)",
            [qid, aid, start, start + len(quote), quote, kind, sid, sid, speaker or "he", 0.9 if sid else 0.0,
             status])
        ids.append(qid)
    db.conn.commit()
    return ids


def partition(db) -> set[frozenset]:
    groups = {}
    for qid, cid in db.execute("SELECT id, cluster_id FROM quotes WHERE cluster_id IS NOT NULL"):
        groups.setdefault(cid, set()).add(qid)
    return {frozenset(g) for g in groups.values()}


def memberships(db) -> set[frozenset]:
    """Every family as its set of members, a quote in several families counted in each."""
    groups = {}
    for qid, cid in db.execute("SELECT quote_id, cluster_id FROM family_members"):
        groups.setdefault(cid, set()).add(qid)
    return {frozenset(g) for g in groups.values()}


def family_of(db, qid):
    return db.execute("SELECT cluster_id FROM quotes WHERE id = ?", [qid]).fetchone()[0]


UNORTHODOX = ("“Today's meeting is taking place at a very difficult time, which calls for new, unorthodox "
              "approaches and responsible political decisions,” Lukashenko told Xi in Beijing.")
NONSTANDARD = ("Lukashenko said in Beijing: “Today’s meeting is taking place at a very difficult time, requiring "
               "new nonstandard approaches and responsible political decisions.”")


def test_near_exact_repeats_in_two_outlets_form_one_family(db):
    a = add_article(db, "a1", "Xi said the talks were “warm and friendly, and very productive” on Wednesday.",
                    [("warm and friendly, and very productive", "Xi Jinping")])
    b = add_article(db, "b1", "The talks were “warm and friendly and very productive,” Xi said after the meeting.",
                    [("warm and friendly and very productive,", "Xi Jinping")])
    assert families.rebuild(db) == 1
    assert family_of(db, a[0]) == family_of(db, b[0]) is not None
    (fam,) = family_read.families(db)
    assert fam.outlets == 2 and fam.size == 2 and not fam.conflict


def test_translation_variants_of_one_statement_join(db):
    a = add_article(db, "mt", UNORTHODOX, [(UNORTHODOX[1:UNORTHODOX.index(",”")], "Alexander Lukashenko")])
    b = add_article(db, "ny", NONSTANDARD, [(NONSTANDARD[NONSTANDARD.index("“") + 1:-2], "Aleksandr Lukashenko")])
    families.rebuild(db)
    assert family_of(db, a[0]) == family_of(db, b[0]) is not None


def test_fragment_contained_in_a_longer_quote_joins_and_longest_is_canonical(db):
    full = ("relevant countries should stop politicizing and instrumentalizing the world economy "
            "and resolve the crisis peacefully")
    a = add_article(db, "mt", f"Xi added that “{full}.” He also met Li Keqiang.", [(full, "Xi Jinping")])
    b = add_article(db, "cnn", "Xi called for “relevant countries” to stop politicizing the world economy, "
                               "according to the readout.", [("relevant countries", "Xi Jinping")])
    families.rebuild(db)
    assert family_of(db, a[0]) == family_of(db, b[0]) is not None
    assert family_read.families(db)[0].canonical == full


def test_stock_phrase_said_by_different_speakers_in_different_contexts_stays_apart(db):
    a = add_article(db, "cnn", "Beijing accused the United States of “adding fuel to the fire” in Ukraine by "
                               "sending weapons to Kyiv, the foreign ministry said.",
                    [("adding fuel to the fire", "Wang Wenbin")], date="2023-03-01")
    b = add_article(db, "bbc", "The union leader said the pay offer was “adding fuel to the fire” of the "
                               "nurses' strike over wages in Leeds hospitals.",
                    [("adding fuel to the fire", "Pat Cullen")], date="2023-09-14")
    assert families.rebuild(db) == 0
    assert family_of(db, a[0]) is None and family_of(db, b[0]) is None


def test_same_stock_phrase_joins_when_speaker_date_and_context_agree(db):
    """The counterpart of the hard negative: the words alone do not decide."""
    a = add_article(db, "cnn", "Beijing accused the United States of “adding fuel to the fire” in Ukraine by "
                               "sending weapons to Kyiv.", [("adding fuel to the fire", "Wang Wenbin")])
    b = add_article(db, "bbc", "Wang Wenbin said Washington kept “adding fuel to the fire” in Ukraine with its "
                               "weapons for Kyiv.", [("adding fuel to the fire", "Wang Wenbin")])
    families.rebuild(db)
    assert family_of(db, a[0]) == family_of(db, b[0]) is not None


def test_one_word_fragment_does_not_join_on_the_word_alone(db):
    add_article(db, "bbc", "Officials denied claims that Beijing is “considering” supplying arms to Russia.",
                [("considering", "Wang Wenbin")])
    add_article(db, "nyt", "“We are considering all options for the budget next year,” the mayor told reporters "
                           "in Chicago.", [("We are considering all options for the budget next year,", "Brandon Johnson")])
    assert families.rebuild(db) == 0


def test_two_words_from_the_middle_of_a_quote_join_it_when_speaker_day_and_story_agree(db):
    # Two words cut from the middle of a sentence are as likely a stock
    # phrase as a cut of it; the same speaker on the same story says which.
    a = add_article(db, "a", "In Beijing, Lukashenko endorsed China’s position on a “political solution” to the war.",
                    [("political solution", "Alexander Lukashenko")])
    b = ("We fully agree with China’s position on a political solution to the war in Ukraine, which matters greatly")
    b = add_article(db, "b", f"Lukashenko told Xi in Beijing: “{b}.”", [(b, "Alexander Lukashenko")])
    families.rebuild(db)
    assert family_of(db, a[0]) == family_of(db, b[0]) is not None


def test_two_words_from_the_middle_of_someone_elses_quote_stay_out(db):
    add_article(db, "a", "In Beijing, Xi Jinping endorsed China’s position on a “political solution” to the war.",
                [("political solution", "Xi Jinping")])
    b = ("We fully agree with China’s position on a political solution to the war in Ukraine, which matters greatly")
    add_article(db, "b", f"Lukashenko told Xi in Beijing: “{b}.”", [(b, "Alexander Lukashenko")])
    assert families.rebuild(db) == 0


FLOOD_A = ("The river broke its banks before dawn and the water reached the school. "
           "We have asked the army for pumps and sandbags")
FLOOD_B = ("We have asked the army for pumps and sandbags, and every family on the low road "
           "will sleep in the town hall tonight")


def test_overlapping_cuts_of_one_statement_join_when_one_speaker_said_both(db):
    # Each outlet quotes a different stretch of the mayor's words; they share
    # only the sentence where the stretches overlap.
    a = add_article(db, "a", f"“{FLOOD_A},” Mayor Ana Ruiz said.", [(FLOOD_A, "Ana Ruiz")])
    b = add_article(db, "b", f"Ruiz told reporters: “{FLOOD_B}.”", [(FLOOD_B, "Ana Ruiz")])
    families.rebuild(db)
    assert family_of(db, a[0]) == family_of(db, b[0]) is not None


def test_overlapping_words_from_two_speakers_stay_two_statements(db):
    add_article(db, "a", f"“{FLOOD_A},” Mayor Ana Ruiz said.", [(FLOOD_A, "Ana Ruiz")])
    add_article(db, "b", f"The fire chief said: “{FLOOD_B}.”", [(FLOOD_B, "Tom Ward")])
    assert families.rebuild(db) == 0


def test_two_word_fragment_joins_with_strong_support(db):
    a = add_article(db, "bbc", "China and Belarus expressed “deep concern” over the prolonged conflict in Ukraine, "
                               "Xi Jinping said.", [("deep concern", "Xi Jinping")])
    b = add_article(db, "cnn", "Xi Jinping expressed “deep concern over the prolonged armed conflict” in Ukraine.",
                    [("deep concern over the prolonged armed conflict", "Xi Jinping")])
    families.rebuild(db)
    assert family_of(db, a[0]) == family_of(db, b[0]) is not None


def test_quotes_of_one_article_alone_never_form_a_family(db):
    add_article(db, "a", "He said “we will win” and then, later, “we will win” again.",
                [("we will win", "Joe Bloggs")])
    assert families.rebuild(db) == 0


def test_rejected_quotes_are_left_out(db):
    a = add_article(db, "a", "Xi said the talks were “warm and friendly, and very productive” on Wednesday.",
                    [("warm and friendly, and very productive", "Xi Jinping", "rejected")])
    add_article(db, "b", "The talks were “warm and friendly and very productive,” Xi said after the meeting.",
                [("warm and friendly and very productive,", "Xi Jinping")])
    assert families.rebuild(db) == 0
    assert family_of(db, a[0]) is None


def test_not_speech_quotes_never_join_a_family(db):
    # Two outlets naming one song title are not quoting a statement.
    a = add_article(db, "a", "The band closed the night with “Harbour Lights Forever” on Friday.",
                    [("Harbour Lights Forever", None)])
    b = add_article(db, "b", "Fans sang along to “Harbour Lights Forever” at the stadium.",
                    [("Harbour Lights Forever", None)])
    assert families.rebuild(db) == 1  # as partial quotes they would join
    db.execute("UPDATE quotes SET kind = 'not_speech'")
    db.conn.commit()
    assert families.rebuild(db) == 0
    assert family_of(db, a[0]) is None and family_of(db, b[0]) is None
    # An incremental update leaves them out as well.
    c = add_article(db, "c", "Radio stations played “Harbour Lights Forever” all day.", [("Harbour Lights Forever", None)])
    db.execute("UPDATE quotes SET kind = 'not_speech' WHERE id = ?", [c[0]])
    db.conn.commit()
    families.update(db, ["c"])
    assert partition(db) == set()


def test_conflict_flag_marks_families_whose_members_name_different_speakers(db):
    add_article(db, "a", UNORTHODOX, [(UNORTHODOX[1:UNORTHODOX.index(",”")], "Alexander Lukashenko")])
    add_article(db, "b", NONSTANDARD, [(NONSTANDARD[NONSTANDARD.index("“") + 1:-2], "Xi Jinping")])
    families.rebuild(db)
    (fam,) = family_read.families(db, conflicts_only=True)
    assert fam.conflict and {n for n, _ in fam.speakers} == {"Alexander Lukashenko", "Xi Jinping"}


def test_members_naming_one_person_differently_are_no_conflict(db):
    add_article(db, "a", UNORTHODOX, [(UNORTHODOX[1:UNORTHODOX.index(",”")], "Alexander Lukashenko")])
    add_article(db, "b", NONSTANDARD, [(NONSTANDARD[NONSTANDARD.index("“") + 1:-2], "Aleksandr G. Lukashenko")])
    families.rebuild(db)
    assert family_read.families(db, conflicts_only=True) == []
    assert len(family_read.families(db)) == 1


STATEMENT = "the sanctions will stay in place until every occupied town is returned"


def _four_outlets(db, last_speaker=None, last_status="pending"):
    ids = []
    for n, (aid, speaker) in enumerate([("a", "Ursula von der Leyen"), ("b", "Ursula von der Leyen"),
                                        ("c", "von der Leyen"), ("d", last_speaker)]):
        status = last_status if aid == "d" else "pending"
        ids += add_article(db, aid, f"In Brussels on Friday, she said “{STATEMENT}” and took no questions {n}.",
                           [(STATEMENT, speaker, status)], outlet=f"Outlet {aid}")
    return ids


def test_family_majority_is_offered_as_a_candidate_where_an_outlet_named_nobody(db):
    ids = _four_outlets(db)
    families.rebuild(db)
    cand = db.execute("SELECT origin, pattern, evidence, s.name FROM candidates c JOIN speakers s ON s.id = c.speaker_id "
                      "WHERE quote_id = ?", [ids[3]]).fetchall()
    assert len(cand) == 1 and cand[0][:2] == ("family", "family") and "3 outlet(s)" in cand[0][2]
    assert cand[0][3] == "Ursula von der Leyen"
    # Offered, never written as the machine's proposal.
    assert db.execute("SELECT speaker_id, proposed_speaker_id FROM quotes WHERE id = ?", [ids[3]]).fetchone() == (None, None)
    # Candidates stay single after another rebuild, and do not count as votes.
    families.rebuild(db)
    assert db.execute("SELECT count(*) FROM candidates WHERE origin = 'family'").fetchone()[0] == 1


def _attribution(db):
    return db.execute("SELECT id, speaker_id, proposed_speaker_id, confidence, status FROM quotes ORDER BY id").fetchall()


def test_matching_never_rewrites_what_attribution_or_a_reviewer_said(db):
    _four_outlets(db)
    add_article(db, "e", f"Outlet e quoted her: “{STATEMENT}” on Friday.", [(STATEMENT, None)], outlet="Outlet e")
    before = _attribution(db)
    families.rebuild(db)
    assert db.execute("SELECT count(*) FROM candidates WHERE origin = 'family'").fetchone()[0] == 2
    assert _attribution(db) == before
    add_article(db, "f", f"Outlet f quoted her: “{STATEMENT}” in Brussels.", [(STATEMENT, None)], outlet="Outlet f")
    before = _attribution(db)
    families.update(db, ["f"])
    assert db.execute("SELECT count(*) FROM candidates WHERE origin = 'family'").fetchone()[0] == 3
    assert _attribution(db) == before


def test_proposals_written_by_earlier_versions_are_taken_back_once(db):
    ids = _four_outlets(db)
    families.rebuild(db)
    # As versions before one-way matching left it: the family speaker written as the proposal.
    sid = db.execute("SELECT speaker_id FROM candidates WHERE quote_id = ?", [ids[3]]).fetchone()[0]
    db.execute("UPDATE quotes SET speaker_id = ?, proposed_speaker_id = ?, confidence = 0.75 WHERE id = ?",
               [sid, sid, ids[3]])
    db.execute("DELETE FROM meta WHERE key = 'families_one_way'")
    db.conn.commit()
    families.rebuild(db)
    assert db.execute("SELECT speaker_id, proposed_speaker_id, confidence FROM quotes WHERE id = ?",
                      [ids[3]]).fetchone() == (None, None, 0)
    assert db.execute("SELECT count(*) FROM candidates WHERE origin = 'family'").fetchone()[0] == 1


def test_family_evidence_never_changes_a_reviewed_quote(db):
    ids = _four_outlets(db, last_status="verified")
    families.rebuild(db)
    assert db.execute("SELECT speaker_id, proposed_speaker_id FROM quotes WHERE id = ?", [ids[3]]).fetchone() == (None, None)


def test_a_decision_made_while_matching_runs_is_never_overwritten_by_family_evidence(db, monkeypatch):
    from quotedesk.core import review

    ids = _four_outlets(db)
    load = families._load

    def load_then_decide(conn):
        rows = load(conn)  # matching has read every quote as pending ...
        review.no_speaker(conn, ids[3], "ann")  # ... when a reviewer says "no speaker"
        return rows

    monkeypatch.setattr(families, "_load", load_then_decide)
    families.rebuild(db)
    status, speaker = db.execute("SELECT status, speaker_id FROM quotes WHERE id = ?", [ids[3]]).fetchone()
    assert (status, speaker) == ("verified", None)


def test_family_evidence_needs_a_clear_majority(db):
    ids = []
    for aid, speaker in [("a", "Ursula von der Leyen"), ("b", "Charles Michel"), ("c", None)]:
        ids += add_article(db, aid, f"She said “{STATEMENT}” in Brussels, {aid}.", [(STATEMENT, speaker)])
    families.rebuild(db)
    assert family_of(db, ids[0]) == family_of(db, ids[2]) is not None
    assert db.execute("SELECT proposed_speaker_id FROM quotes WHERE id = ?", [ids[2]]).fetchone() == (None,)
    assert db.execute("SELECT count(*) FROM candidates WHERE origin = 'family'").fetchone()[0] == 0


def test_family_evidence_counts_outlets_not_articles(db):
    ids = []
    for aid, speaker, outlet in [("a", "Ursula von der Leyen", "Daily"), ("b", "Ursula von der Leyen", "Daily"),
                                 ("c", None, "Weekly")]:
        ids += add_article(db, aid, f"She said “{STATEMENT}” in Brussels, {aid}.", [(STATEMENT, speaker)],
                           outlet=outlet)
    families.rebuild(db)
    assert family_of(db, ids[0]) == family_of(db, ids[2]) is not None
    assert db.execute("SELECT proposed_speaker_id FROM quotes WHERE id = ?", [ids[2]]).fetchone() == (None,)


def test_new_article_joins_an_existing_family_without_renumbering_it(db, monkeypatch):
    monkeypatch.setattr(families, "REBUILD_SHARE", 1.0)
    a = add_article(db, "a", UNORTHODOX, [(UNORTHODOX[1:UNORTHODOX.index(",”")], "Alexander Lukashenko")])
    b = add_article(db, "b", NONSTANDARD, [(NONSTANDARD[NONSTANDARD.index("“") + 1:-2], "Alexander Lukashenko")])
    families.update(db, ["a", "b"])
    cid = family_of(db, a[0])
    assert cid is not None and family_of(db, b[0]) == cid
    c = add_article(db, "c", "Lukashenko said “Today's meeting is taking place at a very difficult time” in Beijing.",
                    [("Today's meeting is taking place at a very difficult time", "Alexander Lukashenko")])
    assert families.update(db, ["c"]) == 1
    assert family_of(db, c[0]) == cid
    assert db.execute("SELECT size, outlets FROM clusters WHERE id = ?", [cid]).fetchone() == (3, 3)


@pytest.mark.model
def test_incremental_update_article_by_article_equals_rebuild(seeded_db, monkeypatch):
    monkeypatch.setattr(families, "REBUILD_SHARE", 1.0)
    families.rebuild(seeded_db)
    rebuilt = partition(seeded_db)
    assert len(rebuilt) >= 5
    families.clear(seeded_db)
    assert partition(seeded_db) == set()
    for (aid,) in seeded_db.execute("SELECT id FROM articles ORDER BY file").fetchall():
        families.update(seeded_db, [aid])
    assert partition(seeded_db) == rebuilt


@pytest.mark.model
def test_ingest_builds_families_and_export_fills_the_cluster_field(seeded_db):
    from quotedesk.core.export import records

    recs = list(records(seeded_db))
    clustered = [r for r in recs if r["cluster"] is not None]
    assert clustered, "ingest should have grouped the seed articles' shared quotes"
    by_cluster = {}
    for r in clustered:
        by_cluster.setdefault(r["cluster"], set()).add(r["file"])
    assert all(len(files) >= 2 for files in by_cluster.values())


@pytest.mark.model
@needs_seeds()
def test_seed_families_reach_pair_f1_090_with_no_wrong_pair(seeded_db):
    families.rebuild(seeded_db)
    gold = ev.load_gold(SEEDS / "gold.jsonl")
    clusters = ev.load_clusters(SEEDS / "clusters.jsonl")
    rep = ev.score(gold, ev.predictions_from_db(seeded_db), clusters)
    assert rep.cluster["wrong_pairs"] == []
    assert rep.cluster["pair_f1"] >= 0.90


@pytest.mark.model
def test_cli_match_and_families_list_conflicts(seeded_db_path, tmp_path):
    import shutil

    from quotedesk.cli import app

    path = tmp_path / "c.db"
    shutil.copy(seeded_db_path, path)
    runner = CliRunner()
    out = runner.invoke(app, ["match", "--db", str(path)])
    assert out.exit_code == 0 and "famil" in out.stdout
    every = runner.invoke(app, ["families", "--db", str(path)])
    only = runner.invoke(app, ["families", "--conflicts", "--db", str(path)])
    assert every.exit_code == 0 and "outlet(s)" in every.stdout
    assert only.stdout.count("#") <= every.stdout.count("#")
    assert all("CONFLICT" in line for line in only.stdout.splitlines() if line.startswith("#"))


def test_cli_reports_a_missing_database_in_one_line(tmp_path):
    from quotedesk.cli import app

    out = CliRunner().invoke(app, ["families", "--db", str(tmp_path / "none.db")])
    assert out.exit_code == 1 and "no such database" in out.output and "Traceback" not in out.output



@pytest.mark.model
def test_ingesting_unchanged_articles_again_scores_nothing(seeded_db):
    before = partition(seeded_db)
    ids = [r[0] for r in seeded_db.execute("SELECT id FROM articles")]
    assert before and families.update(seeded_db, ids) == 0
    assert partition(seeded_db) == before


def test_rejecting_a_member_takes_it_out_at_the_next_update(db, monkeypatch):
    monkeypatch.setattr(families, "REBUILD_SHARE", 1.0)
    ids = _four_outlets(db, last_speaker="Ursula von der Leyen")
    families.rebuild(db)
    cid = family_of(db, ids[0])
    db.execute("UPDATE quotes SET status = 'rejected' WHERE id = ?", [ids[1]])
    db.conn.commit()
    families.update(db, [])
    assert family_of(db, ids[0]) == cid and family_of(db, ids[1]) is None
    assert db.execute("SELECT size, outlets FROM clusters WHERE id = ?", [cid]).fetchone() == (3, 3)


def test_blocking_finds_reordered_wording_and_skips_pairs_within_one_article():
    from quotedesk.core.encoding import Codebook
    from quotedesk.core.matching import QuoteRecord, candidate_pairs, prepare

    recs = [QuoteRecord("1", "a", "resolve the crisis peacefully"),
            QuoteRecord("2", "b", "a peaceful resolution of the crisis"),
            QuoteRecord("3", "a", "the crisis must be resolved peacefully"),
            QuoteRecord("4", "c", "taxes will rise next spring")]
    prepare(recs, Codebook())
    pairs = set(candidate_pairs([r.enc for r in recs], [r.article for r in recs], [None] * 4))
    assert (0, 1) in pairs and (1, 2) in pairs
    assert (0, 2) not in pairs and not any(3 in p for p in pairs)


@pytest.mark.model
def test_family_writes_keep_full_text_search_in_step(seeded_db):
    families.rebuild(seeded_db)
    trig = seeded_db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'quotes_au'").fetchone()[0]
    assert trig == 1 and not seeded_db.conn.in_transaction
    hits = seeded_db.execute("SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH 'politicizing'").fetchone()[0]
    assert hits >= 2
    seeded_db.execute("INSERT INTO quotes_fts(quotes_fts, rank) VALUES ('integrity-check', 1)")


def _everything(db):
    """All that matching may write: families, membership, candidates, attribution, watermark, triggers."""
    return [db.execute(sql).fetchall() for sql in (
        "SELECT id, canonical, size, outlets FROM clusters ORDER BY id",
        "SELECT id, cluster_id, speaker_id, proposed_speaker_id, confidence FROM quotes ORDER BY id",
        "SELECT quote_id, rank, speaker_id, score, origin FROM candidates ORDER BY quote_id, rank",
        "SELECT key, value FROM meta ORDER BY key",
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'quotes%' ORDER BY name")]


@pytest.mark.model
@pytest.mark.parametrize("fail_at", [2, 4])
def test_a_failed_rebuild_leaves_families_and_search_as_they_were(seeded_db, monkeypatch, fail_at):
    from quotedesk.core import family_store

    # Families as an older matching left them: the rebuild has every family to rewrite.
    seeded_db.execute("UPDATE clusters SET canonical = 'old ' || id")
    seeded_db.execute("UPDATE quotes SET cluster_id = NULL WHERE rowid % 3 = 0")
    before, parts = _everything(seeded_db), partition(seeded_db)
    store, calls = family_store._store, []

    def store_some_then_fail(*a, **k):  # some families are written, then the disk fills
        calls.append(1)
        if len(calls) == fail_at:
            raise RuntimeError("disk full")
        return store(*a, **k)

    monkeypatch.setattr(family_store, "_store", store_some_then_fail)
    with pytest.raises(RuntimeError):
        families.rebuild(seeded_db)
    assert len(calls) == fail_at and not seeded_db.conn.in_transaction
    assert _everything(seeded_db) == before and partition(seeded_db) == parts
    seeded_db.execute("INSERT INTO quotes_fts(quotes_fts, rank) VALUES ('integrity-check', 1)")
    monkeypatch.setattr(family_store, "_store", store)
    families.rebuild(seeded_db)  # and the next rebuild finishes
    assert _everything(seeded_db) != before


def test_quotes_stored_while_a_rebuild_runs_are_matched_by_the_next_update(db, monkeypatch):
    """A rebuild records as matched only what it read: an article ingested meanwhile is still to match."""
    _four_outlets(db, last_speaker="Ursula von der Leyen")
    load = families._load

    def load_then_ingest(conn):
        rows = load(conn)  # matching has read every quote ...
        add_article(conn, "late", f"Outlet late: she said “{STATEMENT}” on Friday.",  # ... when ingest stores one more
                    [(STATEMENT, "Ursula von der Leyen")], outlet="Outlet late")
        return rows

    monkeypatch.setattr(families, "_load", load_then_ingest)
    families.rebuild(db)
    monkeypatch.setattr(families, "_load", load)
    (late,) = [r[0] for r in db.execute("SELECT id FROM quotes WHERE article_id = 'late'")]
    assert family_of(db, late) is None
    assert families.update(db, ["late"]) == 1
    assert len(partition(db)) == 1 and len(next(iter(partition(db)))) == 5


@pytest.mark.model
def test_redetecting_articles_gives_back_the_same_families(seeded_db, nlp):
    from quotedesk.core.pipeline import ingest

    from conftest import CORPUS

    before = partition(seeded_db)
    ingest(seeded_db, [CORPUS], redetect=True, nlp=nlp)
    assert before and partition(seeded_db) == before


@pytest.mark.model
def test_redetection_that_moves_spans_keeps_every_decided_quote_in_its_family(seeded_db, nlp, monkeypatch):
    import dataclasses

    from quotedesk.core import parallel, pipeline, review

    decided = []
    for cid, qid in seeded_db.execute("SELECT cluster_id, min(id) FROM quotes WHERE cluster_id IS NOT NULL "
                                      "GROUP BY cluster_id").fetchall():
        review.no_speaker(seeded_db, qid, "ann")
        decided.append((qid, cid))
    find = parallel.find_quotes  # detection runs where the analysis runs (core.parallel)

    def one_character_later(text):  # as a new detector might cut every quote
        return [dataclasses.replace(q, start=q.start + 1, text=q.text[1:]) if q.end - q.start > 4 else q
                for q in find(text)]

    monkeypatch.setattr(parallel, "find_quotes", one_character_later)
    pipeline.redetect(seeded_db, nlp=nlp)
    assert [(qid, family_of(seeded_db, qid)) for qid, _ in decided] == decided


def test_a_redetected_quote_takes_the_family_of_the_old_quote_it_replaces_not_of_one_it_sits_in():
    from quotedesk.core.detect import Quote
    from quotedesk.core.pipeline import _replaced_family

    old = [(0, 100, 7), (120, 140, 8)]
    assert _replaced_family(Quote(1, 100, "x" * 99, 0), old) == 7  # the same quote, cut one character later
    assert _replaced_family(Quote(10, 30, "x" * 20, 0, within=(0, 100)), old) is None  # nested in it
    assert _replaced_family(Quote(118, 140, "x" * 22, 0), old) == 8


def test_families_listing_never_prints_control_characters(tmp_path):
    from quotedesk.cli import app
    from quotedesk.core.storage import open_db

    path = tmp_path / "esc.db"
    conn = open_db(path)
    evil = "warm and friendly, and \x1b[2J very productive"
    for aid in ("a", "b"):
        add_article(conn, aid, f"Xi said the talks were “{evil}” on Wednesday, {aid}.", [(evil, "Xi Jinping")])
    families.rebuild(conn)
    conn.close()
    for args in (["families"], ["families", "--json"]):
        out = CliRunner().invoke(app, [*args, "--db", str(path)])
        assert out.exit_code == 0 and "very productive" in out.stdout and "\x1b" not in out.stdout


def test_a_fragment_found_in_two_different_statements_joins_neither(db):
    # "Crooked Hillary" starts two different Trump statements: it must not
    # chain them into one family, nor pick one of them.
    a = add_article(db, "a", "Trump tweeted: “Crooked Hillary Clinton is spending a fortune on ads against me.”",
                    [("Crooked Hillary Clinton is spending a fortune on ads against me.", "Donald Trump")])
    b = add_article(db, "b", "Trump said: “Crooked Hillary has once again been proven to be a person who is "
                             "dishonest.”", [("Crooked Hillary has once again been proven to be a person who is "
                                               "dishonest.", "Donald Trump")])
    c = add_article(db, "c", "Trump tweeted about “Crooked Hillary” again, attacking Clinton over ads and a "
                             "fortune spent against him; he said she was dishonest.",
                    [("Crooked Hillary", "Donald Trump")])
    families.rebuild(db)
    assert family_of(db, a[0]) is None and family_of(db, b[0]) is None and family_of(db, c[0]) is None


def test_a_fragment_joins_when_its_longer_partners_are_one_statement(db):
    long = "Crooked Hillary Clinton is spending a fortune on ads against me"
    a = add_article(db, "a", f"Trump tweeted: “{long}.”", [(long, "Donald Trump")])
    b = add_article(db, "b", f"Trump wrote: “{long}!”", [(long, "Donald Trump")])
    c = add_article(db, "c", "Trump tweeted about “Crooked Hillary” again, attacking Clinton over the fortune she "
                             "is spending on ads against him.", [("Crooked Hillary", "Donald Trump")])
    families.rebuild(db)
    assert family_of(db, a[0]) == family_of(db, b[0]) == family_of(db, c[0]) is not None


def test_a_short_quote_alike_but_for_one_word_is_another_statement(db):
    add_article(db, "a", "Trump said the deal “was the worst thing that ever happened to Israel” at a rally.",
                [("was the worst thing that ever happened to Israel", "Donald Trump")])
    add_article(db, "b", "Trump said he was “the worst thing that ever happened to the establishment” at a rally.",
                [("the worst thing that ever happened to the establishment", "Donald Trump")])
    assert families.rebuild(db) == 0


def test_a_fragment_sharing_only_names_with_a_longer_quote_stays_out(db):
    add_article(db, "a", "The Iowa voter said: “Both Donald Trump and Ted Cruz scare me,” before the caucus.",
                [("Both Donald Trump and Ted Cruz scare me,", "Jane Roe")])
    long = ("The polls showed Donald Trump losing six points and Ted Cruz gaining six in the last days "
            "before the caucus in Iowa, which the polls missed")
    add_article(db, "b", f"The pollster wrote: “{long}.”", [(long, "Jane Roe")])
    assert families.rebuild(db) == 0


@pytest.mark.parametrize("window", [400, 2])
def test_focus_pairs_are_the_pairs_full_blocking_finds_for_the_focus(monkeypatch, window):
    """An update's pairs are exactly the pairs of a rebuild that touch its
    quotes, long posting lists (paired by date, ``WINDOW_CAP`` apart at
    most) included."""
    import numpy as np
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from quotedesk.core import blocking
    from quotedesk.core.blocking import UNDATED, candidate_pairs, focus_pairs

    monkeypatch.setattr(blocking, "WINDOW_CAP", window)

    quote = st.text(alphabet="\u1000\u1001\u1002\u1003\u1004\u1005", min_size=0, max_size=7)
    row = st.tuples(quote, st.integers(0, 9), st.one_of(st.none(), st.integers(0, 12)))

    @settings(max_examples=150, deadline=None)
    @given(st.lists(row, min_size=2, max_size=70), st.data())
    def check(rows, data):
        encs = [e for e, _, _ in rows]
        arts = [a for _, a, _ in rows]
        days = [d for _, _, d in rows]
        focus = data.draw(st.sets(st.integers(0, len(rows) - 1), min_size=1, max_size=5))
        want = candidate_pairs(encs, arts, days, focus)
        got = focus_pairs(encs, np.asarray(arts), np.asarray([UNDATED if d is None else d for d in days]), focus)
        assert got == want
        assert set(got) == {p for p in candidate_pairs(encs, arts, days) if focus.intersection(p)}

    check()


@pytest.mark.parametrize("window", [400, 3, 1])
def test_focus_pairs_in_crowded_posting_lists_are_a_rebuilds_pairs_for_the_focus(monkeypatch, window):
    """Few words in many quotes: posting lists past ``POSTING_CAP``, paired by
    date, several focus quotes on one list (each pair counted once)."""
    import random

    import numpy as np

    from quotedesk.core import blocking
    from quotedesk.core.blocking import UNDATED, candidate_pairs, focus_pairs

    monkeypatch.setattr(blocking, "WINDOW_CAP", window)
    rnd = random.Random(1)
    for _ in range(120):
        n = rnd.randint(20, 90)
        encs = ["".join(rnd.choice("\u1000\u1001\u1002\u1003") for _ in range(rnd.randint(0, 6))) for _ in range(n)]
        arts = [rnd.randint(0, 12) for _ in range(n)]
        days = [rnd.choice([None, *range(12)]) for _ in range(n)]
        focus = set(rnd.sample(range(n), rnd.randint(1, 6)))
        got = focus_pairs(encs, np.asarray(arts), np.asarray([UNDATED if d is None else d for d in days]), focus)
        assert set(got) == {p for p in candidate_pairs(encs, arts, days) if focus.intersection(p)}


def _unrelated(db, n):
    for k in range(n):  # words no other quote shares, stem for stem
        words = " ".join(f"w{k:03d}{j}" for j in range(6))
        add_article(db, f"s{k}", f"A resident said “{words}” at the meeting.", [(words, None)])


def test_adding_an_article_reads_only_the_quotes_it_can_touch(db, monkeypatch):
    """Issue 14: the stored codes spare an update from encoding every stored quote again."""
    from quotedesk.core import encoding, matching

    _unrelated(db, 60)
    ids = _four_outlets(db, last_speaker="Ursula von der Leyen")
    families.rebuild(db)
    seen = []
    real = encoding.tokens

    def counted(text):
        seen.append(text)
        return real(text)

    monkeypatch.setattr(encoding, "tokens", counted)
    monkeypatch.setattr(matching, "tokens", counted)
    new = add_article(db, "new", f"Outlet new: she said “{STATEMENT}” on Friday.", [(STATEMENT, None)],
                      outlet="Outlet new")
    assert families.update(db, ["new"]) == 1
    assert family_of(db, new[0]) == family_of(db, ids[0]) is not None
    # The new quote encoded, then it and the four it joins read: none of the 60 others.
    assert 0 < len(seen) <= 6 and all(t == STATEMENT for t in seen)


def test_an_update_reads_no_table_of_the_archive_whole(db):
    """What an update asks SQLite goes by key: the families of the articles it
    touches, the size of a family that lost a member. Through the
    ``family_members`` view, joined or correlated, SQLite reads every quote."""
    import re

    _unrelated(db, 30)
    ids = _four_outlets(db)
    families.rebuild(db)
    db.execute("UPDATE quotes SET status = 'rejected' WHERE id = ?", [ids[3]])  # its family is noted
    add_article(db, "new", f"Outlet new: she said “{STATEMENT}” on Friday.", [(STATEMENT, None)], outlet="Outlet new")
    sent: list[str] = []
    db.conn.set_trace_callback(sent.append)
    try:
        assert families.update(db, ["new"]) >= 1
    finally:
        db.conn.set_trace_callback(None)
    reads = [sql for sql in sent if re.match(r"\s*(WITH|SELECT)\b", sql, re.I)]
    whole = [(line, sql[:140]) for sql in reads for (*_, line) in db.conn.execute("EXPLAIN QUERY PLAN " + sql)
             if re.match(r"(SCAN (quotes|q|family_also|f)\b(?! USING (COVERING )?INDEX \w+ \()|MATERIALIZE)", line)]
    assert any("family_also" in sql for sql in reads) and whole == []


def test_a_family_a_reviewer_settles_is_no_conflict_anywhere(tmp_path):
    """One definition of conflict: the desk, `families --conflicts` and `match` agree, live."""
    from quotedesk.cli import app
    from quotedesk.core import queue, review
    from quotedesk.core.storage import open_db

    path = tmp_path / "c.db"
    db = open_db(path)
    a = add_article(db, "a", UNORTHODOX, [(UNORTHODOX[1:UNORTHODOX.index(",”")], "Alexander Lukashenko")])
    b = add_article(db, "b", NONSTANDARD, [(NONSTANDARD[NONSTANDARD.index("“") + 1:-2], "Xi Jinping")])
    families.rebuild(db)
    cid = family_of(db, a[0])

    def listed():
        out = CliRunner().invoke(app, ["families", "--conflicts", "--json", "--db", str(path)])
        assert out.exit_code == 0
        return [json.loads(line)["cluster"] for line in out.stdout.splitlines()]

    assert queue.conflicts(db) == {cid} and listed() == [cid]
    review.set_speaker(db, b[0], "ann", name="Alexander Lukashenko")  # the reviewer settles it
    assert queue.conflicts(db) == set() and listed() == []
    assert "(0 with conflicting speakers)" in CliRunner().invoke(app, ["match", "--db", str(path)]).stdout
    assert not family_read.families(db)[0].conflict


BRIDGE = "The old bridge will reopen to traffic in May"
TOLLS = "We will also cut the tolls for every driver who crosses it each day"


def _bridge_and_tolls(db, order=("both", "again", "bridge", "tolls"), update=False):
    """Two outlets quote both sentences in one span; two others quote one sentence each."""
    made = {
        "both": lambda: add_article(db, "both", f"“{BRIDGE}. {TOLLS}.” Mayor Ana Ruiz said.",
                                    [(f"{BRIDGE}. {TOLLS}.", "Ana Ruiz")], kind="full"),
        "again": lambda: add_article(db, "again", f"Ruiz said: “{BRIDGE}. {TOLLS}.”",
                                     [(f"{BRIDGE}. {TOLLS}.", "Ana Ruiz")], kind="full"),
        "bridge": lambda: add_article(db, "bridge", f"“{BRIDGE},” Ruiz said on Monday.",
                                      [(BRIDGE, "Ana Ruiz")], kind="full"),
        "tolls": lambda: add_article(db, "tolls", f"The mayor added: “{TOLLS}.”",
                                     [(f"{TOLLS}.", "Ana Ruiz")], kind="full"),
    }
    ids = {}
    for name in order:
        ids[name] = made[name]()[0]
        if update:
            families.update(db, [name])
    if not update:
        families.rebuild(db)
    return ids


def test_a_quote_of_two_sentences_others_quote_apart_is_in_both_families(db):
    q = _bridge_and_tolls(db)
    assert memberships(db) == {frozenset({q["both"], q["again"], q["bridge"]}),
                               frozenset({q["both"], q["again"], q["tolls"]})}
    # Shown in one family, listed in the other's.
    assert family_of(db, q["bridge"]) != family_of(db, q["tolls"])
    assert {m.id for m in detail.family(db, q["tolls"]).members} == {q["both"], q["again"], q["tolls"]}


def test_a_family_is_worded_by_a_member_that_quotes_its_statement_alone(db):
    q = _bridge_and_tolls(db)
    canonical = dict(db.execute("SELECT id, canonical FROM clusters").fetchall())
    assert canonical[family_of(db, q["bridge"])] == BRIDGE


@pytest.mark.parametrize("order", [("both", "again", "bridge", "tolls"), ("bridge", "tolls", "both", "again"),
                                   ("both", "bridge", "again", "tolls")])
def test_adding_articles_one_by_one_gives_the_families_a_rebuild_gives(db, order, monkeypatch):
    monkeypatch.setattr(families, "REBUILD_SHARE", 1.0)
    _bridge_and_tolls(db, order, update=True)
    added = memberships(db)
    families.rebuild(db)
    assert added == memberships(db) and len(added) == 2


def test_fragments_of_different_sentences_never_split_a_quote(db):
    # Reporters cut fragments from anywhere: only whole quotes show that a
    # longer one reports two statements.
    a = add_article(db, "a", f"“{BRIDGE}. {TOLLS}.” Mayor Ana Ruiz said.", [(f"{BRIDGE}. {TOLLS}.", "Ana Ruiz")],
                    kind="full")
    b = add_article(db, "b", f"Ruiz said the bridge would “reopen to traffic in May” and that she would “cut the "
                             f"tolls for every driver.”", [("reopen to traffic in May", "Ana Ruiz"),
                                                          ("cut the tolls for every driver.", "Ana Ruiz")])
    families.rebuild(db)
    assert memberships(db) == {frozenset({a[0], *b})}


def test_export_lists_every_family_of_a_quote_and_pairs_count_in_each(db):
    from quotedesk.core.export import records

    q = _bridge_and_tolls(db)
    by_id = {r["quote_id"]: r for r in records(db, "all")}
    both = by_id[q["both"]]
    assert sorted([both["cluster"], *both["also_clusters"]]) == sorted(
        {family_of(db, q["bridge"]), family_of(db, q["tolls"])})
    assert by_id[q["bridge"]]["also_clusters"] == []
    fams = {f["family_id"]: {m["quote_id"] for m in f["members"]} for f in records(db, "all", "family")}
    assert fams[family_of(db, q["tolls"])] == {q["both"], q["again"], q["tolls"]}


def test_rejecting_a_quote_in_two_families_takes_it_out_of_both(db, monkeypatch):
    monkeypatch.setattr(families, "REBUILD_SHARE", 1.0)
    q = _bridge_and_tolls(db)
    db.execute("UPDATE quotes SET status = 'rejected' WHERE id = ?", [q["both"]])
    db.conn.commit()
    families.update(db, [])
    assert memberships(db) == {frozenset({q["again"], q["bridge"]}), frozenset({q["again"], q["tolls"]})}
