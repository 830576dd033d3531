"""The review queue: one line per quote, drawn only where it is visible.

A line-API ``ScrollView`` (after toolong's ``LogLines``): the widget holds
the ordered quote ids and their statuses; rows are fetched from the database
a page at a time as they scroll into view and kept in a small cache.
"""

from __future__ import annotations

from typing import Callable

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from quotedesk.core.queue import Row

from .candidates import percent
from .plain import one_line

PAGE = 100
MARKS = {"pending": ("·", Style(dim=True)), "verified": ("✓", Style(color="green")), "rejected": ("✗", Style(color="red")),
         "disputed": ("!", Style(color="yellow", bold=True))}
SELECTED, SELECTED_FOCUS = Style(reverse=True), Style(reverse=True, bold=True)
CONFLICT, LOW, BOLD, DIM = Style(color="yellow", bold=True), Style(color="red"), Style(bold=True), Style(dim=True)
FLAG = Style(color="magenta", bold=True)


def columns(width: int) -> tuple[int, int]:
    """Speaker and outlet column widths for a queue ``width`` cells wide.

    The quote's words get at least half of what the fixed marks leave; the
    speaker under a third and the outlet about a seventh, within bounds (a
    speaker under 8 cells or an outlet under 5 says nothing; over 26 and 18
    they only take room from the quote).
    """
    rest = max(width - 9, 0)  # " ·" + "≠" + "⚑" + " 99% "
    speaker = max(8, min(26, rest * 30 // 100))
    outlet = max(5, min(18, rest * 15 // 100))
    if rest - speaker - outlet - 2 < rest // 2:
        outlet = 0 if rest < 30 else outlet
        speaker = max(6, min(speaker, rest - outlet - 2 - rest // 2))
    return speaker, outlet


def fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


class QueueView(ScrollView, can_focus=True, inherit_bindings=False):
    """Quote ids in review order; ``fetch(ids)`` supplies the rows to draw."""

    DEFAULT_CSS = """
    QueueView { background: $surface; }
    """

    class Moved(Message):
        def __init__(self, quote_id: str | None) -> None:
            super().__init__()
            self.quote_id = quote_id

    def __init__(self, fetch: Callable[[list[str]], dict[str, Row]], **kwargs) -> None:
        super().__init__(**kwargs)
        self.fetch = fetch
        self.ids: list[str] = []
        self.statuses: dict[str, str] = {}
        self.cursor = 0
        self.loaded = False
        self.partial = False
        self.decided = 0
        #: Pending quotes the reviewer skipped: offered again only once no other is left.
        self.skipped: set[str] = set()
        self._rows: dict[str, Row] = {}
        self._strips: dict[tuple, Strip] = {}
        self._index: dict[str, int] = {}
        self._base = Style()

    # -- data ---------------------------------------------------------------
    def load(self, entries: list[tuple[str, str]], keep: str | None = None, partial: bool = False,
             after: str | None = None) -> None:
        """Show ``entries``; ``partial`` marks the head of a queue still being read.

        The cursor goes to ``keep``, else to the next undecided quote after
        ``after`` (where the reviewer stopped), else to the first undecided one.
        """
        self.partial = partial
        self.ids = [qid for qid, _ in entries]
        self.statuses = dict(entries)
        self._index = {qid: i for i, qid in enumerate(self.ids)}
        self.decided = sum(1 for _, status in entries if status != "pending")
        self._rows.clear()
        self._strips.clear()
        self.loaded = True
        first_pending = self._pending_from(0, len(self.ids))
        first_pending = 0 if first_pending is None else first_pending
        self.cursor = self._index.get(keep, first_pending) if keep else first_pending
        if not keep and after in self._index:
            self.cursor = self._index[after]
            nxt = self.peek_next_undecided()
            self.cursor = first_pending if nxt is None else nxt
        self.virtual_size = Size(self.size.width, len(self.ids))
        self._keep_visible()
        self.refresh()

    def has(self, quote_id: str | None) -> bool:
        return quote_id in self._index

    @property
    def current(self) -> str | None:
        return self.ids[self.cursor] if 0 <= self.cursor < len(self.ids) else None

    def changed(self, statuses: dict[str, str]) -> None:
        """Quotes whose state changed: redraw their lines from the database."""
        families = {row.cluster for qid in statuses if (row := self._rows.get(qid)) and row.cluster is not None}
        if families:  # a decision can start or settle a family's conflict: redraw its members
            statuses = {**{qid: self.statuses.get(qid, row.status) for qid, row in list(self._rows.items())
                           if row.cluster in families}, **statuses}
        for qid, status in statuses.items():
            if qid in self.statuses:
                self.decided += (status != "pending") - (self.statuses[qid] != "pending")
                self.statuses[qid] = status
            self._rows.pop(qid, None)
            index = self._index.get(qid)
            if index is not None:
                for key in [k for k in self._strips if k[0] == index]:
                    del self._strips[key]
                self.refresh_line(index)

    def forget(self) -> None:
        """Drop every cached row (speaker names changed)."""
        self._rows.clear()
        self._strips.clear()
        self.refresh()

    # -- movement -----------------------------------------------------------
    def move_to(self, index: int) -> None:
        if not self.ids:
            return
        old, top = self.cursor, int(self.scroll_offset.y)
        self.cursor = max(0, min(index, len(self.ids) - 1))
        self._keep_visible()
        if int(self.scroll_offset.y) == top:
            self.refresh_line(old)
            self.refresh_line(self.cursor)
        else:
            self.refresh()
        self.post_message(self.Moved(self.current))

    def move(self, delta: int) -> None:
        self.move_to(self.cursor + delta)

    def peek_next_undecided(self) -> int | None:
        """Index of the first pending quote after the cursor, wrapping; None when none is left.

        Skipped quotes come round only once every other pending quote is
        decided: a skip means "later", not "next time I pass".
        """
        n = len(self.ids)
        if self.partial:  # the rest of the queue is still loading: no wrapping yet
            return self._pending_from(self.cursor + 1, n - self.cursor - 1)
        return self._pending_from(self.cursor + 1, n)

    def _pending_from(self, start: int, count: int) -> int | None:
        """The first pending quote among ``count`` from ``start`` (wrapping), skipped ones last."""
        n, later = len(self.ids), None
        for step in range(count):
            i = (start + step) % n
            if self.statuses.get(self.ids[i]) == "pending":
                if self.ids[i] not in self.skipped:
                    return i
                if later is None:
                    later = i
        return later

    def next_undecided(self) -> None:
        """Move to the first pending quote after the cursor; one line down when none is left."""
        i = self.peek_next_undecided()
        self.move_to(min(self.cursor + 1, len(self.ids) - 1) if i is None else i)

    def _keep_visible(self) -> None:
        """Scroll when the cursor leaves the view, by a third of a page so it happens rarely."""
        height = max(self.scrollable_content_region.height, 1)
        top = int(self.scroll_offset.y)
        if self.cursor < top:
            self.scroll_to(y=max(0, self.cursor - height * 2 // 3), animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height // 3, animate=False, immediate=True)

    def on_click(self, event) -> None:
        self.move_to(int(self.scroll_offset.y) + event.y)

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.ids))
        self._strips.clear()

    def on_focus(self) -> None:
        self._strips.clear()
        self.refresh()

    on_blur = on_focus

    # -- drawing ------------------------------------------------------------
    def _row(self, index: int) -> Row | None:
        qid = self.ids[index]
        if qid not in self._rows:
            if len(self._rows) > 20 * PAGE:
                self._rows.clear()
            lo = max(0, index - PAGE // 4)
            page = [i for i in self.ids[lo:lo + PAGE] if i not in self._rows]
            self._rows.update(self.fetch(page))
        return self._rows.get(qid)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = int(self.scroll_offset.y) + y
        if not self.loaded or not self._strips:
            self._base = self.rich_style
        base = self._base
        if not self.loaded:
            return Strip([Segment(" loading the queue…" if y == 0 else "", base)]).extend_cell_length(width, base)
        if index >= len(self.ids):
            if not self.ids and y == 0:
                return Strip([Segment(" no quotes match this filter", base)]).extend_cell_length(width, base)
            return Strip.blank(width, base)
        selected = index == self.cursor
        key = (index, selected, width)
        strip = self._strips.get(key)
        if strip is None:
            if len(self._strips) > 1000:
                self._strips.clear()
            strip = self._strips[key] = self._draw(index, selected, width, base)
        return strip

    def _draw(self, index: int, selected: bool, width: int, base: Style) -> Strip:
        row = self._row(index)
        style = base + (SELECTED_FOCUS if self.has_focus else SELECTED) if selected else base
        if row is None:
            return Strip([Segment(" (quote gone)", style)]).extend_cell_length(width, style)
        status = self.statuses.get(row.id, row.status)
        mark, colour = MARKS.get(status, ("?", Style()))
        # The machine's confidence is about its proposal; once a reviewer has
        # decided, showing it beside their answer would misstate how sure that is.
        confidence = f"{percent(row.confidence)} " if status == "pending" else " " * 5
        # A rejected quote is no quotation: it has no speaker to show, and no
        # part in its family's disagreement.
        rejected = status == "rejected"
        speaker_w, outlet_w = columns(width)
        name = one_line("not a quote" if rejected else row.speaker or "—")
        if row.joint and not rejected:  # a joint quotation: "Xi Jinping +1"
            plus = f" +{row.joint}"
            name = fit(name, speaker_w - len(plus)) + plus
        speaker = fit(name, speaker_w)
        outlet = fit(one_line(row.outlet or ""), outlet_w)
        segments = [
            Segment(f" {mark}", style if selected else style + colour),
            Segment("≠" if row.conflict and not rejected else " ", style + CONFLICT),
            Segment("⚑" if row.flagged else " ", style + FLAG),
            Segment(confidence, style + LOW if row.confidence < 0.5 and status == "pending" and not selected else style),
            Segment(f"{speaker:<{speaker_w}} ", style + (DIM if rejected else BOLD)),
            Segment(f"{outlet:<{outlet_w}} " if outlet_w else "", style if selected else style + DIM),
            Segment(one_line(row.text), style),
        ]
        return Strip(segments).crop_extend(0, width, style)
