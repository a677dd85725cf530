"""The scheduler-free next reminder (for `coach status`) agrees with the CronTriggers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from coach.config import WEEKDAYS, Reminder
from coach.reminders.schedule import next_fire_times
from coach.reminders.upcoming import next_reminder
from tests.reminders.conftest import BERLIN

ZONES = [
    ZoneInfo(name)
    for name in ("Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "UTC", "Asia/Tehran")
]
# Around both 2025 DST changes in Berlin and New York, and an ordinary week.
STARTS = [
    datetime(2025, 3, 29, 12, tzinfo=UTC),
    datetime(2025, 3, 8, 12, tzinfo=UTC),
    datetime(2025, 10, 25, 12, tzinfo=UTC),
    datetime(2025, 11, 1, 12, tzinfo=UTC),
    datetime(2025, 6, 4, 12, tzinfo=UTC),
]

reminders = st.lists(
    st.builds(
        Reminder,
        routine=st.sampled_from(["daily-prevention", "calf-relief"]),
        # Not 00:xx: APScheduler 3.11.3 itself skips some midnight runs after a DST change
        # (a Monday 00:00 after the March change in Berlin comes a week late); see below.
        at=st.sampled_from(["01:00", "01:59", "02:00", "02:30", "03:00", "09:00", "23:59"]),
        days=st.sets(st.sampled_from(WEEKDAYS), min_size=1).map(
            lambda days: tuple(d for d in WEEKDAYS if d in days)
        ),
    ),
    min_size=1,
    max_size=3,
)


@settings(max_examples=150, deadline=None)
@given(
    items=reminders,
    zone=st.sampled_from(ZONES),
    start=st.sampled_from(STARTS),
    minutes=st.integers(0, 3 * 24 * 60),
)
def test_next_reminder_is_the_triggers_next_fire_time(items, zone, start, minutes) -> None:
    now = (start + timedelta(minutes=minutes)).astimezone(zone)
    expected = next_fire_times(items, now, 1, zone)
    got = next_reminder(items, now, zone)
    if not expected:
        assert got is None
        return
    (t, r), (gt, gr) = expected[0], got
    # Same routine and time on several lines are one reminder (their days merge).
    assert (gt.astimezone(UTC), gt.utcoffset(), gr.routine, gr.at) == (
        t.astimezone(UTC),
        t.utcoffset(),
        r.routine,
        r.at,
    )


def test_a_spring_forward_0230_is_shown_as_0330() -> None:
    now = datetime(2025, 3, 30, 0, 0, tzinfo=BERLIN)
    t, _ = next_reminder([Reminder("daily-prevention", "02:30")], now, BERLIN)
    assert (t.hour, t.minute, t.utcoffset()) == (3, 30, timedelta(hours=2))


def test_a_done_routine_skips_todays_reminder_but_not_tomorrows() -> None:
    items = [Reminder("daily-prevention", "21:30")]
    now = datetime(2025, 6, 4, 10, 0, tzinfo=BERLIN)
    done = {("daily-prevention", date(2025, 6, 4))}
    t, r = next_reminder(items, now, BERLIN, skip=lambda rid, day: (rid, day) in done)
    assert t == datetime(2025, 6, 5, 21, 30, tzinfo=BERLIN) and r.routine == "daily-prevention"
    assert next_reminder(items, now, BERLIN)[0] == datetime(2025, 6, 4, 21, 30, tzinfo=BERLIN)


def test_a_monday_midnight_reminder_after_the_spring_change_is_that_monday() -> None:
    # CronTrigger(day_of_week="mon", hour=0) from Sat 29 March 2025 answers 7 April in Berlin.
    now = datetime(2025, 3, 29, 13, 0, tzinfo=BERLIN)
    t, _ = next_reminder([Reminder("daily-prevention", "00:00", ("mon",))], now, BERLIN)
    assert t == datetime(2025, 3, 31, 0, 0, tzinfo=BERLIN)


def test_no_reminders_means_none() -> None:
    assert next_reminder([], datetime(2025, 6, 4, tzinfo=BERLIN), BERLIN) is None


def test_a_time_the_fall_back_night_has_twice_comes_once_then_tomorrow() -> None:
    """01:00 comes twice in New York on 2 November 2025; the service reminds at the first.
    Between the two, the next reminder is the next night's, not the second 01:00 (it was)."""
    new_york = ZoneInfo("America/New_York")
    items = [Reminder("daily-prevention", "01:00")]
    between = datetime(2025, 11, 2, 1, 10, tzinfo=new_york)  # after the first 01:00 (EDT)
    t, _ = next_reminder(items, between, new_york)
    assert (t.date(), t.hour, t.utcoffset()) == (date(2025, 11, 3), 1, timedelta(hours=-5))
    assert t == next_fire_times(items, between, 1, new_york)[0][0]
    before = datetime(2025, 11, 2, 0, 50, tzinfo=new_york)
    t, _ = next_reminder(items, before, new_york)
    assert (t.date(), t.utcoffset()) == (date(2025, 11, 2), timedelta(hours=-4))  # the first
