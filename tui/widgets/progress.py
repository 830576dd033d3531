"""Decided / total in the current filter, and the reviewer's pace."""

from __future__ import annotations

from rich.text import Text

from core.queue import Pace

from .panel import TextPanel
from .plain import one_line


class ProgressLine(TextPanel):
    def show(self, decided: int, total: int | str, scope: str, order: str, reviewer: str, pace: Pace | None,
             loading: bool = False) -> None:
        text = Text()
        if loading:
            text.append(" reading the queue… ", "bold black on yellow")
        text.append(f" {decided}/{total} decided ", "bold reverse")
        text.append(f" {one_line(scope)} · {order} · reviewer ")
        text.append(one_line(reviewer), "bold")
        if pace and pace.median_seconds:
            text.append(f" · {pace.decisions} in the last hour, {pace.median_seconds:.1f} s each (≈{pace.per_hour:.0f}/h)")
        else:
            text.append(" · pace —", "dim")
        self.set_text(text)
