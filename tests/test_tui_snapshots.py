"""SVG snapshots of the review desk at a fixed size, and article text kept inert.

The snapshots use a small hand-made database (not the ingested corpus) so
that they change only when the review desk changes, not when detection or
attribution gets better. Regenerate with ``pytest --snapshot-update``.
"""

from __future__ import annotations

import asyncio

import pytest

from quotedesk.core.storage import open_db
from quotedesk.tui.app import make_app
from quotedesk.tui.config import KEYMAP_ENV
from quotedesk.tui.widgets.context import ContextView
from quotedesk.tui.widgets.queue import QueueView

SIZE = (140, 40)

ARTICLES = [
    ("a1", "BBC", "2023-03-01", "Belarus backs China's plan",
     "Alexander Lukashenko arrived in Beijing on Tuesday.\n\n"
     "The Belarusian leader said Minsk “fully supports” the Chinese peace plan, state media reported.\n\n"
     "“We are extremely interested in peace,” an aide told reporters."),
    ("a2", "CNN", "2023-03-01", None,
     "Belarus “fully and completely supports” the plan, Xi Jinping said after the talks.\n\n"
     "The meeting lasted two hours."),
    ("a3", "The Moscow Times", "2023-03-02", "Lukashenko in Beijing",
     "Lukashenko told Xi that Belarus “fully supports the initiative” on security.\n\n"
     "Analysts called it “a show of unity.”"),
]
SPEAKERS = [(1, "Alexander Lukashenko"), (2, "Xi Jinping"), (3, "state media")]
# id, article, quote text, proposed speaker, mention, cue, confidence, cluster
QUOTES = [
    ("q1", "a1", "fully supports", 1, "The Belarusian leader", "said", 0.62, 1),
    ("q2", "a1", "We are extremely interested in peace,", None, "an aide", "told", 0.41, None),
    ("q3", "a2", "fully and completely supports", 2, "Xi Jinping", "said", 0.88, 1),
    ("q4", "a3", "fully supports the initiative", 1, "Lukashenko", "told", 0.93, 1),
    ("q5", "a3", "a show of unity.", None, "Analysts", "called", 0.35, None),
]


def build_desk(path, articles=ARTICLES, quotes=QUOTES, speakers=SPEAKERS, canonical="fully supports") -> str:
    db = open_db(path)
    with db.atomic():
        for i, (aid, outlet, date, title, text) in enumerate(articles):
            db.execute("INSERT INTO articles(id, file, source, outlet, date, title, text, sha256, ingested_at) "
                       "VALUES (?,?,?,?,?,?,?,?, '2023-03-03')",
                       [aid, f"{i:03d}_{aid}.txt", aid, outlet, date, title, text, aid])
        for sid, name in speakers:
            db.execute("INSERT INTO speakers(id, name, kind) VALUES (?, ?, 'person')", [sid, name])
            db.execute("INSERT INTO aliases(speaker_id, alias) VALUES (?, ?)", [sid, name])
        db.execute("INSERT INTO aliases(speaker_id, alias) VALUES (1, 'Lukashenko')")
        db.execute("INSERT INTO clusters(id, canonical, size, outlets, conflict) VALUES (1, ?, 3, 3, 1)", [canonical])
        texts = {a[0]: a[4] for a in articles}
        for qid, aid, text, sid, mention, cue, conf, cluster in quotes:
            body = texts[aid]
            start = body.index(text)
            m_start = body.rfind(mention, 0, start) if mention in body[:start] else body.index(mention)
            c_start = body.index(cue, m_start)
            db.execute(
                "INSERT INTO quotes(id, article_id, start, \"end\", text, kind, speaker_id, proposed_speaker_id, "
                "speaker_mention, mention_start, mention_end, cue, cue_start, cue_end, confidence, cluster_id) "
                "VALUES (?,?,?,?,?, 'partial', ?,?,?,?,?,?,?,?,?,?)",
                [qid, aid, start, start + len(text), text, sid, sid, mention, m_start, m_start + len(mention),
                 cue, c_start, c_start + len(cue), conf, cluster])
            if sid:
                db.execute("INSERT INTO candidates(quote_id, rank, speaker_id, mention, mention_start, mention_end, "
                           "score, cue, pattern, evidence) VALUES (?, 1, ?, ?, ?, ?, ?, ?, 'speech-verb', ?)",
                           [qid, sid, mention, m_start, m_start + len(mention), conf, cue, body.split("\n\n")[0]])
            db.execute("INSERT INTO candidates(quote_id, rank, speaker_id, mention, score, pattern, evidence) "
                       "VALUES (?, ?, 3, 'state media', 0.3, 'speech-nearby', 'state media reported')",
                       [qid, 2 if sid else 1])
    db.close()
    return str(path)


@pytest.fixture
def desk(tmp_path):
    return build_desk(tmp_path / "desk.db")


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


#: Issue 16's sizes: the smallest terminal the desk supports, a laptop's, a big one.
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((100, 30), id="100x30"),
         pytest.param((160, 45), id="160x45")]


@pytest.mark.parametrize("size", SIZES)
def test_main_screen(snap_compare, desk, size):
    assert snap_compare(make_app(desk, "snap", keymap={}), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES)
def test_family_view(snap_compare, desk, size):
    async def open_family(pilot):
        await settle(pilot)
        await pilot.press("F")
        await pilot.pause()

    assert snap_compare(make_app(desk, "snap", keymap={}), terminal_size=size, run_before=open_family)


@pytest.mark.parametrize("size", SIZES)
def test_help_screen(snap_compare, desk, monkeypatch, size):
    monkeypatch.setenv(KEYMAP_ENV, "/etc/quotedesk/keymap.toml")  # the help names it: keep it machine-independent

    async def open_help(pilot):
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(desk, "snap", keymap={}), terminal_size=size, run_before=open_help)


HOSTILE = "[bold red]x[/] \x1b[31mred\x1b[0m"


def test_article_markup_and_escape_sequences_are_shown_literally(tmp_path):
    articles = [("h1", "[link=x]Outlet[/link]", "2023-03-01", "Title \x1b]0;pwned\x07",
                 f"Intro {HOSTILE} here.\n\nShe said “{HOSTILE} is fine” to [i]reporters[/i].")]
    quotes = [("qh", "h1", f"{HOSTILE} is fine", 1, "She", "said", 0.5, None)]
    path = build_desk(tmp_path / "hostile.db", articles, quotes)

    async def go():
        app = make_app(path, "snap", keymap={})
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            context = "\n".join(app.screen.query_one(ContextView).lines)
            queue_line = app.screen.query_one(QueueView).render_line(0).text
            svg = app.export_screenshot()
        return context, queue_line, svg

    context, queue_line, svg = asyncio.run(go())
    shown = "[bold red]x[/] ␛[31mred␛[0m"
    assert f"Intro {shown} here." in context
    assert f"“{shown} is fine”" in context and "[i]reporters[/i]" in context
    assert "[link=x]Outlet[/link]" in context and "Title ␛]0;pwned␇" in context
    assert "[bold red]x[/] ␛[31mred" in queue_line
    assert "\x1b" not in context + queue_line + svg and "\x07" not in svg
