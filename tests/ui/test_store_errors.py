"""Pilot tests: the store failing mid-session (a full disk) pauses the session, never crashes.

The message is shown on the session's status line (never as a pop-up over the countdown), the
app keeps running, and space tries again: what could not be saved then is saved first, so
nothing done is lost.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.store import StoreError
from coach.ui.screens.end import EndScreen
from coach.ui.screens.home import HomeScreen
from coach.ui.screens.session import SessionScreen
from tests.clocks import FakeClock
from tests.ui.test_session_flow import SIZE, advance, build, tiny_routine

FULL = "The disk holding /home/someone/.local/share/coach is full: coach could not save."


class FullDisk:
    """Stands in for one store method while `full` is true; the real one once space is back."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, store, method: str) -> None:
        self.real = getattr(store, method)
        self.full = True
        self.calls = 0
        monkeypatch.setattr(store, method, self)

    def __call__(self, *args, **kwargs):
        self.calls += 1
        if self.full:
            raise StoreError(FULL)
        return self.real(*args, **kwargs)


def status(screen: SessionScreen) -> str:
    return str(screen.query_one("#status").render())


async def test_a_full_disk_mid_session_pauses_and_says_so_then_space_carries_on(
    coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock()
    app = build(coach_home, clock, start=tiny_routine())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        disk = FullDisk(monkeypatch, screen.recorder.store, "record_rep")

        await advance(pilot, clock, 3.5)  # setup, then rep 1 ends: its save fails
        assert disk.calls == 1
        assert app.is_running and app.screen is screen
        assert screen.engine.state == "paused"
        assert "is full" in status(screen) and "press space" in status(screen)
        assert not any("is full" in n.message for n in app._notifications)  # nothing covers it
        paused_at = screen.engine.remaining()
        await advance(pilot, clock, 5)
        assert screen.engine.remaining() == paused_at  # the routine waits for the disk

        await pilot.press("space")  # still full: it stays paused, nothing is dropped
        await pilot.pause()
        assert screen.engine.state == "paused" and disk.calls == 2
        assert "is full" in status(screen)

        disk.full = False  # space again on the disk
        await pilot.press("space")
        await pilot.pause()
        assert screen.engine.state == "running"
        assert "is full" not in status(screen)
        reps = app.context.store.reps_for(screen.recorder.session_id)
        assert [(r.exercise_idx, r.rep) for r in reps] == [(0, 1)]  # the failed rep, saved

        await advance(pilot, clock, screen.engine.remaining_total() + 1)
        assert isinstance(app.screen, EndScreen)
        record = app.screen.record
        assert record.status == "completed" and record.reps_total == 6


async def test_a_full_disk_at_the_very_end_keeps_the_session_until_it_is_saved(
    coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock()
    app = build(coach_home, clock, start=tiny_routine())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        screen = app.screen
        disk = FullDisk(monkeypatch, screen.recorder.store, "finish_session")
        await advance(pilot, clock, screen.engine.planned_seconds() + 1)
        assert app.is_running and app.screen is screen
        assert screen.engine.state == "finished" and "is full" in status(screen)
        stored = app.context.store.session(screen.recorder.session_id)
        assert stored.status == "in_progress" and stored.reps_total == 6  # every rep kept

        disk.full = False
        await pilot.press("space")
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)
        assert app.screen.record.status == "completed"


async def test_a_session_that_cannot_even_be_started_waits_and_can_be_left(
    coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock()
    app = build(coach_home, clock, start=tiny_routine())
    disk = FullDisk(monkeypatch, app.context.store, "start_session")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen) and app.is_running
        assert screen.engine.state == "ready" and "is full" in status(screen)

        await pilot.press("space")  # still full
        await pilot.pause()
        assert screen.engine.state == "ready" and disk.calls == 2

        disk.full = False
        await pilot.press("space")
        await pilot.pause()
        assert screen.engine.state == "running" and screen.recorder.session_id is not None

    app = build(coach_home, clock, start=tiny_routine())
    FullDisk(monkeypatch, app.context.store, "start_session")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("q")  # nothing begun, nothing to save: straight back home
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
