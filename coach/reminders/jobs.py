"""The reminder jobs on an AsyncIOScheduler (the service's own, or the app's inside Textual's loop).

Each job only wakes the core, which keeps the timing rules in one place. APScheduler is imported
by whoever builds the scheduler; this module only imports its DateTrigger when a one-off is added.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from coach.reminders.schedule import JOB_DEFAULTS

if TYPE_CHECKING:
    from apscheduler.schedulers.base import BaseScheduler


class ReminderJobs:
    """The reminder jobs on an AsyncIOScheduler: one CronTrigger job per reminder, plus one-off
    DateTrigger jobs for snoozes and follow-ups. Every job just calls `wake` (e.g. core.sweep)."""

    CRON = "remind:"
    ONCE = "once:"

    def __init__(self, scheduler: BaseScheduler, wake: Callable[[], Awaitable[Any]]) -> None:
        self.scheduler = scheduler
        self.wake = wake

    def sync(self, triggers: list[Any]) -> None:
        wanted = {self.CRON + rt.key: rt.trigger for rt in triggers}
        for job in self.scheduler.get_jobs():
            if job.id.startswith(self.CRON) and job.id not in wanted:
                job.remove()
        for job_id, trigger in wanted.items():
            self.scheduler.add_job(
                self.wake, trigger, id=job_id, replace_existing=True, **JOB_DEFAULTS
            )

    def sync_once(self, times: list[datetime]) -> None:
        from apscheduler.triggers.date import DateTrigger

        wanted = {self.ONCE + t.isoformat(): t for t in times}
        for job in self.scheduler.get_jobs():
            if job.id.startswith(self.ONCE) and job.id not in wanted:
                job.remove()
        existing = {job.id for job in self.scheduler.get_jobs()}
        for job_id, t in wanted.items():
            if job_id not in existing:
                self.scheduler.add_job(
                    # The zone given: without it APScheduler asks tzlocal, which fails on TZ=UTC+3.
                    self.wake,
                    DateTrigger(run_date=t, timezone=t.tzinfo),
                    id=job_id,
                    **JOB_DEFAULTS,
                )
