"""Candidate speakers, numbered for the 1–9 keys."""

from __future__ import annotations

from rich.text import Text

from quotedesk.core.detail import Candidate

from .panel import TextPanel
from .plain import one_line


def percent(p: float) -> str:
    """A probability as the desk shows it, in the queue's row and here alike,
    so the proposal's figure reads the same in both (issue 16). Like the
    stored confidence, it never claims certainty."""
    return f"{min(p, 0.99):4.0%}"


def render_candidates(cands: list[Candidate], compact: bool = False) -> Text:
    """The numbered candidates; ``compact``: name, probability and mention only (the family view's cards)."""
    out = Text("Candidates\n", "bold underline")
    if not cands:
        return out + Text("none proposed: e to type a speaker, n for no speaker", "dim")
    lines = []
    for c in cands:
        line = Text()
        line.append(f"{c.rank} ", "bold reverse")
        # Probability first, as in the queue's row: the figure is never the part a narrow pane cuts.
        line.append(f" {percent(c.score)}", "green" if c.score >= 0.8 else "yellow" if c.score >= 0.5 else "red")
        width = 18 if compact else 26
        line.append(f"  {one_line(c.name or c.mention or '?')[:width]:<{width}}", "bold")
        if compact:
            line.append("  «")
            line.append(one_line(c.mention or ""), "cyan")
            line.append("»")
            lines.append(line)
            continue
        line.append(f"  {one_line(c.pattern or '')}", "dim")
        if c.origin != "article":
            line.append(f" ({one_line(c.origin)})", "dim")
        line.append("  «")
        line.append(one_line(c.mention or ""), "cyan")
        line.append("» ")
        line.append(one_line(c.cue or ""), "magenta")
        line.append(" — " + one_line((c.evidence or "")[:160]), "dim")
        lines.append(line)
    return out + Text("\n").join(lines)


class CandidatesView(TextPanel):
    """The numbered candidates; a click on one chooses it, like its number key."""

    def show(self, cands: list[Candidate]) -> None:
        self.ranks = [c.rank for c in cands]
        self.set_text(render_candidates(cands))

    ranks: list[int] = []

    def on_click(self, event) -> None:
        at = event.get_content_offset(self)
        if at is None:
            return
        row = self._top + at.y - 1  # line 0 is the heading
        ranks = self.ranks
        if 0 <= row < len(ranks):
            self.screen.action_choose(ranks[row])
