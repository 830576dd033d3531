"""Every member of a quote's family side by side, and decisions on each.

Each member's card shows its outlet, its state, its passage with the quote
marked, the words that differ from the quote under review, and its numbered
candidates. ``←``/``→`` (or ``h``/``l``, ``tab``, a click) pick a member; the
desk's decision keys then act on that member: confirm, choose a candidate,
no speaker, reject, undo. Every decision goes through ``core.review`` (undo
through ``core.undo``) and the app's saver, like the main screen's.
"""

from __future__ import annotations

import time

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from quotedesk.core import detail, review, undo
from quotedesk.core.detail import Family
from quotedesk.core.decisions import ReviewError

from ..widgets.candidates import render_candidates
from ..widgets.context import render_context
from ..widgets.family import MARKS, conflict_banner, diff_text
from ..widgets.plain import one_line


class MemberCard(VerticalScroll):
    """One member's column; a click picks it."""

    def __init__(self, index: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.index = index

    def on_click(self, event: events.Click) -> None:
        self.screen.pick(self.index)


class FamilyScreen(Screen[dict]):
    """Dismissed with the statuses its decisions changed, for the desk's queue."""

    BINDINGS = [
        Binding("escape,F,q", "back", "Back", id="family-back"),
        Binding("right,l,tab", "step(1)", "Next member", show=False, id="family-next"),
        Binding("left,h,shift+tab", "step(-1)", "Previous member", show=False, id="family-previous"),
        Binding("a,enter", "decide('confirm')", "Confirm", id="family-confirm"),
        *[Binding(str(n), f"choose({n})", "Choose" if n == 1 else f"Candidate {n}", show=n == 1, key_display="1-9" if n == 1 else None,
                  id=f"family-choose-{n}") for n in range(1, 10)],
        Binding("n", "decide('no_speaker')", "No speaker", id="family-no-speaker"),
        Binding("x", "decide('reject')", "Reject", id="family-reject"),
        Binding("u,backspace", "undo", "Undo", id="family-undo"),
    ]

    def __init__(self, fam: Family, viewer: str | None = None) -> None:
        super().__init__()
        self.fam, self.viewer = fam, viewer
        self.selected = next((i for i, m in enumerate(fam.members) if m.is_self), 0)
        self.started = time.monotonic()
        self.changed: dict[str, str] = {}

    def action_back(self) -> None:
        self.dismiss(self.changed)

    # -- drawing --------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static(self.header(), id="family-head")
        if self.fam.cluster_id is not None and len(self.fam.members) >= 2:
            with Horizontal(id="family-columns"):
                for i, m in enumerate(self.fam.members):
                    classes = "family-member" + (" self" if m.is_self else "") + (" picked" if i == self.selected else "")
                    with MemberCard(i, classes=classes, id=f"member-{i}"):
                        yield Static(self.card(i), id=f"card-{i}")
        yield Footer()

    def header(self) -> Text:
        fam = self.fam
        head = Text("Family view", "bold")
        if fam.cluster_id is None or len(fam.members) < 2:
            return head + Text("\nno other outlet carries this quote", "dim")
        head.append(f"  family {fam.cluster_id}: {len(fam.members)} outlets  ")
        head.append_text(conflict_banner(fam))
        head.append("\n←→ pick a member · a confirm · 1-9 choose · n no speaker · x reject · u undo · "
                    "highlighted words differ from the quote under review", "dim")
        return head

    def card(self, i: int) -> Text:
        m = self.fam.members[i]
        me = next(x for x in self.fam.members if x.is_self)
        out = Text()
        out.append(one_line(m.outlet or "?") + ("  (this quote)" if m.is_self else ""), "bold")
        out.append(f"\n{MARKS.get(m.status, '?')} {one_line(m.status)}  ")
        out.append(one_line(m.speaker or "—"), "bold cyan")
        out.append("\n\n")
        out.append_text(Text(one_line(m.text)) if m.is_self else diff_text(me.text, one_line(m.text)))
        try:
            ctx = detail.context(self.app.db, m.id, margin=0, viewer=self.viewer)
        except ReviewError:
            return out
        passage, _, head = render_context(ctx)
        out.append("\n\n")
        out.append_text(passage[head:])
        out.append("\n\n")
        out.append_text(render_candidates(detail.candidates(self.app.db, m.id), compact=True))
        return out

    def redraw(self) -> None:
        """Read the family again (a decision changed a member) and redraw every card."""
        me = next(m for m in self.fam.members if m.is_self)
        fresh = detail.family(self.app.db, me.id, self.viewer)
        if [m.id for m in fresh.members] != [m.id for m in self.fam.members]:
            self.dismiss(self.changed)  # the family changed under us (matching re-ran): back to the desk
            return
        self.fam = fresh
        self.query_one("#family-head", Static).update(self.header())
        for i in range(len(self.fam.members)):
            self.query_one(f"#card-{i}", Static).update(self.card(i))
            self.query_one(f"#member-{i}").set_class(i == self.selected, "picked")

    # -- picking and deciding ---------------------------------------------------
    @property
    def member(self):
        return self.fam.members[self.selected] if self.fam.members else None

    def pick(self, index: int) -> None:
        if not self.fam.members:
            return
        self.selected = index % len(self.fam.members)
        for i in range(len(self.fam.members)):
            self.query_one(f"#member-{i}").set_class(i == self.selected, "picked")
        self.query_one(f"#member-{self.selected}").scroll_visible()
        self.started = time.monotonic()

    def action_step(self, delta: int) -> None:
        self.pick(self.selected + delta)

    def _save(self, fn, *args, **kwargs) -> None:
        member = self.member
        if member is None or len(self.fam.members) < 2:
            self.app.bell()
            return
        db, reviewer, seconds = self.app.db, self.app.reviewer, time.monotonic() - self.started
        if fn is review.confirm and self.viewer:
            kwargs["proposal"] = True  # a blind pass confirms the machine's proposal, never another's answer

        def done(out) -> None:
            self.changed.update(out.statuses)
            self.redraw()
            self.started = time.monotonic()

        self.app.saver.save(lambda: fn(db, member.id, *args, reviewer=reviewer, seconds=seconds, **kwargs), done)

    def action_decide(self, what: str) -> None:
        self._save({"confirm": review.confirm, "no_speaker": review.no_speaker, "reject": review.reject}[what])

    def action_choose(self, rank: int) -> None:
        self._save(review.choose, rank)

    def action_undo(self) -> None:
        db, reviewer = self.app.db, self.app.reviewer

        def done(out) -> None:
            self.changed.update(out.statuses)
            self.redraw()
            if out.message:
                self.notify(out.message, markup=False, timeout=2)

        self.app.saver.save(lambda: undo.undo(db, reviewer), done)
