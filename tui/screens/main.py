"""The review desk: queue on the left; context, candidates and family on the right."""

from __future__ import annotations

import dataclasses
import time

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen

from quotedesk.core import annotate, detail, queue, review, speakers, undo
from quotedesk.core.queue import Filter
from quotedesk.core.viewpoint import own_statuses
from quotedesk.core.decisions import Outcome, ReviewError
from quotedesk.core.speakers import name_of

from ..config import MAIN_KEYS, keys_for, main_bindings
from ..widgets.candidates import CandidatesView
from ..widgets.context import ContextView
from ..widgets.family import FamilyPanel
from ..widgets.keybar import KeyBar
from ..widgets.plain import one_line
from ..widgets.progress import ProgressLine
from ..widgets.queue import QueueView

#: The decisions that give the reviewer's answer, which a blind pass gives blind.
_ANSWERING = (review.confirm, review.choose, review.set_speaker, review.no_speaker, review.reject,
              annotate.add_speaker)


class MainScreen(Screen):
    BINDINGS = main_bindings()

    def __init__(self) -> None:
        super().__init__()
        self.filter = Filter(blind_for=self.app.reviewer if self.app.blind else None)
        self.order = "article"
        self.pace: queue.Pace | None = None
        self.started = time.monotonic()
        self.shown: str | None = None
        self.shown_speaker: int | None = None
        self.loading = False
        self._family_key: object = ()
        self._pace_due = False
        #: Where this reviewer stopped last time, until the first full queue is shown.
        self.resume: tuple[str, bool] | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            yield QueueView(lambda ids: queue.rows(self.app.db, ids, self.filter.blind_for), id="queue")
            with Vertical(id="detail"):
                yield ContextView(id="context")
                yield CandidatesView(id="candidates")
                yield FamilyPanel(id="family")
        yield ProgressLine(id="progress")
        keys = [(bid, keys_for(bid, self.app.keymap), action) for _, action, _, bid, _ in MAIN_KEYS]
        yield KeyBar([*keys, ("palette", "ctrl+p", "app.command_palette")], id="keybar")

    @property
    def queue(self) -> QueueView:
        return self.query_one(QueueView)

    def on_mount(self) -> None:
        self.queue.focus()
        self.resume = queue.resume_point(self.app.db, self.app.reviewer)
        head = queue.queue_head(self.app.db, self.filter, self.order)
        if head is not None:  # paint the first page now; the worker reads the rest
            self.queue.load(head, partial=True, **self._resume_at())
            self.show_current()
        self.reload()
        self.compute_pace()

    # -- loading ------------------------------------------------------------
    def reload(self, keep: str | None = None) -> None:
        self.loading = True
        if self.queue.loaded:
            self.show_progress()
        self.load_queue(self.filter, self.order, keep)

    @work(thread=True, exclusive=True, group="queue", exit_on_error=False)
    def load_queue(self, flt: Filter, order: str, keep: str | None) -> None:
        with self.app.worker_db() as db:
            entries = queue.queue(db, flt, order)
            skipped = queue.skipped(db, self.app.reviewer)
        self.app.call_from_thread(self._loaded, entries, keep, skipped)

    def _resume_at(self) -> dict:
        """Open where the reviewer stopped: on the quote an undo returned to, else after their last decision."""
        if self.resume is None:
            return {}
        qid, stay = self.resume
        return {"keep": qid} if stay else {"after": qid}

    def _loaded(self, entries, keep, skipped) -> None:
        self.queue.skipped = skipped
        where = {"keep": keep}
        if self.resume is not None:
            # The head may have held the resume point already (and the
            # reviewer may have moved since): stay on a pending quote there.
            here = self.queue.current
            if self.queue.partial and self.queue.has(self.resume[0]) and self.queue.statuses.get(here) == "pending":
                where = {"keep": here}
            else:
                where = self._resume_at()
            self.resume = None
        elif self.queue.partial:  # stay on the head's pending quote, else the first pending overall
            where = {"keep": self.queue.current if self.queue.statuses.get(self.queue.current) == "pending" else None}
        self.loading = False
        self.queue.load(entries, **where)
        self.show_current()

    def refresh_pace(self) -> None:
        """Recompute the pace soon, at most once a second however fast the keys come."""
        if not self._pace_due:
            self._pace_due = True
            self.set_timer(1.0, self._compute_pace)

    def _compute_pace(self) -> None:
        self._pace_due = False
        self.compute_pace()

    @work(thread=True, exclusive=True, group="pace", exit_on_error=False)
    def compute_pace(self) -> None:
        with self.app.worker_db() as db:
            pace = queue.pace(db, self.app.reviewer)
        self.app.call_from_thread(self._paced, pace)

    def _paced(self, pace: queue.Pace) -> None:
        self.pace = pace
        self.show_progress()

    @on(QueueView.Moved)
    def moved(self) -> None:
        if self.queue.current != self.shown:
            self.show_current()

    def show_current(self) -> None:
        """Fill the panes for the quote under the cursor; its review clock starts now."""
        qid = self.shown = self.queue.current
        db = self.app.db
        viewer = self.filter.blind_for
        try:
            ctx = detail.context(db, qid, viewer=viewer) if qid else None
        except ReviewError:  # removed by a re-detection since the queue was read
            ctx = None
        self.query_one(ContextView).show(ctx)
        self.shown_speaker = ctx.speaker_id if ctx else None
        self.query_one(CandidatesView).show(detail.candidates(db, qid) if qid else [])
        fam = detail.family(db, qid, viewer) if qid else detail.Family(None, [], False)
        key = (fam.cluster_id, fam.conflict, [(m.id, m.status, m.speaker) for m in fam.members]) if fam.cluster_id else None
        if key != self._family_key:  # most quotes have no family: skip the redraw
            self._family_key = key
            self.query_one(FamilyPanel).show(fam)
        self.started = time.monotonic()
        self.show_progress()
        self.call_after_refresh(self._prefetch)

    def _prefetch(self) -> None:
        """After the frame is drawn, lay out the quote a confirm would go to next."""
        index = self.queue.peek_next_undecided()
        if index is None or self.queue.ids[index] == self.shown:
            return
        try:
            self.query_one(ContextView).prepare(detail.context(self.app.db, self.queue.ids[index],
                                                               viewer=self.filter.blind_for))
        except ReviewError:
            pass

    def show_progress(self) -> None:
        q = self.queue
        name = name_of(self.app.db, self.filter.speaker_id) if self.filter.speaker_id is not None else None
        self.query_one(ProgressLine).show(q.decided, "…" if q.partial else len(q.ids), self.filter.describe(name),
                                          queue.ORDERS[self.order], self.app.reviewer, self.pace,
                                          loading=self.loading and not q.partial)

    # -- deciding -----------------------------------------------------------
    def decide(self, fn, *args, advance: bool = True, **kwargs) -> None:
        """Run one core decision on the current quote; it is committed before the screen moves."""
        qid = self.queue.current
        if qid is None:
            self.app.bell()
            return
        seconds, reviewer, db = time.monotonic() - self.started, self.app.reviewer, self.app.db
        if fn is review.confirm and self.shown_speaker is not None:
            kwargs["speaker_id"] = self.shown_speaker  # what is on screen, whatever arrives meanwhile
        if fn in _ANSWERING and self.filter.blind_for:
            kwargs["blind"] = True  # the machine's proposal; a second opinion never settles an unseen dispute
        self.app.saver.save(lambda: fn(db, qid, *args, reviewer=reviewer, seconds=seconds, **kwargs),
                            lambda out: self.after(out, advance and self.queue.current == qid, fn is review.skip))

    def seen(self, out: Outcome) -> dict[str, str]:
        """The statuses to show: settled ones, or in a blind pass the reviewer's own."""
        if not self.filter.blind_for:
            return out.statuses
        return own_statuses(self.app.db, self.filter.blind_for, out.statuses)

    def after(self, out: Outcome, advance: bool = True, skipped: bool = False) -> None:
        for qid in out.statuses:
            (self.queue.skipped.add if skipped else self.queue.skipped.discard)(qid)
        self.queue.changed(self.seen(out))
        if advance:
            self.queue.next_undecided()
            if self.queue.ids and self.queue.decided == len(self.queue.ids) and not self.queue.partial:
                self.notify("every quote in this view is decided", timeout=4)
        self.show_current()
        if out.message:
            self.notify(out.message, markup=False, timeout=2)
        self.refresh_pace()

    def action_confirm(self) -> None:
        self.decide(review.confirm)

    def action_choose(self, rank: int) -> None:
        self.decide(review.choose, rank)

    def action_no_speaker(self) -> None:
        self.decide(review.no_speaker)

    def action_reject(self) -> None:
        self.decide(review.reject)

    def action_skip(self) -> None:
        self.decide(review.skip)

    def action_type_speaker(self) -> None:
        self._ask_speaker(review.set_speaker)

    def _ask_speaker(self, fn, *prompt_args, **kwargs) -> None:
        """Prompt for a speaker, then decide ``fn`` with the one picked or typed."""
        from .prompts import SpeakerPrompt

        if self.queue.current is None:
            return
        started = self.started

        def chosen(result) -> None:
            if result is None:
                return
            self.started = started  # time in the prompt counts for this quote
            speaker_id, name = result
            self.decide(fn, name=name, speaker_id=speaker_id, **kwargs)

        self.app.push_screen(SpeakerPrompt(speakers.known_names(self.app.db), *prompt_args), chosen)

    # -- fixing the detector's work, joint speakers, flags ---------------------
    def edit(self, fn, *args, **kwargs) -> None:
        """Run one core edit on the current quote; the cursor stays on it."""
        qid = self.queue.current
        if qid is None:
            self.app.bell()
            return
        db, reviewer = self.app.db, self.app.reviewer
        self.app.saver.save(lambda: fn(db, qid, *args, reviewer=reviewer, **kwargs),
                            lambda out: self.after(out, advance=False))

    def action_kind(self) -> None:
        qid = self.queue.current
        if qid is not None:
            self.edit(annotate.set_kind, annotate.next_kind(detail.context(self.app.db, qid).kind))

    def action_edge(self, edge: str, step: int) -> None:
        self.edit(annotate.move_edge, edge, step)

    def action_flag(self) -> None:
        from .prompts import TextPrompt

        qid = self.queue.current
        if qid is None:
            return
        if annotate.flag_of(self.app.db, qid)[0]:
            self.edit(annotate.flag, flag=None)
            return

        def noted(note) -> None:
            if note is not None:
                self.edit(annotate.flag, note=note)

        self.app.push_screen(TextPrompt("Flag as unsure: a note (optional)", "", "why…"), noted)

    def action_joint_speaker(self) -> None:
        self._ask_speaker(annotate.add_speaker, "Add a speaker", advance=False)

    def action_add_quote(self) -> None:
        from .prompts import TextPrompt

        near = self.queue.current
        if near is None:
            return
        db, reviewer = self.app.db, self.app.reviewer

        def typed(words) -> None:
            if not words:
                return

            def added(out) -> None:
                new = next(iter(out.statuses))
                self.notify(out.message, markup=False, timeout=3)
                self.reload(keep=new)

            self.app.saver.save(lambda: annotate.add_quote(db, near, words, reviewer), added)

        self.app.push_screen(TextPrompt("Add a quotation the detector missed: its words as they read in the passage",
                                        "", "words of the quotation…"), typed)

    def action_undo(self) -> None:
        db, reviewer = self.app.db, self.app.reviewer
        self.app.saver.save(lambda: undo.undo(db, reviewer), self.undone)

    def undone(self, out: Outcome) -> None:
        if "removed" in out.statuses.values():  # an added quotation taken back: the queue changes
            self.notify(out.message, markup=False, timeout=2)
            self.reload()
            return
        self.queue.forget()
        moved = [qid for qid in out.statuses if qid in self.queue.statuses]
        if moved:  # an undone answer may leave a skip as the reviewer's latest word, or the reverse
            still = queue.skipped(self.app.db, self.app.reviewer, moved)
            self.queue.skipped.difference_update(moved)
            self.queue.skipped.update(still)
        self.queue.changed(self.seen(out))
        if moved:
            self.queue.move_to(self.queue.ids.index(moved[-1]))
        self.show_current()
        self.notify(out.message, markup=False, timeout=2)
        self.refresh_pace()

    def action_apply_family(self) -> None:
        qid = self.queue.current
        if qid is None:
            return
        if self.queue.statuses.get(qid) == "pending":
            last = queue.last_decided(self.app.db, self.app.reviewer)
            qid = last or qid
        db, reviewer = self.app.db, self.app.reviewer
        self.app.saver.save(lambda: review.apply_to_family(db, qid, reviewer),
                            lambda out: self.after(out, advance=self.queue.current in out.statuses))

    # -- moving and finding -------------------------------------------------
    def action_move(self, delta: int) -> None:
        self.queue.move(delta)
        self.show_current()

    def action_order(self) -> None:
        names = list(queue.ORDERS)
        self.order = names[(names.index(self.order) + 1) % len(names)]
        self.notify(f"order: {queue.ORDERS[self.order]}", timeout=2)
        self.reload()  # the new view opens on its first undecided quote

    def action_search(self) -> None:
        from .prompts import TextPrompt

        def done(text) -> None:
            if text is not None:
                self.set_filter(dataclasses.replace(self.filter, search=text.strip() or None))

        # The field opens empty: what is typed is a new search, and enter on
        # nothing clears the current one (shown in the title), never re-applies it.
        title = "Search quotes and speakers"
        if self.filter.search:
            title += f" (now: {one_line(self.filter.search)}; enter on an empty field clears it)"
        self.app.push_screen(TextPrompt(title, "", "words…"), done)

    def action_filter(self) -> None:
        from .filter import FilterScreen

        def done(flt) -> None:
            if flt is not None:
                self.set_filter(flt)

        self.app.push_screen(FilterScreen(self.filter, queue.outlets(self.app.db)), done)

    def set_filter(self, flt: Filter) -> None:
        try:
            queue.check(flt)  # a search for "*" says so rather than pretending to filter
        except ReviewError as exc:
            self.notify(str(exc), severity="warning", markup=False)
            return
        self.filter = dataclasses.replace(flt, blind_for=self.filter.blind_for)
        head = queue.queue_head(self.app.db, self.filter, self.order)
        if head is not None:  # the first page of a filter by outlet or status at once; the worker reads the rest
            self.queue.load(head, partial=True)
            self.show_current()
        self.reload()  # the new view opens on its first undecided quote

    def action_family_view(self) -> None:
        from .family import FamilyScreen

        if self.queue.current:
            def back(changed) -> None:  # decisions made there, shown in the queue
                if changed:
                    self.queue.skipped.difference_update(changed)
                    self.queue.changed(self.seen(Outcome([], changed)))
                    self.show_current()

            self.app.push_screen(FamilyScreen(detail.family(self.app.db, self.queue.current, self.filter.blind_for),
                                              self.filter.blind_for), back)

    def action_speakers(self) -> None:
        self.app.action_speakers()

    def action_help(self) -> None:
        from .help import HelpScreen

        self.app.push_screen(HelpScreen(self.app.keymap))

    def action_quit(self) -> None:
        self.app.exit()

    def on_screen_resume(self) -> None:
        if self.queue.loaded:
            self.queue.forget()
            self._family_key = ()
            self.show_current()
