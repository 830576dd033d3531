"""The review desk App: a database, a reviewer, a keymap and the screens."""

from __future__ import annotations

import getpass
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable

from textual.app import App, SystemCommand
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from quotedesk.core.storage import open_db

from .commands import system_commands
from .config import load_keymap
from .saving import BUSY_MS, Saver
from .screens.main import MainScreen
from .widgets.plain import safe


class ReviewApp(App):
    CSS_PATH = "review.tcss"
    TITLE = "quotedesk review"

    def __init__(self, db_path: str | Path, reviewer: str, keymap: dict[str, str] | None = None,
                 ingest: list | None = None, model: str | None = None, blind: bool = False) -> None:
        super().__init__()
        self.db_path, self.reviewer, self.keymap = str(db_path), reviewer, keymap or {}
        self.to_ingest, self.model, self.blind = ingest, model, blind
        self.db = open_db(self.db_path)
        # If another program holds the write lock (an ingest, say), a decision
        # waits a moment, then the desk says "saving…" and retries (tui.saving)
        # instead of freezing for the full busy timeout.
        self.db.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
        self.saver = Saver(self)
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
            from quotedesk.core.ingest import collect

            from .screens.ingest import IngestScreen

            self.push_screen(IngestScreen(self.to_ingest, len(collect(self.to_ingest)[0]), self.model))
        else:
            self.push_screen(MainScreen())

    def ingested(self, report) -> None:
        self.notify(f"{report.added + report.updated} article(s), {report.quotes} quote(s) ready for review", timeout=4)
        self.switch_screen(MainScreen())

    def notify(self, message: str, *, title: str = "", severity="information", timeout: float | None = None,
               markup: bool = True) -> None:
        """Every toast, from any screen, is literal text: messages carry names, paths and article text.

        Markup is never parsed (the desk's own messages use none) and control
        characters are shown as visible symbols.
        """
        super().notify(safe(str(message)), title=safe(title), severity=severity, timeout=timeout, markup=False)

    def action_help_quit(self) -> None:
        """Textual's ctrl+c hint, without the markup it is written in (it would show as "[b]q[/b]")."""
        key = next((k for k, b in self.active_bindings.items() if b.binding.action in ("quit", "app.quit")), None)
        if key:
            self.notify(f"Press {key} to quit the app", title="Do you want to quit?")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.notify(f"{event.worker.name} failed: {event.worker.error}", severity="error", markup=False, timeout=10)

    def on_unmount(self) -> None:
        with self._worker_lock:
            if self._worker_conn is not None:
                self._worker_conn.close()
        self.db.close()

    # -- the command palette (entries in tui/commands.py) ---------------------
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield from system_commands(self)

    def action_speakers(self) -> None:
        from .screens.speakers import SpeakersScreen

        self.push_screen(SpeakersScreen())

    def reload_queue(self, message: str = "") -> None:
        """After work that changes what the desk shows (matching, a new reviewer)."""
        if message:
            self.notify(message, markup=False)
        if isinstance(self.screen, MainScreen):
            self.screen.reload(self.screen.queue.current)
            self.screen.refresh_pace()


def default_reviewer() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (containers): still record something
        return "reviewer"


def make_app(db_path: str | Path, reviewer: str | None = None, keymap: dict[str, str] | None = None,
             ingest: list | None = None, model: str | None = None, blind: bool = False) -> ReviewApp:
    """The one way to build the app, for the CLI, the tests and the benchmark."""
    return ReviewApp(db_path, reviewer or default_reviewer(), load_keymap() if keymap is None else keymap,
                     ingest, model, blind)
