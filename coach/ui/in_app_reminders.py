"""Reminders while the app is open: the service's schedule, shown as toasts in Textual's loop.

The same ReminderCore and jobs as `coach remind`, on APScheduler's asyncio scheduler inside the
app's own event loop. Started after home is painted (APScheduler is not on the start-up path);
the state folder's "shown today" claim keeps the app and a running service from both reminding.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from coach.daily import routine_done

if TYPE_CHECKING:
    from coach.reminders.notify import Note
    from coach.ui.app import CoachApp

WAKEUP_SECONDS = 30  # a monotonic timer sleeps through a suspend: look again regularly


class ToastNotifier:
    def __init__(self, app: CoachApp) -> None:
        self.app = app

    async def notify(self, note: Note) -> list[str]:
        self.app.tell(note.body, title=note.title, seconds=60)  # never over a countdown
        if self.app.context.sound:
            self.app.bell()
        return ["in-app"]


class InAppReminders:
    def __init__(self, app: CoachApp) -> None:
        self.app = app
        self.scheduler = None
        self.core = None

    async def start(self) -> None:
        from apscheduler.schedulers.asyncio import AsyncIOScheduler

        from coach.reminders.schedule import JOB_DEFAULTS, local_zone
        from coach.reminders.service import ReminderCore, ReminderJobs, RemindLog

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
        )
        self.scheduler = AsyncIOScheduler(timezone=tz, job_defaults=JOB_DEFAULTS)
        self.scheduler.start()
        jobs = ReminderJobs(self.scheduler, core.sweep)
        jobs.sync(core.triggers)
        core.on_wakeups_changed = lambda: jobs.sync_once(core.wakeups())
        jobs.sync_once(core.wakeups())
        self.app.set_interval(WAKEUP_SECONDS, self.scheduler.wakeup)
        await core.sweep()

    def _is_done(self, routine_id: str, day: date) -> bool:
        ctx = self.app.context
        sessions = [s for s in ctx.store.sessions_between(day, day) if s.routine_id == routine_id]
        return bool(sessions) and routine_done(sessions, ctx.catalog.get(routine_id))

    def next_reminder(self, now: datetime) -> tuple[datetime, str] | None:
        from coach.reminders.schedule import next_fire_times

        upcoming = next_fire_times(self.app.context.config, now, 1)
        if not upcoming:
            return None
        when, reminder = upcoming[0]
        routine = self.app.context.catalog.get(reminder.routine)
        return when, routine.title if routine else reminder.routine

    def stop(self) -> None:
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=False)
