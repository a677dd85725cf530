"""Twelve believable weeks for the report: mostly done days, some partial, rest days, gaps, a
second routine now and then, three cramps most weeks with notes, one long cramp last week.

Deterministic: the same store for the same `now`. The notes include hostile text on purpose.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from coach.adherence import day_of
from coach.store import NewCramp, Store
from tests.test_history import CALF, DAILY, timed

HOSTILE_NOTE = '<script>alert("x")</script> <b>bold</b> & {{ 7*7 }} </td></tr>'
NOTES = (
    "woke me up, walked it off",
    "after a long day standing",
    None,
    "both calves tight in the morning",
    "eased with the stretch in a minute",
    None,
)


def seed_weeks(store: Store, now: datetime, weeks: int = 12, cramps_a_week: int = 3) -> None:
    rng = random.Random(7)
    today = day_of(now)
    sessions = []
    for back in range(7 * weeks - 1, 0, -1):
        day = today - timedelta(days=back)
        start = datetime.combine(day, time(20, 30), tzinfo=now.tzinfo)
        roll = rng.random()
        if day.weekday() == 6 and roll < 0.6:
            store.mark_rest_day(day, now)
        elif roll < 0.78:
            sessions.append(timed(DAILY, start))
        elif roll < 0.88:
            sessions.append(timed(DAILY, start, reps=[DAILY.exercises[0].reps_min, 2]))
        if roll > 0.9:
            sessions.append(timed(CALF, start + timedelta(hours=1)))
    store.merge(sessions)
    n = 0
    for week in range(weeks):
        for k in range(cramps_a_week if week % 4 else cramps_a_week - 2):
            day = today - timedelta(days=7 * week + 2 * k + 1)
            at = datetime.combine(day, time(3, 10 + k), tzinfo=now.tzinfo)
            note = HOSTILE_NOTE if n == 0 else NOTES[n % len(NOTES)]
            minutes = 12.0 if week == 0 and k == 0 else float(rng.choice((0.5, 1, 2, 3)))
            store.add_cramp(
                NewCramp(
                    at=at,
                    day=day_of(at),
                    muscle=rng.choice(("calf", "calf", "foot", "back-thigh")),
                    when_kind="night",
                    logged_at=at + timedelta(hours=5),
                    side=rng.choice(("left", "right", None)),
                    severity=rng.randint(2, 8),
                    minutes=minutes,
                    note=note,
                )
            )
            n += 1
