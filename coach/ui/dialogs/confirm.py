"""A yes/no question in a modal box, answered by keys or buttons.

Its footer shows its own keys with its own words ("y End  n Keep going"), not the keys of the
screen behind it, which do nothing while it is open.
"""

from __future__ import annotations

from dataclasses import replace

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from coach.ui.dialogs.keys import HELP_BINDING
from coach.ui.text import plain
from coach.ui.widgets.footer import CoachFooter


class ConfirmDialog(ModalScreen[bool]):
    CSS_PATH = "../styles/dialogs.tcss"
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes", tooltip="Answer yes."),
        Binding("n,escape", "answer(False)", "No", id="confirm.no", tooltip="Answer no."),
        HELP_BINDING,
    ]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question
        self.yes_label = yes
        self.no_label = no
        self._word_keys({"confirm.yes": yes, "confirm.no": no})

    def _word_keys(self, words: dict[str, str]) -> None:
        """This dialog's bindings (its own copy of BINDINGS) described with its button words."""
        for key, bindings in self._bindings.key_to_bindings.items():
            self._bindings.key_to_bindings[key] = [
                replace(b, description=words[b.id], tooltip=f"{words[b.id]}.")
                if b.id in words
                else b
                for b in bindings
            ]

    def compose(self) -> ComposeResult:
        with Grid(id="dialog"):
            yield Label(plain(self.question), id="question")
            yield Button(plain(f"{self.yes_label} (y)"), variant="primary", id="yes")
            yield Button(plain(f"{self.no_label} (n)"), id="no")
        yield CoachFooter()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
