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
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from coach.adherence import DayStatus
from coach.dates import long_day
from coach.history import HistoryError, HistoryView
from coach.journal import Journal
from coach.present.exercise_end import ended_note
from coach.ui.messages import RecordChanged
from coach.ui.text import notify, styled
from coach.ui.widgets.footer import CoachFooter
from coach.ui.widgets.heatmap import HeatMap
from coach.wording import plural

if TYPE_CHECKING:
    from coach.context import AppContext
    from coach.store import Store
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
    BINDINGS = [
        Binding(
            "r",
            "toggle_rest",
            "Rest day",
            id="history.rest",
            tooltip="Mark the chosen day as a planned rest day, or unmark it.",
        ),
        Binding(
            "l",
            "toggle_log",
            "Log by hand / undo",
            id="history.log",
            tooltip="Record the chosen past day as done by hand, or undo that (it asks first).",
        ),
        Binding("escape,h", "app.pop_screen", "Home", id="history.home", tooltip="Back to home."),
        Binding("q", "app.quit", "Quit", id="history.quit", tooltip="Close coach."),
        Binding(
            "pagedown",
            "detail(1)",
            "More of the day",
            show=False,
            id="history.more",
            tooltip="Read on in the chosen day's panel when it holds more than it shows.",
        ),
        Binding(
            "pageup",
            "detail(-1)",
            "Back up the day",
            show=False,
            id="history.less",
            tooltip="Back up in the chosen day's panel.",
        ),
    ]

    app: CoachApp
    view: HistoryView | None = None

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
        self.reload(reuse_home=True)
        self.query_one(HeatMap).focus()

    def reload(self, *, reuse_home: bool = False) -> None:
        journal = Journal.of(self.app.context)
        view = self._home_view() if reuse_home else None
        if view is None:
            # Sessions are read per selected day (_show_day), not for the whole year up front.
            view = journal.history(sessions_since=journal.today(), with_totals=False)
        self.view = view
        self.days = {d.date: d for d in view.days}
        heatmap = self.query_one(HeatMap)
        heatmap.show({d.date: d.status for d in view.days}, view.today)
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
        self._show_cramps(view)
        self._show_day(heatmap.selected or view.today)

    def on_record_changed(self, _message: RecordChanged) -> None:
        if self.is_attached:  # a rest day, a day by hand, a cramp: drawn again from the record
            self.reload()

    def _show_cramps(self, view: HistoryView) -> None:
        done = {d.date for d in view.days if d.status is DayStatus.DONE}
        cramps = Journal.of(self.app.context).cramps(done=done)
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
        self._show_day(event.day)

    def _show_day(self, day: date) -> None:
        from coach.cramps import on_its_day

        lines = []
        view = self.days.get(day) if self.view else None
        cramps = self.app.context.store.cramps(day, day)
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
            sessions = self.app.context.store.sessions_between(day, day)
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

    def action_toggle_log(self) -> None:
        """Log the selected day as done by hand, or (after asking) remove what was entered by
        hand that day; sessions coach recorded are never removed this way."""
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
