"""The review desk as reviewers use it all day (issue 16).

Each test drives the real app with Pilot and reads the database after the
keys, as tests/test_tui_keys.py does.
"""

from __future__ import annotations

from test_tui_keys import actions, drive, path, press, quote, ready  # noqa: F401  (path is a fixture)
from tui.widgets.candidates import CandidatesView
from tui.widgets.queue import QueueView


def test_the_row_figure_is_candidate_ones_probability_and_confirm_takes_candidate_one(seeded_db, path):
    """Issue 16.1: proposal, queue figure and candidates tell one story."""
    stored = seeded_db.execute(
        "SELECT q.id, q.confidence, q.proposed_speaker_id, group_concat(k.score, ' '), "
        "(SELECT speaker_id FROM candidates WHERE quote_id = q.id AND rank = 1) "
        "FROM quotes q JOIN candidates k ON k.quote_id = q.id GROUP BY q.id").fetchall()
    assert stored
    for qid, confidence, proposed, scores, first in stored:
        scores = [float(s) for s in scores.split()]
        assert scores == sorted(scores, reverse=True), qid
        if proposed is not None:
            assert proposed == first and confidence == round(min(0.99, scores[0]), 3), qid

    async def script(pilot, screen):
        queue = screen.query_one(QueueView)
        row = queue.render_line(queue.cursor - int(queue.scroll_offset.y)).text
        panel = "\n".join(screen.query_one(CandidatesView).lines)
        qid = queue.current
        await pilot.press("a")
        await ready(pilot)
        return qid, row, panel

    qid, row, panel = drive(path, script)
    confidence, first = seeded_db.execute(
        "SELECT q.confidence, k.speaker_id FROM quotes q JOIN candidates k ON k.quote_id = q.id AND k.rank = 1 "
        "WHERE q.id = ?", [qid]).fetchone()
    assert f"{confidence:4.0%}" in row and f"{confidence:4.0%}" in panel.splitlines()[1]
    assert quote(seeded_db, qid)["speaker_id"] == first and actions(seeded_db) == ["confirm"]


def in_order(db) -> list[str]:
    """Every quote id in the desk's article order, each given a proposal so `a` can confirm it."""
    db.execute("UPDATE quotes SET proposed_speaker_id = COALESCE(proposed_speaker_id, (SELECT MIN(id) FROM speakers)), "
               "speaker_id = COALESCE(speaker_id, proposed_speaker_id, (SELECT MIN(id) FROM speakers))")
    db.conn.commit()
    return [r[0] for r in db.execute(
        "SELECT q.id FROM quotes q JOIN articles a ON a.id = q.article_id ORDER BY a.file, a.id, q.start")]


def test_reopening_resumes_after_the_last_decision_not_at_a_skipped_quote(seeded_db, path):
    """Issue 16.2: the desk reopens where the reviewer stopped."""
    ids = in_order(seeded_db)
    first, now = press(path, "a", "s", "a", "a")
    assert first == ids[0] and now == ids[4]
    assert actions(seeded_db) == ["confirm", "skip", "confirm", "confirm"]
    assert quote(seeded_db, ids[1])["status"] == "pending"
    reopened, _ = press(path)  # a fresh app on the same file
    assert reopened == ids[4]
    # After an undo the desk reopens on the quote the undo returned to.
    press(path, "u")
    assert quote(seeded_db, ids[4])["status"] == "pending" and quote(seeded_db, ids[3])["status"] == "pending"
    reopened, _ = press(path)
    assert reopened == ids[3]


def test_skipped_quotes_come_round_only_at_the_end_of_the_pass(seeded_db, path):
    """Issue 16.2: a skipped quote does not pull the reviewer back while others are undecided."""
    ids = in_order(seeded_db)
    seeded_db.execute("UPDATE quotes SET status = 'rejected' WHERE id NOT IN (?, ?, ?)", ids[:3])
    seeded_db.conn.commit()

    async def script(pilot, screen):
        seen = [screen.queue.current]
        for key in ("s", "j", "a", "a"):
            await pilot.press(key)
            await ready(pilot)
            seen.append(screen.queue.current)
        return seen

    seen = drive(path, script)
    # skip the first; from the third a confirm wraps past the skipped one to the second
    assert seen[:2] == [ids[0], ids[1]]
    assert seen[3] == ids[1]
    assert quote(seeded_db, ids[2])["status"] == "verified" and quote(seeded_db, ids[0])["status"] == "pending"
    # with only the skipped quote left, it comes round
    assert seen[4] == ids[0] and quote(seeded_db, ids[1])["status"] == "verified"
    assert actions(seeded_db) == ["skip", "confirm", "confirm"]
