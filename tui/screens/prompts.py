"""Small modal prompts: a line of text, and a speaker with completion."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from quotedesk.core.speakers import complete

from ..widgets.plain import LiteralInput, one_line


class TextPrompt(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.title_text, self.value, self.placeholder = title, value, placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.title_text, "bold"))
            yield LiteralInput(self.value, placeholder=self.placeholder, id="prompt-input")
            yield Label(Text("enter: apply (empty clears) · escape: cancel", "dim"))

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmPrompt(ModalScreen[bool]):
    """A yes/no question for an act with wide effects (a merge): ``y`` or enter does it."""

    BINDINGS = [Binding("y,enter", "answer(True)", "Yes"), Binding("n,escape", "answer(False)", "No")]

    def __init__(self, question: Text) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, id="confirm-question")
            yield Label(Text("y or enter: yes · n or escape: no", "dim"))

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class SpeakerPrompt(ModalScreen[tuple[int | None, str] | None]):
    """Type a speaker: matching known names and aliases are listed as you type.

    ↓/↑ pick one from the list; enter uses the picked speaker, or the typed
    name (a known name or alias, else a new speaker). The list puts names
    that start with what was typed first, then those with a word starting so,
    each group by how often the speaker is used (``core.speakers.complete``).
    A new name while names are listed ("Stolt" beside "Jens Stoltenberg",
    "Xi J." beside "Xi Jinping") is most often an unfinished one, so it takes
    a second enter to create.
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "pick(1)", "Next match", show=False),
        Binding("up", "pick(-1)", "Previous match", show=False),
        Binding("tab", "complete", "Complete", show=False),
    ]
    LIMIT = 40

    HINT = "↓↑ pick · tab: complete · enter: use · a new name creates a speaker · escape: cancel"

    def __init__(self, names: list[tuple[int, str, str, int]], title: str = "Speaker") -> None:
        super().__init__()
        self.names, self.title_text = names, title
        self.confirming: str | None = None  # a new name shown once, awaiting a second enter

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.title_text, "bold"))
            yield LiteralInput(placeholder="name or alias", id="speaker-input")
            yield OptionList(id="speaker-options")
            yield Label(Text(self.HINT, "dim"), id="speaker-hint")

    def on_mount(self) -> None:
        self.refill("")

    @on(Input.Changed)
    def refill(self, event_or_text) -> None:
        typed = event_or_text if isinstance(event_or_text, str) else event_or_text.value
        options = self.query_one(OptionList)
        options.clear_options()
        for sid, alias, name, uses in complete(self.names, typed, self.LIMIT):
            label = Text(one_line(alias), "bold")
            if alias != name:
                label.append(f"  → {one_line(name)}", "dim")
            label.append(f"  {uses} quote{'s' if uses != 1 else ''}", "dim")
            options.add_option(Option(label, id=f"{sid}:{alias}"))
        options.highlighted = None
        if self.confirming is not None and self.confirming != typed.strip():
            self.confirming = None
            self.query_one("#speaker-hint", Label).update(Text(self.HINT, "dim"))

    def action_pick(self, step: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            current = options.highlighted
            options.highlighted = 0 if current is None else max(0, min(current + step, options.option_count - 1))

    def action_complete(self) -> None:
        options = self.query_one(OptionList)
        index = options.highlighted if options.highlighted is not None else 0
        if options.option_count:
            alias = options.get_option_at_index(index).id.split(":", 1)[1]
            field = self.query_one(Input)
            field.value = alias
            field.cursor_position = len(alias)

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        options = self.query_one(OptionList)
        typed = event.value.strip()
        if options.highlighted is not None:
            sid, alias = options.get_option_at_index(options.highlighted).id.split(":", 1)
            self.dismiss((int(sid), alias))
        elif typed:
            known = {(sid, alias) for sid, alias, _, _ in self.names if alias.casefold() == typed.casefold()}
            if len({sid for sid, _ in known}) == 1:
                self.dismiss(known.pop())
            elif known:
                self.dismiss((None, event.value))  # several speakers: core asks to pick one
            elif options.option_count and self.confirming != typed:
                self.confirming = typed
                hint = Text.assemble((f"“{one_line(typed)}” is a new speaker: ", "bold"),
                                     ("enter again to create it · ↓ or tab to use a match listed", "dim"))
                self.query_one("#speaker-hint", Label).update(hint)
            else:
                self.dismiss((None, event.value))

    @on(OptionList.OptionSelected)
    def selected(self, event: OptionList.OptionSelected) -> None:
        sid, alias = event.option.id.split(":", 1)
        self.dismiss((int(sid), alias))

    def action_cancel(self) -> None:
        self.dismiss(None)
