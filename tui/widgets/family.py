"""A quote's family across outlets, with the differing words highlighted."""

from __future__ import annotations

from rich.text import Text

from quotedesk.core.detail import Family, word_diff

from .panel import TextPanel
from .plain import one_line, safe

DIFF = "bold black on yellow"
MARKS = {"pending": "·", "verified": "✓", "rejected": "✗", "disputed": "!"}


def diff_text(base: str, other: str) -> Text:
    """``other`` with the words that ``base`` does not have highlighted."""
    out = Text()
    for token, differs in word_diff(base, other):
        out.append(safe(token), DIFF if differs else "")
    return out


def conflict_banner(fam: Family) -> Text:
    if fam.conflict:
        return Text(" ≠ CONFLICT: speakers differ ", "bold white on red")
    return Text(" speakers agree ", "green")


def render_family(fam: Family) -> Text:
    out = Text("Across outlets", "bold underline")
    if fam.cluster_id is None or len(fam.members) < 2:
        return out + Text("\nno other outlet carries this quote", "dim")
    out.append(f"  family {fam.cluster_id}, {len(fam.members)} members  ")
    out.append_text(conflict_banner(fam))
    me = next(m for m in fam.members if m.is_self)
    for m in fam.members:
        if m.is_self:
            continue
        line = Text("\n")
        line.append(f"{MARKS.get(m.status, '?')} ")
        line.append(f"{one_line(m.outlet or '?')[:18]:<18} ", "bold")
        line.append(f"{one_line(m.speaker or '—')[:22]:<22} ", "cyan")
        line.append_text(diff_text(me.text, one_line(m.text)))  # one_line: a carriage return shows as ␍
        out.append_text(line)
    return out


class FamilyPanel(TextPanel):
    def show(self, fam: Family) -> None:
        self.set_class(fam.conflict, "conflict")
        self.set_text(render_family(fam))
