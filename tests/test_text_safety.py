"""The one escaper (core/text_safety.py), and what the desk and the CLI make of
generated hostile strings: markup, ANSI/OSC/CSI escapes, carriage returns,
zero-width and bidi controls, in any mix.

The oracle is written from the contract, not from the code: shown text holds
no control, format or separator character raw, and every other character
appears as itself, in order, with each unsafe one replaced by exactly one
visible symbol (the desk) or by its escape (the CLI and CSV), or decodes back
to the exact text (JSON).
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from types import SimpleNamespace

from hypothesis import HealthCheck, given, settings, example
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text
from textual.content import Content
from typer.testing import CliRunner

from quotedesk.core.detail import Candidate, Context, Family, Member
from quotedesk.core.export import safe_cell
from quotedesk.core.text_safety import UNSAFE, escaped, json_text, pictured
from test_tui_snapshots import ARTICLES, QUOTES, SPEAKERS, build_desk
from quotedesk.tui.commands import system_commands
from quotedesk.tui.widgets.candidates import render_candidates
from quotedesk.tui.widgets.context import render_context
from quotedesk.tui.widgets.family import render_family
from quotedesk.tui.widgets.plain import one_line, safe

#: Characters a terminal acts on, or that hide or reorder what is shown:
#: controls, format characters (zero-width, bidi), line and paragraph
#: separators, lone surrogates. Defined from the Unicode categories,
#: independently of the code under test.
UNSAFE_CATEGORIES = {"Cc", "Cf", "Cs", "Zl", "Zp"}


def unsafe(c: str) -> bool:
    return unicodedata.category(c) in UNSAFE_CATEGORIES


def raw_controls(text: str, allowed: str = "\n") -> list[str]:
    return [c for c in text if c not in allowed and unsafe(c)]


#: Pieces of hostile text: markup, escape sequences (7-bit and C1), lone
#: controls, zero-width and bidi characters, separators, and ordinary text.
PIECES = [
    "[", "]", "[/]", "[b]", "[bold red]", "[@click=app.quit]", "[link=https://x.example]", "[/link]",
    "[$accent]", "\\[b]", "\x1b", "\x1b[31m", "\x1b[2J", "\x1b]0;title\x07", "\x1b]8;;http://x\x1b\\",
    "\x9b", "\x9b2J", "\x9d0;t\x9c", "\x07", "\x08", "\r", "\n", "\t", "\x00", "\x7f", "\x85",
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
    "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c", "\u2028", "\u2029", "\xad",
    "\U000e0041", "\xa0", " ", "  ", "a", "Jane", "Ωμέγα", "é", "’", "“", '"', "'", "%", "_", "*", "😀",
]
hostile = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)
no_backslash = st.lists(st.sampled_from([p for p in PIECES if "\\" not in p]), max_size=12).map("".join)
#: Lone surrogates cannot be stored or encoded, but the escaper must still handle them.
with_surrogates = st.lists(st.sampled_from(PIECES + ["\ud800", "\udfff"]), max_size=12).map("".join)

FAST = settings(max_examples=100, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


def template(s: str, collapse: bool = True) -> str:
    """How the desk must show ``s``: ``\\x00`` where an unsafe character must be one visible symbol.

    Tabs are spaces and newlines stay; on one line (``collapse``) whitespace
    runs are one space and the ends are trimmed.
    """
    t = "".join(" " if c == "\t" else c if c == "\n" else "\x00" if unsafe(c) else c for c in s)
    return " ".join(t.split()) if collapse else t


def pattern(s: str, collapse: bool = True, limit: int | None = None) -> str:
    t = template(s, collapse)[:limit]
    return "".join(r"[^\s\x00-\x1f\x7f-\x9f]" if c == "\x00" else re.escape(c) for c in t)


def looks_like(seen: str, s: str, collapse: bool = True) -> bool:
    return re.fullmatch(pattern(s, collapse), seen) is not None and raw_controls(seen) == []


def ansi(text: Text) -> str:
    """``text`` as a terminal would receive it."""
    console = Console(file=io.StringIO(), force_terminal=True, color_system="truecolor", width=10_000)
    console.print(text, end="", soft_wrap=True)
    return console.file.getvalue()


SGR = re.compile(r"\x1b\[[0-9;]*m")


def assert_inert(text: Text, *fields: tuple[str, bool, int | None]) -> None:
    """``text`` sends only colours to a terminal and shows each ``(s, collapse, limit)`` literally."""
    assert raw_controls(SGR.sub("", ansi(text))) == []
    for s, collapse, limit in fields:
        assert re.search(pattern(s, collapse, limit), text.plain), (s, text.plain)


# --------------------------------------------------------------------------
# The escaper


def test_the_unsafe_class_is_every_control_format_and_separator_character():
    every = "".join(map(chr, range(0x110000)))
    matched = set(UNSAFE.findall(every))
    expected = {c for c in every if unsafe(c)}
    assert expected <= matched, sorted(hex(ord(c)) for c in expected - matched)[:20]
    # The class is the union over several Unicode versions: anything else it
    # holds is unassigned in this Python's Unicode database.
    assert {unicodedata.category(c) for c in matched - expected} <= {"Cn"}


def test_every_unsafe_character_is_caught_in_text_with_and_without_characters_beyond_the_bmp():
    """The escapers search most text with a quicker pattern; none slips through either way."""
    every = [chr(c) for c in range(0x110000) if unsafe(chr(c)) and not 0xD800 <= c < 0xE000]
    for extra in ("", "\U0001f600"):  # an emoji puts the text beyond the BMP
        for c in every:
            text = f"\u201cok{c}\u201d{extra}"
            assert c not in escaped(text) and c not in pictured(text, keep="") and c not in json_text(text).replace("\n", ""), hex(ord(c))


@FAST
@given(with_surrogates)
def test_pictured_keeps_every_offset_and_shows_each_unsafe_character_as_one_symbol(s):
    out = pictured(s)
    assert len(out) == len(s) and raw_controls(out) == []
    for a, b in zip(out, s):
        assert a == b if b == "\n" or not unsafe(b) else (a.isprintable() and not a.isspace())


@FAST
@given(no_backslash)
def test_escaped_text_holds_nothing_raw_and_decodes_back(s):
    out = escaped(s)
    assert raw_controls(out, allowed="") == []
    assert out.encode("raw_unicode_escape").decode("unicode_escape") == s


@FAST
@given(with_surrogates)
@example("\ud800\udfff")
def test_json_text_holds_nothing_raw_and_decodes_to_the_exact_text(s):
    out = json_text({"outlet": s, "speakers": {s: 1}, "names": [s, "plain"]}, indent=2)
    assert raw_controls(out) == []
    # In JSON a high and a low surrogate escaped side by side *are* the
    # character they encode, so such a pair decodes joined (text read as UTF-8
    # never holds one); every other string comes back exactly.
    s = s.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
    assert json.loads(out) == {"outlet": s, "speakers": {s: 1}, "names": [s, "plain"]}


@FAST
@given(hostile)
def test_csv_cells_hold_only_tabs_and_newlines_raw_and_are_never_formulas(s):
    cell = safe_cell(s)
    assert raw_controls(cell, allowed="\t\n") == []
    assert cell.lstrip(" ")[:1] not in ("=", "+", "-", "@", "\t", "\r", "\n", "|")
    body = cell[1:] if cell != escaped(s, keep="\t\n") else cell  # a defused cell has one apostrophe more
    assert body == escaped(s, keep="\t\n")


# --------------------------------------------------------------------------
# What the desk hands to Textual


@FAST
@given(hostile)
def test_the_desks_one_line_and_passage_forms_show_text_literally(s):
    # one_line: queue rows, filter lists, speakers table, alias list, speaker
    # prompt, family view, progress line, help; safe: the passage, toasts.
    assert looks_like(one_line(s), s)
    assert looks_like(safe(s), s, collapse=False)
    # As Textual gets them: a Text (Select prompts, table cells, labels) and,
    # for the palette, which parses any str as markup, a Content.
    assert Content.from_rich_text(Text(one_line(s))).plain == one_line(s)
    from quotedesk.tui.widgets.plain import literal

    assert Content.from_markup(literal(s)).plain == one_line(s)


@FAST
@given(hostile, hostile, hostile, hostile, hostile)
def test_the_passage_and_its_header_show_every_field_literally(outlet, title, speaker, file, passage):
    ctx = Context("q", "pending", speaker or None, outlet or None, "2023-03-01", title or None, file,
                  f"Intro {passage} end.\n\nShe said “hello” there.")
    text, _, _ = render_context(ctx)
    assert_inert(text, (outlet, True, None), (title, True, None), (speaker, True, None), (file, True, None),
                 (f"Intro {passage} end.", False, None))


@FAST
@given(hostile, hostile, hostile, hostile, hostile)
def test_the_candidates_show_every_field_literally(name, mention, cue, pattern_, evidence):
    cand = Candidate(1, 7, name or None, mention, 0.5, cue, pattern_, evidence, "article")
    assert_inert(render_candidates([cand]), (name, True, 26), (mention, True, None), (cue, True, None),
                 (pattern_, True, None))


@FAST
@given(hostile, hostile, hostile, hostile)
def test_the_family_panel_shows_every_field_literally(outlet, speaker, mine, theirs):
    fam = Family(1, [Member("a", "Here", None, f"{mine} words", "Jane", "pending", True),
                     Member("b", outlet or None, None, f"{theirs} words", speaker or None, "verified", False)], True)
    assert_inert(render_family(fam), (outlet, True, 18), (speaker, True, 22), (f"{theirs} words", True, None))


@FAST
@given(hostile)
def test_the_palette_help_names_any_reviewer_literally(reviewer):
    app = SimpleNamespace(reviewer=reviewer, action_speakers=lambda: None)
    help_ = next(c.help for c in system_commands(app) if c.title == "Switch reviewer")
    shown = Content.from_markup(help_)  # what the palette does with every help text
    assert looks_like(shown.plain, f"Decide as someone other than {reviewer}")


# --------------------------------------------------------------------------
# What the command line prints


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(outlet=hostile, speaker=hostile, canonical=hostile)
def test_cli_output_and_exports_hold_nothing_raw(tmp_path_factory, outlet, speaker, canonical):
    from quotedesk.cli import app

    articles = [(ARTICLES[0][0], outlet or None, *ARTICLES[0][2:]), *ARTICLES[1:]]
    speakers = [(1, speaker or "x"), *SPEAKERS[1:]]
    path = build_desk(tmp_path_factory.mktemp("cli") / "d.db", articles, QUOTES, speakers, canonical=canonical)
    runner = CliRunner()

    def run(*args):
        result = runner.invoke(app, [*args, "--db", path])
        assert result.exit_code == 0 and result.exception is None, result.output
        return result.stdout

    for args in (["stats"], ["families"]):
        assert raw_controls(run(*args)) == [], args
    out = run("families", "--json")
    assert raw_controls(out) == [] and json.loads(out.splitlines()[0])["canonical"] == canonical
    out = run("export")
    assert raw_controls(out) == []
    assert {r["outlet"] for r in map(json.loads, out.splitlines())} >= {outlet or None}
    out = run("export", "--format", "csv").replace("\r\n", "\n")  # the csv module ends rows with \r\n
    assert raw_controls(out, allowed="\n\t") == []
    assert {r["outlet"] for r in csv.DictReader(io.StringIO(out))} >= {safe_cell(outlet or "")}
