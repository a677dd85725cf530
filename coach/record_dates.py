"""Which dates may enter the record: one rule for the CLI, the History keys, imports and the clock.

A day outside any real life (year 1, year 9999) cannot be counted, drawn or compared: the
history would span millennia, or date arithmetic would overflow. So every day that enters the
record lies between EARLIEST and today (a rest day, being a plan, up to PLAN_AHEAD_DAYS ahead),
every time stored with a day agrees with it, and a clock that says 1970 records nothing.
Each check returns the one-line reason it refuses, or None; callers word and raise it.
Plain stdlib, no store import: the store uses these as its last line of defence.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

EARLIEST = date(1900, 1, 1)
"""No day before this enters the record (nor is one already stored counted or drawn)."""

LATEST = date(2999, 12, 31)
"""No input may name a day or time after this, whatever it is for: date arithmetic (a week
around a day, a streak after it) stays far from date.max."""

CLOCK_EPOCH = date(2020, 1, 1)
"""A clock before this was reset (a flat clock battery says 1970 or 2000): coach records
nothing by it. Like systemd's TIME_EPOCH, a date no real clock running coach can be before."""

PLAN_AHEAD_DAYS = 731
"""A rest day is a plan: it may be marked up to two years ahead, no further."""

SESSION_SPAN_DAYS = 2
"""A session's times fall on its day or the next two (a day starts at up to 12:00 and a session
may be resumed later that day); anything further is a day that disagrees with its time."""


def _iso(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"


def clock_problem(now: datetime) -> str | None:
    """Why the computer's clock cannot be trusted to date a record, or None."""
    if now.date() < CLOCK_EPOCH:
        return (
            f"the computer's clock says {now:%Y-%m-%d %H:%M}, which cannot be right; "
            "set the date and time, then try again (nothing was saved)"
        )
    return None


def day_problem(day: date, today: date, *, plan: bool = False) -> str | None:
    """Why `day` cannot enter the record as of `today`, or None.

    `plan`: a rest day may lie up to PLAN_AHEAD_DAYS ahead; anything else must have happened.
    """
    if day < EARLIEST:
        return (
            f"{_iso(day)} is before {EARLIEST.year}; coach keeps days from "
            f"{_iso(EARLIEST)} to today: check the year"
        )
    if plan:
        if (day - today).days > PLAN_AHEAD_DAYS:
            return (
                f"{_iso(day)} is more than two years ahead (today is {_iso(today)}); "
                "rest days can be planned up to two years ahead"
            )
    elif day > today:
        return (
            f"{_iso(day)} is in the future (today is {_iso(today)}); "
            "only days that have happened can be recorded"
        )
    return None


def times_problem(
    day: date, moments: Iterable[datetime], *, after: int = SESSION_SPAN_DAYS
) -> str | None:
    """Why times stored with `day` disagree with it, or None: each must fall on `day` or up to
    `after` days later (a session at 01:30 counts for the day before, when days start at 04:00;
    a start allows 1, the times after it SESSION_SPAN_DAYS)."""
    for moment in moments:
        offset = (moment.date() - day).days
        if not 0 <= offset <= after:
            return (
                f"the time {moment.isoformat()} does not fall on the day {_iso(day)}; "
                "a day and its times must agree"
            )
    return None


def readable(day: date) -> bool:
    """Whether a stored day can be counted and drawn (rows stored before this rule existed
    may not be); others are left out of history, never a crash."""
    return day >= EARLIEST
