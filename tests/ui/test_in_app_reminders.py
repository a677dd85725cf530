"""While the app is open, reminders come as toasts on the same schedule, and home shows the next."""

from __future__ import annotations

import asyncio
from pathlib import Path

from coach.reminders.schedule import local_zone, next_fire_times
from coach.ui import in_app_reminders
from coach.ui.make_app import make_app
from coach.ui.messages import SettingsSaved
from coach.ui.screens.home import HomeScreen
from coach.ui.screens.settings import SettingsScreen
from tests.clocks import FakeClock
from tests.ui.seed import seed_days


def at_reminder_time(home: Path) -> tuple[FakeClock, object]:
    """A fake clock standing at today's 09:00 reminder, in the machine's zone."""
    probe = FakeClock()
    zone = local_zone()
    wall = probe.wall_now().astimezone(zone).replace(hour=9, minute=0, second=5)
    clock = FakeClock(wall=wall)
    app = make_app(home, clock=clock, wall_now=clock.wall_now, reminders=True)
    app.first_run = False
    return clock, app


async def wait_for_reminders(app, pilot) -> None:
    for _ in range(40):
        await pilot.pause(0.1)
        if app.next_reminder is not None:
            return
    raise AssertionError("the in-app reminders never started")


async def test_a_due_reminder_is_a_toast_and_home_shows_the_next(coach_home: Path) -> None:
    clock, app = at_reminder_time(coach_home)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await wait_for_reminders(app, pilot)
        await pilot.pause(0.2)
        titles = [n.title for n in app._notifications]
        assert any("Daily prevention" in t for t in titles), titles
        assert isinstance(app.screen, HomeScreen)
        ((when, reminder),) = next_fire_times(app.context.config, clock.wall_now(), 1)
        line = str(app.screen.query_one("#next-reminder").render())
        assert f"at {when:%H:%M} · Daily prevention" in line and "tomorrow" in line


async def test_no_toast_when_the_routine_is_already_done(coach_home: Path) -> None:
    clock, app = at_reminder_time(coach_home)
    daily = app.context.catalog.get("daily-prevention")
    seed_days(app.context.store, daily, clock.wall_now(), {0: "done"})
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await wait_for_reminders(app, pilot)
        await pilot.pause(0.2)
        assert not any("Daily prevention" in (n.title or "") for n in app._notifications)
    log = (coach_home / "state" / "remind.log").read_text()
    assert "skipped" in log


async def test_a_reminder_during_a_session_goes_to_its_status_line(coach_home: Path) -> None:
    """The countdown is never covered: no toast while a session runs."""
    from coach.reminders.notify import Note
    from coach.ui.in_app_reminders import ToastNotifier
    from coach.ui.screens.session import SessionScreen

    clock = FakeClock()
    app = make_app(coach_home, clock=clock, wall_now=clock.wall_now, reminders=False)
    app.first_run = False
    app.start_with = app.context.catalog.get("calf-relief")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        note = Note("reminder", "k", "daily-prevention", "Daily prevention [b]now[/b]", "Body")
        await ToastNotifier(app).notify(note)
        await pilot.pause()
        status = str(app.screen.query_one("#status").render())
        assert status == "Daily prevention [b]now[/b]: Body"  # plain text, as written
        assert not app._notifications


def scheduled_times(app) -> list[str]:
    """The reminder jobs on the app's scheduler, as "HH:MM" of their next run."""
    jobs = app.reminders.scheduler.get_jobs()
    return sorted(f"{j.next_run_time:%H:%M}" for j in jobs if j.id.startswith("remind:"))


async def test_saving_keeps_one_scheduler_alive_and_its_wakeups_harmless(
    coach_home: Path, monkeypatch
) -> None:
    """Issue 10: 30 s after the first-run note was confirmed, the replaced scheduler's wakeup
    timer hit a dead scheduler and the app died. Wakeups every 50 ms make the 30 s instant."""
    monkeypatch.setattr(in_app_reminders, "WAKEUP_SECONDS", 0.05)
    app = make_app(coach_home, reminders=True)  # a new user: the first-run note is up
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_reminders(app, pilot)
        owner, scheduler = app.reminders, app.reminders.scheduler
        await pilot.press("ctrl+s")  # "I understand, start"
        for _ in range(100):
            await pilot.pause(0.1)
            if isinstance(app.screen, HomeScreen):
                break
        await pilot.pause(0.3)  # several wakeups after the save
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        await pilot.press("ctrl+s")  # saved as it is
        for _ in range(100):  # the first save loads the YAML writer: slow on a busy machine
            await pilot.pause(0.1)
            if isinstance(app.screen, HomeScreen):
                break
        await pilot.pause(0.3)  # several wakeups after the save
        assert isinstance(app.screen, HomeScreen)
        assert app.reminders is owner and owner.scheduler is scheduler and scheduler.running
        timers = list(owner.timers)
        assert len(timers) == 2  # the start-up delay and one wakeup, never one per save
    assert app.return_code in (None, 0)
    assert owner.closed and all(t._task is None for t in timers)


async def test_every_reminder_timer_stops_with_the_app(coach_home: Path, monkeypatch) -> None:
    monkeypatch.setattr(in_app_reminders, "WAKEUP_SECONDS", 0.05)
    clock, app = at_reminder_time(coach_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_reminders(app, pilot)
        owner = app.reminders
        timers = list(owner.timers)
        app.post_message(SettingsSaved())
        await pilot.pause(0.2)
    assert owner.closed and owner.timers == []
    assert all(t._task is None for t in timers)  # stopped, not left to fire into nothing
    await asyncio.sleep(0.2)  # the scheduler's own shutdown runs on the loop
    assert not owner.scheduler.running


async def test_after_a_reminder_comes_home_shows_the_one_after_it(coach_home: Path) -> None:
    probe = FakeClock()
    wall = probe.wall_now().astimezone(local_zone()).replace(hour=8, minute=59, second=30)
    clock = FakeClock(wall=wall)
    app = make_app(coach_home, clock=clock, wall_now=clock.wall_now, reminders=True)
    app.first_run = False
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await wait_for_reminders(app, pilot)
        line = str(app.screen.query_one("#next-reminder").render())
        assert "today at 09:00" in line
        clock.advance(35)  # 09:00:05: the reminder's job runs a sweep
        await app.reminders._sweep()
        await pilot.pause()
        assert any("Daily prevention" in (n.title or "") for n in app._notifications)
        line = str(app.screen.query_one("#next-reminder").render())
        assert "tomorrow at 09:00" in line, line


async def test_a_new_time_saved_in_settings_moves_the_job_on_the_same_scheduler(
    coach_home: Path,
) -> None:
    app = make_app(coach_home, reminders=True)
    app.first_run = False
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_reminders(app, pilot)
        scheduler = app.reminders.scheduler
        await pilot.press("s")
        await pilot.pause()
        app.screen.query_one("#at").value = "07:30"
        await pilot.pause()
        await pilot.press("ctrl+s")
        for _ in range(100):
            await pilot.pause(0.1)
            if isinstance(app.screen, HomeScreen) and scheduled_times(app) == ["07:30"]:
                break
        assert isinstance(app.screen, HomeScreen)
        assert app.reminders.scheduler is scheduler and scheduler.running
        assert scheduled_times(app) == ["07:30"]  # the same scheduler took the new time


async def test_no_toast_on_a_rest_day_and_home_names_the_next_working_day(
    coach_home: Path,
) -> None:
    clock, app = at_reminder_time(coach_home)
    today = clock.wall_now().date()
    app.context.store.mark_rest_day(today, clock.wall_now())
    app.context.store.mark_rest_day(today.fromordinal(today.toordinal() + 1), clock.wall_now())
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await wait_for_reminders(app, pilot)
        await pilot.pause(0.2)
        assert not any("Daily prevention" in (n.title or "") for n in app._notifications)
        # today and tomorrow are rest days: the next reminder that will come is the day after
        when, _ = app.next_reminder
        assert (when.date() - today).days == 2
    log = (coach_home / "state" / "remind.log").read_text()
    assert "a planned rest day" in log
