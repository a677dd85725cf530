"""The end of a session: what was done, how long it took, and where the streak stands.

Shown as soon as the session is over and saved, and filled in from the record as saved (read
on the app's writer thread, after the session's last save): never a glimpse of home between.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker

from coach.journal import Journal
from coach.present.session_end import summary_lines
from coach.ui.text import plain, styled
from coach.ui.widgets.footer import CoachFooter
from coach.ui.writes import drawing_work

if TYPE_CHECKING:
    from coach.adherence import StreakSummary, TodayCount
    from coach.model import Routine
    from coach.store import SessionRecord, Store
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
    loader: Worker[None] | None = None  # the read of the session as saved

    def __init__(
        self,
        session_id: int,
        *,
        routine: Routine | None = None,
        stopped: int | None = None,
    ) -> None:
        super().__init__()
        self.session_id = session_id
        self.routine = routine
        self.stopped = stopped
        self.record: SessionRecord | None = None  # as stored, once read
        self.streak = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="end"):
            yield Static(id="end-title")
            yield Static(id="end-heading")
            yield Static(id="end-summary")
        yield CoachFooter()

    def on_mount(self) -> None:
        self.loader = self._load()

    @drawing_work(group="load", exclusive=True)
    async def _load(self) -> None:
        ctx, sid = self.app.context, self.session_id

        def summed_up(store: Store) -> tuple[SessionRecord, StreakSummary, TodayCount] | None:
            record = store.session(sid)
            if record is None:
                return None
            journal = Journal.of(ctx, store)
            return record, journal.summary(), journal.day_count(record)

        found = await self.app.read(summed_up)
        if not self.is_attached:
            return
        if found is None:  # not in the record, or the disk refused (said): home reads again
            if self.is_current:
                self.app.go_home()
            return
        self.record, summary, today = found
        self.streak = summary.current_streak
        heading, _, *rest = summary_lines(
            self.record, self.streak, routine=self.routine, today=today, stopped=self.stopped
        )
        title = styled("[b]$title[/b]", title=self.record.routine_title)
        self.query_one("#end-title", Static).update(title)
        self.query_one("#end-heading", Static).update(plain(heading))
        self.query_one("#end-summary", Static).update(plain("\n".join(rest)))

    def action_home(self) -> None:
        self.app.go_home()
