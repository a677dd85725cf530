"""A yes/no question in a modal box, answered by keys or buttons."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from coach.ui.text import plain


class ConfirmDialog(ModalScreen[bool]):
    CSS_PATH = "../styles/dialogs.tcss"
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question
        self.yes_label = yes
        self.no_label = no

    def compose(self) -> ComposeResult:
        with Grid(id="dialog"):
            yield Label(plain(self.question), id="question")
            yield Button(plain(f"{self.yes_label} (y)"), variant="primary", id="yes")
            yield Button(plain(f"{self.no_label} (n)"), id="no")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
