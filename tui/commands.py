"""The command palette's own entries: export, re-run matching, switch reviewer, speakers.

Slow ones run in thread workers on the app's worker connection and report
back with a notification.
"""

from __future__ import annotations

import dataclasses
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from textual.app import SystemCommand

from .widgets.plain import literal

if TYPE_CHECKING:
    from .app import ReviewApp


def system_commands(app: ReviewApp) -> Iterable[SystemCommand]:
    yield SystemCommand("Export", "Write every quote as JSONL next to the database", partial(export, app))
    yield SystemCommand("Re-run matching", "Group quotes into cross-outlet families again", partial(rematch, app))
    # The palette parses a str help as markup: a reviewer named "[/]" would crash it.
    yield SystemCommand("Switch reviewer", literal(f"Decide as someone other than {app.reviewer}"),
                        partial(switch_reviewer, app))
    yield SystemCommand("Speakers", "Merge speakers or split an alias off", app.action_speakers)


def export(app: ReviewApp) -> None:
    def run() -> Path:
        from quotedesk.core.export import export_to  # written beside and renamed in, with its dataset card

        out = Path(app.db_path).with_suffix(".export.jsonl")
        with app.worker_db() as db:
            n = export_to(db, "jsonl", out)
        app.call_from_thread(app.notify, f"{n} record(s) exported to {out}", markup=False)
        return out

    app.run_worker(run, name="export", group="export", thread=True, exclusive=True, exit_on_error=False)


def rematch(app: ReviewApp) -> None:
    def run() -> None:
        from quotedesk.core import families

        with app.worker_db() as db:
            n = families.rebuild(db)
        app.call_from_thread(app.reload_queue, f"{n} families matched again")

    app.run_worker(run, name="re-run matching", group="matching", thread=True, exclusive=True, exit_on_error=False)


def switch_reviewer(app: ReviewApp) -> None:
    from .screens.prompts import TextPrompt

    def done(name: str | None) -> None:
        if name and name.strip():
            app.reviewer = name.strip()
            screen = app.screen
            if getattr(screen, "filter", None) is not None and screen.filter.blind_for:
                screen.filter = dataclasses.replace(screen.filter, blind_for=app.reviewer)
            app.notify(f"reviewing as {app.reviewer}", markup=False)
            app.reload_queue()

    app.push_screen(TextPrompt("Reviewer name", app.reviewer), done)
