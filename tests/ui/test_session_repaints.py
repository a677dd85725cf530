"""What the session screen draws, and when: only what changed, and a layout only when a size did.

A session runs for minutes on a laptop that may be on battery (issue #13: within 2x of a minimal
Textual countdown). These count the repaints and layouts the screen asks for while the engine's
clock is driven by hand; one waits on real time, for the timers Textual widgets keep themselves.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.color import Color
from textual.dom import DOMNode
from textual.widget import Widget
from textual.widgets import Static

from coach.engine import SessionEngine, StepKind
from coach.ui.screens.session import SessionScreen
from coach.ui.screens.session_words import TimeAhead
from coach.ui.widgets.big_text import BigText
from coach.ui.widgets.relayout import needs_layout
from tests.clocks import FakeClock
from tests.ui.test_session_flow import SIZE, build, tiny_routine


def calls_to(
    monkeypatch: pytest.MonkeyPatch, cls: type, name: str, when: Callable[..., bool] | None = None
) -> list[Any]:
    """The objects `cls.name` is called on from now on (those `when(*args, **kwargs)` holds)."""
    calls: list[Any] = []
    real = getattr(cls, name)

    def spy(self: Any, *args: Any, **kwargs: Any) -> Any:
        if when is None or when(*args, **kwargs):
            calls.append(self)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(cls, name, spy)
    return calls


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
        while not screen.recorder.settled:  # the reps done are on disk: no line about saving
            await pilot.pause(0.05)
        screen.tick()
        await pilot.pause()
        drawn = calls_to(monkeypatch, Widget, "refresh")
        started = time.monotonic()
        while time.monotonic() - started < 2.1:  # two of the bar's seconds, whatever its phase
            await pilot.pause(0.1)
        assert drawn == []


async def test_a_new_step_asks_for_a_layout_only_where_a_size_changes(
    coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each step (2-4 s in the daily set) brings a new cue and a new "Next:" line. Textual lays
    out the whole screen for a layout; a text that takes the room the old one took (a cue of
    another length on the same rows) only needs a repaint."""
    clock = FakeClock()
    app = build(coach_home, clock)
    app.start_with = app.context.catalog.get("daily-prevention")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        engine = screen.engine
        clock.advance(engine.remaining() + 0.01)  # past the set-up: the reps begin
        screen.tick()
        await pilot.pause()
        asked = calls_to(monkeypatch, Widget, "refresh", lambda *_, layout=False, **__: layout)
        needless, cues = [], set()
        for _ in range(8):  # two reps of four phases
            sizes = {w: w.size for w in screen.query("*")}
            clock.advance(engine.remaining() + 0.01)
            screen.tick()
            await pilot.pause()
            cues.add(engine.current.cue)
            needless += [w.id for w in asked if w.size == sizes.get(w)]
            asked.clear()
        assert len(cues) == 4  # the cues changed, and with them their length
        assert needless == []


class Lines(App[None]):
    CSS = "Screen { layout: vertical; } #auto { width: auto; }"

    def compose(self) -> ComposeResult:
        yield BigText(id="cue")
        yield Static("one line", id="line")
        yield Static("short", id="auto")


async def test_a_text_that_needs_more_room_still_gets_it() -> None:
    """The other side: a text that wraps onto another row, or grows where the width follows
    it, is laid out and shown whole."""
    app = Lines()
    async with app.run_test(size=(20, 10)) as pilot:
        cue = app.query_one(BigText)
        cue.show("LIFT")
        await pilot.pause()
        assert cue.size.height == 1
        cue.show("LIFT YOUR HEELS SLOWLY NOW")  # 26 columns in 20: two rows
        await pilot.pause()
        assert cue.size.height == 2

        line = app.query_one("#line", Static)
        line.update("a line that wraps onto a second row", layout=False)
        assert needs_layout(line)
        line.update("another line", layout=False)
        assert not needs_layout(line)  # one row as before
        grows = app.query_one("#auto", Static)
        grows.update("longer", layout=False)
        assert needs_layout(grows)


def test_the_time_left_summed_once_a_step_is_the_engines_to_the_second() -> None:
    """The time left and the bar, worked out once per step, say what the engine says, through
    pauses, +/-, skip and back, at every tenth of a second."""
    clock = FakeClock()
    engine = SessionEngine(tiny_routine(), [2, 3, 2], clock=clock)
    ahead = TimeAhead(engine)
    engine.start()
    keys = {
        13: engine.pause,
        20: engine.resume,
        31: engine.add_rep,
        47: engine.drop_rep,
        58: engine.skip_exercise,
        64: engine.back,
        90: engine.add_rep,
    }
    checked = 0
    while engine.state != "finished":
        if checked in keys:
            keys[checked]()
        assert ahead.total() == pytest.approx(engine.remaining_total(), abs=1e-9)
        assert ahead.progress() == pytest.approx(engine.progress(), abs=1e-9)
        clock.advance(0.1)
        engine.tick()
        checked += 1
    assert checked > 100


async def test_a_rest_or_a_pause_recolours_the_stage_and_restyles_nothing_else(
    coach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Resting, the countdown's frame is green; paused, it and the cue take the warning colour.
    Textual restyles every widget under a node whose classes change: the stage's few, not the
    whole screen's (a rest comes twice per exercise)."""
    clock = FakeClock()
    app = build(coach_home, clock, start=tiny_routine())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        engine, stage = screen.engine, screen.query_one("#stage")
        theme = app.get_css_variables()
        restyled = calls_to(monkeypatch, DOMNode, "update_node_styles")
        while engine.current.kind is not StepKind.REST:
            clock.advance(engine.remaining() + 0.01)
            screen.tick()
        await pilot.pause()
        assert stage.styles.border_top[1] == Color.parse(theme["success"])
        clock.advance(engine.remaining() + 0.01)  # the next exercise's set-up
        screen.tick()
        await pilot.pause()
        assert stage.styles.border_top[1] == Color.parse(theme["primary"])
        await pilot.press("space")
        assert stage.styles.border_top[1] == Color.parse(theme["warning"])
        cue = screen.query_one("#cue")
        assert cue.styles.color == Color.parse(theme["warning"])
        assert restyled and all(node is stage or stage in node.ancestors for node in restyled)
