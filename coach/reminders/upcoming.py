"""The next reminder, worked out without APScheduler, for `coach status` (which a status bar runs
every few seconds, so it must not pay for importing the scheduler).

A reminder is "HH:MM on these weekdays, local time": a day-by-day walk over the next week finds
the next one. The result is the same as `schedule.next_fire_times(config, now, 1, tz)` to the
second, DST nights included (a test compares the two over many zones, times and reminder sets):
a time that does not exist on a spring-forward night is the wall-clock time it really is (02:30
becomes 03:30), and a time a fall-back night has twice comes once, at the first (as
`trigger.WallClockTrigger` fires it): once that has passed, the next is another day's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta, tzinfo

from coach.config import WEEKDAYS, Config, Reminder

LOOK_AHEAD_DAYS = 7  # today plus a full week: every weekday set has a day in it


def _real(day: date, reminder: Reminder, tz: tzinfo) -> datetime:
    """`day`'s run as a real local reading: fold=0, the first of a repeated time; through UTC
    and back, a nonexistent wall time becomes the reading the clock really shows."""
    wall = datetime(day.year, day.month, day.day, reminder.hour, reminder.minute)
    return wall.replace(tzinfo=tz).astimezone(UTC).astimezone(tz)


def next_reminder(
    reminders: Config | Iterable[Reminder],
    now: datetime,
    tz: tzinfo,
    *,
    skip: Callable[[str, date], bool] | None = None,
) -> tuple[datetime, Reminder] | None:
    """The first reminder at or after `now` as (local time, reminder), or None if there is none.

    `skip(routine_id, local_date)` leaves out runs the service would not show (the routine is
    already done that day), so a status bar does not announce a reminder that will stay silent.
    Between equal times, the reminder listed first in the config wins, as in next_fire_times.
    """
    items = reminders.active_reminders if isinstance(reminders, Config) else tuple(reminders)
    # Lines with the same routine and time are one reminder, ranked where it first appears.
    rank: dict[tuple[str, str], int] = {}
    for reminder in items:
        rank.setdefault((reminder.routine, reminder.at), len(rank))
    start = now.astimezone(UTC)
    # From the day before, as the trigger does: a gap can move a run past midnight.
    first_day = now.astimezone(tz).date() - timedelta(days=1)
    best: tuple[datetime, int, Reminder] | None = None
    for offset in range(LOOK_AHEAD_DAYS + 2):
        day = first_day + timedelta(days=offset)
        weekday = WEEKDAYS[day.weekday()]
        for reminder in items:
            index = rank[(reminder.routine, reminder.at)]
            if weekday not in reminder.days:
                continue
            t = _real(day, reminder, tz)
            utc = t.astimezone(UTC)
            if utc < start or (skip is not None and skip(reminder.routine, t.date())):
                continue
            if best is None or (utc, index) < (best[0].astimezone(UTC), best[1]):
                best = (t, index, reminder)
        if best is not None and best[0].date() < day:
            break
    return None if best is None else (best[0], best[2])
