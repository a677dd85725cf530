"""Changes are messages: whatever writes says so, and the screens that show the record redraw.

Also: the palette's "Rest day today" writes on the app's writer thread like every other write
(it wrote on the UI thread before, so a busy data file froze the screen).
"""

from __future__ import annotations

import threading
from pathlib import Path

import coach.journal
from coach.ui.messages import RecordChanged
from coach.ui.screens.history import HistoryScreen
from tests.clocks import FakeClock
from tests.ui.loads import loaded
from tests.ui.test_session_flow import build

SIZE = (80, 24)


async def test_palette_rest_day_is_written_off_the_ui_thread_and_home_redraws(
    coach_home: Path, monkeypatch
) -> None:
    threads: list[str] = []
    real = coach.journal.toggle_rest  # what the journal calls

    def toggle_rest(*args, **kwargs):
        threads.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(coach.journal, "toggle_rest", toggle_rest)
    app = build(coach_home, FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "○" in str(app.screen.query_one("#week").render())  # today open
        rest = next(c for c in app.get_system_commands(app.screen) if c.title == "Rest day today")
        rest.callback()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert threads == ["coach-writer"]
        assert "–" in str(app.screen.query_one("#week").render())  # home shows the rest day


async def test_history_redraws_on_a_record_changed_posted_elsewhere(coach_home: Path) -> None:
    app = build(coach_home, FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        await loaded(pilot)
        history = app.screen
        assert isinstance(history, HistoryScreen)
        ctx = app.context
        coach.history.toggle_rest(ctx.store, ctx.catalog, ctx.config, ctx.today(), ctx.wall_now())
        assert "rest" not in str(history.query_one("#day-detail").render())  # not yet told
        app.post_message(RecordChanged())
        await pilot.pause()
        assert "marked as a rest day" in str(history.query_one("#day-detail").render())
