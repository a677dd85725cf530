"""The trigger every reminder runs on: a local wall-clock time on chosen weekdays.

APScheduler's CronTrigger builds a fire time field by field and, in zones whose DST gap starts
at midnight (America/Santiago, America/Havana, Africa/Cairo, Asia/Beirut), lands in the gap and
moves on to the next day: a 00:30 reminder never fired on the spring-forward day. Chained from
a run just before a gap it also skipped the day after (Europe/Berlin, 00:30 on 31 March 2025).
This trigger works one calendar day at a time instead:

- a time the day does not have (the clocks jumped over it) fires when it would have, moved
  forward by the length of the jump: 02:30 becomes 03:30 in Berlin, 00:30 becomes 01:30 in
  Santiago, as the docs promise (late beats never);
- a time the day has twice (the clocks went back) fires once, at the first.

A module of its own so that importing the schedule rules does not import APScheduler.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo

from apscheduler.triggers.base import BaseTrigger


class WallClockTrigger(BaseTrigger):
    def __init__(self, hour: int, minute: int, weekdays: set[int], timezone: tzinfo) -> None:
        self.hour = hour
        self.minute = minute
        self.weekdays = frozenset(weekdays)  # 0 = Monday
        self.timezone = timezone

    def fire_time_on(self, day: date) -> datetime:
        """The instant of `day`'s run, as a real local reading (fold=0: the first of two)."""
        wall = datetime.combine(day, time(self.hour, self.minute), tzinfo=self.timezone)
        # In a gap, fold=0 reads the wall time with the offset from before the jump, which is
        # exactly "moved forward by the length of the jump" once converted back.
        return wall.astimezone(UTC).astimezone(self.timezone)

    def get_next_fire_time(
        self, previous_fire_time: datetime | None, now: datetime
    ) -> datetime | None:
        """The first run after `previous_fire_time`, or at or after `now` when there is none."""
        if previous_fire_time is not None:
            after = previous_fire_time.astimezone(UTC)
        else:
            after = now.astimezone(UTC) - timedelta(microseconds=1)
        # A day earlier: a run moved past midnight by a gap can belong to the day before.
        day = after.astimezone(self.timezone).date() - timedelta(days=1)
        for _ in range(9):
            if day.weekday() in self.weekdays:
                t = self.fire_time_on(day)
                if t.astimezone(UTC) > after:
                    return t
            day += timedelta(days=1)
        return None

    def __repr__(self) -> str:
        days = ",".join(str(d) for d in sorted(self.weekdays))
        return f"<WallClockTrigger {self.hour:02d}:{self.minute:02d} days={days} {self.timezone}>"
