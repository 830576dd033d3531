"""Every key on the review desk, as remapped by the keymap file."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..config import HELP, MAIN_KEYS, keymap_path, shown_key
from ..widgets.plain import safe


def help_table(keymap: dict[str, str], ids: bool = True) -> Table:
    """Every key; ``ids``: with the binding ids the keymap file uses (room permitting)."""
    table = Table(box=None, show_header=True, header_style="bold", padding=(0, 2))
    table.add_column("keys", no_wrap=True)
    table.add_column("does", ratio=1)
    if ids:
        table.add_column("binding id", style="dim", no_wrap=True)
    choose = []
    for keys, _, text, bid, _ in MAIN_KEYS:
        shown = " ".join(shown_key(k) for k in keymap.get(bid, keys).split(","))
        if bid.startswith("choose-"):
            choose.append(shown)
            if bid != "choose-9":
                continue
            shown, text, bid = " ".join(choose), "Choose that candidate and confirm", "choose-1 … choose-9"
        table.add_row(Text(safe(shown), "bold"), Text(HELP.get(bid, text)), *([Text(bid)] if ids else []))
    table.add_row(Text("ctrl+p", "bold"), Text("Command palette: export, re-run matching, switch reviewer"),
                  *([Text("")] if ids else []))
    return table


class HelpScreen(ModalScreen):
    """The keys, in a panel that scrolls when the terminal is shorter than the list."""

    BINDINGS = [
        Binding("escape,question_mark,q", "app.pop_screen", "Close"),
        Binding("j,down", "scroll(1)", "Down", show=False),
        Binding("k,up", "scroll(-1)", "Up", show=False),
        Binding("pagedown,space", "scroll(10)", "Page down", show=False),
        Binding("pageup", "scroll(-10)", "Page up", show=False),
    ]

    def __init__(self, keymap: dict[str, str]) -> None:
        super().__init__()
        self.keymap = keymap

    def compose(self) -> ComposeResult:
        wide = self.app.size.width >= 120  # binding ids only where they leave the text room
        with VerticalScroll(classes="dialog", id="help"):
            yield Static(Text.assemble(("Review desk keys", "bold"),
                                       ("   ↓↑ j k pgdn pgup scroll · escape or ? closes", "dim")))
            # The keymap file first: it is what a reviewer looks up help for, and it is never below the fold.
            yield Static(Text(f"Remap keys by binding id in {safe(str(keymap_path()))} (or the file named by "
                              "$QUOTEDESK_KEYMAP); the ids are listed in a terminal at least 120 columns wide "
                              "and in the README.", "dim"))
            yield Static(help_table(self.keymap, ids=wide), id="help-keys")
            yield Static(Text(
                "Every decision is saved before the cursor moves. Apply-to-family uses the decision of the "
                "quote under the cursor or, on a pending quote, your last decision.", "dim"))

    def action_scroll(self, lines: int) -> None:
        self.query_one(VerticalScroll).scroll_relative(y=lines, animate=False)
