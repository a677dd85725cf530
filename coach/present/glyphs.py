"""One glyph per day status, so a day's state never relies on colour alone."""

from __future__ import annotations

from coach.adherence import DayStatus

GLYPHS: dict[DayStatus, tuple[str, str]] = {
    DayStatus.DONE: ("●", "done"),
    DayStatus.PARTIAL: ("◐", "partial"),
    DayStatus.REST: ("–", "rest"),
    DayStatus.MISSED: ("·", "missed"),
    DayStatus.OPEN: ("○", "today, open"),
}
"""(glyph, label) per status: the history, the day strip, status bars and the report."""

BY_HAND_MARK = "*"
"""Beside a day's glyph: something that day was entered by hand."""
