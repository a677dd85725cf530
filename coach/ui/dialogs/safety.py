"""The safety note shown once, on first run, before anything else."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

SAFETY_NOTE = (
    "coach guides gentle exercises from a health article about leg cramps. "
    "It is not medical advice.\n\n"
    "Move slowly and stop if a movement causes sharp or unusual pain.\n\n"
    "See a doctor if cramps keep coming although you do the exercises, if a cramp lasts "
    "ten minutes or more, or, in pregnancy, if you notice high blood pressure or severe swelling."
)


class SafetyNoteDialog(ModalScreen[None]):
    BINDINGS = [Binding("enter,escape", "close", "I understand", id="safety.ok")]

    def compose(self) -> ComposeResult:
        with Vertical(id="safety"):
            yield Static("Before you start", id="safety-title")
            yield Static(SAFETY_NOTE, id="safety-text")
            yield Button("I understand (enter)", variant="primary", id="ok")

    def on_button_pressed(self) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
