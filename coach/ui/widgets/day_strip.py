"""The last days at a glance: one glyph per day, so colour is never the only signal.

Home composes it before the record (and the domain's modules) are loaded: what it draws with
is imported when it first has days to draw.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

from coach.dates import WEEKDAYS_SHORT

if TYPE_CHECKING:
    from coach.adherence import DayStatus

STYLES = {  # by DayStatus value
    "done": "bold green",
    "partial": "yellow",
    "rest": "cyan",
    "missed": "dim",
    "open": "bold",
}


class DayStrip(Static):
    """Weekday names over status glyphs, with a legend."""

    def show_days(self, days: tuple[tuple[date, DayStatus | None], ...]) -> None:
        from coach.present.glyphs import GLYPHS

        names = Text()
        marks = Text()
        for day, status in days:
            names.append(f"{WEEKDAYS_SHORT[day.weekday()]:^5}")
            if status is None:  # before the first record: nothing to judge
                marks.append(" " * 5)
                continue
            glyph, _ = GLYPHS[status]
            marks.append(f"{glyph:^5}", style=STYLES[status.value])
        legend = Text("   ".join(f"{g} {label}" for g, label in GLYPHS.values()), style="dim")
        self.update(Text("\n").join([names, marks, legend]))
