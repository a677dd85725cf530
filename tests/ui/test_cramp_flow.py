"""Cramp now: c from home and from a session, the stretch timer, follow-up, and the one-key log."""

from __future__ import annotations

from pathlib import Path

from coach.ui.make_app import make_app
from coach.ui.screens.cramp import CrampLogScreen, FollowUpScreen, MuscleDialog
from coach.ui.screens.home import HomeScreen
from coach.ui.screens.session import SessionScreen
from tests.clocks import FakeClock
from tests.ui.loads import wait_for_first_reads
from tests.ui.test_session_flow import advance, tiny_routine

SIZE = (80, 24)


def build(home: Path, clock: FakeClock, **kwargs):
    app = make_app(home, clock=clock, wall_now=clock.wall_now, reminders=False, **kwargs)
    app.first_run = False
    wait_for_first_reads(app)  # what it reads at start has arrived before the pilot acts
    return app


async def test_cramp_from_home_stretch_follow_up_and_log_with_defaults(coach_home: Path) -> None:
    clock = FakeClock()
    app = build(coach_home, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, MuscleDialog)
        await pilot.press("1")  # calf
        await pilot.pause()
        stretch = app.screen
        assert isinstance(stretch, SessionScreen)
        assert stretch.routine.exercises[0].name.startswith("Calf and foot")
        await advance(pilot, clock, stretch.engine.planned_seconds() + 1, step=5)
        assert isinstance(app.screen, FollowUpScreen)
        steps = str(app.screen.query_one("#follow-up-steps").render())
        assert "Walk a little" in steps and "centre of the cramp outwards" in steps
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CrampLogScreen)
        await pilot.press("enter")  # one keypress: saved with defaults
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    (cramp,) = app.context.store.cramps()
    assert (cramp.muscle, cramp.when_kind, cramp.side, cramp.severity) == (
        "calf",
        "day",
        None,
        None,
    )
    first_aid = [s for s in app.context.store.sessions_between(cramp.day, cramp.day)]
    assert [s.routine_id for s in first_aid] == ["first-aid"]  # the stretch was timed and saved


async def test_cramp_during_a_session_pauses_it_and_comes_back(coach_home: Path) -> None:
    clock = FakeClock()
    app = build(coach_home, clock, start=tiny_routine())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        session = app.screen
        await advance(pilot, clock, 1.5)
        await pilot.press("c")
        await pilot.pause()
        assert session.engine.state == "paused"
        await pilot.press("4")  # back of thigh
        await pilot.pause()
        await pilot.press("q")  # end the stretch early: straight to the follow-up steps
        await pilot.pause()
        await pilot.press("y")
        for _ in range(200):  # the stretch's saves are on the writer thread: wait, bounded
            if isinstance(app.screen, FollowUpScreen):
                break
            await pilot.pause(0.05)
        assert isinstance(app.screen, FollowUpScreen)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is session and session.engine.state == "paused"
        await pilot.press("space")
        assert session.engine.state == "running"
    (cramp,) = app.context.store.cramps()
    assert (cramp.muscle, cramp.when_kind) == ("back-thigh", "exercise")


async def test_bad_severity_is_refused_on_the_log_screen(coach_home: Path) -> None:
    clock = FakeClock()
    app = build(coach_home, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("escape")  # not now
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        app.push_screen(CrampLogScreen("foot"))
        await pilot.pause()
        app.screen.query_one("#severity").value = "11"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CrampLogScreen)
        assert "Not saved" in str(app.screen.query_one("#cramp-log-message").render())
    assert app.context.store.cramps() == []


async def test_home_says_when_to_see_a_doctor(coach_home: Path) -> None:
    from coach.config import Profile
    from coach.config_writer import save_settings
    from coach.cramps import new_cramp

    clock = FakeClock()
    app = build(coach_home, clock)
    ctx = app.context
    ctx.config = save_settings(ctx.paths.config_file, profile=Profile("sitting", True))
    now = ctx.wall_now()
    ctx.store.add_cramp(
        new_cramp(muscle="calf", now=now, day_starts_at=4, minutes=12, at=now.replace(hour=3))
    )
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        text = str(app.screen.query_one("#guidance").render())
        assert "12 minutes" in text or "10 minutes" in text
        assert "blood pressure" in text and "swelling" in text
        for drug in ("quinine", "magnesium", "tablet"):
            assert drug not in text.lower()


async def test_a_doctor_note_in_a_session_goes_to_its_status_line_once(coach_home: Path) -> None:
    """Nothing covers the countdown, and an old finding is not said again after a new cramp."""
    clock = FakeClock()
    app = build(coach_home, clock, start=tiny_routine())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        session = app.screen

        async def cramp(minutes: str) -> None:
            await pilot.press("c")
            await pilot.pause()
            await pilot.press("1")  # calf: its stretch is timed on a session screen
            await pilot.pause()
            await pilot.press("q", "y")  # end the stretch early
            await pilot.pause()
            await pilot.press("enter")  # follow-up read: to the log
            await pilot.pause()
            app.screen.query_one("#minutes").value = minutes
            await pilot.press("enter")
            await pilot.pause()

        await cramp("12")
        assert app.screen is session
        status = str(session.query_one("#status").render())
        assert status.startswith("See a doctor: The cramp on") and "12 minutes" in status
        assert not app._notifications  # no toast over the countdown

        clock.advance(120)
        await cramp("1")
        status = str(session.query_one("#status").render())
        assert status.startswith("Logged a calf cramp (1 minute)")
        assert not app._notifications
