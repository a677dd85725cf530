"""A year of practice at a glance: weeks as columns, weekdays as rows, like a contribution graph.

Each cell carries a glyph as well as a colour, so the map reads the same without colour. A cursor
moves over the days; the widget says which day is selected and leaves the details to its screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from coach.adherence import DayStatus
from coach.dates import MONTHS_SHORT as MONTHS
from coach.present.glyphs import GLYPHS

GLYPH = {status: glyph for status, (glyph, _) in GLYPHS.items()}
STYLE = {
    DayStatus.DONE: "bold green",
    DayStatus.PARTIAL: "yellow",
    DayStatus.REST: "cyan",
    DayStatus.MISSED: "bright_black",
    DayStatus.OPEN: "bold",
}
BEFORE_START = " "  # days before the first record: nothing to show
ROW_NAMES = ("Mon", "", "Wed", "", "Fri", "", "Sun")


class HeatMap(Widget, can_focus=True):
    """The last `weeks` weeks ending with the week of `today`."""

    DEFAULT_CSS = """
    HeatMap {
        height: 9;
        width: auto;
        padding: 0 1;
    }
    HeatMap:focus {
        background: $boost;
    }
    """

    BINDINGS = [
        Binding("left", "move(-7)", "Move", key_display="←→↑↓", id="heatmap.left"),
        Binding("right", "move(7)", "Week after", show=False, id="heatmap.right"),
        Binding("up", "move(-1)", "Day before", show=False, id="heatmap.up"),
        Binding("down", "move(1)", "Day after", show=False, id="heatmap.down"),
        Binding("home", "jump_first", "First day", show=False, id="heatmap.home"),
        Binding("end", "jump_today", "Today", show=False, id="heatmap.end"),
    ]

    @dataclass
    class Selected(Message):
        """The cursor moved to `day`."""

        heatmap: HeatMap
        day: date

    selected: reactive[date | None] = reactive(None)

    def __init__(self, *, weeks: int = 53, id: str | None = None) -> None:
        super().__init__(id=id)
        self.weeks = weeks
        self.statuses: dict[date, DayStatus] = {}
        self.today = date.today()

    @property
    def first_day(self) -> date:
        """The Monday that starts the first column."""
        last_monday = self.today - timedelta(days=self.today.weekday())
        return last_monday - timedelta(weeks=self.weeks - 1)

    def show(self, statuses: dict[date, DayStatus], today: date) -> None:
        self.statuses = statuses
        self.today = today
        if self.selected is None or self.selected > today or self.selected < self.first_day:
            self.selected = today
        self.refresh(layout=True)

    def get_content_width(self, container, viewport) -> int:
        return max(4 + self.weeks, 4 + sum(len(s.value) + 4 for s in GLYPH))

    def render(self) -> Text:
        first = self.first_day
        header = Text("    ")
        month_at = {}
        for week in range(self.weeks):
            monday = first + timedelta(weeks=week)
            if monday.day <= 7:
                month_at[week] = MONTHS[monday.month - 1]
        skip = 0
        for week in range(self.weeks):
            if skip:
                skip -= 1
                continue
            if week in month_at and week + 3 <= self.weeks:
                header.append(month_at[week], style="dim")
                skip = 2
            else:
                header.append(" ")
        lines = [header]
        for weekday in range(7):
            line = Text(f"{ROW_NAMES[weekday]:<4}", style="dim")
            for week in range(self.weeks):
                day = first + timedelta(weeks=week, days=weekday)
                if day > self.today:
                    line.append(" ")
                    continue
                status = self.statuses.get(day)
                glyph = GLYPH[status] if status else BEFORE_START
                style = STYLE[status] if status else ""
                if day == self.selected:
                    style = f"{style} reverse".strip()
                    glyph = glyph if glyph != " " else "□"
                line.append(glyph, style=style)
            lines.append(line)
        legend = Text("    " + "  ".join(f"{GLYPH[s]} {s.value}" for s in GLYPH), style="dim")
        lines.append(legend)
        return Text("\n").join(lines)

    def watch_selected(self, day: date | None) -> None:
        if day is not None:
            self.post_message(self.Selected(self, day))

    def action_move(self, days: int) -> None:
        if self.selected is None:
            return
        target = self.selected + timedelta(days=days)
        self.selected = max(self.first_day, min(self.today, target))

    def action_jump_today(self) -> None:
        self.selected = self.today

    def action_jump_first(self) -> None:
        known = [d for d in self.statuses if d >= self.first_day]
        self.selected = min(known) if known else self.first_day
