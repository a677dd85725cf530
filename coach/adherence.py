"""Adherence: which day a session belongs to, how each day went, and what the streak says.

Pure functions of the recorded facts plus `today`, so the home screen, the history view and the
tests all read the same numbers, and nothing here depends on the clock, the store or the UI.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Set
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from coach.dates import short_day

DAY_STARTS_AT = 4
"""Late-night sessions belong to the evening before: people stretch before bed, not at dawn."""

STRENGTH_HALF_LIFE_DAYS = 13
STRENGTH_MULTIPLIER = 0.5 ** (1 / STRENGTH_HALF_LIFE_DAYS)
RATE_WINDOWS = (7, 30, 365)

_COUNTS = ("no", "one", "two", "three", "four", "five", "six", "seven")


class DayStatus(StrEnum):
    DONE = "done"
    PARTIAL = "partial"
    REST = "rest"
    MISSED = "missed"
    OPEN = "open"
    """Only ever today: nothing finished yet, and the day is not over, so it is not a miss."""


@dataclass(frozen=True)
class DayFacts:
    """What happened on one day, already reduced by the caller.

    The caller owns the meaning of `done` (every exercise reached its minimum reps) so that this
    module never needs to know about routines. `by_hand` marks an entry the user added or edited
    themselves; it does not change the status, it is carried so the history can say so.
    """

    day: date
    done: bool
    partial: bool
    rest: bool
    by_hand: bool = False


@dataclass(frozen=True)
class StreakSummary:
    current_streak: int
    longest_streak: int
    strength: float
    rates: dict[int, float | None]
    today: DayStatus
    at_risk: bool


def day_of(moment: datetime, day_starts_at: int = DAY_STARTS_AT) -> date:
    """The user's day for a session, judged by the wall clock where and when it happened.

    Only the moment's own offset is used, never the user's current zone, so moving to another
    timezone later cannot move old sessions to other days. Wall-clock arithmetic (naive) keeps
    DST days right: 02:30 is before 04:00 whether that hour occurred twice or not at all.
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("day_of needs an aware datetime; a naive one has no local day")
    if not 0 <= day_starts_at <= 23:
        raise ValueError(f"day_starts_at must be an hour 0..23, not {day_starts_at!r}")
    wall = moment.replace(tzinfo=None)
    return (wall - timedelta(hours=day_starts_at)).date()


def day_began(now: datetime, day_starts_at: int = DAY_STARTS_AT) -> datetime:
    """The moment the user's current day began (04:00 today, or yesterday before 04:00)."""
    start = datetime.combine(day_of(now, day_starts_at), time(day_starts_at))
    return start.replace(tzinfo=now.tzinfo)


def classify(
    facts: Iterable[DayFacts],
    first: date,
    today: date,
    *,
    rest_limit: int | None = None,
) -> list[tuple[date, DayStatus]]:
    """One status per day from `first` to `today`, so gaps become visible MISSED days.

    Facts outside that range are ignored: the caller decides where the record starts, and a
    fact dated after `today` (possible just after flying west) is not yet a day the user lived.
    If `first` is after `today` for the same reason, the record starts today.

    With `rest_limit`, rest marks beyond the rest-day rule (taken in date order) count as if they
    were not rest, so a hand-edited or imported record cannot buy an unbroken streak.
    """
    first = min(first, today)
    by_day: dict[date, DayFacts] = {}
    for fact in facts:
        if first <= fact.day <= today:
            seen = by_day.get(fact.day)
            by_day[fact.day] = fact if seen is None else _merge(seen, fact)

    statuses: list[tuple[date, DayStatus]] = []
    accepted_rests: deque[date] = deque()
    one_day = timedelta(days=1)
    day = first - one_day
    while day < today:
        day += one_day
        fact = by_day.get(day)
        if fact is None:
            status = DayStatus.OPEN if day == today else DayStatus.MISSED
        elif fact.done:
            status = DayStatus.DONE
        elif fact.rest and _rest_fits(accepted_rests, day, rest_limit):
            accepted_rests.append(day)
            status = DayStatus.REST
        elif fact.partial:
            status = DayStatus.PARTIAL
        else:
            status = DayStatus.OPEN if day == today else DayStatus.MISSED
        statuses.append((day, status))
    return statuses


def _merge(a: DayFacts, b: DayFacts) -> DayFacts:
    """Two facts for one day: anything that happened on either of them happened that day."""
    return DayFacts(
        a.day, a.done or b.done, a.partial or b.partial, a.rest or b.rest, a.by_hand or b.by_hand
    )


def _rest_fits(accepted: deque[date], day: date, limit: int | None) -> bool:
    # Days arrive in order, so only the window ending on `day` can hold earlier accepted rests.
    if limit is None:
        return True
    while accepted and (day - accepted[0]).days > 6:
        accepted.popleft()
    return len(accepted) < limit


def _closed(statuses: list[tuple[date, DayStatus]]) -> list[tuple[date, DayStatus]]:
    """The days that can be judged: all of them, minus today while it is unfinished.

    A partial today can still become DONE, so until the day ends it is not held against anyone.
    """
    if statuses and statuses[-1][1] in (DayStatus.OPEN, DayStatus.PARTIAL):
        return statuses[:-1]
    return statuses


def streaks(statuses: list[tuple[date, DayStatus]]) -> tuple[int, int]:
    """(current, longest) streak of DONE days, in one pass over `classify` output.

    REST days are skipped over: they neither break a streak nor lengthen it. An unfinished today
    does not break it either, so the current streak may end yesterday.
    """
    run = longest = 0
    for _, status in _closed(statuses):
        if status is DayStatus.DONE:
            run += 1
            longest = max(longest, run)
        elif status is not DayStatus.REST:
            run = 0
    return run, longest


def habit_strength(statuses: list[tuple[date, DayStatus]]) -> float:
    """Loop Habit Tracker's score: an exponential average with a 13-day half-life.

    It forgives one miss far more than a streak counter does, and it rises only with repetition.
    Today is counted only once DONE, so an unfinished morning does not dent the number.
    """
    m = STRENGTH_MULTIPLIER
    score = 0.0
    for _, status in _closed(statuses):
        if status is DayStatus.DONE:
            score = score * m + (1.0 - m)
        elif status is not DayStatus.REST:
            score *= m
    return score


def completion_rates(
    statuses: list[tuple[date, DayStatus]], windows: Iterable[int] = RATE_WINDOWS
) -> dict[int, float | None]:
    """Share of DONE days in each window of days ending today.

    Rest days and an unfinished today are left out of the denominator, and days before the user
    started do not exist here at all, so a newcomer is not shown 1/30. None means "no days to
    judge yet", which the UI should show as a dash rather than as 0 %.
    """
    windows = tuple(windows)
    done = dict.fromkeys(windows, 0)
    counted = dict.fromkeys(windows, 0)
    if statuses:
        today = statuses[-1][0]
        longest = max(windows, default=0)
        for day, status in reversed(_closed(statuses)):
            age = (today - day).days
            if age >= longest:
                break
            if status is DayStatus.REST:
                continue
            for window in windows:
                if age < window:
                    counted[window] += 1
                    done[window] += int(status is DayStatus.DONE)
    return {w: (done[w] / counted[w] if counted[w] else None) for w in windows}


def streak_at_risk(statuses: Iterable[tuple[date, DayStatus]], today: date) -> bool:
    """True when only today can keep a live streak going, so home can say so gently in time."""
    by_day = dict(statuses)
    if by_day.get(today, DayStatus.OPEN) not in (DayStatus.OPEN, DayStatus.PARTIAL):
        return False
    day = today - timedelta(days=1)
    while by_day.get(day) is DayStatus.REST:
        day -= timedelta(days=1)
    return by_day.get(day) is DayStatus.DONE


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


def summarize(
    facts: Iterable[DayFacts],
    first: date | None,
    today: date,
    rest_limit: int | None = 1,
) -> StreakSummary:
    """Everything the home screen shows about adherence, from one classification of the record.

    `first` is the day of the first ever record; None takes the earliest fact, or today.
    """
    facts = list(facts)
    if first is None:
        first = min((f.day for f in facts), default=today)
    return summary_of(classify(facts, first, today, rest_limit=rest_limit), today)


def summary_of(statuses: list[tuple[date, DayStatus]], today: date) -> StreakSummary:
    """The summary of a classification already made (History classifies ten years only once).

    `statuses` must start at the first fact, as summarize's do.
    """
    current, longest = streaks(statuses)
    return StreakSummary(
        current_streak=current,
        longest_streak=longest,
        strength=habit_strength(statuses),
        rates=completion_rates(statuses),
        today=statuses[-1][1],
        at_risk=current > 0 and streak_at_risk(statuses, today),
    )
