"""Home: today's plan, the streak, the last 7 days, and a way back into an unfinished session.

The record is read on the app's writer thread (`CoachApp.read`), in a worker, and drawn when
it arrives: until then home shows what it showed before (at start-up: nothing, never a "0
days" that is not true). A key that needs the record (d, enter, p, r, x) waits for the read
in progress, then does what it says.
Home is painted before the record is open (coach.ui.startup): the domain loads after that.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual import events
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.worker import Worker

from coach.dates import long_day
from coach.ui.messages import RecordChanged, SettingsSaved
from coach.ui.screens.home_keys import HOME_BINDINGS
from coach.ui.screens.home_parts import mount_record_parts
from coach.ui.text import plain, styled
from coach.ui.widgets.day_strip import DayStrip
from coach.ui.widgets.footer import CoachFooter
from coach.ui.widgets.routine_list import RoutineList, layout
from coach.ui.widgets.title_bar import TitleBar
from coach.ui.writes import drawing_work, until_read
from coach.wording import about_minutes, plural

if TYPE_CHECKING:
    from coach.home import HomeState
    from coach.model import Routine
    from coach.ui.app import CoachApp


class HomeScreen(Screen[None]):
    KEYS_TITLE = "home"
    MOVE_KEYS = (("up, down", "Choose a routine in the list."),)
    BINDINGS = HOME_BINDINGS

    app: CoachApp
    state: HomeState | None = None
    loader: Worker[None] | None = None  # the read of the record in progress (or the last one)
    built = False  # the parts that show the record are mounted (at the first read: home_parts)
    CAN_LEAVE = True  # nothing is lost by going somewhere else from here (the palette)

    def compose(self) -> ComposeResult:
        """Home's frame: what it paints before the record is open (coach.ui.startup). The parts
        that show the record are mounted when the first read arrives (`_build`)."""
        yield TitleBar()
        with VerticalScroll(id="home", can_focus=False):
            yield Static(
                "Leg cramp right now? Press c for first aid: the muscle, then its stretch.",
                id="first-aid",
            )
        yield CoachFooter()

    async def _build(self) -> None:
        if not self.built:
            self.built = True
            await mount_record_parts(self)

    def on_mount(self) -> None:
        self.watch(self.app, "next_reminder", self._show_next_reminder, init=False)

    def on_screen_resume(self) -> None:
        """Also runs when home is first shown: one read of the store per visit."""
        self.refresh_state()

    def on_record_changed(self, _message: RecordChanged) -> None:
        if self.is_current:  # otherwise it is read again when home is shown
            self.refresh_state()

    def on_settings_saved(self, _message: SettingsSaved) -> None:
        self.refresh_state()

    def refresh_state(self) -> None:
        """Read the record again, off the UI thread; a newer read replaces one in progress.
        Before the record is open (the first paint) there is nothing to read: the app asks
        again once it is."""
        if self.app.record_open:
            self.loader = self._load()

    @drawing_work(group="load", exclusive=True)
    async def _load(self) -> None:
        from coach.journal import Journal

        ctx = self.app.context
        state = await self.app.read(lambda store: Journal.of(ctx, store).home(with_guidance=False))
        if state is None or not self.is_attached:
            return
        with self.app.batch_update():  # one frame: the parts mounted with what they show
            await self._build()
            self._show(state)
        # The doctor notes after the rest is drawn (the cramp rules are not on its path).
        notes = await self.app.read(
            lambda store: Journal.of(ctx, store).guidance(state.today, state.history.days)
        )
        if notes is None or not self.is_attached or self.state is not state:
            return
        self.state = replace(state, guidance=notes)
        guidance = self.query_one("#guidance", Static)
        guidance.display = bool(notes)
        guidance.update("\n".join(f"• {g.text}" for g in notes))

    async def loaded(self) -> HomeState | None:
        """The state once the read in progress (if any) has arrived: what a key acts on."""
        await until_read(lambda: self.loader)
        return self.state

    def _show(self, state: HomeState) -> None:
        self.state = state
        day = state.today
        daily = state.daily
        plan = f" · your daily routine: {daily.routine.title}" if daily else ""
        self.query_one("#today", Static).update(
            styled("[b]$day[/b]$plan", day=long_day(day), plan=plan)
        )
        self._show_unfinished()
        self._show_routines()
        self._show_not_loaded()
        summary = state.summary
        days = "day" if summary.current_streak == 1 else "days"
        self.query_one("#streak", Static).update(
            f"Streak [b]{summary.current_streak}[/b] {days} · longest {summary.longest_streak}"
            f" · habit strength {summary.strength:.0%}"
        )
        risk = self.query_one("#at-risk", Static)
        risk.update(
            f"Today's session keeps your {summary.current_streak}-day streak going."
            if summary.at_risk
            else ""
        )
        risk.display = summary.at_risk
        self.query_one("#week", DayStrip).show_days(state.last7)
        self._show_next_reminder()
        self.refresh_bindings()  # r and x follow the unfinished session

    def _show_routines(self) -> None:
        """The routines in columns that fit the terminal (laid out again when it is resized)."""
        if self.state is None:  # not read yet: no heading over an empty list
            return
        routines = self.state.routines
        rows = [
            (
                f"{item.routine.title} (daily)" if item.is_daily else item.routine.title,
                str(len(item.routine.exercises)),
                about_minutes(item.routine.estimated_seconds),
                "✓ done" if item.done else ("◐ started" if item.partial else "not yet"),
            )
            for item in routines
        ]
        # The room inside home's padding, and a scrollbar's column should it need one.
        heading, lines = layout(rows, self.app.size.width - 3)
        head = self.query_one("#routines-head", Static)
        head.update(heading)
        head.display = True
        self.query_one(RoutineList).show(lines, [item.routine.id for item in routines])

    def on_resize(self, _event: events.Resize) -> None:
        self._show_routines()

    def _show_not_loaded(self) -> None:
        """A routine file with a mistake is not silently absent: one line names it."""
        line = self.query_one("#not-loaded", Static)
        broken = self.app.context.catalog.broken
        line.display = bool(broken)
        if broken:
            names = ", ".join(path.name for path, _ in broken[:3])
            more = f" and {len(broken) - 3} more" if len(broken) > 3 else ""
            files = plural(len(broken), "routine file")
            line.update(plain(f"{files} not loaded ({names}{more}): see `coach routines list`"))

    def _show_next_reminder(self) -> None:
        if not self.built:  # drawn with the rest, when the record is read
            return
        line = self.query_one("#next-reminder", Static)
        upcoming = self.app.next_reminder
        line.display = upcoming is not None
        if upcoming is None:
            return
        when, title = upcoming
        today = self.state.today if self.state else when.date()
        day = {0: "today", 1: "tomorrow"}.get((when.date() - today).days, f"{when:%a %d %b}")
        line.update(plain(f"Next reminder: {day} at {when:%H:%M} · {title}"))

    def _show_unfinished(self) -> None:
        banner = self.query_one("#resume-banner", Static)
        record = self.state.unfinished if self.state else None
        banner.display = record is not None
        if record is None:
            return
        done = record.next_exercise_idx
        routine = self.app.context.catalog.get(record.routine_id)
        total = len(routine.exercises) if routine else len(record.targets)
        offer = (
            "[b]r[/b] resume where you stopped · [b]x[/b] set it aside"
            if routine
            else "its routine is not in your routines folder, so it cannot be resumed "
            "here · [b]x[/b] set it aside"
        )
        banner.update(
            styled(
                f"You have an unfinished $title from {record.started_at:%H:%M} "
                f"({done} of {total} exercises saved). {offer}",
                title=record.routine_title,
            )
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.state is None:  # not read yet: the key waits for the record, then acts
            return True
        unfinished = self.state.unfinished
        if action == "resume":
            return (
                unfinished is not None
                and self.app.context.catalog.get(unfinished.routine_id) is not None
            )
        if action == "set_aside":
            return unfinished is not None
        return True

    def _chosen(self, state: HomeState | None) -> Routine | None:
        """The routine chosen in the list, once read; None if home is no longer in front (a
        key pressed before the read came acts only where it was pressed)."""
        if state is None or not state.routines or not self.is_current:
            return None
        return state.routines[self.query_one(RoutineList).chosen_index].routine

    @drawing_work(group="keys")
    async def action_start_selected(self) -> None:
        routine = self._chosen(await self.loaded())
        if routine is not None:
            self.app.start_routine(routine)

    @drawing_work(group="keys")
    async def action_preview(self) -> None:
        """Read the selected routine before starting it."""
        from coach.ui.screens.preview import PreviewScreen

        routine = self._chosen(await self.loaded())
        if routine is None:
            return
        from coach.journal import Journal

        ctx = self.app.context
        targets = await self.app.read(lambda store: Journal.of(ctx, store).targets(routine))
        if targets is None or not self.is_current:
            return

        def answered(start: bool | None) -> None:  # enter there starts it
            if start:
                self.app.start_routine(routine)

        self.app.push_screen(PreviewScreen(routine, targets), answered)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # a click on a routine starts it, as enter does
        self.action_start_selected()

    @drawing_work(group="keys")
    async def action_start_daily(self) -> None:
        state = await self.loaded()
        if state and state.daily and self.is_current:
            self.app.start_routine(state.daily.routine)

    @drawing_work(group="keys")
    async def action_resume(self) -> None:
        state = await self.loaded()
        if state and state.unfinished and self.is_current:
            self.app.resume(state.unfinished)

    def action_history(self) -> None:
        from coach.ui.screens.history import HistoryScreen

        self.app.push_screen(HistoryScreen())

    def action_settings(self) -> None:
        from coach.ui.screens.settings import SettingsScreen

        self.app.push_screen(SettingsScreen())

    @drawing_work(group="keys")
    async def action_set_aside(self) -> None:
        state = await self.loaded()
        if state and state.unfinished and self.is_current:
            self.app.set_aside(state.unfinished.id)
