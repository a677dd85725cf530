"""Pilot tests: home -> session -> end, and every key does what the footer says."""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

import pytest

from coach.engine import StepKind
from coach.model import Exercise, Phase, Routine
from coach.ui.make_app import make_app
from coach.ui.screens.end import EndScreen
from coach.ui.screens.home import HomeScreen
from coach.ui.screens.session import SessionScreen
from coach.ui.widgets.big_text import BigText
from tests.clocks import FakeClock
from tests.ui.loads import loaded, wait_for_first_reads

SIZE = (80, 24)


def tiny_routine() -> Routine:
    def ex(name: str) -> Exercise:
        return Exercise(
            name=name,
            position="Seated.",
            instructions=f"Do {name}.",
            reps_min=2,
            reps_max=3,
            phases=(Phase("Lift", 1), Phase("Lower", 1)),
            source="test",
            setup_seconds=1,
            rest_seconds=1,
        )

    return Routine(
        id="tiny",
        title="Tiny",
        purpose="p",
        audience="a",
        exercises=(ex("One"), ex("Two"), ex("Three")),
        origin="user",
    )


class RecordingSpeaker:
    available = True

    def __init__(self) -> None:
        self.said: list[str] = []

    def say(self, text: str) -> bool:
        self.said.append(text)
        return True

    def stop(self) -> None:
        pass


def build(home: Path, clock: FakeClock, **kwargs):
    app = make_app(home, clock=clock, wall_now=clock.wall_now, reminders=False, **kwargs)
    app.first_run = False
    wait_for_first_reads(app)  # the record is read off the UI thread: the pilot waits for it
    return app


def footer_keys(app) -> dict[str, str]:
    return {
        b.key: b.description
        for (_, b, enabled, _) in app.active_bindings.values()
        if enabled and b.show
    }


@contextlib.asynccontextmanager
async def daily_session(home: Path):
    """The app at 80x24 with today's daily routine just started with `d` on home."""
    clock = FakeClock()
    app = build(home, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await loaded(pilot)  # today's targets read, the session in front
        yield clock, app, pilot


async def advance(pilot, clock: FakeClock, seconds: float, step: float = 0.5) -> None:
    """Move the fake clock in steps and tick the session on screen after each: no real waits."""
    moved = 0.0
    while moved < seconds:
        clock.advance(step)
        moved += step
        screen = pilot.app.screen
        if isinstance(screen, SessionScreen):
            screen.tick()
        await pilot.pause()
    # Saves run on the app's writer thread and a session that is over leaves its screen once
    # they are on disk: give that a moment of real time (not when saving has failed).
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        screen = pilot.app.screen
        if not isinstance(screen, SessionScreen) or screen.engine.state != "finished":
            break
        if screen.recorder.problem is not None:
            break
        screen.tick()  # collect what the writer has saved
        await pilot.pause(0.05)
    await loaded(pilot)  # the end screen's summary, read from the record as saved


async def test_home_lists_todays_plan_and_starts_the_selected_routine(coach_home: Path) -> None:
    clock = FakeClock()
    app = build(coach_home, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        keys = footer_keys(app)
        assert keys["enter"] == "Start" and keys["d"] == "Daily"
        assert "r" not in keys  # nothing to resume yet
        today = str(app.screen.query_one("#today").render())
        assert "Wednesday 25 November" in today and "Daily prevention" in today
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.routine.id == "calf-relief"


async def test_keys_pause_skip_back_and_change_reps(coach_home: Path) -> None:
    clock = FakeClock()
    app = build(coach_home, clock, start=tiny_routine())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        engine = screen.engine
        keys = footer_keys(app)
        for key, words in {
            "space": "Pause",
            "n": "Skip",
            "b": "Back",
            "plus": "One more rep",
            "minus": "One fewer rep",
            "m": "Mute",
            "q": "End",
            "c": "Cramp",
        }.items():
            assert keys[key] == words

        await advance(pilot, clock, 1.5)  # setup done, first rep running
        assert engine.current.kind is StepKind.PHASE
        await pilot.press("space")
        assert engine.state == "paused"
        assert "PAUSED" in screen.query_one("#cue", BigText).text
        before = engine.remaining()
        await advance(pilot, clock, 5)
        assert engine.remaining() == before  # the routine's clock is stopped
        await pilot.press("space")
        assert engine.state == "running"

        await pilot.press("plus")
        assert engine.targets[0] == 3
        await pilot.press("minus", "minus")
        assert engine.targets[0] == 1
        await pilot.press("n")
        assert engine.exercise_index == 1
        await pilot.press("b")
        assert engine.exercise_index == 0 and engine.current.kind is StepKind.SETUP

        assert app.sound is True
        await pilot.press("m")
        assert app.sound is False  # the app's own state, not the context's
        await pilot.pause()
        assert str(screen.query_one("#status").render()) == "Bell off."
        assert not app._notifications  # on the status line, not a pop-up over the countdown


async def test_end_asks_then_saves_what_is_done(coach_home: Path) -> None:
    clock = FakeClock()
    app = build(coach_home, clock, start=tiny_routine())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await advance(pilot, clock, 3.5)  # setup + one full rep
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("n")  # "keep going"
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen) and app.screen.engine.state == "running"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)
        record = app.screen.record
        assert record.status == "partial" and record.reps_total == 1
        text = str(app.screen.query_one("#end-summary").render())
        assert "Repetitions done: 1" in text and "stopped: 1" in text
        assert "One: 1 of 2 reps (stopped)" in text  # ended with q: stopped, not skipped
        assert "skipped" not in text


async def test_a_whole_session_runs_to_the_end_screen_and_is_stored(coach_home: Path) -> None:
    clock = FakeClock()
    speaker = RecordingSpeaker()
    app = build(coach_home, clock, start=tiny_routine(), speaker=speaker)
    app.context.speech = True
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        planned = app.screen.engine.planned_seconds()
        await advance(pilot, clock, planned + 1)
        assert isinstance(app.screen, EndScreen)
        record = app.screen.record
        assert record.status == "completed"
        assert record.reps_total == 6
        assert record.active_seconds == pytest.approx(planned)
        assert "Time taken: 17 s" in str(app.screen.query_one("#end-summary").render())
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert speaker.said[:3] == ["Get into position", "Lift", "Lower"]


async def test_home_offers_to_resume_an_unfinished_session(coach_home: Path) -> None:
    clock = FakeClock()
    app = build(coach_home, clock)
    daily = app.context.catalog.get("daily-prevention")
    engine, recorder = app.context.new_session(daily, [5, 5, 5, 5])
    recorder.anchor(clock())
    recorder.handle(engine.start())
    clock.advance(daily.exercises[0].planned_seconds(5) + daily.exercises[0].rest_seconds + 0.5)
    recorder.handle(engine.tick())  # exercise 1 done, then the "app is killed"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        banner = str(app.screen.query_one("#resume-banner").render())
        assert "unfinished Daily prevention" in banner and "1 of 4 exercises saved" in banner
        # The banner names its keys; the footer keeps its room for Quit and Cramp at 80 columns.
        assert "r resume" in banner and "x set it aside" in banner
        await pilot.press("r")
        await loaded(pilot)
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.engine.exercise_index == 1
        assert app.screen.recorder.session_id == recorder.session_id


async def test_lowered_reps_end_honestly_the_day_does_not_count(coach_home: Path) -> None:
    """`-` down to 1 rep on every exercise of the daily routine: no "Well done", no ticks."""
    async with daily_session(coach_home) as (clock, app, pilot):
        engine = app.screen.engine
        for _ in range(400):
            if isinstance(app.screen, EndScreen):
                break
            step = engine.current
            if step.kind is StepKind.SETUP and engine.targets[step.exercise_index] > 1:
                await pilot.press("minus")
            else:
                await advance(pilot, clock, 5, step=5)  # every set-up step is 10 s or more
        assert isinstance(app.screen, EndScreen)
        heading = str(app.screen.query_one("#end-heading").render())
        text = str(app.screen.query_one("#end-summary").render())
        assert "Well done" not in heading
        assert heading.startswith("Session finished, with fewer reps than the minimum")
        assert "✓" not in text
        assert "◐ Roll from the outer edge of the foot: 1 of 1 rep (the minimum is 5)" in text
        assert "Today does not count as done yet: short of the minimum in Roll from" in text
        assert "(1 of 5 reps)" in text


async def test_a_full_daily_session_says_the_day_counts(coach_home: Path) -> None:
    async with daily_session(coach_home) as (clock, app, pilot):
        planned = app.screen.engine.planned_seconds()
        await advance(pilot, clock, planned + 10, step=10)
        assert isinstance(app.screen, EndScreen)
        assert str(app.screen.query_one("#end-heading").render()).startswith("Well done")
        text = str(app.screen.query_one("#end-summary").render())
        assert "Today counts as done: every exercise reached its minimum." in text


async def test_coach_start_before_a_profile_says_the_safety_note_under_the_countdown(
    coach_home: Path,
) -> None:
    from coach.text import SAFETY_LINE

    clock = FakeClock()
    app = build(coach_home, clock, start=tiny_routine())
    app.first_run_line = True
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert str(app.screen.query_one("#status").render()) == SAFETY_LINE
        assert not app._notifications  # no toast over the countdown
