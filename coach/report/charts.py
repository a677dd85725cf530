"""Geometry for the report's two inline SVG charts: numbers only, no markup.

The template draws the shapes and writes every label, so all text passes Jinja2's escaping.
Sizes are in CSS pixels for a column of 680 px (180 mm, what fits inside A4 and Letter with
their margins). No chart library: two charts of rectangles did not justify a dependency that
would also need teaching to print in black and white.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from coach.adherence import DayStatus
from coach.cramps import WeekCount
from coach.dates import MONTHS_SHORT, WEEKDAYS_SHORT, short_day
from coach.history import DayView
from coach.present.glyphs import GLYPHS
from coach.wording import plural

WIDTH = 680
LABEL_W = 36  # weekday names
HEAD_H = 16  # week labels above the grid
MAX_CELL = 25


@dataclass(frozen=True)
class Cell:
    x: float
    y: float
    size: float
    status: str  # a DayStatus value, or "none" before the record starts / after today
    glyph: str
    label: str  # "Mon 2 Nov: done", for the cell's <title>


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class HeatMap:
    width: float
    height: float
    cells: tuple[Cell, ...]
    rows: tuple[Label, ...]
    columns: tuple[Label, ...]


def day_label(day: date) -> str:
    return f"{day.day} {MONTHS_SHORT[day.month - 1]}"


def heat_map(first: date, days: tuple[DayView | None, ...]) -> HeatMap:
    """Weeks as columns (Monday first), weekdays as rows; one glyph per day as well as colour."""
    weeks = max(1, math.ceil(len(days) / 7))
    size = min(MAX_CELL, (WIDTH - LABEL_W) / weeks)
    cells = []
    for i, view in enumerate(days):
        week, weekday = divmod(i, 7)
        day = first + timedelta(days=i)
        if view is None:
            status, glyph, word = "none", "", "no record"
        else:
            glyph, word = GLYPHS[view.status]
            status = str(view.status)
            if view.by_hand:
                word += ", entered by hand"
        x, y = LABEL_W + week * size, HEAD_H + weekday * size
        cells.append(Cell(x, y, size, status, glyph, f"{short_day(day)}: {word}"))
    rows = tuple(
        Label(LABEL_W - 6, HEAD_H + (i + 0.5) * size, name) for i, name in enumerate(WEEKDAYS_SHORT)
    )
    step = max(1, math.ceil(40 / size))  # a label needs about 40 px
    columns = tuple(
        Label(LABEL_W + w * size, HEAD_H - 5, day_label(first + timedelta(days=7 * w)))
        for w in range(0, weeks, step)
    )
    return HeatMap(LABEL_W + weeks * size, HEAD_H + 7 * size, tuple(cells), rows, columns)


LEGEND_STATUSES = (
    DayStatus.DONE,
    DayStatus.PARTIAL,
    DayStatus.REST,
    DayStatus.MISSED,
    DayStatus.OPEN,
)


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    label: str  # "Week of 2 Nov: 3 cramps"


@dataclass(frozen=True)
class BarChart:
    width: float
    height: float
    plot_left: float
    plot_right: float
    plot_bottom: float
    cramps: tuple[Bar, ...]
    routine: tuple[Bar, ...]
    ticks: tuple[Label, ...]  # y axis: value labels; the template draws a grid line per tick
    weeks: tuple[Label, ...]


def bar_chart(series: tuple[WeekCount, ...], height: float = 140) -> BarChart:
    """Cramps and routine days per week side by side, on one axis (both are counts per week)."""
    left, right, top, bottom = 30.0, WIDTH - 4.0, 8.0, height - 20.0
    top_value = max(7, *(w.cramps for w in series)) if series else 7
    tick = 1 if top_value <= 8 else math.ceil(top_value / 7)
    top_value = math.ceil(top_value / tick) * tick
    scale = (bottom - top) / top_value
    group = (right - left) / max(1, len(series))
    bar_w = min(16.0, group * 0.36)
    cramps: list[Bar] = []
    routine: list[Bar] = []
    weeks: list[Label] = []
    for i, w in enumerate(series):
        middle = left + (i + 0.5) * group
        when = f"Week of {day_label(w.monday)}" + ("" if w.complete else " (so far)")
        for bars, value, x, noun in (
            (cramps, w.cramps, middle - bar_w - 1, "cramp"),
            (routine, w.done_days, middle + 1, "routine day"),
        ):
            h = value * scale
            bars.append(Bar(x, bottom - h, bar_w, h, value, f"{when}: {plural(value, noun)}"))
        if len(series) <= 16 or i % math.ceil(len(series) / 16) == 0:
            weeks.append(Label(middle, height - 6, day_label(w.monday)))
    ticks = tuple(
        Label(left - 4, bottom - v * scale, str(v)) for v in range(0, top_value + 1, tick)
    )
    return BarChart(
        WIDTH, height, left, right, bottom, tuple(cramps), tuple(routine), ticks, tuple(weeks)
    )
