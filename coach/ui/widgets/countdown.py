"""The session's heart: the cue and the time left, as large as the space allows.

The engine keeps the truth (absolute deadlines). This widget asks it for the time left only when
the displayed whole second can have changed: one timer, set for the next whole-second boundary
of the current step (a phase ends on such a boundary), so a five-minute routine wakes the app
about once a second and repaints only what changed. Tests call `tick()` to drive time.
When the session is over (or paused) while saves still wait for the disk, it shows SAVING and
keeps beating a few times a second until the owner says nothing waits any more.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Center
from textual.events import Resize
from textual.reactive import reactive
from textual.timer import Timer
from textual.widget import Widget

from coach.engine import Event, SessionEngine, Step
from coach.model import side_words
from coach.ui.widgets import big_font
from coach.ui.widgets.big_text import BigText
from coach.wording import clock

EPSILON = 1e-9
WAKE_LATE = 0.002  # wake just after a boundary, so the second shown has already changed
LONGEST_WAIT = 1.0
SAVE_POLL = 0.1  # saves still waiting for the disk: look for their result this often


def whole_seconds(seconds: float) -> int:
    """The whole second a countdown shows: 2.3 s left reads 3, until it reaches 2."""
    return max(0, math.ceil(seconds - EPSILON))


def next_wake(left: float) -> float:
    """Seconds until the shown second changes (or the step ends), when `left` seconds remain."""
    wait = left - (whole_seconds(left) - 1) if left > EPSILON else 0.0
    return min(LONGEST_WAIT, max(0.0, wait) + WAKE_LATE)


def choose_scales(cue: str, digits: str, columns: int, rows: int) -> tuple[int, int]:
    """(cue scale, clock scale) for the space: the clock largest, the cue large where it fits.

    Scale 0 for the cue is plain text on one row; the clock never gets smaller than the cue.
    """
    best, best_score = (0, max(1, big_font.largest_scale(digits, columns, rows - 1))), -1.0
    for cue_scale in (3, 2, 1, 0):
        if cue_scale and (not big_font.fits(cue) or big_font.width(cue, cue_scale) > columns):
            continue
        cue_rows = big_font.height(cue_scale) + 1 if cue_scale else 1
        clock_scale = big_font.largest_scale(digits, columns, rows - cue_rows)
        if clock_scale < max(1, cue_scale):
            continue
        score = clock_scale + 1.5 * cue_scale
        if score > best_score:
            best, best_score = (cue_scale, clock_scale), score
    return best


class Countdown(Widget):
    """The cue over the time left; `step`, `remaining` and `paused` mirror the engine."""

    DEFAULT_CSS = """
    Countdown {
        width: 100%;
        height: 100%;
        layout: vertical;
        align: center middle;
    }
    Countdown #cue {
        text-style: bold;
    }
    Countdown #clock {
        width: auto;
    }
    Countdown #cue.-big {
        margin: 0 0 1 0;
    }
    """

    # repaint=False: the watchers draw the cue and the clock themselves; the Countdown's own
    # box (its border and background) has nothing new to draw when a second goes by.
    step: reactive[Step | None] = reactive(None, init=False, repaint=False)
    """The step being timed (None before the start)."""
    remaining: reactive[int] = reactive(0, init=False, repaint=False)
    """Whole seconds shown: only a change of this repaints the clock."""
    paused: reactive[bool] = reactive(False, init=False, repaint=False)
    """Paused: the cue says so and the clock stands still."""
    saving: reactive[bool] = reactive(False, init=False, repaint=False)
    """Over: only saving is left; the cue says SAVING over 0:00."""

    def __init__(
        self,
        engine: SessionEngine,
        on_events: Callable[[list[Event]], None],
        *,
        on_beat: Callable[[], None] | None = None,
        waiting: Callable[[], bool] | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.engine = engine
        self.on_events = on_events
        self.on_beat = on_beat  # called on every tick, after the events (e.g. collect saves)
        self.waiting = waiting  # True while saves wait: keep ticking though nothing is timed
        self._timer: Timer | None = None
        self._clock_scale = 1  # chosen by _fit for the step and the space

    def compose(self) -> ComposeResult:
        yield BigText(id="cue")
        with Center():  # the clock is only as wide as its digits: only they are repainted
            yield BigText(id="clock")

    def on_mount(self) -> None:
        self.sync()

    def on_unmount(self) -> None:
        self._stop_timer()

    # -- time --------------------------------------------------------------------------------

    def tick(self) -> None:
        """Let the engine catch up with the clock, hand on what happened, show the result."""
        if self.engine.state == "running":
            events = self.engine.tick()
            if events:
                self.on_events(events)
        if self.on_beat is not None:
            self.on_beat()
        self.sync()

    def sync(self) -> None:
        """Mirror the engine in the reactives and set the timer for the next whole second."""
        engine = self.engine
        self.step = engine.current
        self.paused = engine.state == "paused"
        self.remaining = whole_seconds(engine.remaining())
        self.saving = engine.state == "finished"
        self._stop_timer()
        if not self.is_mounted:
            return
        waiting = self.waiting is not None and self.waiting()
        if engine.state == "running":
            wake = next_wake(engine.remaining())
            if waiting:  # a save is on its way: look for its result soon
                wake = min(wake, SAVE_POLL)
            self._timer = self.set_timer(wake, self.tick, name="countdown")
        elif waiting:
            self._timer = self.set_timer(SAVE_POLL, self.tick, name="countdown-saving")

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    # -- drawing -----------------------------------------------------------------------------

    def watch_step(self) -> None:
        self._fit()

    def watch_paused(self) -> None:
        self._fit()

    def watch_saving(self) -> None:
        self._fit()

    def watch_remaining(self, seconds: int) -> None:
        self.query_one("#clock", BigText).show(clock(seconds), self._clock_scale)

    def on_resize(self, event: Resize) -> None:
        self._fit()

    @property
    def cue_text(self) -> str:
        """The cue in capitals, the leg beside it for the whole phase, PAUSED before it."""
        if self.saving:
            return "SAVING"
        step = self.step
        cue = step.cue.upper() if step is not None else ""
        if step is not None and step.side:
            cue = f"{cue} · {side_words(step.side).upper()}"
        return f"PAUSED · {cue}" if self.paused else cue

    def _fit(self) -> None:
        """Choose the scales for this step in this space (on a new step, pause or resize only)."""
        if not self.is_mounted:
            return
        cue = self.cue_text
        step = self.step
        longest = clock(step.seconds if step is not None else self.remaining)
        size = self.content_size
        cue_scale, self._clock_scale = choose_scales(cue, longest, size.width, size.height)
        cue_widget = self.query_one("#cue", BigText)
        cue_widget.set_class(cue_scale > 0, "-big")
        cue_widget.show(cue, cue_scale)
        self.query_one("#clock", BigText).show(clock(self.remaining), self._clock_scale)
