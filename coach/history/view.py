"""The whole record as one view: the summary, every day since the first, and the totals.

`coach history`, its `--json` and the History screen all read `build_history`, so a day never
looks done in one place and missed in another. Ten years are 3,650 days: the store reduces them
to one digest per day in SQLite and counts the totals there, a fixed number of queries however
long the record, and only the sessions a caller will show are loaded as objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple

from coach.adherence import DayFacts, DayStatus, StreakSummary, classify, day_of, summary_of
from coach.record_dates import EARLIEST

if TYPE_CHECKING:
    from coach.config import Config
    from coach.model import Routine
    from coach.routines import Catalog
    from coach.store import DayDigest, SessionRecord, Store


class DayView(NamedTuple):
    """One day of the record. A NamedTuple, not a dataclass: ten years make 3,650 of these per
    call, and a tuple is several times cheaper to build than a frozen dataclass."""

    date: date
    status: DayStatus
    sessions: tuple[SessionRecord, ...]
    by_hand: bool  # something that day was entered by hand (any routine)
    rest_marked: bool = False  # even when the rule does not count it; the status says what did


@dataclass(frozen=True)
class RoutineTotal:
    routine_id: str
    routine_title: str
    sessions: int
    done: int
    partial: int
    by_hand: int


@dataclass(frozen=True)
class ExerciseTotal:
    name: str
    reps: int
    sessions: int


@dataclass(frozen=True)
class Totals:
    routines: tuple[RoutineTotal, ...]
    exercises: tuple[ExerciseTotal, ...]


@dataclass(frozen=True)
class HistoryView:
    today: date
    daily_routine_id: str
    summary: StreakSummary
    days: tuple[DayView, ...]
    """One per day from the first record (or today) to today, oldest first."""
    totals: Totals


@dataclass(frozen=True)
class WeekRow:
    monday: date
    days: tuple[DayView | None, ...]
    """Mon..Sun; None before the record starts and after today."""


def build_history(
    store: Store,
    catalog: Catalog,
    config: Config,
    now: datetime,
    *,
    sessions_since: date | None = None,
    with_totals: bool = True,
) -> HistoryView:
    """The view as of `now`; DayView.sessions are filled from `sessions_since` (None: all days).

    Statuses, the summary and the totals come from per-day digests reduced in SQLite, so their
    cost hardly grows with the years; only the sessions asked for are loaded as objects.
    """
    today = day_of(now, config.day_starts_at)
    daily_id = config.profile.daily_routine
    daily = catalog.get(daily_id)
    digests = store.day_digests(daily_id, daily_minimums(daily), today)
    rests = {r.day for r in store.rest_days(EARLIEST, today)}
    facts = digest_facts(digests, daily, rests)
    # The summary starts where the daily routine's record does, exactly as on the home screen;
    # the list of days may start earlier, with another routine's first session.
    first_fact = min((f.day for f in facts), default=today)
    first_day = min(digests[0].day, first_fact) if digests else first_fact
    statuses = classify(facts, first_day, today, rest_limit=config.rest_days_per_week)
    summary = summary_of(statuses[(first_fact - first_day).days :], today)
    since = first_day if sessions_since is None else max(sessions_since, first_day)
    by_day: dict[date, list[SessionRecord]] = {}
    for record in store.sessions_between(since, today) if since <= today else ():
        by_day.setdefault(record.day, []).append(record)
    by_hand = {d.day for d in digests if d.any_by_hand}
    days = tuple(
        DayView(d, status, tuple(by_day.get(d, ())), d in by_hand, d in rests)
        for d, status in statuses
    )
    routines, exercises = store.totals() if with_totals else ((), ())
    totals = Totals(
        routines=tuple(RoutineTotal(*r) for r in routines),
        exercises=tuple(ExerciseTotal(*e) for e in exercises),
    )
    return HistoryView(today, daily_id, summary, days, totals)


def daily_minimums(routine: Routine | None) -> list[int] | None:
    return None if routine is None else [e.reps_min for e in routine.exercises]


def digest_facts(
    digests: list[DayDigest], routine: Routine | None, rest_days: set[date]
) -> list[DayFacts]:
    """One DayFacts per day from per-day digests: adherence.routine_done's rule, counted in SQL.

    Done: something entered by hand, or every exercise at its minimum (any completed session
    when the routine is gone from the catalogue). Partial: any rep saved, or a hand entry.
    """
    needed = len(routine.exercises) if routine is not None else 0
    facts = []
    seen: set[date] = set()
    for d in digests:
        if not d.sessions:
            continue
        seen.add(d.day)
        met = d.minimums_met >= needed if routine is not None else d.completed
        facts.append(
            DayFacts(d.day, d.by_hand or met, d.reps or d.by_hand, d.day in rest_days, d.by_hand)
        )
    facts.extend(DayFacts(day, False, False, True) for day in rest_days - seen)
    return facts


def week_rows(days: tuple[DayView, ...] | list[DayView], weeks: int = 4) -> list[WeekRow]:
    """The last `weeks` calendar weeks (Mon..Sun) ending with the week of the last day."""
    if not days:
        return []
    last = days[-1].date
    by_date = {d.date: d for d in days[-7 * (weeks + 1) :]}
    first_monday = last - timedelta(days=last.weekday() + 7 * (weeks - 1))
    rows = []
    for w in range(weeks):
        monday = first_monday + timedelta(days=7 * w)
        cells = tuple(by_date.get(monday + timedelta(days=i)) for i in range(7))
        rows.append(WeekRow(monday, cells))
    return rows
