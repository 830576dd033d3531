"""The desk's key line: as many keys as the width holds, the most used first.

Textual's footer lists every shown binding in order and cuts the rest off at
the right edge, so at 100 columns ``?`` (help) and ``q`` (quit) fell off the
screen. This line picks keys by priority until the width is used up, keeps
them in the keymap's order, and always keeps help and quit. A click on a key
runs its action, as the footer's would.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

from ..config import shown_key

KEY, LABEL = Style(bold=True, reverse=True), Style()
#: Binding id, short label, priority (0 is always shown; lower numbers go first).
SHOWN = [
    ("confirm", "Confirm", 0), ("choose-1", "Pick", 3), ("type-speaker", "Type", 4), ("no-speaker", "No speaker", 5),
    ("reject", "Reject", 2), ("skip", "Skip", 1), ("undo", "Undo", 1),
    ("flag", "Flag", 8), ("apply-family", "To family", 6), ("search", "Search", 6), ("filter", "Filter", 6),
    ("family-view", "Family", 7), ("palette", "Palette", 9), ("help", "Help", 0), ("quit", "Quit", 0),
]


def key_label(keys: str) -> str:
    """How a binding is written on the line: the first of its keys."""
    first = keys.split(",")[0]
    return {"enter": "⏎", "space": "␣"}.get(first, shown_key(first))


class KeyBar(Widget):
    DEFAULT_CSS = "KeyBar { height: 1; background: $panel; }"

    def __init__(self, bindings: list[tuple[str, str, str]], **kwargs) -> None:
        """``bindings``: (binding id, keys, action) as the keymap has them."""
        super().__init__(**kwargs)
        self.entries = []
        by_id = {bid: (keys, action) for bid, keys, action in bindings}
        for bid, label, priority in SHOWN:
            if bid in by_id:
                keys, action = by_id[bid]
                shown = "1-9" if bid == "choose-1" else key_label(keys)
                self.entries.append((shown, label, priority, action))
        self._spans: list[tuple[int, int, str]] = []

    def fit(self, width: int) -> list[tuple[str, str, str]]:
        """The (key, label, action) entries that fit in ``width`` columns, in display order."""
        chosen: set[int] = set()
        used = 0
        for i in sorted(range(len(self.entries)), key=lambda i: (self.entries[i][2], i)):
            key, label, _, _ = self.entries[i]
            cost = len(key) + len(label) + 4
            if used + cost <= width or self.entries[i][2] == 0:
                chosen.add(i)
                used += cost
        return [(k, lab, act) for i, (k, lab, _, act) in enumerate(self.entries) if i in chosen]

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if y:
            return Strip.blank(width, base)
        segments, x, self._spans = [], 0, []
        for key, label, action in self.fit(width):
            segments += [Segment(" ", base), Segment(f" {key} ", base + KEY), Segment(f"{label} ", base + LABEL)]
            self._spans.append((x + 1, x + len(key) + len(label) + 4, action))
            x += len(key) + len(label) + 4
        return Strip(segments).crop_extend(0, width, base)

    def on_click(self, event) -> None:
        for start, end, action in self._spans:
            if start <= event.x < end:
                self.call_later(self.screen.run_action, action)
                return

    def on_resize(self) -> None:
        self.refresh()
