"""The article passage around the current quote."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from core.review import Context

from .plain import one_line, plain

STYLES = {"quote": "bold on #3a3a00", "mention": "bold underline cyan", "cue": "bold magenta"}
STATUS = {"pending": ("pending", "dim"), "verified": ("verified", "green"), "rejected": ("rejected: not a quotation", "red")}


def render_context(ctx: Context) -> Text:
    head = Text()
    head.append(one_line(ctx.outlet or "(no outlet)"), "bold")
    head.append(f"  {one_line(ctx.date or '')}", "dim")
    head.append(f"  {one_line(ctx.file)}\n", "dim")
    if ctx.title:
        head.append(one_line(ctx.title) + "\n", "italic")
    label, colour = STATUS.get(ctx.status, (ctx.status, ""))
    head.append(f"[{label}] ", colour)
    head.append("speaker: ", "dim")
    head.append(one_line(ctx.speaker) if ctx.speaker else "—", "bold")
    head.append("\n\n")
    body = plain(ctx.passage.strip("\n"))
    shift = len(ctx.passage) - len(ctx.passage.lstrip("\n"))
    for kind in ("quote", "mention", "cue"):
        for mark in ctx.marks:
            if mark.kind == kind:
                body.stylize(STYLES[kind], mark.start - shift, mark.end - shift)
    legend = Text("\n\nquote", STYLES["quote"]) + Text("  ") + Text("speaker mention", STYLES["mention"]) \
        + Text("  ") + Text("cue", STYLES["cue"])
    return head + body + legend


class ContextView(VerticalScroll):
    """Outlet, date and title above the passage; quote, mentions and cue marked."""

    can_focus = False

    def compose(self):
        yield Static(id="context-text")

    def show(self, ctx: Context | None) -> None:
        self.query_one("#context-text", Static).update(render_context(ctx) if ctx else Text("no quote selected"))
        self.scroll_home(animate=False)
