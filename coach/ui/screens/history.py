"""History: a year of practice as a heat map, the streak, completion rates, and each day's detail.

Everything shown comes from `coach.history.build_history` (one view model, a bounded number of
queries) through coach.journal; this screen only draws it and turns keys into the same
commands the CLI offers.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, TypeAlias

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static
from textual.worker import Worker

from coach.adherence import DayStatus
from coach.dates import long_day
from coach.history import HistoryError, HistoryView
from coach.journal import Journal
from coach.present.exercise_end import ended_note
from coach.ui.messages import RecordChanged
from coach.ui.screens.history_keys import HISTORY_BINDINGS
from coach.ui.text import notify, styled
from coach.ui.widgets.footer import CoachFooter
from coach.ui.widgets.heatmap import HeatMap
from coach.ui.writes import drawing_work, until_read
from coach.wording import plural

if TYPE_CHECKING:
    from coach.context import AppContext
    from coach.cramps import CrampView
    from coach.history import DayView
    from coach.store import CrampRecord, SessionRecord, Store
    from coach.ui.app import CoachApp

HEATMAP_WEEKS = 53
# A change to the record on the chosen day: its message for the user.
Command: TypeAlias = "Callable[[Store, AppContext, date], str]"


BARS = "▁▂▃▄▅▆▇█"


def bars(values: list[int], top: int | None = None) -> str:
    """A text sparkline: one bar a week, its height (not its colour) the count; · for none."""
    top = top or max(values, default=0) or 1
    return "".join(
        "·" if v <= 0 else BARS[min(len(BARS) - 1, round(v / top * (len(BARS) - 1)))]
        for v in values
    )


def percent(rate: float | None) -> str:
    return "–" if rate is None else f"{rate:.0%}"


class HistoryScreen(Screen[None]):
    CAN_LEAVE = True  # nothing is lost by going somewhere else from here (the palette)
    PALETTE_PLACE = "history"  # the palette offers no "History" here
    CSS_PATH = "../styles/history.tcss"
    KEYS_TITLE = "History"
    MOVE_KEYS = (("arrows", "Move over the days; the day's sessions show below the calendar."),)
    BINDINGS = HISTORY_BINDINGS

    app: CoachApp
    view: HistoryView | None = None  # None until the first read has arrived
    loader: Worker[None] | None = None  # the read of the record in progress (or the last one)
    day_loader: Worker[None] | None = None  # the read of the chosen day's sessions and cramps

    def __init__(self) -> None:
        super().__init__()
        self.days: dict[date, DayView] = {}

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with VerticalScroll(id="history", can_focus=False):
            yield HeatMap(weeks=HEATMAP_WEEKS, id="heatmap")
            with Horizontal(id="history-panels"):
                yield Static(id="streak-panel")
                yield Static(id="rates-panel")
                yield Static(id="cramp-panel")
            with Horizontal(id="history-lower"):
                with VerticalScroll(id="day-box", can_focus=False):
                    yield Static(id="day-detail")
                with VerticalScroll(id="cramp-box"):  # tab, then the arrows, when it is long
                    yield Static(id="cramp-comparison")
        yield CoachFooter()

    def on_mount(self) -> None:
        self.sub_title = "History"
        self.query_one(HeatMap).focus()
        # Home classified the record a moment ago: drawn at once, no read needed for it.
        view = self._home_view()
        if view is not None:
            self._show(view)
        self.reload(view)

    def reload(self, view: HistoryView | None = None) -> None:
        """Read the record again off the UI thread (the cramp panels and the day's sessions
        too) and draw it when it comes; until then the screen shows what it showed."""
        self.loader = self._load(view)

    @drawing_work(group="load", exclusive=True)
    async def _load(self, view: HistoryView | None) -> None:
        ctx = self.app.context
        if view is None:
            # Sessions are read per selected day (_load_day), not for the whole year up front.
            def history(store: Store) -> HistoryView:
                journal = Journal.of(ctx, store)
                return journal.history(sessions_since=journal.today(), with_totals=False)

            view = await self.app.read(history)
            if view is None or not self.is_attached:
                return
            self._show(view)
        done = {d.date for d in view.days if d.status is DayStatus.DONE}
        cramps = await self.app.read(lambda store: Journal.of(ctx, store).cramps(done=done))
        if cramps is None or not self.is_attached:
            return
        self._show_cramps(cramps)
        self.show_day(self.query_one(HeatMap).selected or view.today)

    async def loaded(self) -> None:
        """Once the read in progress (if any) has arrived: what l acts on."""
        await until_read(lambda: self.loader)

    def _show(self, view: HistoryView) -> None:
        self.view = view
        self.days = {d.date: d for d in view.days}
        self.query_one(HeatMap).show({d.date: d.status for d in view.days}, view.today)
        s = view.summary
        days = "day" if s.current_streak == 1 else "days"
        self.query_one("#streak-panel", Static).update(
            f"[b]Streak[/b]\nCurrent: {s.current_streak} {days}"
            f"\nLongest: {s.longest_streak}\nHabit strength: {s.strength:.0%}"
        )
        self.query_one("#rates-panel", Static).update(
            "[b]Done[/b]\n"
            + "\n".join(f"Last {n:>3} days: {percent(s.rates.get(n))}" for n in (7, 30, 365))
        )

    def on_record_changed(self, _message: RecordChanged) -> None:
        if self.is_attached:  # a rest day, a day by hand, a cramp: drawn again from the record
            self.reload()

    def _show_cramps(self, cramps: CrampView) -> None:
        weeks = cramps.series
        self.query_one("#cramp-panel", Static).update(
            f"[b]Last {len(weeks)} weeks[/b]\n"
            f"cramps  {bars([w.cramps for w in weeks])}\n"
            f"routine {bars([w.done_days for w in weeks], top=7)}\n"
            f"(this week: {weeks[-1].cramps}, {plural(weeks[-1].done_days, 'day')})"
        )
        lines = [cramps.comparison.sentence] + [f"• {g.text}" for g in cramps.guidance]
        self.query_one("#cramp-comparison", Static).update("\n".join(lines))
        self.query_one("#cramp-box").set_class(bool(cramps.guidance), "-doctor")

    def _home_view(self) -> HistoryView | None:
        """Home classified the whole record a moment ago (it refreshes whenever it is shown and
        after every change made from it); opening History from there need not do it again."""
        home = self.app.home
        state = home.state if home is not None and home in self.app.screen_stack else None
        if state is None or state.today != self.app.context.today():
            return None
        return state.history

    @on(HeatMap.Selected)
    def _selected(self, event: HeatMap.Selected) -> None:
        if self.view is not None:  # before the first read, the read draws the day itself
            self.show_day(event.day)

    def show_day(self, day: date) -> None:
        """The day's sessions and cramps, read off the UI thread; a move of the arrows before
        they arrive replaces the read, so a run of moves reads only the day it stops on."""
        self.day_loader = self._load_day(day)

    @drawing_work(group="day", exclusive=True)
    async def _load_day(self, day: date) -> None:
        recorded = day in self.days  # before the first session: only cramps to read

        def the_day(store: Store) -> tuple[list[SessionRecord], list[CrampRecord]]:
            sessions = store.sessions_between(day, day) if recorded else []
            return sessions, store.cramps(day, day)

        found = await self.app.read(the_day)
        if found is not None and self.is_attached:
            self._show_day(day, *found)

    def _show_day(
        self, day: date, sessions: list[SessionRecord], cramps: list[CrampRecord]
    ) -> None:
        from coach.cramps import on_its_day

        lines = []
        view = self.days.get(day)
        if view is None:
            lines.append(
                "Before your first session."
                if cramps
                else "Before your first session: nothing recorded."
            )
        else:
            status = view.status.value
            extra = " · entered by hand" if view.by_hand else ""
            extra += " · marked as a rest day" if view.rest_marked else ""
            lines.append(f"Status: {status}{extra}")
            for session in sessions:
                when = f"{session.started_at:%H:%M}" if not session.entered_by_hand else "by hand"
                lines.append(f"  {session.routine_title} ({when}, {session.status})")
                for e in sorted(session.exercises, key=lambda e: e.idx):
                    skipped = ended_note(e, session.stopped_idx)
                    target = plural(e.target, "rep")
                    lines.append(f"    {e.name}: {e.reps_done} of {target}{skipped}")
            if not sessions:
                lines.append("  No sessions.")
        if cramps:
            lines.append("Cramps:")
            lines.extend(f"  {on_its_day(c)}" for c in cramps)
        heading = long_day(day, year=True)
        detail = styled("[b]$heading[/b]\n$lines", heading=heading, lines="\n".join(lines))
        self.query_one("#day-detail", Static).update(detail)
        box = self.query_one("#day-box", VerticalScroll)
        box.scroll_home(animate=False)
        # Below 80x24 the screen scrolls: keep the day in view as the arrows move over the map.
        self.query_one("#history-lower").scroll_visible(animate=False)
        # The panel's height is known once the new text is laid out: after the next refresh.
        self.call_after_refresh(self.call_after_refresh, self._hint_more)

    def _hint_more(self) -> None:
        """A panel with more than it shows says so on its border (and shows a scrollbar)."""
        box = self.query_one("#day-box", VerticalScroll)
        box.border_subtitle = "PgDn/PgUp: more" if box.max_scroll_y > 0 else ""
        cramps = self.query_one("#cramp-box", VerticalScroll)
        cramps.border_subtitle = "tab, ↓: read on" if cramps.max_scroll_y > 0 else ""

    def action_detail(self, direction: int) -> None:
        box = self.query_one("#day-box", VerticalScroll)
        if direction > 0:
            box.scroll_page_down(animate=False)
        else:
            box.scroll_page_up(animate=False)

    def _selected_day(self) -> date:
        return self.query_one(HeatMap).selected or self.app.context.today()

    def action_toggle_rest(self) -> None:
        self._apply(lambda store, ctx, day: Journal.of(ctx, store).toggle_rest(day))

    @drawing_work(group="keys")
    async def action_toggle_log(self) -> None:
        """Log the selected day as done by hand, or (after asking) remove what was entered by
        hand that day; sessions coach recorded are never removed this way."""
        await self.loaded()  # whether the day was entered by hand is in the record
        if not self.is_attached:
            return
        day = self._selected_day()
        shown = self.days.get(day)
        if shown is None or not shown.by_hand:
            self._apply(lambda store, ctx, day: Journal.of(ctx, store).log_by_hand(day), day)
            return
        from coach.ui.dialogs.confirm import ConfirmDialog

        question = (
            f"Remove what you entered by hand for {long_day(day, year=True)}? "
            "Sessions coach recorded that day stay."
        )

        def answered(remove: bool | None) -> None:
            if remove:
                self._apply(lambda store, ctx, day: Journal.of(ctx, store).unlog_by_hand(day), day)

        self.app.push_screen(ConfirmDialog(question, yes="Remove", no="Keep"), answered)

    def _apply(self, command: Command, day: date | None = None) -> None:
        """Run `command(store, context, day)` on the app's writer, in a worker of its own:
        the screen keeps answering keys and showing messages while the disk is busy."""
        day = day or self._selected_day()
        self.write_worker = self.app.run_worker(
            self._write(command, day), group="writes"
        )  # outlives the screen

    async def _write(self, command: Command, day: date) -> None:
        ctx = self.app.context
        try:
            message = await self.app.write(lambda store: command(store, ctx, day))
        except HistoryError as exc:
            notify(self, str(exc), severity="warning", timeout=6)
            return
        if message is not None:
            notify(self, message, timeout=4)
            self.app.post_message(RecordChanged())  # this screen (if still open) and home
