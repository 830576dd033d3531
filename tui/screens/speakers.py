"""Speaker entities: aliases and quote counts; merge two, or split an alias off."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

from quotedesk.core import merges, speakers, undo
from quotedesk.core.speakers import SpeakerRow, resolve

from ..widgets.plain import one_line


def _quotes(n: int) -> str:
    return f"{n} quote{'s' if n != 1 else ''}"


class AliasPick(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "dismiss_none", "Cancel")]

    def __init__(self, name: str, aliases: list[str]) -> None:
        super().__init__()
        self.name_, self.aliases = name, aliases

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(f"Split which alias off {one_line(self.name_)}?", "bold"))
            yield OptionList(*[Option(Text(one_line(a)), id=str(i)) for i, a in enumerate(self.aliases)])

    @on(OptionList.OptionSelected)
    def picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.aliases[int(event.option.id)])

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


class SpeakersScreen(Screen):
    BINDINGS = [
        Binding("m", "merge", "Mark / merge into", id="speakers-merge"),
        Binding("s", "split", "Split alias", id="speakers-split"),
        Binding("u", "undo", "Undo", id="speakers-undo"),
        Binding("escape,q", "app.pop_screen", "Back", id="speakers-back"),
        # The desk's vi keys move here too.
        Binding("j", "cursor(1)", "Down", show=False, id="speakers-down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="speakers-up"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.marked: int | None = None
        self.rows: list[SpeakerRow] = []

    def compose(self) -> ComposeResult:
        yield Static(id="speakers-status")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="speakers-table")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("#", "speaker", "quotes", "aliases")
        self.fill()
        table.focus()

    def fill(self, keep: int | None = None) -> None:
        """Reload the speakers in a worker (counting quotes takes a while on a big database)."""
        self.load_rows(keep)

    @work(thread=True, exclusive=True, group="speakers", exit_on_error=False)
    def load_rows(self, keep: int | None) -> None:
        with self.app.worker_db() as db:
            rows = speakers.entities(db)
        self.app.call_from_thread(self._show_rows, rows, keep)

    def _show_rows(self, rows: list[SpeakerRow], keep: int | None) -> None:
        table = self.query_one(DataTable)
        self.rows = rows
        table.clear()
        for s in self.rows:
            name = Text(one_line(s.name), "bold reverse" if s.id == self.marked else "bold")
            table.add_row(Text(str(s.id)), name, Text(str(s.quotes)),
                          Text(" | ".join(one_line(a) for a in s.aliases)), key=str(s.id))
        if keep is not None and any(s.id == keep for s in self.rows):
            table.move_cursor(row=table.get_row_index(str(keep)))
        status = "m on a speaker marks it; m on another asks to merge the marked one into it. s splits an alias off."
        marked = next((s for s in self.rows if s.id == self.marked), None)
        if marked is not None:
            status = f"marked {one_line(marked.name)}: press m on the speaker to merge it into (m again unmarks)"
        self.query_one("#speakers-status", Static).update(Text(status, "dim"))

    @property
    def current(self) -> SpeakerRow | None:
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row is None or table.cursor_row >= len(self.rows):
            return None
        key = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
        return next((s for s in self.rows if str(s.id) == key), None)

    def action_cursor(self, step: int) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            table.move_cursor(row=max(0, min(table.row_count - 1, table.cursor_row + step)))

    def action_merge(self) -> None:
        row = self.current
        if row is None:
            return
        if self.marked is None or self.marked == row.id:
            self.marked = None if self.marked == row.id else row.id
            self.fill(row.id)
            return
        from .prompts import ConfirmPrompt

        source = next((s for s in self.rows if s.id == self.marked), None)
        if source is None:  # gone since it was marked (merged elsewhere)
            self.marked = None
            self.fill(row.id)
            return

        def answered(yes: bool) -> None:
            self.marked = None
            if yes:
                self.run(lambda: merges.merge_speakers(self.app.db, source.id, row.id, self.app.reviewer), row.id)
            else:
                self.fill(row.id)

        question = Text.assemble("Merge ", (one_line(source.name), "bold"), f" ({_quotes(source.quotes)}) into ",
                                 (one_line(row.name), "bold"), f" ({_quotes(row.quotes)})?\n",
                                 ("Its quotes and aliases follow; u undoes it, and splitting ", "dim"),
                                 (one_line(source.name), "dim"), (" off again restores it as it was.", "dim"))
        self.app.push_screen(ConfirmPrompt(question), answered)

    def action_split(self) -> None:
        row = self.current
        if row is None:
            return

        def picked(alias) -> None:
            if alias:
                self.run(lambda: merges.split_alias(self.app.db, row.id, alias, self.app.reviewer), row.id)

        self.app.push_screen(AliasPick(row.name, row.aliases), picked)

    def action_undo(self) -> None:
        self.run(lambda: undo.undo(self.app.db, self.app.reviewer), self.current.id if self.current else None)

    def run(self, fn, keep) -> None:
        """Save ``fn``; then the cursor goes to the speaker it was about (an undone merge's
        speaker, back in the list), else stays on ``keep``."""
        def done(out) -> None:
            self.notify(out.message or "done", markup=False, timeout=2)
            self.fill(resolve(self.app.db, out.speaker_id) if out.speaker_id is not None else keep)

        self.app.saver.save(fn, done)
