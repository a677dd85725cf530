"""The rest-day rule: a planned rest keeps a streak, so only a few are allowed in any 7 days.

A pure rule over dates, like coach.adherence; `coach rest`, `n` on home and the History screen
apply it through coach.history's edits, inside the transaction that marks the day.
"""

from __future__ import annotations

from collections.abc import Set
from datetime import date, timedelta

from coach.dates import short_day

_COUNTS = ("no", "one", "two", "three", "four", "five", "six", "seven")


def rest_day_allowed(
    rest_days: Set[date], day: date, max_per_week: int = 1, *, done: bool = False
) -> tuple[bool, str]:
    """Whether `day` may become a rest day, and a calm reason when not.

    Any 7 consecutive days, not calendar weeks: otherwise Sunday plus Monday would be two rests
    in a row while both "weeks" look fine. A day already DONE is refused: rest would change
    nothing there and would only spend the allowance for the neighbouring days.
    """
    if max_per_week < 0:
        raise ValueError(f"max_per_week cannot be negative, not {max_per_week!r}")
    if done:
        return False, "That day is already done; there is nothing to rest from."
    if max_per_week == 0:
        return False, "Rest days are switched off."
    if day in rest_days:
        return True, "That day is already a rest day."
    others = sorted(d for d in rest_days if d != day and abs((d - day).days) <= 6)
    for start in (day - timedelta(days=k) for k in range(6, -1, -1)):
        window = [d for d in others if start <= d <= start + timedelta(days=6)]
        if len(window) >= max_per_week:
            return False, _rest_refusal(window, max_per_week)
    return True, ""


def _rest_refusal(conflicts: list[date], max_per_week: int) -> str:
    names = [short_day(d) for d in conflicts]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    have = "a rest day" if len(names) == 1 else "rest days"
    count = _COUNTS[max_per_week] if max_per_week < len(_COUNTS) else str(max_per_week)
    limit = f"{count} rest day{'s' if max_per_week > 1 else ''} in any 7 days"
    verb = "keep" if max_per_week > 1 else "keeps"
    return f"You already have {have} on {listed}; {limit} {verb} the habit steady."
