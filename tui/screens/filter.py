"""Choose which quotes the queue shows."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Select

from quotedesk.core import queue
from quotedesk.core.queue import Filter
from quotedesk.core.decisions import ReviewError
from quotedesk.core.speakers import match_name, name_of

from ..widgets.plain import LiteralInput, one_line


class FilterScreen(ModalScreen[Filter | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+r", "clear", "Clear all", priority=True),
                Binding("ctrl+s", "apply", "Apply", priority=True)]

    def __init__(self, current: Filter, outlets: list[str]) -> None:
        super().__init__()
        self.current, self.outlets = current, outlets

    def compose(self) -> ComposeResult:
        f = self.current
        with Vertical(classes="dialog", id="filter"):
            yield Label(Text("Filter the queue", "bold"))
            with Horizontal(classes="row"):
                yield Label("Status", classes="label")
                yield Select([(s, s) for s in ("pending", "verified", "rejected", "disputed")], value=f.status or Select.NULL,
                             prompt="any status", compact=True, id="filter-status")
            with Horizontal(classes="row"):
                yield Label("Outlet", classes="label")
                # A Text prompt: a plain str would be parsed as markup ("[/]" crashes the list).
                yield Select([(Text(one_line(o)), o) for o in self.outlets], value=f.outlet or Select.NULL,
                             prompt="any outlet", compact=True, id="filter-outlet")
            with Horizontal(classes="row"):
                yield Label("Speaker", classes="label")
                yield LiteralInput(self._speaker_name(), placeholder="any speaker (name or alias)", compact=True,
                                   id="filter-speaker")
            with Horizontal(classes="row"):
                yield Label("Confidence below", classes="label")
                yield LiteralInput("" if f.below is None else f"{f.below:g}", placeholder="e.g. 0.6",
                                   compact=True, id="filter-below")
            with Horizontal(classes="row"):
                yield Label("", classes="label")
                yield Checkbox("conflicts only", f.conflicts, compact=True, id="filter-conflicts")
                yield Checkbox("flagged only", f.flagged, compact=True, id="filter-flagged")
            yield Label(Text("tab: next field · enter (in a text field) or ctrl+s: apply · ctrl+r: clear all · escape: cancel", "dim"))

    def _speaker_name(self) -> str:
        if self.current.speaker_id is None:
            return ""
        return name_of(self.app.db, self.current.speaker_id) or ""

    def build(self) -> Filter | None:
        status = self.query_one("#filter-status", Select).value
        outlet = self.query_one("#filter-outlet", Select).value
        speaker_text = self.query_one("#filter-speaker", Input).value.strip()
        try:
            below = queue.confidence_below(self.query_one("#filter-below", Input).value)
        except ReviewError as exc:
            self.notify(str(exc), severity="warning", markup=False)
            return None
        speaker_id = None
        if speaker_text:
            found = match_name(self.app.db, speaker_text)
            if len(found) != 1:
                self.notify(f"{'no' if not found else len(found)} speaker(s) named {speaker_text!r}",
                            severity="warning", markup=False)
                return None
            speaker_id = found[0]
        return Filter(
            status=None if status is Select.NULL else status,
            outlet=None if outlet is Select.NULL else outlet,
            speaker_id=speaker_id, below=below,
            conflicts=self.query_one("#filter-conflicts", Checkbox).value,
            flagged=self.query_one("#filter-flagged", Checkbox).value,
            search=self.current.search,
        )

    @on(Input.Submitted)
    def action_apply(self) -> None:
        flt = self.build()
        if flt is not None:
            self.dismiss(flt)

    def action_clear(self) -> None:
        self.dismiss(Filter())

    def action_cancel(self) -> None:
        self.dismiss(None)
