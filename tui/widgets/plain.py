"""Untrusted text as plain, inert text on the review desk.

Article text, titles, outlets, speaker names, aliases, reviewer names, file
names and search queries are data. They are never parsed as markup: every
widget gets a ``rich.text.Text`` or a ``textual.content.Content`` built from
plain strings, never a markup string (Textual parses a plain ``str`` prompt,
label, cell or palette help as markup, where ``[/]`` crashes and
``[@click=app.quit]`` quits). And they never reach the terminal as escape
sequences: each control, format (zero-width, bidi) or separator character is
swapped for a visible stand-in of the same length (``core.text_safety``), so
offsets into the text still hold.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content
from textual.widgets import Input

from quotedesk.core.text_safety import pictured


def safe(text: str | None) -> str:
    """``text`` with control characters (ESC included) made visible; newlines kept, tabs as spaces."""
    return pictured((text or "").replace("\t", " "))


def plain(text: str | None, style: str = "") -> Text:
    return Text(safe(text), style=style)


def one_line(text: str | None) -> str:
    return " ".join(safe(text).split())


def literal(text: str | None) -> Content:
    """One line of data for the Textual APIs that parse any ``str`` as markup (the palette's help)."""
    return Content(one_line(text))


class LiteralInput(Input):
    """An ``Input`` that shows control characters in its value as visible symbols.

    The value itself is left exactly as typed or given (a speaker's alias must
    still match); only what is drawn changes, one symbol per character, so the
    cursor stays where Textual puts it.
    """

    @property
    def _value(self) -> Text:
        if self.password:
            return super()._value
        return Text(safe(self.value), no_wrap=True, overflow="ignore", end="")
