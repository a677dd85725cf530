"""Reminders while the app is open: the service's schedule, shown as toasts in Textual's loop.

The same ReminderCore and jobs as `coach remind`, on APScheduler's asyncio scheduler inside the
app's own event loop. Started after home is painted (APScheduler is not on the start-up path);
the state folder's "shown today" claim keeps the app and a running service from both reminding.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, TypeVar

from coach.journal import Journal
from coach.store import Store, StoreError
from coach.ui.messages import ReminderDue

if TYPE_CHECKING:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler
    from textual.timer import Timer
    from textual.worker import Worker

    from coach.reminders.core import ReminderCore
    from coach.reminders.jobs import ReminderJobs
    from coach.reminders.notify import Note
    from coach.ui.app import CoachApp

T = TypeVar("T")
WAKEUP_SECONDS = 30  # a monotonic timer sleeps through a suspend: look again regularly
REST_LOOK_AHEAD = 30  # reminder runs looked at past rest days for home's "Next reminder"


class ToastNotifier:
    def __init__(self, app: CoachApp) -> None:
        self.app = app

    async def notify(self, note: Note) -> list[str]:
        self.app.post_message(ReminderDue(note.title, note.body))  # the app says it, calmly
        return ["in-app"]


class InAppReminders:
    """The app's one reminder scheduler, from shortly after start-up until the app ends.

    One owner for the app's whole life (STYLE rule 16): saving Settings reconfigures it in
    place, as `coach remind` does on a reload, and every timer and job it starts is kept and
    stopped with it. Replacing the scheduler instead left its 30 s wakeup timer calling a dead
    scheduler, which crashed the app half a minute after the first save (issue 10).
    """

    def __init__(self, app: CoachApp) -> None:
        self.app = app
        self.scheduler: AsyncIOScheduler | None = None
        self.core: ReminderCore | None = None
        self.jobs: ReminderJobs | None = None
        self.timers: list[Timer] = []
        self.lookup: Worker[None] | None = None  # the look for the next reminder in progress
        self.closed = False

    @property
    def running(self) -> bool:
        return self.scheduler is not None and not self.closed

    def open(self, delay: float) -> None:
        """Start in `delay` seconds: after home is painted, APScheduler is off the start-up path."""
        self.timers.append(self.app.set_timer(delay, self._open_now, name="reminders-start"))

    def _open_now(self) -> None:
        if self.closed or self.scheduler is not None:
            return
        try:
            self.start()
        except Exception as exc:  # reminders are a help; the app must work without them
            self.stop()
            self.app.tell(f"Reminders are off in the app: {exc}", severity="warning")
            return
        self.show_next()

    def start(self) -> None:
        """Build the core and the scheduler in the app's loop and run the first sweep."""
        from apscheduler.schedulers.asyncio import AsyncIOScheduler

        from coach.reminders.core import ReminderCore
        from coach.reminders.jobs import ReminderJobs
        from coach.reminders.log import RemindLog
        from coach.reminders.schedule import JOB_DEFAULTS
        from coach.reminders.zones import local_zone

        ctx = self.app.context
        tz = local_zone()
        self.core = core = ReminderCore(
            paths=ctx.paths,
            config=ctx.config,
            tz=tz,
            notifier=ToastNotifier(self.app),
            log=RemindLog(ctx.paths.state / "remind.log", None, tz),
            now=ctx.wall_now,
            is_done=self._is_done,
            is_rest=self._is_rest,
        )
        self.scheduler = AsyncIOScheduler(timezone=tz, job_defaults=JOB_DEFAULTS)
        self.scheduler.start()
        self.jobs = jobs = ReminderJobs(self.scheduler, self._sweep)
        jobs.sync(core.triggers)
        core.on_wakeups_changed = lambda: jobs.sync_once(core.wakeups())
        jobs.sync_once(core.wakeups())
        self.timers.append(
            self.app.set_interval(WAKEUP_SECONDS, self._wake, name="reminders-wakeup")
        )
        self._run_soon(self._sweep)

    def reload(self) -> None:
        """The config was saved: the same scheduler takes the new reminders."""
        if self.running:
            self._run_soon(self._reload)
        # not started yet: it reads the saved config when it starts

    def show_next(self) -> None:
        """Home shows when the next reminder comes (the app's `next_reminder`), once the rest
        days are read (off the UI thread); a newer look replaces one in progress."""
        if not self.closed:
            self.lookup = self.app.run_worker(self._show_next, exclusive=True, group="reminders")

    async def _show_next(self) -> None:
        self.app.next_reminder = await self.next_reminder(self.app.context.wall_now())

    async def _sweep(self) -> None:
        if self.core is not None:
            await self.core.sweep()
        self.show_next()  # the reminder that just came is no longer the next one

    async def _reload(self) -> None:
        if self.core is not None and self.jobs is not None:
            await self.core.reload(self.app.context.config)
            self.jobs.sync(self.core.triggers)

    def _run_soon(self, job: Callable[[], Awaitable[object]]) -> None:
        """Run `job` once, now, as one of the scheduler's jobs: stopping it cancels them too."""
        if self.scheduler is not None:
            self.scheduler.add_job(job, misfire_grace_time=None)

    def _wake(self) -> None:
        if self.running and self.scheduler is not None:
            self.scheduler.wakeup()

    async def _read(self, job: Callable[[Store], T]) -> T:
        """`job` on the app's writer thread. Quietly: a StoreError is the caller's to log; a
        reminder check is not worth a message on the screen."""
        return await asyncio.wrap_future(self.app.writer.submit(job))

    async def _is_done(self, routine_id: str, day: date) -> bool:
        ctx = self.app.context
        return await self._read(lambda store: Journal.of(ctx, store).done_on(day, routine_id))

    async def _is_rest(self, day: date) -> bool:
        return bool(await self._read(lambda store: store.rest_days(day, day)))

    async def next_reminder(self, now: datetime) -> tuple[datetime, str] | None:
        """The next reminder that will come: a planned rest day's stay quiet (by default)."""
        from coach.adherence import day_of
        from coach.reminders.schedule import next_fire_times

        ctx = self.app.context
        upcoming = next_fire_times(ctx.config, now, REST_LOOK_AHEAD)
        rests: set[date] = set()
        if upcoming and not ctx.config.remind_on_rest_days:
            first, last = now.date(), upcoming[-1][0].date()
            try:
                rests = await self._read(
                    lambda store: {r.day for r in store.rest_days(first, last)}
                )
            except StoreError:  # not readable now: the next look (in 30 s at most) tries again
                rests = set()
        for when, reminder in upcoming:
            if day_of(when, ctx.config.day_starts_at) in rests:
                continue
            routine = ctx.catalog.get(reminder.routine)
            return when, routine.title if routine else reminder.routine
        return None

    def stop(self) -> None:
        """Stop every timer and the scheduler (with its running jobs); once, for good."""
        if self.closed:
            return
        self.closed = True
        for timer in self.timers:
            timer.stop()
        self.timers.clear()
        if self.lookup is not None:
            self.lookup.cancel()
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=False)
