"""The whole record as one view: summary, every day since the first, totals, and hand entries.

`coach history`, its `--json` and the History screen all read `build_history`, so a day never
looks done in one place and missed in another. Ten years are 3,650 days: the store reduces them
to one digest per day in SQLite and counts the totals there, a fixed number of queries however
long the record, and only the sessions a caller will show are loaded as objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple

from coach.adherence import (
    DayFacts,
    DayStatus,
    StreakSummary,
    classify,
    day_of,
    rest_day_allowed,
    summary_of,
)
from coach.config import Config
from coach.daily import routine_done
from coach.dates import short_day
from coach.model import Routine
from coach.record_dates import EARLIEST, clock_problem, day_problem, readable
from coach.routines import Catalog
from coach.store import DayDigest, NewExercise, NewSession, SessionRecord, Store
from coach.text import printable

GLYPHS: dict[DayStatus, tuple[str, str]] = {
    DayStatus.DONE: ("●", "done"),
    DayStatus.PARTIAL: ("◐", "partial"),
    DayStatus.REST: ("–", "rest"),
    DayStatus.MISSED: ("·", "missed"),
    DayStatus.OPEN: ("○", "today, open"),
}
"""One glyph per status, so the history never relies on colour alone."""

BY_HAND_MARK = "*"
HAND_ENTRY_HOUR = 12
"""A backfilled session has no real start time; noon is inside the day for any day_starts_at."""


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
    """daily.day_facts over per-day digests instead of sessions: the same rule, the same facts.

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


def hand_entry(routine: Routine, day: date, now: datetime) -> NewSession:
    """The session `coach log` stores: the routine done at its minimum reps, marked by hand.

    No reps rows and no durations: nothing was timed, and the record should not pretend it was.
    The start is noon of that day in the user's current zone, so the day is never in doubt.
    """
    started = datetime.combine(day, time(HAND_ENTRY_HOUR), tzinfo=now.tzinfo)
    if started.utcoffset() is None:
        raise ValueError("hand_entry needs an aware `now`")
    return NewSession(
        routine_id=routine.id,
        routine_title=routine.title,
        day=day,
        started_at=started,
        status="completed",
        targets=tuple(e.reps_min for e in routine.exercises),
        entered_by_hand=True,
        exercises=tuple(
            NewExercise(i, e.name, e.reps_min, e.reps_min, False, started, started)
            for i, e in enumerate(routine.exercises)
        ),
    )


# -- log and rest: the commands the CLI and the History screen share -------------------------


class HistoryError(Exception):
    """A log or rest request the rules refuse; str() is the calm sentence to show."""


def log_by_hand(
    store: Store,
    catalog: Catalog,
    config: Config,
    day: date,
    routine_id: str | None,
    now: datetime,
) -> str:
    """Record `routine_id` (default: the daily routine) as done on `day`; what happened, in words.

    Only days that have happened: a future day logged now would be a promise, not a record.
    Logging the same routine for the same day again changes nothing.
    """
    _check_dates(day, now, config)
    rid = routine_id or config.profile.daily_routine
    routine = catalog.get(rid)
    if routine is None:
        raise HistoryError(f"no routine with id `{rid}`; `coach routines list` shows the ids")
    # Checked and written in one transaction: two commands logging one day at once store it once.
    _, added = store.add_session_once(hand_entry(routine, day, now))
    if not added:
        return f"{routine.title} is already logged for {day_with_year(day)}; nothing changed."
    return f"Logged {routine.title} for {day_with_year(day)} (entered by hand)."


def unlog_by_hand(store: Store, day: date, routine_id: str | None = None) -> str:
    """Undo `coach log`: remove what was entered by hand on `day` (one routine, if given).

    Sessions the app recorded are never removed this way. Any day can be undone, even one an
    older coach let in outside coach.record_dates' range, so such a mistake can be taken back.
    """
    removed = store.remove_hand_entries(day, routine_id)
    when = day_with_year(day)
    if not removed:
        what = f"`{printable(routine_id)}`" if routine_id else "Nothing"
        return f"{what} was entered by hand for {when}; nothing changed."
    names = printable(", ".join(dict.fromkeys(removed)))
    kept = readable(day) and any(not s.entered_by_hand for s in store.sessions_between(day, day))
    note = " The sessions coach recorded that day stay." if kept else ""
    return f"Removed {names} (entered by hand) from {when}.{note}"


def _check_dates(day: date, now: datetime, config: Config, *, plan: bool = False) -> None:
    """coach.record_dates' rule: a clock that can be trusted, a day between 1900 and today."""
    problem = clock_problem(now) or day_problem(day, day_of(now, config.day_starts_at), plan=plan)
    if problem is not None:
        raise HistoryError(problem)


def mark_rest(store: Store, catalog: Catalog, config: Config, day: date, now: datetime) -> str:
    """Mark `day` as a planned rest day if the rule allows it; HistoryError says why if not.

    Future days are allowed: a rest day is a plan. A day already done is refused (see
    adherence.rest_day_allowed), judged by the same rule as the rest of the history.
    """
    _check_dates(day, now, config, plan=True)
    week = timedelta(days=6)
    # Read and written in one transaction: two commands at once cannot both pass the rule.
    with store.immediate():
        rests = {r.day for r in store.rest_days(day - week, day + week)}
        daily_id = config.profile.daily_routine
        sessions = [s for s in store.sessions_between(day, day) if s.routine_id == daily_id]
        done = bool(sessions) and routine_done(sessions, catalog.get(daily_id))
        allowed, reason = rest_day_allowed(rests, day, config.rest_days_per_week, done=done)
        if not allowed:
            raise HistoryError(reason)
        if day in rests:
            return f"{day_with_year(day)}: {reason}"
        store.mark_rest_day(day, now)
    return f"{day_with_year(day)} is a rest day: it keeps your streak without adding to it."


def unmark_rest(store: Store, day: date) -> str:
    if store.unmark_rest_day(day):
        return f"{day_with_year(day)} is no longer a rest day."
    return f"{day_with_year(day)} was not a rest day; nothing changed."


def toggle_rest(store: Store, catalog: Catalog, config: Config, day: date, now: datetime) -> str:
    """One key on the History screen: unmark a rest day, or mark one if the rule allows."""
    with store.immediate():
        if any(r.day == day for r in store.rest_days(day, day)):
            return unmark_rest(store, day)
        return mark_rest(store, catalog, config, day, now)


# -- JSON -------------------------------------------------------------------------------------


def session_json(s: SessionRecord) -> dict[str, Any]:
    return {
        "id": s.id,
        "routine_id": s.routine_id,
        "routine_title": s.routine_title,
        "started_at": s.started_at.isoformat(),
        "status": s.status,
        "entered_by_hand": s.entered_by_hand,
        "exercises": [
            {"name": e.name, "reps_done": e.reps_done, "target": e.target, "skipped": e.skipped}
            for e in s.exercises
        ],
    }


def history_json(view: HistoryView) -> dict[str, Any]:
    """The `coach history --json` document; its keys are a promise to scripts."""
    s = view.summary
    return {
        "current_streak": s.current_streak,
        "longest_streak": s.longest_streak,
        "strength": round(s.strength, 4),
        "rates": {str(w): None if r is None else round(r, 4) for w, r in s.rates.items()},
        "days": [
            {
                "date": d.date.isoformat(),
                "status": str(d.status),
                "sessions": [session_json(x) for x in d.sessions],
            }
            for d in view.days
        ],
        "totals": {
            "routines": [
                {
                    "routine_id": r.routine_id,
                    "routine_title": r.routine_title,
                    "sessions": r.sessions,
                    "done": r.done,
                    "partial": r.partial,
                    "by_hand": r.by_hand,
                }
                for r in view.totals.routines
            ],
            "exercises": [
                {"name": e.name, "reps": e.reps, "sessions": e.sessions}
                for e in view.totals.exercises
            ],
        },
    }


def day_with_year(day: date) -> str:
    return f"{short_day(day)} {day.year}"
