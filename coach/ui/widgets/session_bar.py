"""The session's progress bar: Textual's ProgressBar, redrawn only when what it draws moves.

Textual's ProgressBar refreshes its time estimate once a second on a timer of its own. The
session shows no estimate, yet each of those calls repainted the bar at a moment of its own, so
the screen drew two frames a second where the countdown needs one. Here the bar moves only when
the session asks, and only by what it can draw (half a cell).
"""

from __future__ import annotations

from typing import Any

from textual.widgets import ProgressBar


class SessionBar(ProgressBar):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(total=100, show_eta=False, show_percentage=False, id=id)
        self.shown: tuple[int, int] | None = None  # (half cells, half cells done) drawn now

    def update(self, **changes: Any) -> None:
        """As ProgressBar's; a call that changes nothing (its own once-a-second timer, there
        to count down an estimate this bar does not show) draws nothing."""
        if changes:
            super().update(**changes)

    def show(self, done: float) -> None:
        """`done` of the whole (0 to 1), in the half cells the bar can draw: a repaint only when
        one more half cell is done (or the bar's width changed)."""
        steps = max(1, 2 * self.content_size.width)
        now = (steps, int(min(1.0, max(0.0, done)) * steps))
        if now != self.shown:
            self.shown = now
            self.update(total=now[0], progress=now[1])
