"""What the session screen draws, and when: only what changed, and a layout only when a size did.

A session runs for minutes on a laptop that may be on battery (issue #13: within 2x of a minimal
Textual countdown). These count the repaints and layouts the screen asks for while the engine's
clock is driven by hand; one waits on real time, for the timers Textual widgets keep themselves.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from textual.widget import Widget

from coach.ui.screens.session import SessionScreen
from tests.clocks import FakeClock
from tests.ui.test_session_flow import SIZE, build


async def test_a_paused_session_draws_nothing_while_it_waits(
    coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Paused, nothing on screen changes, so nothing is drawn: Textual's ProgressBar kept a
    timer of its own that repainted it every second to count down an estimate not shown."""
    clock = FakeClock()
    app = build(coach_home, clock)
    app.start_with = app.context.catalog.get("daily-prevention")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        for _ in range(3):  # the bar moves, a few tenths of a second apart
            clock.advance(10)
            screen.tick()
            await pilot.pause(0.3)
        await pilot.press("space")
        assert screen.engine.state == "paused"
        await pilot.pause()
        drawn: list[Widget] = []
        real = Widget.refresh

        def spy(self, *args, **kwargs):
            drawn.append(self)
            return real(self, *args, **kwargs)

        monkeypatch.setattr(Widget, "refresh", spy)
        started = time.monotonic()
        while time.monotonic() - started < 2.1:  # two of the bar's seconds, whatever its phase
            await pilot.pause(0.1)
        assert drawn == []
