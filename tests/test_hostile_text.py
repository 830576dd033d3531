"""Hostile text is data everywhere it is shown: never markup, never a terminal command.

A small hand-made database whose outlets, titles, article text, speakers,
aliases, family and reviewer hold Rich and Textual markup, ANSI and OSC
escapes, C1 controls, carriage returns, zero-width and bidi controls. The
real app is driven with Pilot into every place that shows them (queue,
passage, candidates, family panel and view, filter lists, the speaker
prompt, the palette, a prompt's input, a toast, help, the speakers screen);
the CLI prints them (stats, families, export). Each place must show the text
literally (control characters as visible symbols) and write nothing to the
terminal but Textual's own colours and cursor moves.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import re

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from textual.widgets import OptionList
from typer.testing import CliRunner

from quotedesk.cli import app as cli_app
from quotedesk.core.storage import open_db
from test_text_safety import hostile, looks_like, pattern, raw_controls
from test_tui_snapshots import ARTICLES as PLAIN_ARTICLES, QUOTES as PLAIN_QUOTES, SPEAKERS as PLAIN_SPEAKERS
from test_tui_snapshots import build_desk
from quotedesk.tui.app import make_app
from quotedesk.tui.config import KEYMAP_ENV

SIZE = (140, 40)

RED = "[bold red]Red Herald[/]"
QUIT = "[@click=app.quit]Quit Post[/]"
LINK = "[link=https://x.example]Link Times[/link]"
OSC_TITLE = "\x1b]0;pwned\x07"
RLO, PDF, ZWSP = "\u202e", "\u202c", "\u200b"

OUTLETS = {"h1": f"{RED} {OSC_TITLE}", "h2": "[/]", "h3": QUIT, "h4": LINK}
TITLE = f"Title \x1b[2J\x9b2J one\rtwo {RLO}end"
Q1 = f"fully [/] supports \x1b[2J{RLO}the"
Q2 = "We are [@click=app.quit]interested[/] in peace,"
Q3 = "fully and\r completely supports"
Q4 = f"fully supports the{ZWSP} initiative"
JANE = f"[/]Jane \x1b[31mDoe{ZWSP}"
XI = f"{RLO}Xi Jinping{PDF}"
MEDIA = "[link=x]media[/link]"
REVIEWER = f"[/]rev {OSC_TITLE}{RLO}"

ARTICLES = [
    ("h1", OUTLETS["h1"], "2023-03-01", TITLE,
     "Jane Doe arrived in Beijing on Tuesday.\n\n"
     f"The leader said Minsk “{Q1}” plan, state media reported.\n\n"
     f"“{Q2}” an aide told reporters."),
    ("h2", OUTLETS["h2"], "2023-03-01", None,
     f"Belarus “{Q3}” the plan, Xi Jinping said after the talks.\n\nThe meeting lasted two hours."),
    ("h3", OUTLETS["h3"], "2023-03-02", "[i]Lukashenko[/i] in Beijing",
     f"Lukashenko told Xi that Belarus “{Q4}” on security.\n\nAnalysts called it “a show of [b]unity[/b].”"),
    ("h4", OUTLETS["h4"], "2023-03-02", None, "Nothing is quoted here."),
]
QUOTES = [
    ("q1", "h1", Q1, 1, "The leader", "said", 0.62, 1),
    ("q2", "h1", Q2, None, "an aide", "told", 0.41, None),
    ("q3", "h2", Q3, 2, "Xi Jinping", "said", 0.88, 1),
    ("q4", "h3", Q4, 1, "Lukashenko", "told", 0.93, 1),
    ("q5", "h3", "a show of [b]unity[/b].", None, "Analysts", "called", 0.35, None),
]
SPEAKERS = [(1, JANE), (2, XI), (3, MEDIA)]

#: What the reviewer must see: the same characters, each control or format
#: character as one visible symbol (written out by hand, not computed).
SEEN = {
    "red": "[bold red]Red Herald[/] ␛]0;pwned␇",
    "title": "Title ␛[2J�2J one␍two �end",
    "q1": "fully [/] supports ␛[2J�the",
    "q3": "fully and␍ completely supports",
    "jane": "[/]Jane ␛[31mDoe�",
    "xi": "�Xi Jinping�",
    "reviewer": "[/]rev ␛]0;pwned␇�",
}


def hostile_desk(path) -> str:
    return build_desk(path, ARTICLES, QUOTES, SPEAKERS, canonical=Q1)


@pytest.fixture
def desk(tmp_path):
    return hostile_desk(tmp_path / "hostile.db")


# --------------------------------------------------------------------------
# What reaches the terminal

#: The only escape sequences Textual itself writes for a frame: colours (SGR) and cursor moves (CUP).
TEXTUAL_OWN = re.compile(r"\x1b\[[0-9;:]*[mH]")


def terminal(app) -> tuple[str, str]:
    """(the screen's text, line by line; what the app would write to the terminal for it)."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    lines = "\n".join("".join(strip.text for strip in row) for row in update.strips)
    return lines, update.render_segments(app.console)


def assert_literal(app, *expected: str) -> str:
    """Every ``expected`` string is on screen, and nothing but Textual's own sequences goes to the terminal."""
    assert app.is_running, "the app quit"
    lines, raw = terminal(app)
    assert raw_controls(TEXTUAL_OWN.sub("", raw)) == [], "raw control characters reach the terminal"
    assert raw_controls(lines) == []
    missing = [e for e in expected if e not in lines]
    assert not missing, f"not shown literally: {missing!r}\n--- screen ---\n{lines}"
    return lines


async def ready(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def until(pilot, condition, what: str) -> None:
    """Wait for what a worker or a batch will show (the palette's hits, a toast, the speakers' rows)."""
    for _ in range(200):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"never shown: {what}")


def drive(path, script, reviewer=REVIEWER):
    async def go():
        app = make_app(path, reviewer, keymap={})
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await ready(pilot)
            out = await script(pilot, app)
            await ready(pilot)
        return out

    return asyncio.run(go())


# --------------------------------------------------------------------------
# The desk, place by place


def prompts(widget) -> list[str]:
    """The plain text of every option an option list (or a Select's overlay) holds."""
    options = widget if isinstance(widget, OptionList) else widget.query_one(OptionList)
    return [getattr(p, "plain", str(p)) for p in (options.get_option_at_index(i).prompt
                                                for i in range(options.option_count))]


async def tour(pilot, app, check, click: str) -> None:
    """Open every place of the desk that shows data; ``check(place)`` looks at each while it is open.

    In the filter's outlet list, ``click`` (an outlet with quotes) is clicked:
    whatever markup it holds, that only chooses it; the filter is applied.
    """
    from textual.widgets import Select

    from quotedesk.tui.commands import switch_reviewer

    async def press(*keys):
        await pilot.press(*keys)
        await ready(pilot)

    check("main")                                   # queue, passage, candidates, family panel, progress
    await press("F")
    check("family view")
    await press("escape", "f")
    select = app.screen.query_one("#filter-outlet", Select)
    select.focus()
    await press("enter")
    check("filter outlets")
    overlay = select.query_one(OptionList)
    row = next(i for i, p in enumerate(prompts(overlay)) if looks_like(p, click))
    await pilot.click(overlay, offset=(4, row))
    await ready(pilot)
    assert app.is_running, "a click on an outlet in the list quit the app"
    assert select.value == click
    await press("ctrl+s")
    assert app.screen.filter.outlet == click and app.screen.queue.ids
    check("filtered")
    await press("ctrl+p")
    await until(pilot, lambda: any(p.startswith("Switch reviewer") for p in prompts(app.screen)), "the palette's hits")
    check("palette")
    await press("escape")
    switch_reviewer(app)                            # the palette's "Switch reviewer": a prompt holding the name
    await ready(pilot)
    check("reviewer prompt")
    await press("enter")
    await until(pilot, lambda: app.screen.query("Toast"), "a toast")
    check("toast")
    await press("e")
    check("speaker prompt")
    await press("escape", "S")
    await until(pilot, lambda: app.screen.query_one("#speakers-table").row_count, "the speakers' rows")
    check("speakers")
    table = app.screen.query_one("#speakers-table")
    table.move_cursor(row=next(i for i, r in enumerate(app.screen.rows) if r.id == 1))
    await press("s")
    check("alias list")
    await press("escape", "escape", "question_mark")
    check("help")
    await press("escape", "ctrl+c")  # Textual's own hint, which it writes in markup
    await until(pilot, lambda: "quit the app" in list(app._notifications)[-1].message, "the quit hint")
    check("quit hint")


#: What each place must show of the hostile desk, written out by hand.
EXPECTED = {
    "main": [Q2,                                        # the queue's text column
             SEEN["red"], SEEN["title"], SEEN["q1"],    # the passage and its header
             SEEN["jane"], MEDIA,                       # the candidates
             "[/]", SEEN["xi"], SEEN["q3"][:21],        # the family panel: outlet, speaker, wording (cut)
             f"reviewer {SEEN['reviewer']}"],           # the progress line
    "family view": [SEEN["red"], "[/]", QUIT, SEEN["xi"], SEEN["jane"], SEEN["q3"]],
    "filter outlets": [SEEN["red"], "[/]", QUIT, LINK],
    "filtered": [f"{QUIT} · article order", "fully supports the�"],
    "palette": [f"Decide as someone other than {SEEN['reviewer']}"],
    "reviewer prompt": [SEEN["reviewer"]],
    "toast": [f"reviewing as {SEEN['reviewer']}"],
    "speaker prompt": [SEEN["jane"], SEEN["xi"], MEDIA],
    "speakers": [SEEN["jane"], SEEN["xi"], MEDIA],
    "alias list": [f"Split which alias off {SEEN['jane']}?", "Lukashenko"],
    "help": ["/k/[/]␛[2J�.toml"],
    "quit hint": ["Press q to quit the app"],
}


def test_every_place_on_the_desk_shows_hostile_text_literally(desk, monkeypatch):
    monkeypatch.setenv(KEYMAP_ENV, f"/k/[/]\x1b[2J{RLO}.toml")  # help names the keymap file
    visited = []

    async def script(pilot, app):
        def check(place):
            visited.append(place)
            assert_literal(app, *EXPECTED[place])

        await tour(pilot, app, check, click=QUIT)

    drive(desk, script)
    assert visited == list(EXPECTED)


def test_issue_16_places_show_hostile_text_literally(desk):
    """Joint speakers and a flag's note in the passage header, the family view's cards
    (each member's passage and candidates) and the merge question."""
    from quotedesk.core import annotate

    db = open_db(desk)
    annotate.add_speaker(db, "q1", REVIEWER, speaker_id=2)  # Jane and Xi, jointly
    annotate.flag(db, "q1", REVIEWER, note=f"is it {JANE}? {OSC_TITLE}")
    db.close()

    async def script(pilot, app):
        await pilot.press("g")  # the desk resumes after q1, the reviewer's last decision: back to it
        await ready(pilot)
        assert_literal(app, f"{SEEN['jane']} + {SEEN['xi']}", f"⚑ unsure: is it {SEEN['jane']}? ␛]0;pwned␇")
        await pilot.press("F")
        await ready(pilot)
        assert_literal(app, SEEN["red"], SEEN["q1"], SEEN["jane"], QUIT)  # cards: outlets, passages, candidates
        await pilot.press("escape", "S")
        await ready(pilot)
        rows = app.screen.rows
        table = app.screen.query_one("#speakers-table")
        table.move_cursor(row=next(i for i, r in enumerate(rows) if r.id == 1))
        await pilot.press("m")
        await ready(pilot)
        table.move_cursor(row=next(i for i, r in enumerate(rows) if r.id == 2))
        await pilot.press("m")
        await ready(pilot)
        assert_literal(app, f"Merge {SEEN['jane']} (", f"into {SEEN['xi']} (")
        await pilot.press("n")
        await ready(pilot)

    drive(desk, script)


def test_the_speaker_prompt_completes_a_hostile_alias_and_uses_it_exactly(desk):
    async def script(pilot, app):
        await pilot.press("e", *"Jane", "tab")  # complete into the input
        await ready(pilot)
        assert app.screen.query_one("#speaker-input").value == JANE
        assert_literal(app, SEEN["jane"])
        await pilot.press("enter")
        await ready(pilot)

    drive(desk, script)
    db = open_db(desk)
    assert db.execute("SELECT speaker_id, status FROM quotes WHERE id = 'q1'").fetchone() == (1, "verified")
    db.close()


@settings(max_examples=2, deadline=None, database=None, suppress_health_check=list(HealthCheck),
          phases=[Phase.explicit, Phase.generate])  # shrinking a whole desk tour would take many minutes
@given(st.lists(hostile, min_size=12, max_size=12))
def test_generated_hostile_text_is_inert_and_literal_in_every_place(tmp_path_factory, names):
    """Generated strings as outlets, title, speakers, reviewer, family wording and keymap path, on the tour.

    Each example is one run of the real app (about as slow as the tour), so
    an example carries twelve generated strings at once and there are two.
    """
    from textual.widgets import DataTable

    from quotedesk.tui.widgets.candidates import CandidatesView
    from quotedesk.tui.widgets.context import ContextView
    from quotedesk.tui.widgets.progress import ProgressLine

    # Each string gets a word of its own after it: two strings of nothing but
    # invisible characters would look alike in a list, and a click could not
    # tell them apart. NUL cannot stand in the keymap path's environment.
    names = [n.replace("\x00", "") + f" w{i}" for i, n in enumerate(names)]
    outlet, title, speaker, reviewer, canonical, keymap, *more = names
    outlet, speaker, reviewer = outlet or "o", speaker or "s", reviewer or "r"
    # More outlets (articles with no quotes, named so none can look like the one clicked) and speakers.
    outlets, speakers = [f"x{i} {o}" for i, o in enumerate(more[:3])], more[3:]
    first = PLAIN_ARTICLES[0]
    articles = [(first[0], outlet, first[2], title or None, first[4]), *PLAIN_ARTICLES[1:],
                *[(f"x{i}", o, "2023-03-09", None, f"Nothing quoted {i}.") for i, o in enumerate(outlets)]]
    path = build_desk(tmp_path_factory.mktemp("gen") / "d.db", articles, PLAIN_QUOTES,
                      [(1, speaker), *PLAIN_SPEAKERS[1:], *[(10 + i, n) for i, n in enumerate(speakers)]],
                      canonical=canonical)

    def contents(place, app):
        screen = app.screen
        if place == "main":
            context = screen.query_one(ContextView).text.plain
            assert re.search(pattern(outlet), context) and re.search(pattern(title), context)
            assert re.search(pattern(speaker, limit=26), screen.query_one(CandidatesView).text.plain)
            assert re.search(pattern(reviewer), screen.query_one(ProgressLine).text.plain)
        elif place == "filter outlets":
            listed = prompts(screen.query_one("#filter-outlet"))
            assert all(any(looks_like(p, o) for p in listed) for o in [outlet, *outlets])
        elif place == "filtered":
            assert re.search(pattern(outlet), screen.query_one(ProgressLine).text.plain)
        elif place == "palette":
            assert any(re.search(pattern(f"Decide as someone other than {reviewer}"), p) for p in prompts(screen))
        elif place == "reviewer prompt":
            assert screen.query_one("#prompt-input").value == reviewer  # the value itself is untouched
        elif place == "toast" and reviewer.strip():  # a blank name is not taken
            message = list(app._notifications)[-1].message
            assert looks_like(message, f"reviewing as {reviewer.strip()}", collapse=False)
        elif place == "speaker prompt":
            listed = prompts(screen.query_one("#speaker-options"))
            assert all(any(re.search(pattern(n), p) for p in listed) for n in [speaker, *speakers])
        elif place == "speakers":
            table = screen.query_one(DataTable)
            for sid, name in [(1, speaker), *[(10 + i, n) for i, n in enumerate(speakers)]]:
                assert looks_like(table.get_row(str(sid))[1].plain, name)
        elif place == "alias list":
            assert any(looks_like(p, speaker) for p in prompts(screen.query_one(OptionList)))

    async def script(pilot, app):
        def check(place):
            assert_literal(app)  # running, and nothing raw reaches the terminal
            contents(place, app)

        await tour(pilot, app, check, click=outlet)

    old = os.environ.get(KEYMAP_ENV)
    os.environ[KEYMAP_ENV] = f"/k/{keymap}.toml"  # help names it
    try:
        drive(path, script, reviewer=reviewer)
    finally:
        os.environ.pop(KEYMAP_ENV) if old is None else os.environ.__setitem__(KEYMAP_ENV, old)


def test_main_screen_with_hostile_text(snap_compare, desk):
    async def settle(pilot):
        await ready(pilot)

    assert snap_compare(make_app(desk, REVIEWER, keymap={}), terminal_size=SIZE, run_before=settle)


# --------------------------------------------------------------------------
# Search and filter take the reviewer's input literally


def test_a_search_with_no_word_in_it_says_so_instead_of_pretending_to_filter(desk):
    async def script(pilot, app):
        for typed in ("*", "_"):  # each kind of input is tried in core (tests/test_review_core.py)
            await pilot.press("slash", typed, "enter")
            await ready(pilot)
            await pilot.pause(0.1)
            screen = app.screen
            assert screen.filter.search is None and len(screen.queue.ids) == len(QUOTES), typed
            lines = assert_literal(app, f"nothing to search for in {typed!r}")
            assert "search '" not in lines  # the status line does not claim a search
            app.clear_notifications()

    drive(desk, script)


def test_a_confidence_threshold_outside_0_to_1_is_refused_with_a_message(desk):
    async def script(pilot, app):
        await pilot.press("f")
        await ready(pilot)
        field = app.screen.query_one("#filter-below")
        for typed in ("nan", "1.5"):  # and the rest in core (tests/test_review_core.py)
            field.value = ""
            field.focus()
            await pilot.press(*typed, "enter")
            await ready(pilot)
            await pilot.pause(0.1)
            assert type(app.screen).__name__ == "FilterScreen", f"{typed!r} was applied"
            assert_literal(app, "confidence must be a number from 0 to 1")
            assert any(repr(typed) in n.message for n in app._notifications)
            app.clear_notifications()
        field.value = "0.5"
        await pilot.press("enter")  # a good one still applies
        await ready(pilot)
        assert app.screen.filter.below == 0.5 and set(app.screen.queue.ids) == {"q2", "q5"}

    drive(desk, script)


# --------------------------------------------------------------------------
# The command line


def cli(*args) -> str:
    result = CliRunner().invoke(cli_app, [str(a) for a in args])
    assert result.exit_code == 0 and result.exception is None, result.output
    return result.stdout


def test_stats_and_families_print_hostile_text_with_visible_escapes(desk):
    for args in (["stats"], ["families"]):
        out = cli(*args, "--db", desk)
        assert raw_controls(out) == [], args
    families = cli("families", "--db", desk)
    assert "fully [/] supports \\x1b[2J\\u202ethe" in families
    assert "\\u202eXi Jinping\\u202c (1)" in families


def test_families_json_escapes_controls_and_keeps_the_text_exact(desk):
    out = cli("families", "--json", "--db", desk)
    assert raw_controls(out) == []
    family = json.loads(out.splitlines()[0])
    assert family["canonical"] == Q1 and dict(family["speakers"])[XI] == 1
    assert sorted(family["outlet_names"]) == sorted([OUTLETS["h1"], OUTLETS["h2"], OUTLETS["h3"]])


def test_csv_export_writes_controls_as_visible_escapes(desk):
    out = cli("export", "--format", "csv", "--db", desk)
    assert raw_controls(out, allowed="\n\t") == []
    rows = {r["quote_id"]: r for r in csv.DictReader(io.StringIO(out))}
    assert rows["q1"]["quote"] == "fully [/] supports \\x1b[2J\\u202ethe"
    assert rows["q1"]["outlet"] == "[bold red]Red Herald[/] \\x1b]0;pwned\\x07"
    assert rows["q3"]["quote"] == "fully and\\r completely supports"
    assert rows["q4"]["quote"] == "fully supports the\\u200b initiative"


def test_jsonl_export_escapes_controls_and_keeps_the_text_exact(desk):
    out = cli("export", "--db", desk)
    assert raw_controls(out) == []
    rows = {r["quote_id"]: r for r in map(json.loads, out.splitlines())}
    assert rows["q1"]["quote"] == Q1 and rows["q1"]["outlet"] == OUTLETS["h1"]
    assert rows["q4"]["quote"] == Q4 and rows["q3"]["quote"] == Q3
