"""Day and month names for the app's text, spelled out here rather than by strftime.

strftime("%a") follows the process locale; the app's sentences are English, so its dates are too.
"""

from __future__ import annotations

from datetime import date

WEEKDAYS_SHORT = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WEEKDAYS_LONG = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS_SHORT = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTHS_LONG = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def short_day(day: date) -> str:
    """Mon 23 Nov"""
    return f"{WEEKDAYS_SHORT[day.weekday()]} {day.day} {MONTHS_SHORT[day.month - 1]}"


def long_day(day: date, *, year: bool = False) -> str:
    """Wednesday 25 November (2026)"""
    text = f"{WEEKDAYS_LONG[day.weekday()]} {day.day} {MONTHS_LONG[day.month - 1]}"
    return f"{text} {day.year}" if year else text
