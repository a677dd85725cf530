"""Changes to the record by hand: log a routine done on a past day, undo it, mark a rest day.

The CLI (`coach log`, `coach rest`), home's `n` and the History screen share these (through
coach.journal), so the rules are checked once: only days that happened can be logged, only the
rest days the rule allows can be marked, and each check is made in the transaction that writes.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from coach.adherence import day_of, routine_done
from coach.dates import short_day
from coach.record_dates import clock_problem, day_problem, readable
from coach.rest_days import rest_day_allowed
from coach.store import NewExercise, NewSession
from coach.text import printable

if TYPE_CHECKING:
    from coach.config import Config
    from coach.model import Routine
    from coach.routines import Catalog
    from coach.store import Store

HAND_ENTRY_HOUR = 12
"""A backfilled session has no real start time; noon is inside the day for any day_starts_at."""


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


# -- log and rest ------------------------------------------------------------------------------


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
    coach.rest_days), judged by the same rule as the rest of the history.
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


def day_with_year(day: date) -> str:
    return f"{short_day(day)} {day.year}"
