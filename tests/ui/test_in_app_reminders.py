"""While the app is open, reminders come as toasts on the same schedule, and home shows the next."""

from __future__ import annotations

from pathlib import Path

from coach.reminders.schedule import local_zone, next_fire_times
from coach.ui.app import make_app
from coach.ui.screens.home import HomeScreen
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
