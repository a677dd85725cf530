"""Pilot tests: what the screens say, word for word: the leg a phase works, seconds under a
minute, "1 rep", a short routine's time, and the first-run note's urgent care in pregnancy."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from coach.model import Exercise, Phase, Routine
from coach.ui.make_app import make_app
from coach.ui.screens.end import EndScreen
from coach.ui.screens.home import HomeScreen
from coach.ui.widgets.big_text import BigText
from tests.clocks import FakeClock
from tests.ui.loads import loaded
from tests.ui.test_session_flow import SIZE, RecordingSpeaker, advance, build


def one_exercise(*phases: Phase, reps: int = 2, setup: float = 1) -> Routine:
    exercise = Exercise(
        name="Rise",
        position="Behind a chair.",
        instructions="Rise and lower.",
        reps_min=reps,
        reps_max=reps,
        phases=phases,
        source="test",
        setup_seconds=setup,
    )
    return Routine("one", "One", "p", "a", exercises=(exercise,), origin="user")


def shown(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


def big(app, selector: str) -> str:
    """The words of the session's cue or clock (drawn large where they fit)."""
    return app.screen.query_one(selector, BigText).text


async def test_the_side_stays_beside_the_cue_for_the_whole_phase_and_is_spoken(
    coach_home: Path,
) -> None:
    clock = FakeClock()
    speaker = RecordingSpeaker()
    routine = one_exercise(
        Phase("Lower [b]slowly", 4, "left"), Phase("Lower [b]slowly", 4, "right"), Phase("Up", 2)
    )
    app = build(coach_home, clock, start=routine, speaker=speaker)
    app.context.speech = True
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await advance(pilot, clock, 1.5)  # set-up over: the left-leg phase
        assert big(app, "#cue") == "LOWER [B]SLOWLY · LEFT LEG"  # the cue is text, not markup
        assert shown(app, "#next") == "Next: Lower [b]slowly (right leg, 4 s)"
        await advance(pilot, clock, 3)  # the last second of the phase: still the left leg
        assert big(app, "#cue") == "LOWER [B]SLOWLY · LEFT LEG"
        await advance(pilot, clock, 1)
        assert big(app, "#cue") == "LOWER [B]SLOWLY · RIGHT LEG"
        await pilot.press("space")
        await pilot.pause()
        assert big(app, "#cue") == "PAUSED · LOWER [B]SLOWLY · RIGHT LEG"
        await pilot.press("space")
        await advance(pilot, clock, 4)
        assert big(app, "#cue") == "UP"  # a phase for both legs names none
    cues = [t for t in speaker.said if t[0].isupper()]
    assert cues[:4] == [
        "Get into position",
        "Lower [b]slowly, left leg",
        "Lower [b]slowly, right leg",
        "Up",
    ]


async def test_the_countdown_shows_seconds_alone_under_a_minute(coach_home: Path) -> None:
    clock = FakeClock()
    app = build(coach_home, clock, start=one_exercise(Phase("Hold", 65), Phase("Ease", 12), reps=1))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert big(app, "#clock") == "1"  # the 1-second set-up: not 0:01
        await advance(pilot, clock, 1)
        assert big(app, "#clock") == "1:05"
        assert shown(app, "#next") == "Next: Ease (12 s)"
        await advance(pilot, clock, 5)
        assert big(app, "#clock") == "1:00"
        await advance(pilot, clock, 1)
        assert big(app, "#clock") == "59"
        assert shown(app, "#time-left") == "1:11 left"
        await advance(pilot, clock, 59.5, step=8.5)  # 7 beats, not 119: only the end is read
        assert big(app, "#clock") == "12"  # the next phase, half a second in
        assert shown(app, "#time-left") == "12 s left"


async def test_one_rep_is_one_rep_on_every_line(coach_home: Path) -> None:
    clock = FakeClock()
    app = build(coach_home, clock, start=one_exercise(Phase("Hold", 2), reps=1))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert shown(app, "#where") == "Exercise 1 of 1 · 1 rep"
        await advance(pilot, clock, 1.5)
        assert shown(app, "#where") == "Exercise 1 of 1 · rep 1 of 1"
        await advance(pilot, clock, 3)
        assert isinstance(app.screen, EndScreen)
        summary = shown(app, "#end-summary")
        assert "Rise: 1 of 1 rep" in summary and "1 reps" not in summary


async def test_home_shows_a_routine_under_a_minute_as_under_1_min(coach_home: Path) -> None:
    folder = coach_home / "config" / "routines"
    folder.mkdir(parents=True)
    (folder / "quick.yaml").write_text(
        "id: quick\ntitle: Quick\npurpose: p\naudience: a\nexercises:\n"
        "  - name: Toes\n    position: Seated.\n    instructions: Wiggle.\n"
        "    reps_min: 2\n    reps_max: 2\n    setup_seconds: 4\n"
        "    phases:\n      - {cue: Wiggle, seconds: 5}\n    source: test\n"
    )
    clock = FakeClock()
    app = build(coach_home, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.context.catalog.get("quick").estimated_seconds == 14
        routines = app.screen.query_one("#routines", OptionList)
        quick = routines.get_option("quick").prompt.plain
        assert "  under 1 min  " in quick
        others = [o.prompt.plain for o in routines.options if o.id != "quick"]
        assert others and all(" min " in row and "under" not in row for row in others)


async def test_the_first_run_note_calls_a_fit_in_pregnancy_an_emergency(coach_home: Path) -> None:
    clock = FakeClock()
    app = make_app(coach_home, clock=clock, wall_now=clock.wall_now, reminders=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        note = " ".join(shown(app, "#safety-text").split())
    assert "A fit (convulsion) in pregnancy is an emergency" in note
    assert "call emergency services or go to hospital now" in note
    # Frequent cramps call for a doctor whether or not the exercises are done.
    assert "See a doctor if cramps keep coming back" in note


async def test_history_counts_one_routine_day_as_1_day(coach_home: Path) -> None:
    """It used to read "(this week: 0, 1 days)"."""
    from tests.ui.seed import seed_days

    clock = FakeClock()
    app = build(coach_home, clock)
    daily = app.context.catalog.get("daily-prevention")
    seed_days(app.context.store, daily, app.context.wall_now(), {0: "done"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        await loaded(pilot)
        assert "(this week: 0, 1 day)" in shown(app, "#cramp-panel")
