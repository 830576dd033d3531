"""Every member of a quote's family side by side, word differences highlighted."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from core.detail import Family

from ..widgets.family import MARKS, conflict_banner, diff_text
from ..widgets.plain import one_line


class FamilyScreen(Screen):
    BINDINGS = [Binding("escape,F,q", "app.pop_screen", "Back", id="family-back")]

    def __init__(self, fam: Family) -> None:
        super().__init__()
        self.fam = fam

    def compose(self) -> ComposeResult:
        fam = self.fam
        head = Text("Family view", "bold")
        if fam.cluster_id is None or len(fam.members) < 2:
            yield Static(head + Text("\nno other outlet carries this quote", "dim"), id="family-head")
        else:
            head.append(f"  family {fam.cluster_id}: {len(fam.members)} outlets  ")
            head.append_text(conflict_banner(fam))
            head.append("\nhighlighted words differ from the quote under review (first column)", "dim")
            yield Static(head, id="family-head")
            me = next(m for m in fam.members if m.is_self)
            with Horizontal(id="family-columns"):
                for m in fam.members:
                    card = Text()
                    card.append(one_line(m.outlet or "?") + ("  (this quote)" if m.is_self else ""), "bold")
                    card.append(f"\n{MARKS.get(m.status, '?')} {one_line(m.status)}  ")
                    card.append(one_line(m.speaker or "—"), "bold cyan")
                    card.append("\n\n")
                    card.append_text(Text(one_line(m.text)) if m.is_self else diff_text(me.text, one_line(m.text)))
                    with VerticalScroll(classes="family-member" + (" self" if m.is_self else "")):
                        yield Static(card)
        yield Footer()
