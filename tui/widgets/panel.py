"""A fixed-size panel of Rich text drawn with the line API.

Setting new text redraws only this panel: no screen layout, no markup
parsing (the text is a ``rich.text.Text`` built from plain strings). Lines are
cut with an ellipsis, or wrapped when ``wrap`` is set.
"""

from __future__ import annotations

from rich.text import Text
from textual.strip import Strip
from textual.widget import Widget


class TextPanel(Widget):
    wrap = False

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.text = Text()
        self._strips: list[Strip] = []
        self._blank = Strip([])
        self._top = 0
        self._width = -1

    def set_text(self, text: Text) -> None:
        self.text = text
        self._width = -1
        self.refresh()

    @property
    def lines(self) -> list[str]:
        """What is on screen, line by line."""
        self._layout()
        return [s.text for s in self._strips[self._top:self._top + self.content_size.height]]

    def _lines(self, width: int) -> list[Text]:
        console = self.app.console
        out: list[Text] = []
        for paragraph in self.text.split("\n", allow_blank=True):
            if self.wrap:
                out.extend(paragraph.wrap(console, width))
            else:
                paragraph.truncate(width, overflow="ellipsis")
                out.append(paragraph)
        return out

    def choose_top(self, lines: list[Text], height: int) -> int:
        return 0

    def _layout(self) -> None:
        width = self.content_size.width
        if width == self._width or width <= 0:
            return
        console, style = self.app.console, self.rich_style
        lines = self._lines(width)
        self._strips = [Strip(line.render(console), line.cell_len).apply_style(style).extend_cell_length(width, style)
                        for line in lines]
        self._blank = Strip.blank(width, style)
        self._top = self.choose_top(lines, self.content_size.height)
        self._width = width

    def on_resize(self) -> None:
        self._width = -1

    def render_line(self, y: int) -> Strip:
        self._layout()
        index = self._top + y
        return self._strips[index] if index < len(self._strips) else self._blank
