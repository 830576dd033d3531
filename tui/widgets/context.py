"""The article passage around the current quote.

A fixed-size line-API widget: the passage is wrapped once per quote and the
window of lines shown is chosen so the quote is always on screen. Changing
quotes never triggers a screen layout, which keeps confirm-and-advance fast.
"""

from __future__ import annotations

from rich.text import Text
from textual.strip import Strip

from quotedesk.core.detail import Context

from .panel import TextPanel
from .plain import one_line, safe

STYLES = {"quote": "bold on #3a3a00", "mention": "bold underline cyan", "cue": "bold magenta"}
SUPERSCRIPT = {str(n): "¹²³⁴⁵⁶⁷⁸⁹"[n - 1] for n in range(1, 10)}
STATUS = {"pending": ("pending", "dim"), "verified": ("verified", "green"), "rejected": ("rejected: not a quotation", "red"),
          "disputed": ("disputed: reviewers' answers differ", "bold yellow")}


def render_context(ctx: Context) -> tuple[Text, int, int]:
    """The text to show, the offset in it where the quote starts, and the header's length."""
    head = Text()
    head.append(one_line(ctx.outlet or "(no outlet)"), "bold")
    head.append(f"  {one_line(ctx.date or '')}", "dim")
    head.append(f"  {one_line(ctx.file)}\n", "dim")
    if ctx.title:
        head.append(one_line(ctx.title) + "\n", "italic")
    label, colour = STATUS.get(ctx.status, (ctx.status, ""))
    head.append(f"[{one_line(label)}] ", colour)
    head.append("speaker: ", "dim")
    head.append(one_line(ctx.speaker) if ctx.speaker else "—", "bold")
    for other in ctx.co_speakers:  # a joint quotation
        head.append(" + ", "dim")
        head.append(one_line(other), "bold")
    head.append(f"  {ctx.kind.replace('_', ' ')}", "dim")
    if ctx.origin != "detector":
        head.append(" (marked by a reviewer)", "dim")
    if ctx.flag:
        head.append(f"  ⚑ {one_line(ctx.flag)}", "bold magenta")
        if ctx.note:
            head.append(": " + one_line(ctx.note), "magenta")
    for reviewer, status, speaker in ctx.answers:
        answer = "rejected" if status == "rejected" else (speaker or "no speaker")
        head.append(f"  {one_line(reviewer)}: ", "dim")
        head.append(one_line(answer))
    head.append("  ")
    head.append("quote", STYLES["quote"])
    head.append(" ")
    head.append("mention¹", STYLES["mention"])
    head.append(" ")
    head.append("cue", STYLES["cue"])
    head.append("\n\n")
    lead = len(ctx.passage) - len(ctx.passage.lstrip("\n"))
    text = safe(ctx.passage[lead:])
    # Each candidate's mention gets its number after it (¹ ² ³): inserted
    # characters, so every offset after an insertion moves right.
    # Several candidates read from one mention ("They" for each antecedent
    # the ranker weighed) share one number, the best rank's: ³¹⁵ would read as 315.
    best: dict[int, int] = {}
    for m in ctx.marks:
        if m.kind == "mention" and m.label in SUPERSCRIPT and 0 <= m.end - lead <= len(text):
            best[m.end - lead] = min(best.get(m.end - lead, 10), int(m.label))
    labels = sorted((at, SUPERSCRIPT[str(rank)]) for at, rank in best.items())

    def moved(pos: int, inclusive: bool) -> int:
        return pos + sum(len(label) for at, label in labels if at < pos or (inclusive and at == pos))

    body = Text()
    last = 0
    for at, label in labels:
        body.append(text[last:at])
        body.append(label, "bold cyan")
        last = at
    body.append(text[last:])
    quote_at = 0
    for kind in ("quote", "mention", "cue"):
        for mark in ctx.marks:
            if mark.kind == kind:
                start, end = moved(mark.start - lead, True), moved(mark.end - lead, False)
                body.stylize(STYLES[kind], start, end)
                if kind == "quote":
                    quote_at = len(head) + start
    return head + body, quote_at, len(head)


class ContextView(TextPanel):
    """Outlet, date and title above the passage; quote, mentions and cue marked.

    The header stays at the top; the passage is wrapped, and the lines shown
    are chosen so that the quote is always on screen, a third of the way down
    when the passage is longer than the panel.
    """

    wrap = True

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.quote_at = self.head_len = self._head_lines = self._quote_line = 0
        self._ready: dict[str, tuple] = {}

    def show(self, ctx: Context | None) -> None:
        ready = self._ready.pop(ctx.quote_id, None) if ctx else None
        self._ready.clear()
        if ready and ready[0] == ctx and ready[1] == self.content_size:
            self._set_state(ready[2])
            self._width = self.content_size.width
            self.refresh()
            return
        text, self.quote_at, self.head_len = render_context(ctx) if ctx else (Text("no quote selected"), 0, 0)
        self.set_text(text)

    def _state(self) -> tuple:
        return (self.text, self.quote_at, self.head_len, self._head_lines, self._strips, self._blank, self._top)

    def _set_state(self, state: tuple) -> None:
        self.text, self.quote_at, self.head_len, self._head_lines, self._strips, self._blank, self._top = state

    def prepare(self, ctx: Context) -> None:
        """Lay out the quote likely to come next while the reviewer reads this one."""
        shown, width = self._state(), self._width
        self.text, self.quote_at, self.head_len = render_context(ctx)
        self._width = -1
        self._layout()
        self._ready = {ctx.quote_id: (ctx, self.content_size, self._state())}
        self._set_state(shown)
        self._width = width

    def _lines(self, width: int) -> list[Text]:
        console = self.app.console
        out: list[Text] = []
        seen, self._quote_line, self._head_lines = 0, 0, 0
        for paragraph in self.text.split("\n", allow_blank=True):
            if seen <= self.head_len:
                self._head_lines = len(out)
            for line in paragraph.wrap(console, width) or [Text()]:
                if seen <= self.quote_at:
                    self._quote_line = len(out)
                seen += len(line)
                out.append(line)
            seen += 1  # the newline
        return out

    def choose_top(self, lines: list[Text], height: int) -> int:
        room = max(height - self._head_lines, 1)
        body = len(lines) - self._head_lines
        if body <= room:
            return 0
        return max(0, min(self._quote_line - self._head_lines - room // 3, body - room))

    def _visible(self, y: int) -> int:
        return y if y < self._head_lines else self._head_lines + self._top + (y - self._head_lines)

    @property
    def lines(self) -> list[str]:
        self._layout()
        shown = (self._visible(y) for y in range(self.content_size.height))
        return [self._strips[i].text for i in shown if i < len(self._strips)]

    def render_line(self, y: int) -> Strip:
        self._layout()
        index = self._visible(y)
        return self._strips[index] if index < len(self._strips) else self._blank
