"""First run: ingest the sample corpus with a progress bar, then review it."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.binding import Binding
from textual.widgets import Footer, Label, ProgressBar
from textual.worker import Worker, WorkerState

from ..widgets.plain import safe


class IngestScreen(Screen):
    BINDINGS = [Binding("q", "app.quit", "Quit", id="ingest-quit")]

    def __init__(self, paths: list, total: int, model: str | None = None) -> None:
        super().__init__()
        self.paths, self.total, self.model = paths, total, model

    def compose(self) -> ComposeResult:
        with Vertical(id="ingest"):
            yield Center(Label(Text("No database yet: reading the sample corpus (loading spaCy first)…", "bold"),
                               id="ingest-label"))
            yield Center(ProgressBar(total=max(self.total, 1), id="ingest-bar"))
        yield Footer()

    def on_mount(self) -> None:
        self.ingest()

    @work(thread=True, exclusive=True, group="ingest", exit_on_error=False)
    def ingest(self) -> None:
        from quotedesk.core.pipeline import ingest

        bar = self.query_one(ProgressBar)
        with self.app.worker_db() as db:
            report = ingest(db, self.paths, model=self.model,
                            on_file=lambda _p: self.app.call_from_thread(bar.advance, 1))
        self.app.call_from_thread(self.app.ingested, report)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.query_one("#ingest-label", Label).update(
                Text(f"Could not ingest the sample corpus: {safe(str(event.worker.error))}\nPress q to quit.", "bold red"))
