"""Reminders at the edges of the clock (issue 11 point 12) and zones tzlocal cannot name (point 9).

Every zone whose DST gap starts at midnight gets its own test: a 00:00 and a 00:30 reminder on
the spring-forward day fire once, moved forward by the jump, and the days around it keep theirs.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from coach.config import Reminder
from coach.reminders.schedule import latest_fire_time, next_fire_times, reminder_triggers
from coach.reminders.zones import SystemZone, local_zone, zone_name

# Zone, the spring-forward day of 2025 (clocks jump from 00:00 to 01:00), its offset after.
MIDNIGHT_GAPS = [
    ("America/Santiago", date(2025, 9, 7), timedelta(hours=-3)),
    ("America/Havana", date(2025, 3, 9), timedelta(hours=-4)),
    ("Africa/Cairo", date(2025, 4, 25), timedelta(hours=3)),
    ("Asia/Beirut", date(2025, 3, 30), timedelta(hours=3)),
]


@pytest.mark.parametrize(
    ("name", "gap_day", "after"), MIDNIGHT_GAPS, ids=[z[0] for z in MIDNIGHT_GAPS]
)
@pytest.mark.parametrize(
    ("at", "fires"), [("00:00", (1, 0)), ("00:30", (1, 30)), ("09:00", (9, 0))]
)
def test_a_midnight_gap_moves_the_reminder_forward_and_skips_no_day(
    name: str, gap_day: date, after: timedelta, at: str, fires: tuple[int, int]
) -> None:
    tz = ZoneInfo(name)
    start = datetime.combine(gap_day - timedelta(days=2), datetime.min.time(), tzinfo=tz)
    listed = [t for t, _ in next_fire_times([Reminder("daily-prevention", at)], start, 5, tz)]
    days = [t.date() for t in listed]
    assert days == [gap_day + timedelta(days=i) for i in range(-2, 3)]  # every day, once
    on_gap = listed[2]
    assert (on_gap.hour, on_gap.minute) == fires and on_gap.utcoffset() == after
    # The service asks "what came due since the last look": the gap day's run is there.
    (rt,) = reminder_triggers([Reminder("daily-prevention", at)], tz)
    evening_before = datetime.combine(gap_day - timedelta(days=1), datetime.min.time(), tzinfo=tz)
    noon = datetime.combine(gap_day, datetime.min.time(), tzinfo=tz).replace(hour=12)
    assert latest_fire_time(rt.trigger, evening_before.replace(hour=22), noon) == on_gap


def test_the_day_after_a_gap_keeps_its_run_in_berlin() -> None:
    """APScheduler chained from 00:30 on 30 March 2025 skipped 31 March."""
    berlin = ZoneInfo("Europe/Berlin")
    (rt,) = reminder_triggers([Reminder("daily-prevention", "00:30")], berlin)
    first = rt.trigger.get_next_fire_time(None, datetime(2025, 3, 29, 12, tzinfo=berlin))
    second = rt.trigger.get_next_fire_time(first, first)
    assert first == datetime(2025, 3, 30, 0, 30, tzinfo=berlin)
    assert second == datetime(2025, 3, 31, 0, 30, tzinfo=berlin)


@pytest.mark.parametrize(
    ("name", "gap_day", "after"), MIDNIGHT_GAPS, ids=[z[0] for z in MIDNIGHT_GAPS]
)
async def test_the_scheduler_wakes_on_the_gap_day(name: str, gap_day: date, after) -> None:
    """The job itself (what wakes the service) comes due on the gap day, not a day later."""
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    tz = ZoneInfo(name)
    (rt,) = reminder_triggers([Reminder("daily-prevention", "00:30")], tz)
    day_before = datetime.combine(gap_day - timedelta(days=1), datetime.min.time(), tzinfo=tz)
    scheduler = AsyncIOScheduler(timezone=tz)
    scheduler.start(paused=True)
    try:
        first = rt.trigger.get_next_fire_time(None, day_before + timedelta(hours=1))
        job = scheduler.add_job(lambda: None, rt.trigger, id="x", next_run_time=first)
        runs = job._get_run_times(day_before + timedelta(days=1, hours=12))
    finally:
        scheduler.shutdown(wait=False)
    assert any(r.date() == gap_day for r in runs)


# -- POSIX TZ strings -------------------------------------------------------------------------


@pytest.fixture
def posix_tz(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    yield
    monkeypatch.undo()
    time.tzset()


def set_tz(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    import tzlocal.unix

    monkeypatch.setenv("TZ", value)
    time.tzset()
    # tzlocal remembers the zone for the life of the process (right for coach, which reads TZ
    # once); a test that changes TZ must make it look again.
    monkeypatch.setattr(tzlocal.unix, "_cache_tz", None)
    monkeypatch.setattr(tzlocal.unix, "_cache_tz_name", None)


def test_utc_plus_3_is_read_as_the_c_library_reads_it(
    posix_tz: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_tz(monkeypatch, "UTC+3")  # POSIX: three hours *behind* UTC
    tz = local_zone()
    assert isinstance(tz, SystemZone) and zone_name(tz) == "TZ=UTC+3"
    now = datetime.now().astimezone()  # what `coach history` and the session clock use
    assert datetime.now(tz).utcoffset() == now.utcoffset() == timedelta(hours=-3)
    ((t, _),) = next_fire_times([Reminder("daily-prevention", "09:00")], datetime.now(tz), 1, tz)
    assert (t.hour, t.minute) == (9, 0)
    assert t.astimezone(UTC).hour == 12


def test_a_posix_rule_with_dst_keeps_local_times_across_the_change(
    posix_tz: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_tz(monkeypatch, "EST5EDT,M3.2.0,M11.1.0")  # New York's rules, without a zone name
    tz = local_zone()
    start = datetime(2027, 3, 12, 12, tzinfo=UTC).astimezone(tz)
    times = [t for t, _ in next_fire_times([Reminder("daily-prevention", "09:00")], start, 4, tz)]
    assert [(t.day, t.hour) for t in times] == [(12, 9), (13, 9), (14, 9), (15, 9)]
    assert [t.astimezone(UTC).hour for t in times] == [14, 14, 13, 13]  # EDT from the 14th


@pytest.mark.parametrize("argv", [["remind", "--list"], ["remind", "--ics", "-"]])
def test_remind_commands_work_under_a_posix_tz(
    posix_tz: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv
) -> None:
    from coach.cli import main

    set_tz(monkeypatch, "UTC+3")
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "TZ=UTC+3" in out and "Traceback" not in out
    if argv[1] == "--ics":
        import icalendar

        cal = icalendar.Calendar.from_ical(out)
        (event,) = cal.walk("VEVENT")
        assert event.decoded("DTSTART").utcoffset() == timedelta(hours=-3)
