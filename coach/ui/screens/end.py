"""The end of a session: what was done, how long it took, and where the streak stands."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from coach.adherence import TodayCount
from coach.model import Routine
from coach.present.session_end import summary_lines
from coach.store import SessionRecord
from coach.ui.text import plain, styled
from coach.ui.widgets.footer import CoachFooter

if TYPE_CHECKING:
    from coach.ui.app import CoachApp


class EndScreen(Screen[None]):
    CAN_LEAVE = True  # nothing is lost by going somewhere else from here (the palette)
    CSS_PATH = "../styles/end.tcss"
    KEYS_TITLE = "the end of a session"
    BINDINGS = [
        Binding("enter,h", "home", "Home", id="end.home", tooltip="Back to today's plan."),
        Binding("q", "app.quit", "Quit", id="end.quit", tooltip="Close coach."),
    ]

    app: CoachApp

    def __init__(
        self,
        record: SessionRecord,
        streak: int,
        *,
        routine: Routine | None = None,
        today: TodayCount | None = None,
        stopped: int | None = None,
    ) -> None:
        super().__init__()
        self.record = record
        self.streak = streak
        self.lines = summary_lines(record, streak, routine=routine, today=today, stopped=stopped)

    def compose(self) -> ComposeResult:
        heading, _, *rest = self.lines
        with Vertical(id="end"):
            yield Static(styled("[b]$title[/b]", title=self.record.routine_title), id="end-title")
            yield Static(plain(heading), id="end-heading")
            yield Static(plain("\n".join(rest)), id="end-summary")
        yield CoachFooter()

    def action_home(self) -> None:
        self.app.go_home()
