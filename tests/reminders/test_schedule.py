"""Fire times straight from the CronTriggers, and the pure late/missed/duplicate rules."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from coach.config import Config, Profile, Reminder
from coach.reminders.schedule import (
    Due,
    Outcome,
    decide,
    fire_times,
    latest_fire_time,
    next_fire_times,
    reminder_triggers,
    timing,
)
from tests.reminders.conftest import BERLIN


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=BERLIN)


def first(reminder: Reminder, start: datetime, n: int) -> list[datetime]:
    (rt,) = reminder_triggers([reminder], BERLIN)
    return list(itertools.islice(fire_times(rt.trigger, start), n))


def test_weekday_filter_fires_only_on_chosen_days() -> None:
    # 2025-06-01 is a Sunday.
    times = first(Reminder("daily-prevention", "09:00", ("mon", "wed")), at(2025, 6, 1, 12), 4)
    assert times == [at(2025, 6, 2, 9), at(2025, 6, 4, 9), at(2025, 6, 9, 9), at(2025, 6, 11, 9)]
    assert {t.strftime("%a") for t in times} == {"Mon", "Wed"}


def test_the_trigger_fires_at_the_exact_minute_and_not_before() -> None:
    r = Reminder("daily-prevention", "09:00")
    assert first(r, at(2025, 6, 2, 9, 0), 1) == [at(2025, 6, 2, 9, 0)]
    assert first(r, at(2025, 6, 2, 9, 0, 1), 1) == [at(2025, 6, 3, 9, 0)]


def test_spring_forward_keeps_local_times_and_moves_the_missing_hour_once() -> None:
    # 2025-03-30 02:00 CET -> 03:00 CEST in Berlin.
    nine = first(Reminder("a", "09:00"), at(2025, 3, 29, 8), 2)
    assert [t.astimezone(UTC).hour for t in nine] == [8, 7]  # 09:00 CET, then 09:00 CEST
    assert [t.hour for t in nine] == [9, 9]
    night = first(Reminder("a", "02:30"), at(2025, 3, 29, 12), 2)
    # 02:30 does not exist that night: one run, at 03:30 CEST (01:30 UTC), not skipped.
    assert night[0] == datetime(2025, 3, 30, 1, 30, tzinfo=UTC)
    assert (night[0].hour, night[0].minute, night[0].utcoffset()) == (3, 30, timedelta(hours=2))
    assert night[1] == at(2025, 3, 31, 2, 30)


def test_fall_back_fires_once_and_is_listed_once() -> None:
    # 2025-10-26 03:00 CEST -> 02:00 CET: 02:30 happens twice; the trigger fires at the first.
    r = Reminder("a", "02:30")
    raw = first(r, at(2025, 10, 25, 12), 2)
    assert [t.astimezone(UTC).hour for t in raw] == [0, 1]  # 02:30 CEST, then 02:30 CET next day
    assert raw[1].date() == raw[0].date() + timedelta(days=1)
    listed = next_fire_times([r], at(2025, 10, 25, 12), 2, BERLIN)
    assert [t for t, _ in listed] == [at(2025, 10, 26, 2, 30), at(2025, 10, 27, 2, 30)]


def test_next_fire_times_merges_reminders_in_order() -> None:
    config = Config(
        reminders=(
            Reminder("evening-relaxation", "21:30", ("mon", "wed", "fri")),
            Reminder("daily-prevention", "09:00"),
        )
    )
    got = next_fire_times(config, at(2025, 6, 2, 10), 4, BERLIN)  # Monday 10:00
    assert [(t.strftime("%a %H:%M"), r.routine) for t, r in got] == [
        ("Mon 21:30", "evening-relaxation"),
        ("Tue 09:00", "daily-prevention"),
        ("Wed 09:00", "daily-prevention"),
        ("Wed 21:30", "evening-relaxation"),
    ]


def test_next_fire_times_uses_the_profile_default_and_handles_no_reminders() -> None:
    active = Config(profile=Profile(activity="active"))
    ((t, r),) = next_fire_times(active, at(2025, 6, 2, 10), 1, BERLIN)
    assert (r.routine, t) == ("evening-relaxation", at(2025, 6, 2, 21, 30))
    assert next_fire_times(Config(reminders=()), at(2025, 6, 2, 10), 7, BERLIN) == []


def test_same_routine_and_time_twice_merge_their_days() -> None:
    (rt,) = reminder_triggers(
        [Reminder("a", "09:00", ("mon",)), Reminder("a", "09:00", ("fri",))], BERLIN
    )
    assert rt.reminder.days == ("mon", "fri")


def test_latest_fire_time_is_what_a_coalesced_run_stands_for() -> None:
    (rt,) = reminder_triggers([Reminder("a", "09:00")], BERLIN)
    # Asleep from Monday 08:00 to Wednesday 10:00: two runs missed, the coalesced one is Wed.
    assert latest_fire_time(rt.trigger, at(2025, 6, 2, 8), at(2025, 6, 4, 10)) == at(2025, 6, 4, 9)
    assert latest_fire_time(rt.trigger, at(2025, 6, 4, 9), at(2025, 6, 4, 10)) is None


def test_timing_on_time_late_missed() -> None:
    grace = timedelta(minutes=120)
    t = at(2025, 6, 2, 9)
    assert timing(t, t + timedelta(seconds=5), grace) is Outcome.FIRED
    assert timing(t, t + timedelta(minutes=30), grace) is Outcome.LATE
    assert timing(t, t + timedelta(minutes=120), grace) is Outcome.LATE
    assert timing(t, t + timedelta(minutes=121), grace) is Outcome.MISSED
    assert timing(t, t + timedelta(minutes=5), timedelta(0)) is Outcome.MISSED


def reminder(routine: str, *when: int) -> Due:
    return Due("reminder", f"{routine}@x", routine, at(*when))


def never(_: Due) -> bool:
    return False


def test_decide_skips_a_routine_already_done() -> None:
    due = [reminder("a", 2025, 6, 2, 9)]
    got = decide(due, at(2025, 6, 2, 9), timedelta(hours=2), shown=never, done=lambda d: True)
    assert [d.outcome for d in got] == [Outcome.SKIPPED]


def test_after_sleep_only_the_most_recent_late_run_shows() -> None:
    # Asleep 08:00-12:30 through 09:00 (beyond the grace), 11:00 and 12:00 (within it).
    due = [
        reminder("a", 2025, 6, 2, 9),
        reminder("b", 2025, 6, 2, 11),
        reminder("c", 2025, 6, 2, 12),
    ]
    got = decide(due, at(2025, 6, 2, 12, 30), timedelta(hours=2), shown=never, done=never)
    assert [(d.due.routine, d.outcome) for d in got] == [
        ("a", Outcome.MISSED),
        ("b", Outcome.MISSED),
        ("c", Outcome.LATE),
    ]
    assert "grace" in got[0].reason and "one late" in got[1].reason
    assert sum(d.shows for d in got) == 1


def test_a_done_routine_does_not_use_up_the_one_late_slot() -> None:
    due = [reminder("a", 2025, 6, 2, 11), reminder("b", 2025, 6, 2, 12)]
    got = decide(
        due,
        at(2025, 6, 2, 12, 30),
        timedelta(hours=2),
        shown=never,
        done=lambda d: d.routine == "b",
    )
    assert [(d.due.routine, d.outcome) for d in got] == [
        ("a", Outcome.LATE),
        ("b", Outcome.SKIPPED),
    ]


def test_decide_marks_a_second_run_on_the_same_local_date_duplicate() -> None:
    # Both 02:30s of the fall-back night, seen in one batch (asleep across both).
    first_run = Due("reminder", "a@02:30", "a", at(2025, 10, 26, 2, 30))
    second = Due("reminder", "a@02:30", "a", at(2025, 10, 26, 2, 30).replace(fold=1))
    assert second.scheduled - first_run.scheduled == timedelta(0)  # wall-clock arithmetic...
    assert second.scheduled.timestamp() - first_run.scheduled.timestamp() == 3600  # ...real: 1 h
    got = decide([first_run, second], second.scheduled, timedelta(hours=2), shown=never, done=never)
    assert [d.outcome for d in got] == [Outcome.LATE, Outcome.DUPLICATE]
    shown_before = decide(
        [second], second.scheduled, timedelta(hours=2), shown=lambda d: True, done=never
    )
    assert [d.outcome for d in shown_before] == [Outcome.DUPLICATE]
