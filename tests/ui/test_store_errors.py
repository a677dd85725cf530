"""Pilot tests: a slow, locked or full disk never stops the session screen (issue #10, defect 8).

Saves run on the app's writer thread. The countdown and the keys go on; one calm line under the
countdown says that saving lags or fails; the recorder tries again (every few seconds on the
session's clock, or at once with space after the end) and saves what waited first, in order.
The end screen comes once everything is saved.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from coach.store import Store, StoreError
from coach.ui.screens.end import EndScreen
from coach.ui.screens.home import HomeScreen
from coach.ui.screens.session import SessionScreen
from tests.clocks import FakeClock
from tests.ui.loads import loaded
from tests.ui.test_session_flow import SIZE, build, tiny_routine

FULL = "The disk holding /home/someone/.local/share/coach is full: coach could not save."


class FullDisk:
    """Makes one Store method fail (on every store, the writer's too) while `full` is true."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, method: str) -> None:
        real = getattr(Store, method)
        self.full = True
        self.calls = 0

        def method_or_full(store: Store, *args, **kwargs):
            self.calls += 1
            if self.full:
                raise StoreError(FULL)
            return real(store, *args, **kwargs)

        monkeypatch.setattr(Store, method, method_or_full)


def status(screen: SessionScreen) -> str:
    """The status line under the countdown, where saving problems are said."""
    return str(screen.query_one("#status").render())


async def advance(pilot, clock: FakeClock, seconds: float, step: float = 0.5) -> None:
    """Move the session's clock in steps, ticking the screen after each (no real waiting)."""
    screen = pilot.app.screen
    moved = 0.0
    while moved < seconds:
        clock.advance(step)
        moved += step
        if isinstance(pilot.app.screen, SessionScreen):
            screen.tick()
        await pilot.pause()


async def said(pilot, words: str, seconds: float = 10.0) -> None:
    """Real time for the writer thread to answer, until the status line says `words`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        screen = pilot.app.screen
        if isinstance(screen, SessionScreen):
            if words in status(screen):
                return
            screen.tick()
        await pilot.pause(0.05)


async def settle(pilot, screen: SessionScreen, seconds: float = 10.0) -> None:
    """Real time for the writer thread to catch up; the screen ticks meanwhile."""
    deadline = time.monotonic() + seconds
    while not screen.recorder.settled and time.monotonic() < deadline:
        await pilot.pause(0.05)
    if pilot.app.screen is screen:
        screen.tick()
    await pilot.pause()


async def test_a_full_disk_mid_session_says_so_and_the_countdown_goes_on(
    coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock()
    app = build(coach_home, clock, start=tiny_routine())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        await settle(pilot, screen)
        sid = screen.recorder.session_id
        disk = FullDisk(monkeypatch, "record_rep")

        await advance(pilot, clock, 3.5)  # setup, then rep 1 ends: its save fails
        await said(pilot, "Not saved yet")
        assert disk.calls >= 1
        assert app.is_running and app.screen is screen
        assert screen.engine.state == "running"  # the routine does not wait for the disk
        assert "Not saved yet" in status(screen) and "is full" in status(screen)
        assert not any("is full" in n.message for n in app._notifications)  # nothing covers it
        before = screen.engine.remaining_total()
        await advance(pilot, clock, 1)
        assert screen.engine.remaining_total() < before

        disk.full = False  # space again on the disk: the next try (a few seconds on) saves
        await advance(pilot, clock, 5, step=2.5)
        await settle(pilot, screen)
        assert "Not saved" not in status(screen)
        reps = app.context.store.reps_for(sid)
        assert [(r.exercise_idx, r.rep) for r in reps][:2] == [(0, 1), (0, 2)]

        await advance(pilot, clock, 30, step=30)  # the rest of the session in one late tick
        await settle(pilot, screen)
        await pilot.pause(0.2)
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
        disk = FullDisk(monkeypatch, "finish_session")
        await advance(pilot, clock, 30, step=30)
        await said(pilot, "space tries now")
        assert app.is_running and app.screen is screen
        assert screen.engine.state == "finished" and "is full" in status(screen)
        assert "space tries now" in status(screen)
        countdown = screen.countdown  # SAVING over 0:00, and still beating to collect the saves
        assert countdown.cue_text == "SAVING" and countdown._timer is not None
        stored = app.context.store.session(screen.recorder.session_id)
        assert stored.status == "in_progress" and stored.reps_total == 6  # every rep kept

        disk.full = False
        await pilot.press("space")
        await settle(pilot, screen)
        await pilot.pause(0.2)
        assert isinstance(app.screen, EndScreen)
        assert app.screen.record.status == "completed"


async def test_a_session_whose_row_cannot_be_saved_goes_on_and_can_be_left(
    coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock()
    app = build(coach_home, clock, start=tiny_routine())
    disk = FullDisk(monkeypatch, "start_session")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await said(pilot, "is full")
        screen = app.screen
        assert isinstance(screen, SessionScreen) and app.is_running
        assert screen.engine.state == "running" and "is full" in status(screen)
        await advance(pilot, clock, 3.5)  # a rep done meanwhile, kept in the queue
        disk.full = False
        await advance(pilot, clock, 5, step=2.5)
        await settle(pilot, screen)
        sid = screen.recorder.session_id
        assert sid is not None
        done = screen.engine.reps_done(0)
        assert done >= 1  # what was done while the disk was full, then after: all of it
        assert [r.rep for r in app.context.store.reps_for(sid)] == list(range(1, done + 1))

    disk.full = True
    app = build(coach_home, clock, start=tiny_routine())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        await advance(pilot, clock, 30, step=30)
        await said(pilot, "q leaves")
        assert screen.engine.state == "finished" and "q leaves" in status(screen)
        await pilot.press("q")  # the disk will not have it: the user may go, as the line said
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_an_external_lock_never_freezes_the_session(coach_home: Path) -> None:
    """Another process holds the data file (BEGIN EXCLUSIVE) while reps end: the countdown
    and the keys go on, a line says saving waits, and once the lock is gone every rep is saved
    in order, with the time it was done."""
    clock = FakeClock()
    app = build(coach_home, clock, start=tiny_routine())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        await settle(pilot, screen)
        sid = screen.recorder.session_id
        other = sqlite3.connect(app.context.store.path, timeout=0, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        try:
            longest = 0.0
            for _ in range(11):  # 5.5 s of the session: reps 1 and 2 end under the lock
                clock.advance(0.5)
                started = time.monotonic()
                screen.tick()
                longest = max(longest, time.monotonic() - started)
                await pilot.pause()
            assert longest < 1.0  # no tick waited on the disk (the lock lasts until released)
            assert [r.rep for r in app.context.store.reps_for(sid)] == []  # still waiting
            assert screen.engine.reps_done(0) == 2
            assert "Saving" in status(screen) and "the session goes on" in status(screen)
            shown = str(screen.query_one("#countdown").render())
            await pilot.press("space")  # keys answer at once
            assert screen.engine.state == "paused"
            await pilot.press("space")
            await advance(pilot, clock, 1.0)
            assert str(screen.query_one("#countdown").render()) != shown
        finally:
            other.execute("ROLLBACK")
            other.close()
        await settle(pilot, screen)
        reps = app.context.store.reps_for(sid)
        assert [(r.exercise_idx, r.rep) for r in reps] == [(0, 1), (0, 2)]
        assert reps[0].completed_at < reps[1].completed_at
        await pilot.pause(0.2)
        assert "Saving" not in status(screen)


def test_the_writer_keeps_the_order_of_writes(tmp_path: Path) -> None:
    """One thread, one connection: jobs run in the order they were handed in."""
    from coach.writer import StoreWriter

    writer = StoreWriter(tmp_path / "coach.sqlite3")
    seen: list[tuple[int, str]] = []
    futures = [
        writer.submit(lambda store, n=n: seen.append((n, threading.current_thread().name)))
        for n in range(50)
    ]
    writer.stop(wait=None)
    assert [f.exception() for f in futures] == [None] * 50
    assert seen == [(n, "coach-writer") for n in range(50)]
    assert writer.submit(lambda store: None).exception() is not None  # stopped: refused


async def test_history_keys_answer_while_another_process_holds_the_data_file(
    coach_home: Path,
) -> None:
    """`r` on History while the file is locked: the screen still moves and speaks; the rest
    day is stored once the lock goes."""
    from coach.ui.screens.history import HistoryScreen
    from coach.ui.widgets.heatmap import HeatMap

    clock = FakeClock()
    app = build(coach_home, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        other = sqlite3.connect(app.context.store.path, timeout=0, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        try:
            await pilot.press("r")
            day = screen.query_one(HeatMap).selected
            await pilot.press("left")
            await pilot.pause()
            assert screen.query_one(HeatMap).selected != day  # the key was answered at once
            deadline = time.monotonic() + 10
            while not any("Saving" in n.message for n in app._notifications):
                assert time.monotonic() < deadline, "no word that saving waits"
                await pilot.pause(0.1)
            assert app.context.store.rest_days() == []
        finally:
            other.execute("ROLLBACK")
            other.close()
        deadline = time.monotonic() + 10
        while not app.context.store.rest_days():
            assert time.monotonic() < deadline, "the rest day was never saved"
            await pilot.pause(0.1)
        assert [r.day for r in app.context.store.rest_days()] == [day]
