"""The reminder policy with its state, driven by a hand-moved wall clock: no scheduler, no sleep."""

from __future__ import annotations

import json
import stat
from datetime import UTC, date, datetime

from coach.config import Reminder
from coach.paths import AppPaths
from coach.reminders.core import store_done
from coach.reminders.schedule import Outcome
from tests.reminders.conftest import BERLIN, Wall, make_core, record_done

MORNING = (Reminder("daily-prevention", "09:00"),)


def outcomes(decisions) -> list[tuple[str, str, str]]:
    return [(d.due.kind, d.due.routine, d.outcome.value) for d in decisions]


async def test_fires_on_time_once_and_logs_it(paths: AppPaths) -> None:
    wall = Wall(datetime(2025, 6, 2, 8, 0, tzinfo=BERLIN))
    core, notifier, log = make_core(paths, wall, MORNING)
    assert await core.sweep() == []  # started at 08:00: nothing due
    wall.set(2025, 6, 2, 9, 0, 0)
    assert outcomes(await core.sweep()) == [("reminder", "daily-prevention", "fired")]
    assert [n.title for n in notifier.notes] == ["Daily prevention"]
    assert "about" in notifier.notes[0].body
    wall.advance(seconds=30)
    assert await core.sweep() == []
    assert log.events("fired") == [("fired", "daily-prevention")]


async def test_skips_when_the_routine_is_already_done_today(paths: AppPaths) -> None:
    wall = Wall(datetime(2025, 6, 2, 8, 0, tzinfo=BERLIN))
    core, notifier, log = make_core(
        paths, wall, MORNING, done={("daily-prevention", date(2025, 6, 2))}
    )
    await core.sweep()
    wall.set(2025, 6, 2, 9, 0)
    assert outcomes(await core.sweep()) == [("reminder", "daily-prevention", "skipped")]
    assert notifier.notes == []
    assert log.events("skipped") == [("skipped", "daily-prevention")]


def test_done_is_read_from_the_store_like_the_home_screen(paths: AppPaths) -> None:
    from coach.routines import load_catalog

    catalog = load_catalog(paths.routines)
    morning = datetime(2025, 6, 2, 7, 30, tzinfo=BERLIN)
    assert not store_done(paths, catalog, "daily-prevention", date(2025, 6, 2))
    record_done(paths, "daily-prevention", morning)
    assert store_done(paths, catalog, "daily-prevention", date(2025, 6, 2))
    assert not store_done(paths, catalog, "calf-relief", date(2025, 6, 2))
    assert not store_done(paths, catalog, "daily-prevention", date(2025, 6, 3))


async def test_a_simulated_sleep_shows_one_late_reminder_at_most(paths: AppPaths) -> None:
    reminders = (
        Reminder("daily-prevention", "09:00"),
        Reminder("calf-relief", "11:00"),
        Reminder("evening-relaxation", "12:00"),
    )
    wall = Wall(datetime(2025, 6, 2, 8, 0, tzinfo=BERLIN))
    core, notifier, log = make_core(paths, wall, reminders, grace_minutes=120)
    await core.sweep()
    wall.set(2025, 6, 2, 12, 30)  # the lid was shut from 08:00 to 12:30
    got = outcomes(await core.sweep())
    assert got == [
        ("reminder", "daily-prevention", "missed"),  # 3.5 h late: beyond the grace
        ("reminder", "calf-relief", "missed"),  # within the grace, but only one late per wake
        ("reminder", "evening-relaxation", "late"),
    ]
    assert [n.kind for n in notifier.notes] == ["late"]
    assert "missed the 12:00 reminder" in notifier.notes[0].body
    assert await core.sweep() == []  # never a burst afterwards
    # Nor after a restart within the grace window: the missed ones were given up for good.
    wall.set(2025, 6, 2, 12, 35)
    restarted, notifier2, _ = make_core(paths, wall, reminders, grace_minutes=120)
    assert await restarted.sweep() == []
    assert notifier2.notes == []


async def test_a_sleep_longer_than_the_grace_shows_nothing(paths: AppPaths) -> None:
    wall = Wall(datetime(2025, 6, 2, 8, 0, tzinfo=BERLIN))
    core, notifier, log = make_core(paths, wall, MORNING, grace_minutes=30)
    await core.sweep()
    wall.set(2025, 6, 4, 10, 0)  # two days later: two runs slept through, coalesced to one
    assert outcomes(await core.sweep()) == [("reminder", "daily-prevention", "missed")]
    assert notifier.notes == []


async def test_at_start_a_reminder_missed_within_the_grace_shows_late_once(
    paths: AppPaths,
) -> None:
    wall = Wall(datetime(2025, 6, 2, 9, 40, tzinfo=BERLIN))
    core, notifier, _ = make_core(paths, wall, MORNING)
    assert outcomes(await core.sweep()) == [("reminder", "daily-prevention", "late")]
    # A restart a minute later must not show it again.
    wall.advance(minutes=1)
    again, notifier2, _ = make_core(paths, wall, MORNING)
    assert await again.sweep() == []
    assert len(notifier.notes) == 1 and notifier2.notes == []


async def test_fall_back_double_fire_is_shown_once(paths: AppPaths) -> None:
    night = (Reminder("first-aid", "02:30"),)
    wall = Wall(datetime(2025, 10, 26, 2, 0, tzinfo=BERLIN))
    core, notifier, log = make_core(paths, wall, night)
    await core.sweep()
    wall.t = datetime(2025, 10, 26, 0, 30, tzinfo=UTC).astimezone(BERLIN)  # 02:30 CEST
    assert outcomes(await core.sweep()) == [("reminder", "first-aid", "fired")]
    wall.t = datetime(2025, 10, 26, 1, 30, tzinfo=UTC).astimezone(BERLIN)  # 02:30 CET, fold=1
    assert wall.t.fold == 1
    assert outcomes(await core.sweep()) == []  # the trigger fires the first 02:30 only
    assert len(notifier.notes) == 1


async def test_spring_forward_reminder_comes_at_0330_once(paths: AppPaths) -> None:
    night = (Reminder("first-aid", "02:30"),)
    wall = Wall(datetime(2025, 3, 30, 1, 0, tzinfo=BERLIN))
    core, notifier, _ = make_core(paths, wall, night)
    await core.sweep()
    wall.set(2025, 3, 30, 3, 29)
    assert await core.sweep() == []
    wall.set(2025, 3, 30, 3, 30)
    assert outcomes(await core.sweep()) == [("reminder", "first-aid", "fired")]
    wall.set(2025, 3, 30, 5, 0)
    assert await core.sweep() == []


async def test_a_snooze_survives_a_restart(paths: AppPaths) -> None:
    wall = Wall(datetime(2025, 6, 2, 8, 59, tzinfo=BERLIN))
    core, notifier, log = make_core(paths, wall, MORNING, follow_up_minutes=0)
    await core.sweep()
    wall.set(2025, 6, 2, 9, 0)
    await core.sweep()
    await core.snooze(notifier.notes[0])  # the "Snooze 10 min" button
    assert ("snoozed", "daily-prevention") in log.events()
    snooze_file = paths.state / "snooze.json"
    assert stat.S_IMODE(snooze_file.stat().st_mode) == 0o600
    saved = json.loads(snooze_file.read_text())["snoozes"]
    assert [s["routine"] for s in saved] == ["daily-prevention"]

    # The service is restarted (a new process: nothing kept in memory) before the snooze ends.
    wall.set(2025, 6, 2, 9, 5)
    restarted, notifier2, _ = make_core(paths, wall, MORNING, follow_up_minutes=0)
    assert await restarted.sweep() == []
    assert [t.astimezone(BERLIN).strftime("%H:%M") for t in restarted.wakeups()] == ["09:10"]
    wall.set(2025, 6, 2, 9, 10)
    assert outcomes(await restarted.sweep()) == [("snooze", "daily-prevention", "fired")]
    assert [n.kind for n in notifier2.notes] == ["snooze"]
    assert json.loads(snooze_file.read_text())["snoozes"] == []
    wall.set(2025, 6, 2, 9, 30)
    assert await restarted.sweep() == []


async def test_a_snooze_is_dropped_when_the_routine_gets_done(paths: AppPaths) -> None:
    done: set[tuple[str, date]] = set()
    wall = Wall(datetime(2025, 6, 2, 9, 0, tzinfo=BERLIN))
    core, notifier, _ = make_core(paths, wall, MORNING, done=done, follow_up_minutes=0)
    await core.sweep()
    await core.snooze(notifier.notes[0])
    done.add(("daily-prevention", date(2025, 6, 2)))
    wall.set(2025, 6, 2, 9, 10)
    assert outcomes(await core.sweep()) == [("snooze", "daily-prevention", "skipped")]
    assert core.state.snoozes() == []


async def test_one_follow_up_only(paths: AppPaths) -> None:
    wall = Wall(datetime(2025, 6, 2, 8, 59, tzinfo=BERLIN))
    core, notifier, log = make_core(paths, wall, MORNING, follow_up_minutes=120)
    await core.sweep()
    wall.set(2025, 6, 2, 9, 0)
    await core.sweep()
    assert ("planned", "daily-prevention") in log.events()
    await core.snooze(notifier.notes[0])
    wall.set(2025, 6, 2, 9, 10)
    await core.sweep()  # the snooze shows; it plans no second follow-up
    wall.set(2025, 6, 2, 11, 0)
    assert outcomes(await core.sweep()) == [("follow-up", "daily-prevention", "fired")]
    for hour in (12, 13, 18, 23):
        wall.set(2025, 6, 2, hour, 0)
        assert await core.sweep() == []
    restarted, notifier2, _ = make_core(paths, wall, MORNING, follow_up_minutes=120)
    assert await restarted.sweep() == []
    assert [n.kind for n in notifier.notes] == ["reminder", "snooze", "follow-up"]
    assert notifier2.notes == []
    assert "Still not done" in notifier.notes[-1].body
    # The next day has its own reminder and its own single follow-up.
    wall.set(2025, 6, 3, 9, 0)
    await restarted.sweep()
    wall.set(2025, 6, 3, 11, 0)
    assert outcomes(await restarted.sweep()) == [("follow-up", "daily-prevention", "fired")]


async def test_no_follow_up_when_done_or_turned_off(paths: AppPaths) -> None:
    done: set[tuple[str, date]] = set()
    wall = Wall(datetime(2025, 6, 2, 9, 0, tzinfo=BERLIN))
    core, notifier, _ = make_core(paths, wall, MORNING, done=done, follow_up_minutes=60)
    await core.sweep()
    done.add(("daily-prevention", date(2025, 6, 2)))
    wall.set(2025, 6, 2, 10, 0)
    assert outcomes(await core.sweep()) == [("follow-up", "daily-prevention", "skipped")]
    wall.set(2025, 6, 2, 12, 0)
    assert await core.sweep() == []

    wall.set(2025, 6, 3, 9, 0)
    off, notifier_off, log_off = make_core(paths, wall, MORNING, follow_up_minutes=0)
    await off.sweep()
    wall.set(2025, 6, 3, 15, 0)
    assert await off.sweep() == []
    assert [n.kind for n in notifier_off.notes] == ["reminder"]
    assert ("planned", "daily-prevention") not in log_off.events()


async def test_a_follow_up_slept_through_beyond_the_grace_is_missed(paths: AppPaths) -> None:
    wall = Wall(datetime(2025, 6, 2, 9, 0, tzinfo=BERLIN))
    core, notifier, _ = make_core(paths, wall, MORNING, follow_up_minutes=60, grace_minutes=30)
    await core.sweep()
    wall.set(2025, 6, 2, 18, 0)
    assert outcomes(await core.sweep()) == [("follow-up", "daily-prevention", "missed")]
    wall.set(2025, 6, 2, 18, 1)
    assert await core.sweep() == []
    assert [n.kind for n in notifier.notes] == ["reminder"]


async def test_a_reminder_added_for_a_time_already_past_is_not_late(paths: AppPaths) -> None:
    from coach.config import Config

    wall = Wall(datetime(2025, 6, 2, 10, 0, tzinfo=BERLIN))
    core, notifier, _ = make_core(paths, wall, ())
    await core.sweep()
    wall.set(2025, 6, 2, 10, 5)
    core.set_config(Config(reminders=(Reminder("calf-relief", "10:01"),)))
    assert core.swept_at is not None
    core.swept_at = wall.t  # what the service does on reload
    assert await core.sweep() == []
    assert notifier.notes == []


def test_outcome_values_are_the_logged_words() -> None:
    assert [o.value for o in Outcome] == ["fired", "late", "skipped", "missed", "duplicate"]


def mark_rest(paths: AppPaths, day: date) -> None:
    from coach.store import Store

    with Store.open(paths.database) as store:
        store.mark_rest_day(day, datetime(2025, 6, 1, 20, 0, tzinfo=BERLIN))


async def test_no_reminder_on_a_planned_rest_day(paths: AppPaths) -> None:
    mark_rest(paths, date(2025, 6, 2))
    wall = Wall(datetime(2025, 6, 2, 8, 0, tzinfo=BERLIN))
    core, notifier, log = make_core(paths, wall, MORNING, follow_up_minutes=30)
    await core.sweep()
    wall.set(2025, 6, 2, 9, 0)
    assert outcomes(await core.sweep()) == [("reminder", "daily-prevention", "skipped")]
    assert notifier.notes == []
    assert any("rest day" in detail for _, _, detail in log.lines)
    wall.set(2025, 6, 3, 9, 0)  # the day after is a normal day again
    assert outcomes(await core.sweep()) == [("reminder", "daily-prevention", "fired")]


async def test_reminders_on_rest_days_can_be_turned_back_on(paths: AppPaths) -> None:
    mark_rest(paths, date(2025, 6, 2))
    wall = Wall(datetime(2025, 6, 2, 8, 0, tzinfo=BERLIN))
    core, notifier, _ = make_core(paths, wall, MORNING, remind_on_rest_days=True)
    await core.sweep()
    wall.set(2025, 6, 2, 9, 0)
    assert outcomes(await core.sweep()) == [("reminder", "daily-prevention", "fired")]
    assert len(notifier.notes) == 1
