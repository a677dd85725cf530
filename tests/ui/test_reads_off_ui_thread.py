"""The screen never waits on the disk (#13 point 4): every read of the record runs on the app's
writer thread, and a key pressed before its read has arrived still does what it says."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from functools import wraps
from pathlib import Path
from typing import Any

import pytest

from coach.dates import long_day
from coach.journal import Journal
from coach.store import Store
from coach.ui.make_app import make_app
from coach.ui.messages import RecordChanged
from coach.ui.screens.end import EndScreen
from coach.ui.screens.history import HistoryScreen
from coach.ui.screens.home import HomeScreen
from coach.ui.screens.session import SessionScreen
from tests.clocks import FakeClock
from tests.ui.loads import loaded
from tests.ui.seed import seed_days
from tests.ui.test_in_app_reminders import at_reminder_time, wait_for_reminders
from tests.ui.test_session_flow import SIZE, advance, build, tiny_routine


@contextlib.contextmanager
def no_store_calls_on_the_ui_thread(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every public method of every Store notes the calls made on the main thread (the UI's)."""
    calls: list[str] = []

    def guarded(name: str, method: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(method)
        def call(*args: Any, **kwargs: Any) -> Any:
            if threading.current_thread() is threading.main_thread():
                calls.append(name)
            return method(*args, **kwargs)

        return call

    for name in dir(Store):
        method = getattr(Store, name)
        if not name.startswith("_") and callable(method) and name != "open":
            monkeypatch.setattr(Store, name, guarded(name, method))
    yield calls
    monkeypatch.undo()


async def test_home_history_session_and_end_never_read_the_store_on_the_ui_thread(
    coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock()
    app = build(coach_home, clock)
    ctx = app.context
    daily = ctx.catalog.get("daily-prevention")
    seed_days(ctx.store, daily, ctx.wall_now(), {1: "done", 2: "partial", 4: "done"})
    with no_store_calls_on_the_ui_thread(monkeypatch) as calls:
        async with app.run_test(size=SIZE) as pilot:
            await loaded(pilot)
            assert isinstance(app.screen, HomeScreen)
            assert "Streak 1 day" in str(app.screen.query_one("#streak").render())
            await pilot.press("h")
            await loaded(pilot)
            assert isinstance(app.screen, HistoryScreen)
            for key in ("left", "up", "right", "up", "down"):
                await pilot.press(key)  # each move reads its day; the last one is drawn
            await loaded(pilot)
            detail = str(app.screen.query_one("#day-detail").render())
            yesterday = long_day(ctx.today() - timedelta(days=1), year=True)
            assert detail.startswith(yesterday) and "completed" in detail, detail
            await pilot.press("escape")
            await loaded(pilot)
            app.start_routine(tiny_routine())
            await loaded(pilot)
            assert isinstance(app.screen, SessionScreen)
            await advance(pilot, clock, 30)  # the whole tiny routine, on the fake clock
            await loaded(pilot)
            assert isinstance(app.screen, EndScreen)
            assert app.screen.record is not None and app.screen.record.routine_id == "tiny"
            await pilot.press("enter")
            await loaded(pilot)
            assert isinstance(app.screen, HomeScreen)
        assert calls == [], f"read on the UI thread: {sorted(set(calls))}"


async def test_d_pressed_before_home_has_read_the_record_still_starts_the_daily_routine(
    coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The record is slow to read (another program holds it): d waits for it, then starts."""
    gate = threading.Event()
    home = Journal.home

    def slow_home(self: Journal, **kwargs: Any) -> Any:
        assert threading.current_thread() is not threading.main_thread(), "read on the UI thread"
        gate.wait(10)
        return home(self, **kwargs)

    monkeypatch.setattr(Journal, "home", slow_home)
    clock = FakeClock()
    app = make_app(coach_home, clock=clock, wall_now=clock.wall_now, reminders=False)
    app.first_run = False
    async with app.run_test(size=SIZE) as pilot:  # not waiting for the first read: d at once
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)  # the screen answered; the read goes on
        assert not app.screen.query("#streak")  # no figures (no "0 days") before the read
        gate.set()
        await loaded(pilot)
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.engine.routine.id == "daily-prevention"


async def test_reminders_in_the_app_read_done_and_rest_days_off_the_ui_thread(
    coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Today and tomorrow are rest days: no toast (is today done? a rest day?), and home names
    the day after as the next reminder's; every one of those reads on the writer thread."""
    clock, app = at_reminder_time(coach_home)
    today = clock.wall_now().date()
    app.context.store.mark_rest_day(today, clock.wall_now())
    app.context.store.mark_rest_day(today + timedelta(days=1), clock.wall_now())
    with no_store_calls_on_the_ui_thread(monkeypatch) as calls:
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await wait_for_reminders(app, pilot)
            await loaded(pilot)
            assert not any("Daily prevention" in (n.title or "") for n in app._notifications)
            when, _ = app.next_reminder
            assert (when.date() - today).days == 2
        assert calls == [], f"read on the UI thread: {sorted(set(calls))}"
    assert "a planned rest day" in (coach_home / "state" / "remind.log").read_text()


@pytest.mark.parametrize("screen_key", ["home", "history", "end"])
async def test_a_read_that_arrives_as_the_app_closes_is_dropped_quietly(
    coach_home: Path, monkeypatch: pytest.MonkeyPatch, screen_key: str
) -> None:
    """The app closes while a screen's read is still under way, and Textual takes the
    screen's widgets down before the screen. The read arriving then has nothing to draw on; it
    must not end coach with an error (it did: NoMatches from History's day panel, exit 70)."""
    gate = threading.Event()
    held = {"home": (Journal, "home"), "history": (Store, "cramps"), "end": (Journal, "day_count")}
    owner, name = held[screen_key]
    original = getattr(owner, name)
    hold = threading.Event()

    def slow(*args: Any, **kwargs: Any) -> Any:
        if hold.is_set():
            gate.wait(10)
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, slow)
    clock = FakeClock()
    start = tiny_routine() if screen_key == "end" else None
    app = make_app(coach_home, clock=clock, wall_now=clock.wall_now, reminders=False, start=start)
    app.first_run = False
    shutdown = app._shutdown

    async def shutdown_with_the_read_arriving() -> None:
        # As closing does: the screen's widgets go first, the screen is still attached; the
        # read comes back just then.
        await app.screen.remove_children()
        gate.set()
        for worker in list(app.workers):
            with contextlib.suppress(Exception):  # a failure is the app's: checked below
                await worker.wait()
        await shutdown()

    app._shutdown = shutdown_with_the_read_arriving
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        if screen_key == "history":
            hold.set()
            await pilot.press("h")
        elif screen_key == "end":
            hold.set()  # the end screen's read of the session is held
            for _ in range(1000):  # to the end screen (not `advance`: it waits for that read)
                clock.advance(0.5)
                if isinstance(app.screen, SessionScreen):
                    app.screen.tick()
                await pilot.pause(0.01)
                if isinstance(app.screen, EndScreen):
                    break
            assert isinstance(app.screen, EndScreen)
        else:
            hold.set()
            app.screen.post_message(RecordChanged())  # home reads again
        await pilot.pause()
    assert app.crash is None and app.return_code in (0, None)
