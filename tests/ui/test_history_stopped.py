"""History's day panel after a session ended with q: the exercise reads "stopped", not
"skipped" (#12 point 10); one passed over with n still reads "skipped"."""

from __future__ import annotations

from pathlib import Path

from coach.ui.screens.end import EndScreen
from coach.ui.screens.history import HistoryScreen
from tests.clocks import FakeClock
from tests.ui.loads import loaded
from tests.ui.test_session_flow import SIZE, advance, build, tiny_routine


def detail(app) -> str:
    return str(app.screen.query_one("#day-detail").render())


async def test_the_day_panel_says_stopped_for_an_exercise_ended_with_q(coach_home: Path) -> None:
    clock = FakeClock()
    app = build(coach_home, clock, start=tiny_routine())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await advance(pilot, clock, 3.5)  # One: setup and one full rep
        await pilot.press("n")  # One skipped with n: Two begins
        await pilot.pause()
        await advance(pilot, clock, 1.5)  # Two's setup, into its first rep
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("y")
        await advance(pilot, clock, 0)
        assert isinstance(app.screen, EndScreen)
        await pilot.press("enter")  # home
        await pilot.pause()
        await pilot.press("h")
        await loaded(pilot)
        assert isinstance(app.screen, HistoryScreen)
        text = detail(app)
        assert "One: 1 of 2 reps, skipped" in text
        assert "Two: 0 of 2 reps, stopped" in text
        assert "Three" not in text  # never reached: not in the record at all
