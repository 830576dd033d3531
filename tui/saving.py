"""Saving a decision while another process holds the database's write lock.

An ingest, a family rebuild or another reviewer may hold SQLite's write lock
for a moment. A decision then waits: the desk says "saving…", keeps the
decision (nothing is shown as done before it is committed, and the cursor
does not move) and tries again every half second until it is in, instead of
freezing on a long busy timeout or reporting "database is locked".
"""

from __future__ import annotations

import sqlite3
from typing import Any, Callable

from quotedesk.core.decisions import ReviewError

#: How long the desk's connection waits for a lock before the desk says "saving…".
BUSY_MS = 400
RETRY_SECONDS = 0.5


def is_busy(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in str(exc) or "busy" in str(exc))


class Saver:
    """Runs one decision at a time; a busy database makes it wait and retry."""

    def __init__(self, app) -> None:
        self.app = app
        self.waiting = False

    def save(self, attempt: Callable[[], Any], done: Callable[[Any], None]) -> None:
        """Run ``attempt`` (a core write); call ``done`` with its result once committed."""
        if self.waiting:
            self.app.bell()
            self.app.notify("still saving your last decision (the database is busy); one moment",
                            severity="warning", markup=False, timeout=2)
            return
        self._try(attempt, done)

    def _try(self, attempt, done) -> None:
        try:
            out = attempt()
        except ReviewError as exc:
            self._settled()
            self.app.notify(str(exc), severity="warning", markup=False)
            return
        except sqlite3.Error as exc:
            if is_busy(exc):
                if not self.waiting:
                    self.waiting = True
                    self.app.notify("saving… another process is writing to the database; your decision will be "
                                    "saved as soon as it is done", markup=False, timeout=3)
                self.app.set_timer(RETRY_SECONDS, lambda: self._try(attempt, done))
                return
            self._settled()
            self.app.notify(f"could not save the decision ({exc}); nothing changed, try again",
                            severity="error", markup=False, timeout=10)
            return
        if self.waiting:
            self.app.notify("saved", markup=False, timeout=2)
        self._settled()
        done(out)

    def _settled(self) -> None:
        self.waiting = False
