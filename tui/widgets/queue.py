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

from core.review import Row

from .plain import one_line

PAGE = 100
MARKS = {"pending": ("·", "dim"), "verified": ("✓", "green"), "rejected": ("✗", "red")}


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
        self._rows: dict[str, Row] = {}

    # -- data ---------------------------------------------------------------
    def load(self, entries: list[tuple[str, str]], keep: str | None = None) -> None:
        self.ids = [qid for qid, _ in entries]
        self.statuses = dict(entries)
        self._rows.clear()
        self.loaded = True
        index = {qid: i for i, qid in enumerate(self.ids)}
        self.cursor = index.get(keep, 0) if keep else 0
        self.virtual_size = Size(self.size.width, len(self.ids))
        self._keep_visible()
        self.refresh()

    @property
    def current(self) -> str | None:
        return self.ids[self.cursor] if 0 <= self.cursor < len(self.ids) else None

    @property
    def decided(self) -> int:
        return sum(1 for s in self.statuses.values() if s != "pending")

    def changed(self, statuses: dict[str, str]) -> None:
        """Quotes whose state changed: redraw their lines from the database."""
        for qid, status in statuses.items():
            if qid in self.statuses:
                self.statuses[qid] = status
            self._rows.pop(qid, None)
        self.refresh()

    def forget(self) -> None:
        """Drop every cached row (speaker names changed)."""
        self._rows.clear()
        self.refresh()

    # -- movement -----------------------------------------------------------
    def move_to(self, index: int) -> None:
        if not self.ids:
            return
        self.cursor = max(0, min(index, len(self.ids) - 1))
        self._keep_visible()
        self.refresh()
        self.post_message(self.Moved(self.current))

    def move(self, delta: int) -> None:
        self.move_to(self.cursor + delta)

    def next_undecided(self) -> None:
        """The first pending quote after the cursor, wrapping; stays put when none is left."""
        n = len(self.ids)
        for step in range(1, n + 1):
            i = (self.cursor + step) % n
            if self.statuses.get(self.ids[i]) == "pending":
                self.move_to(i)
                return
        self.move_to(min(self.cursor + 1, n - 1))

    def _keep_visible(self) -> None:
        height = max(self.scrollable_content_region.height, 1)
        top = int(self.scroll_offset.y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def on_click(self, event) -> None:
        self.move_to(int(self.scroll_offset.y) + event.y)

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.ids))

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
        base = self.rich_style
        if not self.loaded:
            return Strip([Segment(" loading the queue…" if y == 0 else "", base)]).extend_cell_length(width, base)
        if index >= len(self.ids):
            if not self.ids and y == 0:
                return Strip([Segment(" no quotes match this filter", base)]).extend_cell_length(width, base)
            return Strip.blank(width, base)
        row = self._row(index)
        selected = index == self.cursor
        style = base + (Style(reverse=True, bold=True) if selected and self.has_focus else
                        Style(reverse=True) if selected else Style())
        if row is None:
            return Strip([Segment(" (quote gone)", style)]).extend_cell_length(width, style)
        mark, colour = MARKS.get(self.statuses.get(row.id, row.status), ("?", ""))
        segments = [
            Segment(f" {mark}", style + Style.parse(colour) if colour and not selected else style),
            Segment("≠" if row.conflict else " ", style + Style(color="yellow", bold=True)),
            Segment(f"{row.confidence:4.0%} ", style + (Style(color="red") if row.confidence < 0.5 and not selected else Style())),
            Segment(f"{one_line(row.speaker or '—')[:18]:<18} ", style + Style(bold=True)),
            Segment(f"{one_line(row.outlet or '')[:12]:<12} ", style + Style(dim=not selected)),
            Segment(one_line(row.text), style),
        ]
        return Strip(segments).crop_extend(0, width, style)
