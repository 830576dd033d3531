"""Every key on the review desk, driven through the real app with Pilot.

Each test presses keys and then reads the database (not the screen) to check
that the decision was written before the app moved on.
"""

from __future__ import annotations

import asyncio
import json

import pytest

from quotedesk.tui.app import make_app
from quotedesk.tui.screens.family import FamilyScreen
from quotedesk.tui.screens.help import HelpScreen
from quotedesk.tui.screens.main import MainScreen
from quotedesk.tui.screens.speakers import SpeakersScreen
from quotedesk.tui.widgets.queue import QueueView

#: Every test here reads a database ingested with the spaCy pipeline.
pytestmark = pytest.mark.model

SIZE = (140, 40)


@pytest.fixture
def path(seeded_db):
    return seeded_db.execute("PRAGMA database_list").fetchone()[2]


async def ready(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def drive(path, script, reviewer="tester", keymap=None, **options):
    """Run ``script(pilot, screen)`` against a fresh app on ``path``; return what it returns."""

    async def go():
        app = make_app(path, reviewer, keymap=keymap or {}, **options)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            out = await script(pilot, app.screen)
            await ready(pilot)
        return out

    return asyncio.run(go())


def press(path, *keys, **kwargs):
    """Press ``keys`` on the first quote; return (first quote id, current quote id afterwards)."""

    async def script(pilot, screen):
        first = screen.queue.current
        await pilot.press(*keys)
        await ready(pilot)
        return first, pilot.app.screen.queue.current if isinstance(pilot.app.screen, MainScreen) else None

    return drive(path, script, **kwargs)


def propose_for_first(db) -> str:
    """Make sure the first quote in article order has a proposed speaker (whatever attribution did)."""
    qid = db.execute("SELECT q.id FROM quotes q JOIN articles a ON a.id = q.article_id "
                     "ORDER BY a.file, a.id, q.start LIMIT 1").fetchone()[0]
    db.execute("UPDATE quotes SET proposed_speaker_id = COALESCE(proposed_speaker_id, (SELECT MIN(id) FROM speakers)) "
               "WHERE id = ?", [qid])
    db.conn.commit()
    return qid


def quote(db, qid) -> dict:
    row = db.execute("SELECT status, speaker_id, proposed_speaker_id, reviewer, review_seconds FROM quotes WHERE id = ?",
                     [qid]).fetchone()
    return dict(zip(("status", "speaker_id", "proposed", "reviewer", "seconds"), row))


def actions(db) -> list[str]:
    return [r[0] for r in db.execute("SELECT action FROM decisions ORDER BY id")]


@pytest.mark.parametrize("key", ["a", "enter"])
def test_confirm_key_verifies_the_proposed_speaker_and_moves_to_the_next_undecided(seeded_db, path, key):
    propose_for_first(seeded_db)
    first, now = press(path, key)
    q = quote(seeded_db, first)
    assert q["status"] == "verified" and q["speaker_id"] == q["proposed"] and q["reviewer"] == "tester"
    assert q["seconds"] > 0
    assert now != first and quote(seeded_db, now)["status"] == "pending"
    assert actions(seeded_db) == ["confirm"]


def test_confirm_skips_over_already_decided_quotes_when_advancing(seeded_db, path):
    ids = [r[0] for r in seeded_db.execute(
        "SELECT q.id FROM quotes q JOIN articles a ON a.id = q.article_id ORDER BY a.file, a.id, q.start LIMIT 3")]
    seeded_db.execute("UPDATE quotes SET status = 'rejected' WHERE id = ?", [ids[1]])
    seeded_db.conn.commit()
    propose_for_first(seeded_db)
    first, now = press(path, "a")
    assert (first, now) == (ids[0], ids[2])


@pytest.mark.parametrize("rank", [1, 2])
def test_number_key_chooses_that_candidate(seeded_db, path, rank):
    async def script(pilot, screen):
        with_rank = {r[0] for r in seeded_db.execute(
            "SELECT quote_id FROM candidates WHERE rank = ? AND speaker_id IS NOT NULL", [rank])}
        target = next(i for i, qid in enumerate(screen.queue.ids) if qid in with_rank)
        screen.queue.move_to(target)
        await pilot.pause()
        await pilot.press(str(rank))
        return screen.queue.ids[target]

    qid = drive(path, script)
    expected = seeded_db.execute("SELECT speaker_id FROM candidates WHERE quote_id = ? AND rank = ?",
                                 [qid, rank]).fetchone()[0]
    assert quote(seeded_db, qid)["speaker_id"] == expected and quote(seeded_db, qid)["status"] == "verified"
    assert actions(seeded_db) == ["choose"]


def test_a_decided_quote_no_longer_shows_the_machines_confidence(seeded_db, path):
    async def script(pilot, screen):
        queue = screen.query_one(QueueView)
        before = queue.render_line(0).text
        await pilot.press("a")
        await ready(pilot)
        queue.refresh()
        await pilot.pause()
        return before, queue.render_line(0).text

    before, after = drive(path, script)
    assert "%" in before[:10]
    assert "✓" in after[:4] and "%" not in after[:10]


def test_number_key_without_that_candidate_changes_nothing(seeded_db, path):
    first, now = press(path, "9")
    assert first == now and actions(seeded_db) == [] and quote(seeded_db, first)["status"] == "pending"


def test_e_with_a_new_name_creates_the_speaker(seeded_db, path):
    first, _ = press(path, "e", *"Dana Example", "enter")
    sid = quote(seeded_db, first)["speaker_id"]
    assert seeded_db.execute("SELECT name FROM speakers WHERE id = ?", [sid]).fetchone()[0] == "Dana Example"
    assert actions(seeded_db) == ["speaker"]


def test_e_with_part_of_a_listed_name_asks_before_creating_a_speaker(seeded_db, path):
    sid, alias = seeded_db.execute(
        "SELECT speaker_id, alias FROM aliases WHERE length(alias) > 8 ORDER BY alias LIMIT 1").fetchone()
    part = alias[:5]
    speakers_before = seeded_db.execute("SELECT COUNT(*) FROM speakers").fetchone()[0]
    _, now = press(path, "e", *part, "enter")
    assert now is None and actions(seeded_db) == []  # a first enter only warns; the prompt stays open
    assert seeded_db.execute("SELECT COUNT(*) FROM speakers").fetchone()[0] == speakers_before
    first, _ = press(path, "e", *part, "enter", "enter")
    created = quote(seeded_db, first)["speaker_id"]
    assert seeded_db.execute("SELECT name FROM speakers WHERE id = ?", [created]).fetchone()[0] == part


def test_e_with_a_known_alias_typed_in_full_uses_that_speaker(seeded_db, path):
    sid, alias = seeded_db.execute(
        "SELECT speaker_id, alias FROM aliases WHERE length(alias) > 8 ORDER BY alias LIMIT 1").fetchone()
    first, _ = press(path, "e", *alias.lower(), "enter")
    assert quote(seeded_db, first)["speaker_id"] == sid


def test_e_with_an_alias_two_speakers_share_decides_nothing(seeded_db, path):
    a, b = [r[0] for r in seeded_db.execute("SELECT id FROM speakers ORDER BY id LIMIT 2")]
    seeded_db.execute("INSERT INTO aliases(speaker_id, alias) VALUES (?, 'Shared Name'), (?, 'Shared Name')", [a, b])
    first, _ = press(path, "e", *"Shared Name", "enter")
    assert actions(seeded_db) == [] and quote(seeded_db, first)["status"] == "pending"


def test_e_completes_over_known_aliases(seeded_db, path):
    sid, alias = seeded_db.execute(
        "SELECT speaker_id, alias FROM aliases WHERE length(alias) > 6 ORDER BY alias DESC LIMIT 1").fetchone()
    first, _ = press(path, "e", *alias[:5], "down", "enter")
    chosen = quote(seeded_db, first)["speaker_id"]
    names = {r[0] for r in seeded_db.execute("SELECT alias FROM aliases WHERE speaker_id = ?", [chosen])}
    assert any(n.casefold().find(alias[:5].casefold()) >= 0 for n in names)


def test_e_then_escape_decides_nothing(seeded_db, path):
    first, now = press(path, "e", "x", "escape")
    assert first == now and actions(seeded_db) == []


def test_n_marks_no_identifiable_speaker(seeded_db, path):
    first, _ = press(path, "n")
    assert quote(seeded_db, first)["status"] == "verified" and quote(seeded_db, first)["speaker_id"] is None


def test_x_rejects_the_quote(seeded_db, path):
    first, _ = press(path, "x")
    assert quote(seeded_db, first)["status"] == "rejected" and actions(seeded_db) == ["reject"]


@pytest.mark.parametrize("key", ["s", "space"])
def test_skip_key_records_a_skip_and_leaves_the_quote_pending(seeded_db, path, key):
    first, now = press(path, key)
    assert quote(seeded_db, first)["status"] == "pending" and now != first
    assert actions(seeded_db) == ["skip"]


@pytest.mark.parametrize("key", ["u", "backspace"])
def test_undo_key_takes_back_the_last_decision_and_returns_to_it(seeded_db, path, key):
    first, now = press(path, "x", key)
    assert quote(seeded_db, first)["status"] == "pending" and now == first
    assert actions(seeded_db) == ["reject", "undo"]


def test_undo_works_after_quitting_and_reopening(seeded_db, path):
    first, _ = press(path, "x", "q")
    assert quote(seeded_db, first)["status"] == "rejected"
    press(path, "u")
    assert quote(seeded_db, first)["status"] == "pending"


def test_q_quits_with_every_decision_already_stored(seeded_db, path):
    async def script(pilot, screen):
        first = screen.queue.current
        await pilot.press("n", "q")
        return first, pilot.app.is_running

    first, running = drive(path, script)
    assert not running and quote(seeded_db, first)["status"] == "verified"


def test_c_applies_the_decision_to_every_undecided_family_member(seeded_db, path):
    ids = [r[0] for r in seeded_db.execute(
        "SELECT q.id FROM quotes q JOIN articles a ON a.id = q.article_id ORDER BY a.file, a.id, q.start LIMIT 1")]
    others = [r[0] for r in seeded_db.execute(
        "SELECT MIN(q.id) FROM quotes q WHERE q.article_id != (SELECT article_id FROM quotes WHERE id = ?) "
        "GROUP BY q.article_id LIMIT 2", ids)]
    seeded_db.execute("UPDATE quotes SET cluster_id = NULL")
    seeded_db.execute("DELETE FROM clusters")
    cid = seeded_db.execute("INSERT INTO clusters(canonical, size, outlets) VALUES ('x', 3, 3)").lastrowid
    seeded_db.execute("UPDATE quotes SET cluster_id = ? WHERE id IN (?, ?, ?)", [cid, *ids, *others])
    seeded_db.conn.commit()
    first, _ = press(path, "n", "c")  # decide, advance, then c applies that decision
    assert first == ids[0]
    for other in others:
        assert quote(seeded_db, other)["status"] == "verified" and quote(seeded_db, other)["speaker_id"] is None
    assert actions(seeded_db) == ["no_speaker", "family", "family"]


def test_movement_keys_move_the_cursor_and_decide_nothing(seeded_db, path):
    async def script(pilot, screen):
        seen = []
        for key in ("j", "down", "k", "up", "pagedown", "pageup", "G", "g"):
            await pilot.press(key)
            seen.append(screen.queue.cursor)
        return seen, len(screen.queue.ids)

    seen, n = drive(path, script)
    assert seen == [1, 2, 1, 0, 20, 0, n - 1, 0] and actions(seeded_db) == []


def test_slash_searches_quotes_and_speakers(seeded_db, path):
    name = seeded_db.execute("SELECT s.name FROM quotes q JOIN speakers s ON s.id = q.speaker_id "
                             "WHERE s.name LIKE '% %' ORDER BY q.id").fetchone()[0]

    async def script(pilot, screen):
        await pilot.press("slash", *name, "enter")
        await ready(pilot)
        return list(screen.queue.ids)

    found = drive(path, script)
    total = seeded_db.execute("SELECT COUNT(*) FROM quotes").fetchone()[0]
    assert 0 < len(found) < total and actions(seeded_db) == []


def test_f_filters_by_confidence_below_a_threshold(seeded_db, path):
    async def script(pilot, screen):
        await pilot.press("f")
        await pilot.pause()
        pilot.app.screen.query_one("#filter-below").focus()
        await pilot.press(*"0.7", "enter")
        await ready(pilot)
        return list(screen.queue.ids)

    ids = drive(path, script)
    assert ids and all(seeded_db.execute("SELECT confidence FROM quotes WHERE id = ?", [q]).fetchone()[0] < 0.7
                       for q in ids)


def test_o_cycles_to_lowest_confidence_first(seeded_db, path):
    async def script(pilot, screen):
        await pilot.press("o")
        await ready(pilot)
        return list(screen.queue.ids), screen.order

    ids, order = drive(path, script)
    conf = [seeded_db.execute("SELECT confidence FROM quotes WHERE id = ?", [q]).fetchone()[0] for q in ids]
    assert order == "confidence" and conf == sorted(conf)


def test_shift_f_opens_the_family_view_with_every_member(seeded_db, path):
    first = seeded_db.execute("SELECT q.id FROM quotes q JOIN articles a ON a.id = q.article_id "
                              "ORDER BY a.file, a.id, q.start LIMIT 1").fetchone()[0]
    other = seeded_db.execute("SELECT id FROM quotes WHERE article_id != (SELECT article_id FROM quotes WHERE id = ?) "
                              "LIMIT 1", [first]).fetchone()[0]
    seeded_db.execute("UPDATE quotes SET cluster_id = NULL")
    cid = seeded_db.execute("INSERT INTO clusters(canonical, size, outlets) VALUES ('x', 2, 2)").lastrowid
    seeded_db.execute("UPDATE quotes SET cluster_id = ? WHERE id IN (?, ?)", [cid, first, other])
    seeded_db.conn.commit()

    async def script(pilot, screen):
        await pilot.press("F")
        await pilot.pause()
        return isinstance(pilot.app.screen, FamilyScreen), len(pilot.app.screen.query(".family-member"))

    assert drive(path, script) == (True, 2) and actions(seeded_db) == []


def test_question_mark_shows_help_with_remapped_keys(seeded_db, path):
    from rich.console import Console

    async def script(pilot, screen):
        await pilot.press("question_mark")
        await pilot.pause()
        console = Console(width=120, record=True, file=open("/dev/null", "w"))
        console.print(pilot.app.screen.query_one("#help-keys").content)
        return isinstance(pilot.app.screen, HelpScreen), console.export_text()

    is_help, text = drive(path, script, keymap={"confirm": "y"})
    lines = {line.split()[0]: line for line in text.splitlines() if line.strip()}
    assert is_help and "Confirm the proposed speaker" in lines["y"] and "a" not in lines
    assert "Undo" in lines["u"] and "backspace" in lines["u"] and actions(seeded_db) == []


def test_keymap_remaps_a_binding_by_id(seeded_db, path):
    propose_for_first(seeded_db)
    first, _ = press(path, "a", "y", keymap={"confirm": "y"})
    assert actions(seeded_db) == ["confirm"]  # only y confirmed; a is no longer bound
    assert quote(seeded_db, first)["status"] == "verified"


async def run_command(pilot, title):
    """Open the command palette, type a command's title and run it."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*title)
    await pilot.pause(0.3)
    await pilot.press("enter")


def test_ctrl_p_palette_exports_the_dataset(seeded_db, path, tmp_path):
    async def script(pilot, screen):
        await run_command(pilot, "Export")
        await ready(pilot)

    drive(path, script)
    out = tmp_path / "attributions.export.jsonl"
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == seeded_db.execute("SELECT COUNT(*) FROM quotes").fetchone()[0]
    assert set(json.loads(lines[0])) >= {"quote_id", "speaker", "status"}
    assert (tmp_path / "attributions.export.jsonl.card.md").exists()  # the same export as the command's


def test_speakers_screen_merges_two_entities_as_a_recorded_decision(seeded_db, path):
    async def script(pilot, screen):
        await pilot.press("S")
        await pilot.pause()
        assert isinstance(pilot.app.screen, SpeakersScreen)
        rows = pilot.app.screen.rows
        await pilot.press("m", "j", "j", "k", "m", "y")  # the desk's vi keys move here too; y confirms
        await pilot.pause()
        return rows[0].id, rows[1].id

    source, target = drive(path, script)
    assert seeded_db.execute("SELECT merged_into FROM speakers WHERE id = ?", [source]).fetchone()[0] == target
    assert actions(seeded_db) == ["merge"]


def test_speakers_screen_splits_an_alias_off(seeded_db, path):
    sid = seeded_db.execute("SELECT speaker_id FROM aliases GROUP BY speaker_id HAVING COUNT(*) > 1 "
                            "ORDER BY speaker_id LIMIT 1").fetchone()[0]

    async def script(pilot, screen):
        await pilot.press("S")
        await pilot.pause()
        sp = pilot.app.screen
        sp.query_one("DataTable").move_cursor(row=[r.id for r in sp.rows].index(sid))
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()

    drive(path, script)
    assert actions(seeded_db) == ["split"]
    new = seeded_db.execute("SELECT MAX(id) FROM speakers").fetchone()[0]
    moved = seeded_db.execute("SELECT alias FROM aliases WHERE speaker_id = ?", [new]).fetchone()[0]
    assert seeded_db.execute("SELECT COUNT(*) FROM aliases WHERE speaker_id = ? AND alias = ?", [sid, moved]).fetchone()[0] == 0


def test_each_decision_is_on_disk_before_the_next_key(seeded_db, path):
    import sqlite3

    async def script(pilot, screen):
        first = screen.queue.current
        await pilot.press("x")
        other = sqlite3.connect(path)  # another process's view, while the app still runs
        try:
            return other.execute("SELECT status FROM quotes WHERE id = ?", [first]).fetchone()[0]
        finally:
            other.close()

    assert drive(path, script) == "rejected"


def test_keymap_file_remaps_by_binding_id_and_rejects_unknown_ids(tmp_path, monkeypatch):
    from quotedesk.core.errors import QuotedeskError
    from quotedesk.tui.config import KEYMAP_ENV, load_keymap

    good = tmp_path / "keymap.toml"
    good.write_text('[keymap]\nconfirm = "y, enter"\n', encoding="utf-8")
    monkeypatch.setenv(KEYMAP_ENV, str(good))
    assert load_keymap() == {"confirm": "y,enter"}
    bad = tmp_path / "bad.toml"
    bad.write_text('confrim = "y"\n', encoding="utf-8")
    with pytest.raises(QuotedeskError, match="unknown binding id 'confrim'"):
        load_keymap(bad)
    # A file named on purpose must exist; the default one may be absent.
    monkeypatch.setenv(KEYMAP_ENV, str(tmp_path / "absent.toml"))
    with pytest.raises(QuotedeskError, match="absent.toml: no such keymap file"):
        load_keymap()
    monkeypatch.delenv(KEYMAP_ENV)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "empty-config"))
    assert load_keymap() == {}


def test_the_default_keymap_lives_in_the_systems_config_folder(tmp_path, monkeypatch):
    from quotedesk.tui.config import KEYMAP_ENV, keymap_path

    monkeypatch.delenv(KEYMAP_ENV, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    assert keymap_path() == tmp_path / "cfg" / "quotedesk" / "keymap.toml"
    (tmp_path / "cfg" / "quotedesk").mkdir(parents=True)
    keymap_path().write_text('confirm = "y"\n', encoding="utf-8")
    from quotedesk.tui.config import load_keymap
    assert load_keymap()["confirm"] == "y"


def test_a_keymap_that_binds_one_key_to_two_actions_is_refused(tmp_path):
    from quotedesk.core.errors import QuotedeskError
    from quotedesk.tui.config import load_keymap

    clash = tmp_path / "keymap.toml"
    clash.write_text('confirm = "y"\nquit = "y"\n', encoding="utf-8")
    with pytest.raises(QuotedeskError, match="key 'y' is bound to both 'confirm' and 'quit'"):
        load_keymap(clash)
    # Two spellings of one key clash too, and a default owner is named as such.
    for text, message in (
        ('search = "?"\n', r"'\?' for 'search' and 'question_mark' for 'help' \(by default; rebind it too\) are the same key"),
        ('quit = "ctrl+m"\n', r"'enter' for 'confirm' \(by default; rebind it too\) and 'ctrl\+m' for 'quit' are the same key"),
    ):
        clash.write_text(text, encoding="utf-8")
        with pytest.raises(QuotedeskError, match=message):
            load_keymap(clash)
    # Moving a default key elsewhere is fine once its old owner lets it go.
    swap = tmp_path / "swap.toml"
    swap.write_text('skip = "space"\nreject = "s,x"\n', encoding="utf-8")
    assert load_keymap(swap) == {"skip": "space", "reject": "s,x"}


def test_a_fresh_database_is_filled_from_the_sample_corpus_with_progress_then_reviewed(tmp_path, monkeypatch):
    from quotedesk.core.ingest import sample_corpus
    from quotedesk.tui.screens.ingest import IngestScreen

    path = tmp_path / "fresh.db"
    # The screens in the order they were mounted: with the pipeline already
    # loaded, five articles can be in before the first pause returns.
    mounted = []
    on_mount = IngestScreen.on_mount
    monkeypatch.setattr(IngestScreen, "on_mount", lambda self: (mounted.append(type(self)), on_mount(self))[1])

    async def go():
        app = make_app(path, "tester", keymap={}, ingest=[sample_corpus()])
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            first = mounted[0] if mounted else type(app.screen)
            for _ in range(600):
                screen = app.screen
                queue = screen.query(QueueView).first() if isinstance(screen, MainScreen) and screen.query(QueueView) else None
                if queue is not None and queue.loaded and not queue.partial:
                    break  # (the main screen may still be composing on a busy machine: look, don't query_one)
                await pilot.pause(0.1)
            await ready(pilot)
            return first, len(app.screen.queue.ids)

    first, shown = asyncio.run(go())
    from quotedesk.core.storage import open_db

    db = open_db(path)
    try:
        stored = db.execute("SELECT COUNT(*) FROM quotes").fetchone()[0]
    finally:
        db.close()
    assert first is IngestScreen and stored > 0 and shown == stored


def test_ctrl_p_palette_switches_the_reviewer_recorded_with_decisions(seeded_db, path):
    async def script(pilot, screen):
        first = screen.queue.current
        await run_command(pilot, "Switch reviewer")
        await pilot.pause()
        prompt = pilot.app.screen.query_one("#prompt-input")
        prompt.value = ""
        await pilot.press(*"carol", "enter")
        await pilot.pause()
        await pilot.press("x")
        return first

    first = drive(path, script)
    assert quote(seeded_db, first)["reviewer"] == "carol"
    assert seeded_db.execute("SELECT reviewer FROM decisions").fetchall() == [("carol",)]


def test_ctrl_p_palette_reruns_family_matching(seeded_db, path):
    seeded_db.execute("UPDATE quotes SET cluster_id = NULL")
    seeded_db.execute("DELETE FROM clusters")
    seeded_db.conn.commit()

    async def script(pilot, screen):
        await run_command(pilot, "Re-run matching")
        await ready(pilot)

    drive(path, script)
    assert seeded_db.execute("SELECT COUNT(*) FROM clusters").fetchone()[0] > 0


async def _while_locked(path, pilot, keys):
    """Run ``keys()`` while another connection holds the write lock, then let the desk retry."""
    import sqlite3

    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        out = await keys()
    finally:
        other.execute("ROLLBACK")
        other.close()
    await asyncio.sleep(1.2)
    await pilot.pause()
    return out


def test_a_decision_waits_while_another_process_writes_then_is_saved(seeded_db, path):
    async def script(pilot, screen):
        first = screen.queue.current

        async def keys():
            await pilot.press("x")
            await pilot.pause()
            during = (screen.queue.current, [n.message for n in pilot.app._notifications])
            await pilot.press("x")  # a second key while saving is refused, not queued twice
            await pilot.pause()
            return during

        during = await _while_locked(path, pilot, keys)
        return first, during, screen.queue.current

    first, (during, messages), after = drive(path, script)
    assert during == first, "the cursor moved before the decision was saved"
    assert any(m.startswith("saving…") for m in messages)
    assert not any("locked" in m for m in messages)
    assert actions(seeded_db) == ["reject"]
    assert after != first
    assert quote(seeded_db, first)["status"] == "rejected"


def test_undo_while_another_process_writes_waits_instead_of_failing(seeded_db, path):
    async def script(pilot, screen):
        first = screen.queue.current
        await pilot.press("x")
        await ready(pilot)

        async def keys():
            await pilot.press("u")
            await asyncio.sleep(0.8)  # longer than the desk's own busy wait
            await pilot.pause()

        await _while_locked(path, pilot, keys)
        return first, [n.message for n in pilot.app._notifications]

    first, messages = drive(path, script)
    assert actions(seeded_db) == ["reject", "undo"]
    assert quote(seeded_db, first)["status"] == "pending"
    assert not any("locked" in m for m in messages)


def test_a_quote_two_reviewers_answered_differently_shows_as_disputed_with_both_answers(seeded_db, path):
    from quotedesk.core import review
    from quotedesk.tui.widgets.context import ContextView

    qid = propose_for_first(seeded_db)
    review.confirm(seeded_db, qid, "alice")
    review.reject(seeded_db, qid, "bob")

    async def script(pilot, screen):
        screen.queue.move_to(screen.queue.ids.index(qid))
        screen.show_current()
        await pilot.pause()
        row = screen.queue.render_line(screen.queue.cursor - screen.queue.scroll_offset.y).text
        return row, pilot.app.screen.query_one(ContextView).text.plain

    row, context = drive(path, script, reviewer="carol")
    assert row.lstrip().startswith("!")
    assert "disputed" in context and "alice: " in context and "bob: rejected" in context


def test_a_blind_pass_offers_only_others_decisions_and_never_shows_their_answers(seeded_db, path):
    from quotedesk.core import review
    from quotedesk.tui.widgets.context import ContextView

    first = propose_for_first(seeded_db)
    second = seeded_db.execute("SELECT id FROM quotes WHERE id != ? ORDER BY id LIMIT 1", [first]).fetchone()[0]
    proposed = quote(seeded_db, first)["proposed"]
    review.set_speaker(seeded_db, first, "alice", name="Someone Else Entirely")
    review.reject(seeded_db, second, "alice")

    async def script(pilot, screen):
        offered = dict(screen.queue.statuses)
        screen.queue.move_to(screen.queue.ids.index(first))
        screen.show_current()
        await pilot.pause()
        row = screen.queue.render_line(screen.queue.cursor - screen.queue.scroll_offset.y).text
        shown = pilot.app.screen.query_one(ContextView).text.plain
        await pilot.press("a")
        await ready(pilot)
        return offered, row, shown, dict(screen.queue.statuses)

    offered, row, shown, after = drive(path, script, reviewer="bob", blind=True)
    assert offered == {first: "pending", second: "pending"}
    assert "Someone Else" not in row and "Someone Else" not in shown and "alice" not in shown
    assert after[first] == "verified"  # bob's own answer, not the dispute it makes
    bobs = seeded_db.execute("SELECT status, speaker_id FROM answers WHERE quote_id = ? AND reviewer = 'bob'",
                             [first]).fetchone()
    assert bobs == ("verified", proposed)
    assert quote(seeded_db, first)["status"] == "disputed"
