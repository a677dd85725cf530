"""The last days at a glance: one glyph per day, so colour is never the only signal."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.widgets import Static

from coach.adherence import DayStatus
from coach.dates import WEEKDAYS_SHORT
from coach.present.glyphs import GLYPHS

STYLES = {
    DayStatus.DONE: "bold green",
    DayStatus.PARTIAL: "yellow",
    DayStatus.REST: "cyan",
    DayStatus.MISSED: "dim",
    DayStatus.OPEN: "bold",
}


class DayStrip(Static):
    """Weekday names over status glyphs, with a legend."""

    def show_days(self, days: tuple[tuple[date, DayStatus | None], ...]) -> None:
        names = Text()
        marks = Text()
        for day, status in days:
            names.append(f"{WEEKDAYS_SHORT[day.weekday()]:^5}")
            if status is None:  # before the first record: nothing to judge
                marks.append(" " * 5)
                continue
            glyph, _ = GLYPHS[status]
            marks.append(f"{glyph:^5}", style=STYLES[status])
        legend = Text("   ".join(f"{g} {label}" for g, label in GLYPHS.values()), style="dim")
        self.update(Text("\n").join([names, marks, legend]))
