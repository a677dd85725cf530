"""The Countdown widget: time driven by `tick()` and a fake clock, never by real waiting.

What a user (and a laptop battery) cares about: the clock shows the right whole second, it is
redrawn only when that second or the step changes, nothing asks for a layout on a plain tick, and
the countdown grows with the terminal so it can be read from a mat on the floor.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.widget import Widget

from coach.engine import SessionEngine
from coach.ui.screens.session import SessionScreen
from coach.ui.widgets import big_font
from coach.ui.widgets.big_text import BigText
from coach.ui.widgets.countdown import Countdown, choose_scales, next_wake
from tests.clocks import FakeClock
from tests.ui.test_session_flow import build, tiny_routine


class CountdownApp(App[None]):
    def __init__(self, engine: SessionEngine) -> None:
        super().__init__()
        self.engine = engine
        self.events: list = []

    def compose(self) -> ComposeResult:
        yield Countdown(self.engine, self.events.extend)


def engine_on(clock: FakeClock) -> SessionEngine:
    engine = SessionEngine(tiny_routine(), [2, 2, 2], clock=clock)
    engine.start()
    return engine


def test_it_wakes_when_the_shown_second_changes_not_ten_times_a_second() -> None:
    assert next_wake(4.3) == pytest.approx(0.302)
    assert next_wake(4.0) == pytest.approx(1.0)
    assert next_wake(0.05) == pytest.approx(0.052)  # the step's end: the deadline itself
    assert next_wake(0.0) == pytest.approx(0.002)


async def test_ticks_within_a_second_repaint_nothing_and_never_ask_for_layout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = FakeClock()
    engine = engine_on(clock)  # setup step: 1 s
    app = CountdownApp(engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        countdown = app.query_one(Countdown)
        clock_widget = app.query_one("#clock", BigText)
        assert countdown.remaining == 1 and clock_widget.text == "1"
        refreshes: list[tuple[str | None, bool]] = []
        real = Widget.refresh

        def spy(self, *args, layout: bool = False, **kwargs):
            refreshes.append((self.id, layout))
            return real(self, *args, layout=layout, **kwargs)

        monkeypatch.setattr(Widget, "refresh", spy)
        for _ in range(5):  # 0.5 s in 0.1 s ticks: the same second on screen
            clock.advance(0.1)
            countdown.tick()
        assert refreshes == []

        clock.advance(0.6)  # the setup ends: the first phase, "Lift", 1 s
        countdown.tick()
        assert countdown.step.cue == "Lift" and countdown.remaining == 1
        assert app.events  # the engine's events went to the owner
        assert "Lift".upper() in app.query_one("#cue", BigText).text
        # A new step may take a new scale (the cue's length changed): one refresh, not more.
        assert [r for r in refreshes if r[0] == "clock"] in (
            [],
            [("clock", False)],
            [("clock", True)],
        )


async def test_pause_shows_on_the_cue_and_the_clock_stands_still() -> None:
    clock = FakeClock()
    engine = SessionEngine(tiny_routine(), [2, 2, 2], clock=clock)
    app = CountdownApp(engine)
    async with app.run_test(size=(80, 24)) as pilot:
        engine.start()
        clock.advance(0.4)
        countdown = app.query_one(Countdown)
        engine.pause()
        countdown.sync()
        await pilot.pause()
        assert countdown.paused and countdown.cue_text.startswith("PAUSED · ")
        clock.advance(30)
        countdown.tick()
        assert countdown.remaining == 1 and app.query_one("#clock", BigText).text == "1"


def test_the_clock_takes_the_room_there_is_and_the_cue_grows_where_it_fits() -> None:
    assert choose_scales("LIFT", "5", 78, 4) == (0, 1)  # a small window: still large digits
    cue, clock = choose_scales("GET INTO POSITION", "15", 116, 25)
    assert cue >= 1 and clock >= 5
    assert big_font.height(clock) >= 12  # rows: readable from the floor
    assert choose_scales("ÉTIREZ", "5", 116, 25)[0] == 0  # no glyph for É: plain text


@pytest.mark.parametrize(
    ("size", "least_rows"),
    [((80, 24), 3), ((120, 40), 15), ((60, 20), 3)],
)
async def test_the_session_countdown_grows_with_the_terminal(
    coach_home: Path, size: tuple[int, int], least_rows: int
) -> None:
    clock = FakeClock()
    app = build(coach_home, clock, start=tiny_routine())
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        clock_widget = screen.query_one("#clock", BigText)
        assert clock_widget.size.height >= least_rows
        assert clock_widget.region.bottom <= screen.query_one("#stage").region.bottom
        footer = screen.query_one("CoachFooter")
        assert footer.region.bottom == size[1]  # the footer is whole, on the last row


async def test_a_cue_with_brackets_is_shown_as_written_not_as_markup() -> None:
    from dataclasses import replace

    from coach.model import Phase

    routine = tiny_routine()
    hostile = replace(routine.exercises[0], phases=(Phase("Lift [b]x[/b] [@click=app.quit]y", 1),))
    engine = SessionEngine(replace(routine, exercises=(hostile,)), [1], clock=FakeClock())
    engine.start()
    app = CountdownApp(engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        clock = engine._clock
        clock.advance(1.01)  # past the setup
        app.query_one(Countdown).tick()
        await pilot.pause()
        cue = app.query_one("#cue", BigText)
        assert cue.text == "LIFT [B]X[/B] [@CLICK=APP.QUIT]Y" and cue.scale == 0
        assert str(cue.render()) == cue.text and app.is_running


async def test_a_new_second_repaints_the_clock_alone_not_the_countdowns_box(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each second redraws the clock's digits; the Countdown's own box (border, background) has
    nothing new to draw, and redrawing it every second cost a fifth of the session's CPU."""
    clock = FakeClock()
    engine = engine_on(clock)
    app = CountdownApp(engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        countdown = app.query_one(Countdown)
        clock.advance(1.1)  # into the first phase
        countdown.tick()
        await pilot.pause()
        refreshed: list[Widget] = []
        real = Widget.refresh

        def spy(self, *args, **kwargs):
            refreshed.append(self)
            return real(self, *args, **kwargs)

        monkeypatch.setattr(Widget, "refresh", spy)
        before = (countdown.step, countdown.remaining)
        clock.advance(1.0)
        countdown.tick()
        assert (countdown.step, countdown.remaining) != before  # something new to show
        assert refreshed and countdown not in refreshed  # drawn by its parts alone
