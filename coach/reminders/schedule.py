"""When reminders fire and what to do when one comes due: pure rules over times given to them.

Fire times come from one trigger per reminder (`trigger.WallClockTrigger`, an APScheduler
trigger) in the local zone, so the service, `--list`, the home screen and the app's own scheduler
all agree to the second. It fires a fall-back night's 02:30 once; spring-forward moves 02:30 to
03:30 (00:30 to 01:30 where the jump is at midnight), which is kept (late beats never). Runs are
still deduplicated by (reminder, local date), so a second process never shows one twice.

`decide` is the whole policy for a batch of due runs, with "now" passed in: on time -> fired;
already shown that day -> duplicate; routine done -> skipped; slept through -> at most one late
run per wake (the most recent, within the grace window), every other one missed.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from coach.config import WEEKDAYS, Config, Reminder
from coach.reminders.zones import local_zone

if TYPE_CHECKING:
    from coach.reminders.trigger import WallClockTrigger

# coalesce: a job that missed several runs runs once. misfire_grace_time None: APScheduler never
# drops a late run itself; `decide` judges late against missed with the user's grace window.
JOB_DEFAULTS: dict[str, Any] = {"coalesce": True, "misfire_grace_time": None, "max_instances": 1}

# A run handled this soon after its time is on time (the scheduler wakes a few ms late at best).
ON_TIME_SLACK = timedelta(minutes=1)

KINDS = ("reminder", "snooze", "follow-up")


def reminder_key(reminder: Reminder) -> str:
    """A stable id for one reminder: its routine and time (the days may change freely)."""
    return f"{reminder.routine}@{reminder.at}"


@dataclass(frozen=True)
class ReminderTrigger:
    key: str
    reminder: Reminder
    trigger: WallClockTrigger


def cron_trigger(reminder: Reminder, tz: tzinfo) -> WallClockTrigger:
    from coach.reminders.trigger import WallClockTrigger

    days = {WEEKDAYS.index(d) for d in reminder.days}
    return WallClockTrigger(reminder.hour, reminder.minute, days, tz)


def reminder_triggers(reminders: Config | Iterable[Reminder], tz: tzinfo) -> list[ReminderTrigger]:
    """One trigger per distinct reminder; entries with the same routine and time merge days."""
    items = reminders.active_reminders if isinstance(reminders, Config) else tuple(reminders)
    merged: dict[str, Reminder] = {}
    for r in items:
        key = reminder_key(r)
        if key in merged:
            days = set(merged[key].days) | set(r.days)
            r = Reminder(r.routine, r.at, tuple(d for d in WEEKDAYS if d in days))
        merged[key] = r
    return [ReminderTrigger(key, r, cron_trigger(r, tz)) for key, r in merged.items() if r.days]


def fire_times(trigger: WallClockTrigger, start: datetime) -> Iterator[datetime]:
    """Every fire time at or after `start`, in order, as real wall-clock readings."""
    t = trigger.get_next_fire_time(None, start)
    while t is not None:
        yield t.astimezone(UTC).astimezone(t.tzinfo)
        t = trigger.get_next_fire_time(t, t)


def latest_fire_time(trigger: WallClockTrigger, after: datetime, now: datetime) -> datetime | None:
    """The last fire time in (after, now]: what a coalesced job stands for when it runs late.

    The search starts a day early, on the chain of runs the scheduler itself follows.
    """
    latest = None
    for t in fire_times(trigger, instant(after) - timedelta(days=1)):
        if instant(t) > instant(now):
            break
        if instant(t) > instant(after):
            latest = t
    return latest


def instant(moment: datetime) -> datetime:
    """`moment` in UTC, for comparing and subtracting.

    Python compares and subtracts two datetimes of the *same* zone by wall clock, ignoring
    `fold`: the two 02:30s of a fall-back night would be equal. Every rule here goes through UTC.
    """
    return moment.astimezone(UTC)


def local_day(moment: datetime, tz: tzinfo | None = None) -> date:
    """The calendar date a run belongs to, on the local wall clock."""
    return (moment.astimezone(tz) if tz else moment).date()


def next_fire_times(
    config: Config | Iterable[Reminder],
    now: datetime,
    count: int,
    tz: tzinfo | None = None,
) -> list[tuple[datetime, Reminder]]:
    """The next `count` reminders after `now` as (local time, reminder), soonest first.

    A fall-back night's second 02:30 is left out, as the service shows it only once. `tz`
    defaults to `now`'s zone when that is a real zone, else the machine's.
    """
    if tz is None:
        tz = now.tzinfo if now.tzinfo is not None and hasattr(now.tzinfo, "key") else local_zone()
    streams = [_stream(i, rt, now) for i, rt in enumerate(reminder_triggers(config, tz))]
    out: list[tuple[datetime, Reminder]] = []
    seen: set[tuple[str, date]] = set()
    for utc, _i, key, reminder in heapq.merge(*streams):
        t = utc.astimezone(tz)
        if (key, local_day(t, tz)) in seen:
            continue
        seen.add((key, local_day(t, tz)))
        out.append((t, reminder))
        if len(out) >= count:
            break
    return out


def _stream(
    index: int, rt: ReminderTrigger, now: datetime
) -> Iterator[tuple[datetime, int, str, Reminder]]:
    for t in fire_times(rt.trigger, now):
        yield instant(t), index, rt.key, rt.reminder


class Outcome(StrEnum):
    FIRED = "fired"
    LATE = "late"
    SKIPPED = "skipped"
    MISSED = "missed"
    DUPLICATE = "duplicate"


@dataclass(frozen=True)
class Due:
    """One run that has come due: a reminder, a snooze ending, or the follow-up nudge."""

    kind: str
    key: str
    routine: str
    scheduled: datetime
    for_day: date | None = None  # a follow-up belongs to its reminder's day, not its own

    @property
    def day(self) -> date:
        return self.for_day or local_day(self.scheduled)


@dataclass(frozen=True)
class Decision:
    due: Due
    outcome: Outcome
    reason: str = ""

    @property
    def shows(self) -> bool:
        return self.outcome in (Outcome.FIRED, Outcome.LATE)


def timing(
    scheduled: datetime,
    now: datetime,
    grace: timedelta,
    slack: timedelta = ON_TIME_SLACK,
) -> Outcome:
    """On time (FIRED), LATE within the grace window, or MISSED: wall-clock delay only."""
    delay = instant(now) - instant(scheduled)
    if delay <= slack:
        return Outcome.FIRED
    return Outcome.LATE if delay <= grace else Outcome.MISSED


def _minutes(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    return f"{minutes} min" if minutes < 120 else f"{minutes // 60} h {minutes % 60:02d} min"


def decide(
    due: Sequence[Due],
    now: datetime,
    grace: timedelta,
    *,
    shown: Callable[[Due], bool],
    done: Callable[[Due], bool],
    rest: Callable[[Due], bool] = lambda d: False,
    slack: timedelta = ON_TIME_SLACK,
) -> list[Decision]:
    """What to do with every run that came due since the last look, in scheduled order.

    `shown(due)`: this reminder was already shown on its local date (by this process before a
    restart, by the app, or on the first pass of a fall-back hour). `done(due)`: the routine is
    done for the day. `rest(due)`: its day is a planned rest day on which the user wants no
    reminders (`notifications.on_rest_days: false`, the default). Of the runs that are late
    but within `grace`, only the most recent shows.
    """
    decisions: dict[int, Decision] = {}
    late: list[tuple[int, Due]] = []
    seen: set[tuple[str, date]] = set()
    for i, d in enumerate(due):
        if d.kind == "reminder":
            ident = (d.key, d.day)
            if ident in seen or shown(d):
                decisions[i] = Decision(d, Outcome.DUPLICATE, f"already shown on {d.day}")
                continue
            seen.add(ident)
        if done(d):
            decisions[i] = Decision(d, Outcome.SKIPPED, "routine already done today")
            continue
        if rest(d):
            decisions[i] = Decision(d, Outcome.SKIPPED, "a planned rest day")
            continue
        when = timing(d.scheduled, now, grace, slack)
        if when is Outcome.MISSED:
            late_by = instant(now) - instant(d.scheduled)
            reason = f"{_minutes(late_by)} late, beyond the {_minutes(grace)} grace"
            decisions[i] = Decision(d, Outcome.MISSED, reason)
        elif when is Outcome.FIRED:
            decisions[i] = Decision(d, Outcome.FIRED)
        else:
            late.append((i, d))
    if late:
        keep = max(late, key=lambda item: instant(item[1].scheduled))
        for i, d in late:
            if (i, d) == keep:
                late_by = instant(now) - instant(d.scheduled)
                decisions[i] = Decision(d, Outcome.LATE, f"{_minutes(late_by)} late")
            else:
                decisions[i] = Decision(d, Outcome.MISSED, "only one late reminder per wake")
    order = sorted(range(len(due)), key=lambda i: instant(due[i].scheduled))
    return [decisions[i] for i in order]
