"""The review desk App: a database, a reviewer, a keymap and the screens."""

from __future__ import annotations

import getpass
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable

from textual import work
from textual.app import App, SystemCommand
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from core.storage import open_db

from .config import load_keymap
from .screens.main import MainScreen


class ReviewApp(App):
    CSS_PATH = "review.tcss"
    TITLE = "quotedesk review"

    def __init__(self, db_path: str | Path, reviewer: str, keymap: dict[str, str] | None = None,
                 ingest: list | None = None, model: str | None = None) -> None:
        super().__init__()
        self.db_path, self.reviewer, self.keymap = str(db_path), reviewer, keymap or {}
        self.to_ingest, self.model = ingest, model
        self.db = open_db(self.db_path)
        # If another program holds the write lock (an ingest, say), a decision
        # fails after 3 s with a message instead of freezing the desk for 30 s.
        self.db.execute("PRAGMA busy_timeout = 3000")
        self._worker_lock = threading.Lock()
        self._worker_conn = None

    @contextmanager
    def worker_db(self):
        """The workers' connection (opened once, one worker at a time), apart from the UI's."""
        with self._worker_lock:
            if self._worker_conn is None:
                self._worker_conn = open_db(self.db_path)
            yield self._worker_conn

    def on_mount(self) -> None:
        self.set_keymap(self.keymap)
        if self.to_ingest:
            from core.ingest import collect

            from .screens.ingest import IngestScreen

            self.push_screen(IngestScreen(self.to_ingest, len(collect(self.to_ingest)[0]), self.model))
        else:
            self.push_screen(MainScreen())

    def ingested(self, report) -> None:
        self.notify(f"{report.added} article(s), {report.quotes} quote(s) ready for review", timeout=4)
        self.switch_screen(MainScreen())

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.notify(f"{event.worker.name} failed: {event.worker.error}", severity="error", markup=False, timeout=10)

    def on_unmount(self) -> None:
        with self._worker_lock:
            if self._worker_conn is not None:
                self._worker_conn.close()
        self.db.close()

    # -- the command palette --------------------------------------------------
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Export", "Write every quote as JSONL next to the database", self.export)
        yield SystemCommand("Re-run matching", "Group quotes into cross-outlet families again", self.rematch)
        yield SystemCommand("Switch reviewer", f"Decide as someone other than {self.reviewer}", self.switch_reviewer)
        yield SystemCommand("Speakers", "Merge speakers or split an alias off", self.action_speakers)

    def action_speakers(self) -> None:
        from .screens.speakers import SpeakersScreen

        self.push_screen(SpeakersScreen())

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def export(self) -> Path:
        from core.export import export

        out = Path(self.db_path).with_suffix(".export.jsonl")
        tmp = out.with_name(out.name + ".part")
        with self.worker_db() as db, tmp.open("w", encoding="utf-8") as fh:
            n = export(db, "jsonl", fh)
        tmp.replace(out)
        self.call_from_thread(self.notify, f"{n} record(s) exported to {out}", markup=False)
        return out

    @work(thread=True, exclusive=True, group="matching", exit_on_error=False)
    def rematch(self) -> None:
        try:
            from core import families
            run = families.rebuild
        except (ImportError, AttributeError):
            self.call_from_thread(self.notify, "family matching is not available in this build", severity="warning")
            return
        with self.worker_db() as db:
            run(db)
        self.call_from_thread(self._rematched)

    def _rematched(self) -> None:
        self.notify("families matched again")
        if isinstance(self.screen, MainScreen):
            self.screen.reload(self.screen.queue.current)

    def switch_reviewer(self) -> None:
        from .screens.prompts import TextPrompt

        def done(name) -> None:
            if name and name.strip():
                self.reviewer = name.strip()
                self.notify(f"reviewing as {self.reviewer}", markup=False)
                if isinstance(self.screen, MainScreen):
                    self.screen.refresh_pace()

        self.push_screen(TextPrompt("Reviewer name", self.reviewer), done)


def default_reviewer() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (containers): still record something
        return "reviewer"


def make_app(db_path: str | Path, reviewer: str | None = None, keymap: dict[str, str] | None = None,
             ingest: list | None = None, model: str | None = None) -> ReviewApp:
    """The one way to build the app, for the CLI, the tests and the benchmark."""
    return ReviewApp(db_path, reviewer or default_reviewer(), load_keymap() if keymap is None else keymap,
                     ingest, model)
