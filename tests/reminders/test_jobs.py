"""The jobs on a real AsyncIOScheduler: same triggers, replaced on reload, one run after sleep."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger

from coach.config import Config, Reminder
from coach.reminders.jobs import ReminderJobs
from coach.reminders.schedule import JOB_DEFAULTS, next_fire_times, reminder_triggers
from tests.reminders.conftest import BERLIN


async def test_one_job_per_reminder_at_the_listed_times() -> None:
    calls: list[int] = []

    async def wake() -> None:
        calls.append(1)

    scheduler = AsyncIOScheduler(timezone=BERLIN, job_defaults=JOB_DEFAULTS)
    scheduler.start()
    try:
        jobs = ReminderJobs(scheduler, wake)
        config = Config(
            reminders=(Reminder("daily-prevention", "09:00"), Reminder("calf-relief", "18:00"))
        )
        jobs.sync(reminder_triggers(config, BERLIN))
        by_id = {job.id: job for job in scheduler.get_jobs()}
        assert set(by_id) == {"remind:daily-prevention@09:00", "remind:calf-relief@18:00"}
        listed = {r.routine: t for t, r in next_fire_times(config, datetime.now(BERLIN), 2)}
        assert by_id["remind:daily-prevention@09:00"].next_run_time == listed["daily-prevention"]
        job = by_id["remind:calf-relief@18:00"]
        assert job.coalesce is True and job.misfire_grace_time is None

        # A reload with one reminder removed and one moved replaces the jobs.
        moved = Config(reminders=(Reminder("daily-prevention", "07:30"),))
        jobs.sync(reminder_triggers(moved, BERLIN))
        assert [j.id for j in scheduler.get_jobs()] == ["remind:daily-prevention@07:30"]

        soon = datetime.now(UTC) + timedelta(hours=1)
        jobs.sync_once([soon])
        jobs.sync_once([soon])
        assert len([j for j in scheduler.get_jobs() if j.id.startswith("once:")]) == 1
        jobs.sync_once([])
        assert not [j for j in scheduler.get_jobs() if j.id.startswith("once:")]
        assert calls == []
    finally:
        scheduler.shutdown(wait=False)


async def test_after_a_long_sleep_the_job_runs_once_not_once_per_missed_run() -> None:
    calls: list[int] = []

    async def wake() -> None:
        calls.append(1)

    scheduler = AsyncIOScheduler(timezone=BERLIN, job_defaults=JOB_DEFAULTS)
    scheduler.start()
    try:
        # Hourly, half an hour away from now (so no regular run falls inside the test, however
        # slow the machine), last run 3 hours ago: three runs were slept through.
        now = datetime.now(BERLIN)
        hourly = CronTrigger(minute=(now.minute + 30) % 60, timezone=BERLIN)
        three_hours_ago = now - timedelta(hours=3)
        scheduler.add_job(
            wake, hourly, id="remind:x", next_run_time=three_hours_ago, **JOB_DEFAULTS
        )
        scheduler.wakeup()
        for _ in range(50):
            await asyncio.sleep(0.02)
        assert calls == [1]  # coalesced to one run, and not dropped as a misfire
    finally:
        scheduler.shutdown(wait=False)
