"""The reminder policy with its side effects, shared by `coach remind` and the app.

On every wakeup `ReminderCore` collects what came due since the last look (reminder runs, ended
snoozes, the follow-up), asks `schedule.decide`, claims each shown reminder in the state folder,
notifies, and logs one line per decision. It takes "now" and "is it done" as parameters, so tests
drive it without a scheduler or a clock.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Protocol

from coach.config import Config
from coach.paths import AppPaths
from coach.reminders.notify import Note, start_in_terminal
from coach.reminders.schedule import (
    Decision,
    Due,
    Outcome,
    instant,
    latest_fire_time,
    reminder_triggers,
)
from coach.reminders.state import ReminderState

if TYPE_CHECKING:
    from coach.routines import Catalog


class Notifier(Protocol):
    async def notify(self, note: Note) -> list[str]: ...


def store_done(paths: AppPaths, catalog: Catalog | None, routine_id: str, day: date) -> bool:
    """Whether `routine_id` is done for `day`, by the same rule as the home screen."""
    from coach.adherence import routine_done
    from coach.store import Store

    if not paths.database.exists():
        return False
    with Store.open(paths.database) as store:
        sessions = [s for s in store.sessions_between(day, day) if s.routine_id == routine_id]
    routine = catalog.get(routine_id) if catalog is not None else None
    return bool(sessions) and routine_done(sessions, routine)


def store_rest_day(paths: AppPaths, day: date) -> bool:
    """Whether `day` is a planned rest day (`coach rest`, or `n` on home)."""
    from coach.store import Store

    if not paths.database.exists():
        return False
    with Store.open(paths.database) as store:
        return bool(store.rest_days(day, day))


class ReminderCore:
    def __init__(
        self,
        *,
        paths: AppPaths,
        config: Config,
        tz: tzinfo,
        notifier: Notifier,
        log: Callable[..., object],
        now: Callable[[], datetime] | None = None,
        is_done: Callable[[str, date], Awaitable[bool]] | None = None,
        is_rest: Callable[[date], Awaitable[bool]] | None = None,
        start_routine: Callable[[str], Awaitable[str]] = start_in_terminal,
    ) -> None:
        self.paths = paths
        self.tz = tz
        self.notifier = notifier
        self.log = log
        self.state = ReminderState(paths.state)
        self._now = now or (lambda: datetime.now(tz))
        # How to read the record: the app's writer thread, so its screen never waits on it.
        # None: a connection of our own each time (`coach remind`, which has no screen).
        self._is_done = is_done
        self._is_rest = is_rest
        self._start_routine = start_routine
        self.swept_at: datetime | None = None
        self.extra: list[Due] = []  # one-off runs (the test hook)
        self.on_wakeups_changed: Callable[[], None] = lambda: None
        self._lock = asyncio.Lock()
        self._catalog: Catalog | None = None
        self.set_config(config)

    def now(self) -> datetime:
        return self._now().astimezone(self.tz)

    def set_config(self, config: Config) -> None:
        self.config = config
        self.triggers = reminder_triggers(config, self.tz)

    async def reload(self, config: Config) -> None:
        """Switch to `config` in place: what came due under the old one is handled first."""
        await self.sweep()
        self.set_config(config)
        self.swept_at = instant(self.now())  # a reminder added for a past time is not "late"

    @property
    def grace(self) -> timedelta:
        return timedelta(minutes=self.config.grace_minutes)

    # -- what came due --------------------------------------------------------------------------

    def due(self, now: datetime) -> list[Due]:
        starting = self.swept_at is None
        since = self.swept_at or instant(now) - self.grace
        items = []
        for rt in self.triggers:
            t = latest_fire_time(rt.trigger, since, now)
            if t is None:
                continue
            due = Due("reminder", rt.key, rt.reminder.routine, t.astimezone(self.tz))
            if starting and self.state.was_shown(due.key, due.day):
                continue  # handled by the process before this one (a restart): nothing to say
            items.append(due)
        for s in self.state.snoozes():
            if instant(s.until) <= instant(now):
                items.append(Due("snooze", s.key, s.routine, s.until))
        for f in self.state.follow_ups():
            if not f.done and instant(f.due) <= instant(now):
                items.append(Due("follow-up", f.key, f.routine, f.due, for_day=f.day))
        ripe = [e for e in self.extra if instant(e.scheduled) <= instant(now)]
        self.extra = [e for e in self.extra if instant(e.scheduled) > instant(now)]
        return sorted(items + ripe, key=lambda d: instant(d.scheduled))

    def wakeups(self) -> list[datetime]:
        """Future one-off times (snoozes, follow-ups, test runs) the scheduler must wake for."""
        times = [s.until for s in self.state.snoozes()]
        times += [f.due for f in self.state.follow_ups() if not f.done]
        times += [e.scheduled for e in self.extra]
        return sorted({instant(t) for t in times})

    def add_test_runs(self, at: datetime) -> None:
        """Tests only: every configured reminder also comes due once at `at`."""
        for rt in self.triggers:
            self.extra.append(Due("reminder", rt.key, rt.reminder.routine, at.astimezone(self.tz)))

    # -- deciding and acting --------------------------------------------------------------------

    async def sweep(self, now: datetime | None = None) -> list[Decision]:
        """Handle everything that came due since the last sweep (at start: within the grace)."""
        async with self._lock:
            now = (now or self.now()).astimezone(self.tz)
            items = self.due(now)
            self.swept_at = instant(now)
            if not items:
                return []
            from coach.adherence import day_of
            from coach.reminders.schedule import decide

            self._catalog = self._load_catalog()
            # What the rules ask of the record, read before they run (they are plain functions):
            # whether each routine is done on its day and, if not, whether that is a rest day.
            done_on: dict[tuple[str, date], bool] = {}
            rests: dict[date, bool] = {}
            for d in items:
                if d.kind == "reminder" and self.state.was_shown(d.key, d.day):
                    continue  # a duplicate: the rules ask nothing more of it
                ident = (d.routine, day_of(d.scheduled, self.config.day_starts_at))
                if ident not in done_on:
                    done_on[ident] = await self._done(*ident)
                day = d.for_day or ident[1]
                if not done_on[ident] and not self.config.remind_on_rest_days and day not in rests:
                    rests[day] = await self._rest_day(day)

            # Not read (shown meanwhile by another process): remind; one too many beats none.
            def done(d: Due) -> bool:
                ident = (d.routine, day_of(d.scheduled, self.config.day_starts_at))
                return done_on.get(ident, False)

            def rest(d: Due) -> bool:
                if self.config.remind_on_rest_days:
                    return False
                return rests.get(d.for_day or day_of(d.scheduled, self.config.day_starts_at), False)

            decisions = decide(
                items,
                now,
                self.grace,
                shown=lambda d: self.state.was_shown(d.key, d.day),
                done=done,
                rest=rest,
            )
            for decision in decisions:
                try:
                    await self._apply(decision, now)
                except Exception as exc:  # e.g. a full disk: say so, keep the service alive
                    self.log("error", decision.due.routine, f"{type(exc).__name__}: {exc}")
            self.on_wakeups_changed()
            return decisions

    async def _done(self, routine_id: str, day: date) -> bool:
        try:
            if self._is_done is not None:
                return await self._is_done(routine_id, day)
            return store_done(self.paths, self._catalog, routine_id, day)
        except Exception as exc:  # a reminder too many beats no reminder at all
            self.log("error", routine_id, f"could not read today's sessions ({exc}); reminding")
            return False

    async def _rest_day(self, day: date) -> bool:
        try:
            if self._is_rest is not None:
                return await self._is_rest(day)
            return store_rest_day(self.paths, day)
        except Exception as exc:  # a reminder too many beats no reminder at all
            self.log("error", "", f"could not read the rest days ({exc}); reminding")
            return False

    def _load_catalog(self) -> Catalog | None:
        from coach.routines import load_catalog

        try:
            return load_catalog(self.paths.routines)
        except Exception:
            return None

    def _claim(self, d: Due, now: datetime) -> bool:
        if d.kind == "reminder":
            return self.state.claim(d.key, d.day, now)
        if d.kind == "snooze":
            return self.state.take_snooze(d.key, d.scheduled)
        return self.state.close_follow_up(d.key, d.day)

    async def _apply(self, decision: Decision, now: datetime) -> None:
        d = decision.due
        what = f"{d.kind} {d.scheduled.astimezone(self.tz):%H:%M}"
        if not decision.shows:
            if d.kind != "reminder" or decision.outcome is Outcome.MISSED:
                self._claim(d, now)  # given up for good: a restart must not show it late
            self.log(decision.outcome.value, d.routine, f"{what}, {decision.reason}".rstrip(", "))
            return
        if not self._claim(d, now):
            self.log(Outcome.DUPLICATE.value, d.routine, f"{what}, already handled elsewhere")
            return
        note = self.note(d, decision.outcome)
        try:
            channels = await self.notifier.notify(note)
        except Exception as exc:
            channels = [f"delivery failed: {type(exc).__name__}: {exc}"]
        detail = f"{what}" + (f", {decision.reason}" if decision.reason else "")
        self.log(decision.outcome.value, d.routine, f"{detail}; via {', '.join(channels)}")
        minutes = self.config.follow_up_minutes
        if d.kind == "reminder" and minutes > 0:
            due = (instant(now) + timedelta(minutes=minutes)).astimezone(self.tz)
            if self.state.plan_follow_up(d.key, d.routine, d.day, due):
                self.log("planned", d.routine, f"one follow-up at {due:%H:%M} if still not done")

    def note(self, d: Due, outcome: Outcome) -> Note:
        routine = self._catalog.get(d.routine) if self._catalog else None
        title = routine.title if routine else d.routine
        size = f"about {max(1, round(routine.estimated_seconds / 60))} min" if routine else ""
        at = f"{d.scheduled.astimezone(self.tz):%H:%M}"
        if d.kind == "follow-up":
            body = f"Still not done today. A short session still counts ({size})."
            kind = "follow-up"
        elif d.kind == "snooze":
            body = f"Snoozed reminder: time for your leg exercises ({size})."
            kind = "snooze"
        elif outcome is Outcome.LATE:
            body = f"You missed the {at} reminder while away. Still worth doing today ({size})."
            kind = "late"
        else:
            body = f"Time for your leg exercises ({size})."
            kind = "reminder"
        return Note(kind, d.key, d.routine, title, body.replace(" ()", ""))

    # -- the notification's buttons -------------------------------------------------------------

    async def snooze(self, note: Note) -> None:
        item = self.state.snooze(note.key, note.routine, self.now())
        self.log("snoozed", note.routine, f"until {item.until.astimezone(self.tz):%H:%M}")
        self.on_wakeups_changed()

    async def start(self, note: Note) -> None:
        self.log("start", note.routine, await self._start_routine(note.routine))
