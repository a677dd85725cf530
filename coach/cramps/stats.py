"""The diary by calendar week: counts per week, the last weeks as a series, and the comparison
of weeks with the routine and weeks without it.

The comparison shows a pattern and says so; it never claims that the routine causes fewer cramps.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

ROUTINE_WEEK_DAYS = 5
MIN_COMPARISON_WEEKS = 2
SERIES_WEEKS = 8


@dataclass(frozen=True)
class WeekCount:
    """One calendar week (Monday to Sunday, the user's local days)."""

    monday: date
    cramps: int
    done_days: int  # days the daily routine was done
    complete: bool  # the week is over (today is after its Sunday)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_counts(
    cramp_days: Iterable[date], done_days: Iterable[date], first: date, today: date
) -> list[WeekCount]:
    """Every week from the one holding `first` to the one holding `today`, oldest first."""
    cramps = Counter(monday_of(d) for d in cramp_days if d <= today)
    done = Counter(monday_of(d) for d in set(done_days) if d <= today)
    this_week = monday_of(today)
    weeks = []
    monday = monday_of(min(first, today))
    while monday <= this_week:
        weeks.append(WeekCount(monday, cramps[monday], done[monday], monday < this_week))
        monday += timedelta(days=7)
    return weeks


def weekly_series(
    cramp_days: Iterable[date], done_days: Iterable[date], today: date, weeks: int = SERIES_WEEKS
) -> list[WeekCount]:
    """Cramps and routine days for the last `weeks` weeks, this (unfinished) week last."""
    if weeks < 1:
        raise ValueError(f"weeks must be at least 1, not {weeks!r}")
    first = monday_of(today) - timedelta(days=7 * (weeks - 1))
    return week_counts(cramp_days, done_days, first, today)


@dataclass(frozen=True)
class Comparison:
    routine_weeks: int  # complete weeks with ROUTINE_WEEK_DAYS or more routine days
    other_weeks: int
    routine_average: float | None  # cramps a week in those weeks; None: no such week
    other_average: float | None
    sentence: str


def _weeks(n: int) -> str:
    return "1 week" if n == 1 else f"{n} weeks"


def compare_weeks(cramp_days: Iterable[date], done_days: Iterable[date], today: date) -> Comparison:
    """Average cramps a week in weeks with the routine on 5 or more days, and in other weeks.

    Only complete weeks count, from the week of the first logged cramp: before it nobody can
    tell "no cramps" from "no diary yet", and an unfinished week has had fewer days for both
    cramps and routine, which would flatter whichever group it fell into.
    """
    cramp_days = list(cramp_days)
    if not cramp_days:
        return Comparison(
            0, 0, None, None, "No cramps in your diary yet, so there is nothing to compare."
        )
    weeks = [w for w in week_counts(cramp_days, done_days, min(cramp_days), today) if w.complete]
    routine = [w.cramps for w in weeks if w.done_days >= ROUTINE_WEEK_DAYS]
    other = [w.cramps for w in weeks if w.done_days < ROUTINE_WEEK_DAYS]
    r_avg = sum(routine) / len(routine) if routine else None
    o_avg = sum(other) / len(other) if other else None
    n = ROUTINE_WEEK_DAYS
    if len(weeks) < MIN_COMPARISON_WEEKS:
        sentence = (
            f"Not enough weeks to compare yet: this needs {MIN_COMPARISON_WEEKS} complete weeks "
            f"(Monday to Sunday) of your cramp diary, and so far there "
            f"{'is 1' if len(weeks) == 1 else f'are {len(weeks)}'}."
        )
    elif r_avg is not None and o_avg is not None:
        sentence = (
            f"In {_weeks(len(routine))} with {n} or more routine days you logged {r_avg:.1f} "
            f"cramps a week on average; in {_weeks(len(other))} with fewer, {o_avg:.1f}. "
            "(This shows a pattern, not a cause.)"
        )
    elif r_avg is not None:
        sentence = (
            f"Every complete week of your diary ({_weeks(len(routine))}) had {n} or more routine "
            f"days, with {r_avg:.1f} cramps a week on average; there are no other weeks to "
            "compare with."
        )
    else:
        sentence = (
            f"None of the {_weeks(len(other))} of your diary had {n} or more routine days "
            f"({o_avg:.1f} cramps a week on average), so there is nothing to compare with yet."
        )
    return Comparison(len(routine), len(other), r_avg, o_avg, sentence)
