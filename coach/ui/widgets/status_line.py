"""One calm line for what the user should know but must not be covered by: nothing pops up.

On the session screen, "Bell off.", a missing speech program, a reminder, a doctor's note or a
slow save go here instead of a toast over the countdown. A message may fade after `seconds`;
a lasting one (a save that failed) stays until replaced or cleared. Text goes through
`coach.ui.text.plain`.
"""

from __future__ import annotations

from typing import Literal

from textual.timer import Timer
from textual.widgets import Static

from coach.ui.text import plain

Severity = Literal["information", "warning"]


class StatusLine(Static):
    DEFAULT_CSS = """
    StatusLine {
        height: auto;
        min-height: 1;
        color: $text-muted;
    }
    StatusLine.-warning {
        color: $warning;
        text-style: bold;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self._timer: Timer | None = None
        self.message = ""

    def say(self, text: str, *, severity: Severity = "information", seconds: float = 0) -> None:
        """Show `text` (plain); with `seconds`, clear it again after that long."""
        self._stop_timer()
        self.message = text
        self.set_class(severity == "warning", "-warning")
        self.update(plain(text))
        if seconds > 0:
            self._timer = self.set_timer(seconds, self.clear)

    def clear(self) -> None:
        self._stop_timer()
        self.message = ""
        self.set_class(False, "-warning")
        self.update("")

    def on_unmount(self) -> None:
        self._stop_timer()

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
