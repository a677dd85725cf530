"""Adherence: which day a session belongs to, when a day is done, how each day went, and what
the streak says.

Pure functions of the recorded facts plus `today`, so the home screen, the history view, the
reminders and the tests all read the same numbers, and nothing here depends on the clock, the
store or the UI (records come in as values; coach.journal reads them from the store).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coach.model import Routine
    from coach.store import SessionRecord

DAY_STARTS_AT = 4
"""Late-night sessions belong to the evening before: people stretch before bed, not at dawn."""

STRENGTH_HALF_LIFE_DAYS = 13
STRENGTH_MULTIPLIER = 0.5 ** (1 / STRENGTH_HALF_LIFE_DAYS)
RATE_WINDOWS = (7, 30, 365)


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


# -- the "done" rule: home, history, reminders and the end of a session all ask it ------------


def best_reps(sessions: Iterable[SessionRecord]) -> dict[int, int]:
    """The most reps reached per exercise index over the given sessions."""
    best: dict[int, int] = {}
    for session in sessions:
        for ex in session.exercises:
            best[ex.idx] = max(best.get(ex.idx, 0), ex.reps_done)
    return best


def routine_done(sessions: Sequence[SessionRecord], routine: Routine | None) -> bool:
    """A day's sessions of one routine count as done: every exercise reached its minimum reps
    (across one or more sessions), or the day was entered by hand. Without the routine (gone
    from the catalogue), any completed session counts."""
    if any(s.entered_by_hand for s in sessions):
        return True
    if routine is None:
        return any(s.status == "completed" for s in sessions)
    best = best_reps(sessions)
    return all(best.get(i, 0) >= e.reps_min for i, e in enumerate(routine.exercises))


@dataclass(frozen=True)
class TodayCount:
    """Whether a session's day counts as done (by the daily routine), and what is short."""

    daily_title: str | None  # None: the daily routine is missing
    is_daily: bool  # the session was of the daily routine
    done: bool
    short: tuple[tuple[str, int, int], ...] = ()  # (exercise, best reps that day, minimum)


def count_day(
    daily: Routine | None, sessions: Iterable[SessionRecord], routine_id: str
) -> TodayCount:
    """A day with a session of `routine_id` against the rule home uses (the daily routine's
    exercises at their minimum); `sessions`: that day's sessions, of any routine."""
    if daily is None:
        return TodayCount(None, False, False)
    mine = [s for s in sessions if s.routine_id == daily.id]
    done = bool(mine) and routine_done(mine, daily)
    best = best_reps(mine)
    short = tuple(
        (e.name, best.get(i, 0), e.reps_min)
        for i, e in enumerate(daily.exercises)
        if not done and best.get(i, 0) < e.reps_min
    )
    return TodayCount(daily.title, routine_id == daily.id, done, short)


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
        known = by_day.get(day)
        if known is None:
            status = DayStatus.OPEN if day == today else DayStatus.MISSED
        elif known.done:
            status = DayStatus.DONE
        elif known.rest and _rest_fits(accepted_rests, day, rest_limit):
            accepted_rests.append(day)
            status = DayStatus.REST
        elif known.partial:
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


def summary_of(statuses: list[tuple[date, DayStatus]], today: date) -> StreakSummary:
    """The summary of a classification already made (History classifies ten years only once).

    `statuses` must start at the day of the first fact (see `classify`).
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
