"""Pilot tests: `b` and resume, as a user meets them (issue #10, defects 3 and 4)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from coach.engine import StepKind
from coach.ui.screens.end import EndScreen
from coach.ui.screens.session import SessionScreen
from tests.clocks import FakeClock
from tests.ui.loads import loaded
from tests.ui.test_session_flow import SIZE, build, tiny_routine
from tests.ui.test_store_errors import advance, settle


def rep_rows(app) -> list[tuple]:
    with sqlite3.connect(app.context.store.path) as con:
        return con.execute(
            "SELECT session_id, exercise_idx, rep, completed_at FROM reps ORDER BY 1, 2, 3"
        ).fetchall()


async def test_back_during_exercise_two_then_end_keeps_exercise_one_done(
    coach_home: Path,
) -> None:
    clock = FakeClock()
    app = build(coach_home, clock, start=tiny_routine())  # 3 exercises of 2 reps, 2 s each
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        await advance(pilot, clock, 7.5)  # One: setup 1 + 2 reps + rest 1; Two: setup, rep 1
        assert screen.engine.exercise_index == 1
        await settle(pilot, screen)
        before = rep_rows(app)
        await pilot.press("b")
        assert screen.engine.exercise_index == 0
        await advance(pilot, clock, 3.5)  # setup and one rep of the redo
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot, screen)
        await pilot.pause(0.2)
        assert isinstance(app.screen, EndScreen)
        text = str(app.screen.query_one("#end-summary").render())
        assert "✓ One: 2 of 2 reps" in text
        record = app.context.store.session(app.screen.record.id)
        assert record == app.screen.record  # the end screen shows what is stored
        assert [(e.idx, e.reps_done, e.skipped) for e in record.exercises][0] == (0, 2, False)
        assert rep_rows(app) == before


async def test_resume_goes_on_from_the_next_rep(coach_home: Path) -> None:
    clock = FakeClock()
    app = build(coach_home, clock)
    daily = app.context.catalog.get("daily-prevention")
    engine, recorder = app.context.new_session(daily, [5, 5, 5, 5])
    recorder.anchor(clock())
    recorder.handle(engine.start())
    first = daily.exercises[0]
    second = daily.exercises[1]
    clock.advance(
        first.planned_seconds(5)
        + first.rest_seconds
        + second.setup_seconds
        + 2 * second.rep_seconds
        + 0.5
    )
    recorder.handle(engine.tick())  # exercise 1 done, 2 reps of exercise 2: the app is killed
    assert engine.reps_done(1) == 2
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = rep_rows(app)
        await pilot.press("r")
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        await advance(pilot, clock, second.setup_seconds + 0.5)
        step = screen.engine.current
        assert (step.kind, step.exercise_index, step.rep) == (StepKind.PHASE, 1, 3)
        assert "rep 3 of 5" in str(screen.query_one("#where").render())
        await advance(pilot, clock, second.rep_seconds, step=second.rep_seconds)
        await settle(pilot, screen)
        after = rep_rows(app)
        assert after[: len(before)] == before  # saved rows untouched
        assert [r[1:3] for r in after[len(before) :]] == [(1, 3)]
