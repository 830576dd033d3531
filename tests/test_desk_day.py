"""The review desk as reviewers use it all day (issue 16).

Each test drives the real app with Pilot and reads the database after the
keys, as tests/test_tui_keys.py does.
"""

from __future__ import annotations

import pytest

from quotedesk.core import speakers
from test_tui_keys import actions, drive, path, press, quote, ready  # noqa: F401  (path is a fixture)
from quotedesk.tui.widgets.candidates import CandidatesView
from quotedesk.tui.widgets.queue import QueueView

#: Every test here drives the desk on a database ingested with the spaCy pipeline.
pytestmark = pytest.mark.model


def test_the_row_figure_is_candidate_ones_probability_and_confirm_takes_candidate_one(seeded_db, path):
    """Issue 16.1: proposal, queue figure and candidates tell one story.

    On the issue's own example (the rules' cue reading the model alone
    rated below another candidate) the row's figure is candidate 1's, no
    candidate below shows more, and confirming takes candidate 1. The same
    over every seed quote is tests/test_ranking.py's.
    """
    (target,) = seeded_db.execute("SELECT id FROM quotes WHERE text LIKE 'deep concern over the prolonged%'").fetchone()

    async def script(pilot, screen):
        queue = screen.query_one(QueueView)
        queue.move_to(queue.ids.index(target))
        await pilot.pause()
        row = queue.render_line(queue.cursor - int(queue.scroll_offset.y)).text
        panel = screen.query_one(CandidatesView).lines
        await pilot.press("a")
        await ready(pilot)
        return row, panel

    row, panel = drive(path, script)
    confidence, first = seeded_db.execute(
        "SELECT q.confidence, k.speaker_id FROM quotes q JOIN candidates k ON k.quote_id = q.id AND k.rank = 1 "
        "WHERE q.id = ?", [target]).fetchone()
    figures = [float(line.split("%")[0].split()[-1]) for line in panel[1:] if "%" in line]
    assert len(figures) >= 2 and figures == sorted(figures, reverse=True)
    assert f"{confidence:4.0%}" in row and f"{confidence:4.0%}" in panel[1]
    assert "higher" not in "\n".join(panel)
    assert quote(seeded_db, target)["speaker_id"] == first and actions(seeded_db) == ["confirm"]


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


def test_speaker_completion_ranks_word_prefixes_then_use_and_shows_no_ids(seeded_db, path):
    """Issue 16.3: "Sta" lists State Department first (it starts so and speaks most), and no #ids."""
    from quotedesk.tui.screens.prompts import SpeakerPrompt
    from textual.widgets import OptionList

    async def script(pilot, screen):
        qid = screen.queue.current
        await pilot.press("e", *"Sta")
        await pilot.pause()
        options = pilot.app.screen.query_one(OptionList)
        listed = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        await pilot.press("down", "enter")
        await ready(pilot)
        return qid, listed, isinstance(pilot.app.screen, SpeakerPrompt)

    qid, listed, still_open = drive(path, script)
    assert listed[0].startswith("State Department") and not still_open
    assert not any("#" in line for line in listed)
    names = [line.split("  ")[0] for line in listed]
    opening = [i for i, n in enumerate(names) if n.lower().startswith("sta")]
    inside = [i for i, n in enumerate(names) if not n.lower().startswith("sta")]
    assert opening and inside and max(opening) < min(inside)  # a word inside comes after a start
    state = seeded_db.execute("SELECT speaker_id FROM aliases WHERE alias = 'State Department'").fetchone()[0]
    assert quote(seeded_db, qid)["speaker_id"] == state and actions(seeded_db) == ["speaker"]


def test_an_abbreviated_listed_name_takes_a_second_enter_to_create(seeded_db, path):
    """Issue 16.7: "Xi J." matches Xi Jinping word by word, so one enter creates nothing."""
    before = seeded_db.execute("SELECT COUNT(*) FROM speakers").fetchone()[0]
    _, now = press(path, "e", *"Xi J.", "enter")
    assert now is None and actions(seeded_db) == []
    assert seeded_db.execute("SELECT COUNT(*) FROM speakers").fetchone()[0] == before
    first, _ = press(path, "e", *"Xi J.", "down", "enter")
    xi = seeded_db.execute("SELECT speaker_id FROM aliases WHERE alias = 'Xi Jinping'").fetchone()[0]
    assert quote(seeded_db, first)["speaker_id"] == xi and actions(seeded_db) == ["speaker"]


def test_completion_order_is_start_then_word_start_then_inside_each_by_use():
    from quotedesk.core.speakers import complete

    names = [(1, "Chinese foreign ministry statement", "x", 1), (2, "State Department", "State Department", 9),
             (3, "Chinese state media", "c", 3), (4, "Stanley Park", "Stanley Park", 0), (5, "Estado", "e", 50),
             (6, "Xi Jinping", "Xi Jinping", 20)]
    assert [a for _, a, _, _ in complete(names, "Sta")] == [
        "State Department", "Stanley Park", "Chinese state media", "Chinese foreign ministry statement", "Estado"]
    assert [a for _, a, _, _ in complete(names, "xi j.")] == ["Xi Jinping"]
    assert [a for _, a, _, _ in complete(names, "")][:2] == ["Estado", "Xi Jinping"]


def speaker_id(db, name) -> int:
    return db.execute("SELECT id FROM speakers WHERE name = ? AND merged_into IS NULL", [name]).fetchone()[0]


def quotes_of(db) -> dict[str, int]:
    return {s.name: s.quotes for s in speakers.entities(db)}


async def on_speaker(pilot, sid) -> None:
    sp = pilot.app.screen
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    sp.query_one("DataTable").move_cursor(row=[r.id for r in sp.rows].index(sid))
    await pilot.pause()


def test_a_merge_asks_first_naming_both_sides(seeded_db, path):
    """Issue 16.4: one stray m no longer merges; the question names both speakers."""
    from textual.widgets import Static

    from quotedesk.tui.screens.prompts import ConfirmPrompt

    beijing, china = speaker_id(seeded_db, "Beijing"), speaker_id(seeded_db, "China")

    async def script(pilot, screen):
        await pilot.press("S")
        await on_speaker(pilot, beijing)
        await pilot.press("m")
        await on_speaker(pilot, china)
        await pilot.press("m")
        await pilot.pause()
        asked = pilot.app.screen
        question = str(asked.query_one("#confirm-question", Static).render()) if isinstance(asked, ConfirmPrompt) else ""
        merged_while_asking = seeded_db.execute("SELECT merged_into FROM speakers WHERE id = ?", [beijing]).fetchone()[0]
        await pilot.press("n")
        await ready(pilot)
        after_no = actions(seeded_db)
        await pilot.press("m")  # China is under the cursor: mark it, then merge it into Beijing this time
        await on_speaker(pilot, beijing)
        await pilot.press("m", "y")
        await ready(pilot)
        return question, merged_while_asking, after_no

    question, merged_while_asking, after_no = drive(path, script)
    assert "Beijing" in question and "China" in question and question.index("Beijing") < question.index("China")
    assert merged_while_asking is None and after_no == []
    assert seeded_db.execute("SELECT merged_into FROM speakers WHERE id = ?", [china]).fetchone()[0] == beijing
    assert actions(seeded_db) == ["merge"]


def test_splitting_a_merged_name_off_undoes_exactly_what_the_merge_did_and_undo_moves_the_cursor(seeded_db, path):
    """Issue 16.4: merge Beijing into China, split Beijing off: every Beijing quote goes back."""
    from textual.widgets import OptionList

    beijing, china = speaker_id(seeded_db, "Beijing"), speaker_id(seeded_db, "China")
    seeded_db.execute("INSERT INTO aliases(speaker_id, alias) VALUES (?, 'Chinese capital')", [beijing])
    seeded_db.conn.commit()
    counts = quotes_of(seeded_db)
    assert counts["Beijing"] > 1

    async def script(pilot, screen):
        await pilot.press("S")
        await on_speaker(pilot, beijing)
        await pilot.press("m")
        await on_speaker(pilot, china)
        await pilot.press("m", "y")
        await ready(pilot)
        merged = quotes_of(seeded_db)
        await on_speaker(pilot, china)
        await pilot.press("s")
        await pilot.pause()
        options = pilot.app.screen.query_one(OptionList)
        options.highlighted = pilot.app.screen.aliases.index("Beijing")
        await pilot.press("enter")
        await ready(pilot)
        split = quotes_of(seeded_db)
        await pilot.press("u")  # undo the split: Beijing is merged again, the cursor on China
        await ready(pilot)
        sp = pilot.app.screen
        after_undo = sp.current.id
        await pilot.press("u")  # undo the merge: the cursor goes to Beijing, back in the list
        await ready(pilot)
        return merged, split, after_undo, sp.current.id

    merged, split, after_undo, after_second_undo = drive(path, script)
    assert "Beijing" not in merged and merged["China"] == counts["China"] + counts["Beijing"]
    assert split["Beijing"] == counts["Beijing"] and split["China"] == counts["China"]
    assert seeded_db.execute("SELECT alias FROM aliases WHERE alias = 'Chinese capital'").fetchone()  # aliases intact
    assert actions(seeded_db) == ["merge", "unmerge", "undo", "undo"]
    assert after_undo == china and after_second_undo == beijing
    assert quotes_of(seeded_db) == counts


def drive_at(path, size, script, reviewer="tester", notifications=False):
    """``drive`` at a terminal size of its own (``notifications``: with toasts drawn)."""
    import asyncio

    from quotedesk.tui.app import make_app

    async def go():
        app = make_app(path, reviewer, keymap={})
        async with app.run_test(size=size, notifications=notifications) as pilot:
            await ready(pilot)
            out = await script(pilot, app.screen)
            await ready(pilot)
        return out

    return asyncio.run(go())


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (160, 45)])
def test_every_size_keeps_help_and_quit_on_the_key_line_and_gives_the_quote_words_room(seeded_db, path, size):
    """Issue 16.5: columns share the width; the key line never hides ? and q."""
    from quotedesk.tui.widgets.keybar import KeyBar
    from quotedesk.tui.widgets.queue import columns

    name = "Alexander Lukashenko"

    async def script(pilot, screen):
        queue = screen.query_one(QueueView)
        keyline = screen.query_one(KeyBar).render_line(0).text
        width = queue.scrollable_content_region.width
        row = next(i for i, qid in enumerate(queue.ids) if queue._row(i) and queue._row(i).speaker == name)
        queue.move_to(row)
        await pilot.pause()
        line = queue.render_line(row - int(queue.scroll_offset.y)).text
        await pilot.press("?")
        await pilot.pause()
        return keyline, width, line

    keyline, width, line = drive_at(path, size, script)
    assert "? Help" in keyline and "q Quit" in keyline and "a Confirm" in keyline
    assert len(keyline.rstrip()) <= size[0]
    speaker_w, outlet_w = columns(width)
    quote_w = width - 8 - speaker_w - outlet_w - 2
    assert quote_w >= (width - 8) // 2
    if size[0] >= 160:
        assert name in line and speaker_w >= 20 and quote_w >= 40
    assert actions(seeded_db) == []


def test_help_scrolls_when_the_terminal_is_short(seeded_db, path):
    """Issue 16.5: at 100x30 the help is longer than the screen; the keys scroll it to its end."""
    from textual.containers import VerticalScroll

    from quotedesk.tui.screens.help import HelpScreen

    async def script(pilot, screen):
        await pilot.press("?")
        await pilot.pause()
        help_screen = pilot.app.screen
        scroll = help_screen.query_one(VerticalScroll)
        overflow = scroll.max_scroll_y
        await pilot.press("j", "j", "j")  # the desk's vi keys scroll it too
        await pilot.pause()
        by_j = scroll.scroll_offset.y
        await pilot.press("pagedown", "pagedown", "pagedown", "j")
        await pilot.pause()
        at = (by_j, scroll.scroll_offset.y)
        await pilot.press("escape")
        await pilot.pause()
        return isinstance(help_screen, HelpScreen), overflow, at, isinstance(pilot.app.screen, HelpScreen)

    opened, overflow, at, still_open = drive_at(path, (100, 30), script)
    assert opened and overflow > 3 and at == (3, overflow) and not still_open
    assert actions(seeded_db) == []


def test_search_opens_empty_so_enter_clears_rather_than_reapplies(seeded_db, path):
    """Issue 16.6: the prompt does not keep the last query."""
    from textual.widgets import Input

    async def script(pilot, screen):
        await pilot.press("slash", *"Xi", "enter")
        await ready(pilot)
        searched = (screen.filter.search, len(screen.queue.ids))
        await pilot.press("slash")
        await pilot.pause()
        shown = pilot.app.screen.query_one(Input).value
        await pilot.press("enter")
        await ready(pilot)
        return searched, shown, screen.filter.search, len(screen.queue.ids)

    (search, narrowed), shown, cleared, everything = drive(path, script)
    assert search == "Xi" and shown == "" and cleared is None
    assert narrowed < everything == seeded_db.execute("SELECT COUNT(*) FROM quotes").fetchone()[0]
    assert actions(seeded_db) == []


def test_undo_toast_names_the_quote_and_toasts_leave_the_family_rows_and_status_bar_clear(seeded_db, path):
    """Issue 16.6: "undid no_speaker" named an internal id; toasts covered "Across outlets"."""
    from textual.widgets._toast import Toast

    async def script(pilot, screen):
        qid = screen.queue.current
        await pilot.press("n")
        await ready(pilot)
        await pilot.press("u")
        await ready(pilot)
        await pilot.pause(0.3)
        toasts = list(pilot.app.screen.query(Toast))
        regions = [t.region for t in toasts]
        covered = [screen.query_one(w).region for w in ("#family", "#progress", "#keybar")]
        return qid, [str(t.render()) for t in toasts], regions, covered

    qid, messages, regions, covered = drive_at(path, (100, 30), script, notifications=True)
    text = seeded_db.execute("SELECT text FROM quotes WHERE id = ?", [qid]).fetchone()[0]
    assert any(m.startswith("undid your “no speaker” on “" + " ".join(text.split()[:3])) for m in messages), messages
    assert not any("_" in m for m in messages)
    assert regions and not any(r.overlaps(c) for r in regions for c in covered)
    assert actions(seeded_db) == ["no_speaker", "undo"] and quote(seeded_db, qid)["status"] == "pending"


def test_a_rejected_row_shows_no_speaker_and_no_family_conflict(seeded_db, path):
    """Issue 16.6: a rejected quote is no quotation; it neither has a speaker nor disagrees."""
    from quotedesk.core.queue import conflicts

    seeded_db.execute("UPDATE quotes SET proposed_speaker_id = NULL, speaker_id = NULL WHERE cluster_id IS NULL")
    cluster = next(iter(conflicts(seeded_db)), None)
    if cluster is None:  # make one: two members of a family naming different people
        cluster, = seeded_db.execute("SELECT cluster_id FROM quotes WHERE cluster_id IS NOT NULL "
                                     "GROUP BY cluster_id HAVING COUNT(*) > 1 LIMIT 1").fetchone()
        a, b = [r[0] for r in seeded_db.execute("SELECT id FROM speakers ORDER BY id LIMIT 2")]
        one, = seeded_db.execute("SELECT MIN(id) FROM quotes WHERE cluster_id = ?", [cluster]).fetchone()
        seeded_db.execute("UPDATE quotes SET proposed_speaker_id = ?, speaker_id = ? WHERE cluster_id = ?", [a, a, cluster])
        seeded_db.execute("UPDATE quotes SET proposed_speaker_id = ?, speaker_id = ? WHERE id = ?", [b, b, one])
    seeded_db.conn.commit()
    member, = seeded_db.execute("SELECT MIN(id) FROM quotes WHERE cluster_id = ?", [cluster]).fetchone()

    async def script(pilot, screen):
        queue = screen.query_one(QueueView)
        queue.move_to(queue.ids.index(member))
        await pilot.pause()
        before = queue.render_line(queue.cursor - int(queue.scroll_offset.y)).text
        await pilot.press("x")
        await ready(pilot)
        queue.move_to(queue.ids.index(member))
        await pilot.pause()
        return before, queue.render_line(queue.cursor - int(queue.scroll_offset.y)).text

    before, after = drive(path, script)
    assert quote(seeded_db, member)["status"] == "rejected" and actions(seeded_db) == ["reject"]
    assert "≠" in before[:4]
    assert "✗" in after[:3] and "≠" not in after[:4] and "not a quote" in after


def test_candidates_sharing_one_mention_share_one_superscript():
    """Issue 16.6: "They³¹⁵" read as a number; the mention carries its best rank only."""
    from quotedesk.core.detail import Context, Mark
    from quotedesk.tui.widgets.context import render_context

    passage = "They said “we will go” on Monday."
    marks = [Mark(10, 22, "quote"), *(Mark(0, 4, "mention", str(r)) for r in (3, 1, 5)), Mark(5, 9, "cue")]
    text, _, head = render_context(Context("q", "pending", None, "X", None, None, "f", passage, marks))
    body = text.plain[head:]
    assert body.startswith("They¹ said") and "³" not in body and "⁵" not in body


def two_member_family(db) -> tuple[str, str]:
    """The first quote in article order and one from another article, made one family; both with proposals."""
    ids = in_order(db)
    first = ids[0]
    other = db.execute("SELECT id FROM quotes WHERE article_id != (SELECT article_id FROM quotes WHERE id = ?) "
                       "AND id IN (SELECT quote_id FROM candidates WHERE rank = 2 AND speaker_id IS NOT NULL) "
                       "LIMIT 1", [first]).fetchone()[0]
    db.execute("UPDATE quotes SET cluster_id = NULL")
    cid = db.execute("INSERT INTO clusters(canonical, size, outlets) VALUES ('x', 2, 2)").lastrowid
    db.execute("UPDATE quotes SET cluster_id = ? WHERE id IN (?, ?)", [cid, first, other])
    db.conn.commit()
    return first, other


def test_the_family_view_shows_each_members_passage_and_decides_on_the_picked_member(seeded_db, path):
    """Issue 16.6 and "act from the family view": confirm, choose, reject, undo per member."""
    from textual.widgets import Static

    from quotedesk.tui.screens.family import FamilyScreen

    first, other = two_member_family(seeded_db)
    texts = dict(seeded_db.execute("SELECT id, text FROM quotes WHERE id IN (?, ?)", [first, other]).fetchall())
    second = seeded_db.execute("SELECT speaker_id FROM candidates WHERE quote_id = ? AND rank = 2", [other]).fetchone()[0]
    steps = []

    async def script(pilot, screen):
        await pilot.press("F")
        await pilot.pause()
        fam = pilot.app.screen
        cards = [str(fam.query_one(f"#card-{i}", Static).render()) for i in range(2)]

        async def key(*keys):
            await pilot.press(*keys)
            await ready(pilot)
            steps.append((quote(seeded_db, first)["status"], quote(seeded_db, other)["status"],
                          quote(seeded_db, other)["speaker_id"]))

        await key("l", "a")      # the other member: confirm its proposal
        await key("u")           # undo it
        await key("2")           # choose its second candidate
        await key("h", "x")      # back to this quote: reject it
        await pilot.click("#member-1")
        await key("n")           # a click picks the other member: no speaker
        await pilot.press("escape")
        await ready(pilot)
        return isinstance(fam, FamilyScreen), cards, screen.queue.statuses[first]

    opened, cards, shown = drive(path, script)
    assert opened
    # each card carries its member's passage: more than the quote's own words
    for i, qid in enumerate((first, other)):
        assert " ".join(texts[qid].split()[:3]) in cards[i] and "Candidates" in cards[i]
    proposed = quote(seeded_db, other)["proposed"]
    assert steps == [("pending", "verified", proposed), ("pending", "pending", proposed),
                     ("pending", "verified", second), ("rejected", "verified", second),
                     ("rejected", "verified", None)]
    assert actions(seeded_db) == ["confirm", "undo", "choose", "reject", "no_speaker"]
    assert shown == "rejected"  # the desk's queue shows what was decided in the family view


# --------------------------------------------------------------------------
# Also expected of an annotation desk (issue 16)


def span(db, qid):
    return db.execute('SELECT text, start, "end", kind FROM quotes WHERE id = ?', [qid]).fetchone()


def test_kind_and_edge_keys_fix_the_detectors_quote_one_decision_per_key(seeded_db, path):
    ids = in_order(seeded_db)
    qid = ids[0]
    start_text, start, end, kind = span(seeded_db, qid)
    body = seeded_db.execute("SELECT a.text FROM quotes q JOIN articles a ON a.id = q.article_id WHERE q.id = ?",
                             [qid]).fetchone()[0]
    seen = []

    async def script(pilot, screen):
        for key in ("K", "right_curly_bracket", "left_curly_bracket", "left_curly_bracket", "right_square_bracket",
                    "left_square_bracket", "u"):
            await pilot.press(key)
            await ready(pilot)
            seen.append((screen.queue.current, *span(seeded_db, qid), len(actions(seeded_db))))
        return seen

    drive(path, script)
    assert all(s[0] == qid for s in seen)  # edits keep the cursor on the quote
    from quotedesk.core.annotate import next_kind

    assert seen[0][4] == next_kind(kind)
    words = body[start:].split()
    assert seen[1][1].endswith(words[len(start_text.split())]) or seen[1][3] > end  # one more word at the end
    assert seen[2][1:4] == (start_text, start, end)                                 # and back
    assert seen[3][3] < end and len(seen[3][1].split()) == len(start_text.split()) - 1
    assert seen[4][2] > start and seen[5][2] == start
    assert [s[5] for s in seen] == [1, 2, 3, 4, 5, 6, 7]
    assert actions(seeded_db) == ["kind", "span", "span", "span", "span", "span", "undo"]
    for text, s_, e_ in [(s[1], s[2], s[3]) for s in seen]:
        assert body[s_:e_] == text


def test_a_quotation_the_detector_missed_is_added_from_its_words_and_the_desk_moves_to_it(seeded_db, path):
    ids = in_order(seeded_db)
    qid = ids[0]
    article, start = seeded_db.execute("SELECT article_id, start FROM quotes WHERE id = ?", [qid]).fetchone()
    body = seeded_db.execute("SELECT text FROM articles WHERE id = ?", [article]).fetchone()[0]
    taken = [(s, e) for s, e in seeded_db.execute('SELECT start, "end" FROM quotes WHERE article_id = ?', [article])]
    # four words of the article outside every quote
    import re

    words = [(m.start(), m.end()) for m in re.finditer(r"[A-Za-z]+", body)]
    i = next(i for i in range(len(words) - 4)
             if not any(s < words[i + 3][1] and words[i][0] < e for s, e in taken))
    phrase = " ".join(body[a:b] for a, b in words[i:i + 4])
    before = seeded_db.execute("SELECT COUNT(*) FROM quotes").fetchone()[0]

    async def script(pilot, screen):
        await pilot.press("A", *phrase, "enter")
        await ready(pilot)
        added = screen.queue.current
        shown = "\n".join(screen.query_one("#context").lines)
        await pilot.press("e", *"Dana Example", "enter")  # give it a speaker
        await ready(pilot)
        return added, shown

    added, shown = drive(path, script)
    assert seeded_db.execute("SELECT COUNT(*) FROM quotes").fetchone()[0] == before + 1
    text, origin, status = seeded_db.execute("SELECT text, origin, status FROM quotes WHERE id = ?", [added]).fetchone()
    assert text.split()[0] == body[words[i][0]:words[i][1]] and origin == "reviewer" and status == "verified"
    assert "marked by a reviewer" in shown
    assert actions(seeded_db) == ["add", "speaker"]


def test_plus_adds_a_joint_speaker_and_export_lists_both(seeded_db, path):
    from quotedesk.core.export import records

    ids = in_order(seeded_db)
    qid = ids[0]
    first = seeded_db.execute("SELECT s.name FROM quotes q JOIN speakers s ON s.id = q.proposed_speaker_id "
                              "WHERE q.id = ?", [qid]).fetchone()[0]
    other = "Alexander Lukashenko" if first != "Alexander Lukashenko" else "Xi Jinping"

    async def script(pilot, screen):
        await pilot.press("a")        # confirm the proposal
        await ready(pilot)
        await pilot.press("k")        # back to it
        await ready(pilot)
        await pilot.press("plus", *other, "enter")
        await ready(pilot)
        return "\n".join(screen.query_one("#context").lines), screen.queue.render_line(0).text

    context, row = drive(path, script)
    assert f"{first} + {other}" in context and "+1" in row
    record = next(r for r in records(seeded_db) if r["quote_id"] == qid)
    assert [s["name"] for s in record["speakers"]] == [first, other]
    assert actions(seeded_db) == ["confirm", "joint"]


def test_m_flags_unsure_with_a_note_the_filter_finds_it_and_m_again_clears(seeded_db, path):
    from textual.widgets import Checkbox

    ids = in_order(seeded_db)
    steps = []

    async def script(pilot, screen):
        await pilot.press("m", *"check the aide", "enter")
        await ready(pilot)
        steps.append(seeded_db.execute("SELECT flag, note FROM quotes WHERE id = ?", [ids[0]]).fetchone())
        row = screen.queue.render_line(0).text
        await pilot.press("f")
        await pilot.pause()
        pilot.app.screen.query_one("#filter-flagged", Checkbox).value = True
        await pilot.press("ctrl+s")
        await ready(pilot)
        only = list(screen.queue.ids)
        await pilot.press("m")
        await ready(pilot)
        steps.append(seeded_db.execute("SELECT flag, note FROM quotes WHERE id = ?", [ids[0]]).fetchone())
        return row, only

    row, only = drive(path, script)
    assert steps == [("unsure", "check the aide"), (None, None)]
    assert "⚑" in row[:5] and only == [ids[0]]
    assert actions(seeded_db) == ["flag", "flag"]


def test_a_click_on_a_candidate_chooses_it(seeded_db, path):
    async def script(pilot, screen):
        with_two = {r[0] for r in seeded_db.execute(
            "SELECT quote_id FROM candidates WHERE rank = 2 AND speaker_id IS NOT NULL")}
        target = next(i for i, qid in enumerate(screen.queue.ids) if qid in with_two)
        screen.queue.move_to(target)
        await pilot.pause()
        await pilot.click(CandidatesView, offset=(3, 3))  # below the border line and the heading: candidate 2
        await ready(pilot)
        return screen.queue.ids[target]

    qid = drive(path, script)
    expected = seeded_db.execute("SELECT speaker_id FROM candidates WHERE quote_id = ? AND rank = 2", [qid]).fetchone()[0]
    assert quote(seeded_db, qid)["speaker_id"] == expected and actions(seeded_db) == ["choose"]
