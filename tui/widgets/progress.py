"""Decided / total in the current filter, and the reviewer's pace."""

from __future__ import annotations

from rich.text import Text

from quotedesk.core.queue import Pace

from .panel import TextPanel
from .plain import one_line


def round_rate(per_hour: float) -> str:
    """An hourly rate to two significant figures: 287 → 290, 8392 → 8,400."""
    if per_hour <= 0:
        return "0"
    digits = len(str(int(per_hour))) - 2
    return f"{int(round(per_hour, -digits if digits > 0 else 0)):,}"


class ProgressLine(TextPanel):
    def show(self, decided: int, total: int | str, scope: str, order: str, reviewer: str, pace: Pace | None,
             loading: bool = False) -> None:
        text = Text()
        if loading:
            text.append(" reading the queue… ", "bold black on yellow")
        text.append(f" {decided}/{total} decided ", "bold reverse")
        text.append(f" {one_line(scope)} · {order} · reviewer ")
        text.append(one_line(reviewer), "bold")
        if pace and pace.seconds_each:
            text.append(f" · {pace.decisions} in the last hour, {pace.seconds_each:.0f} s each "
                        f"(≈{round_rate(pace.per_hour)}/h)")
        else:
            text.append(" · pace after 5 answers", "dim")
        self.set_text(text)
