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
