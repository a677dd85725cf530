"""The end of a session: what was done, how long it took, and where the streak stands."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from coach.store import SessionRecord
from coach.summary import summary_lines
from coach.ui.text import plain, styled

if TYPE_CHECKING:
    from coach.ui.app import CoachApp


class EndScreen(Screen[None]):
    CSS_PATH = "../styles/end.tcss"
    KEYS_TITLE = "the end of a session"
    BINDINGS = [
        Binding("enter,h", "home", "Home", id="end.home", tooltip="Back to today's plan."),
        Binding("q", "app.quit", "Quit", id="end.quit", tooltip="Close coach."),
    ]

    app: CoachApp

    def __init__(self, record: SessionRecord, streak: int) -> None:
        super().__init__()
        self.record = record
        self.streak = streak

    def compose(self) -> ComposeResult:
        heading, _, *rest = summary_lines(self.record, self.streak)
        with Vertical(id="end"):
            yield Static(styled("[b]$title[/b]", title=self.record.routine_title), id="end-title")
            yield Static(heading, id="end-heading")
            yield Static(plain("\n".join(rest)), id="end-summary")
        yield Footer()

    def action_home(self) -> None:
        self.app.go_home()
