"""What today looks like: the plan on the home screen, from stored sessions and the profile.

Plain Python over the store, so home, the CLI and the reminder service agree on what "done
today" means: every exercise of the profile's daily routine reached at least its minimum reps
that day (across one or more sessions).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from coach.adherence import DayFacts, DayStatus, StreakSummary, day_began, day_of
from coach.config import Config
from coach.cramps.vocabulary import FIRST_AID_ROUTINE as FIRST_AID_ROUTINE  # home names it
from coach.model import Routine
from coach.progression import ExerciseDay, Target, target_for
from coach.routines import Catalog
from coach.store import SessionRecord, Store

GUIDANCE_DAYS = 21  # the guidance rules look at this week and the two before it


@dataclass(frozen=True)
class RoutineToday:
    routine: Routine
    done: bool
    partial: bool
    is_daily: bool


@dataclass(frozen=True)
class HomeState:
    today: date
    routines: tuple[RoutineToday, ...]  # the daily routine first
    summary: StreakSummary
    last7: tuple[tuple[date, DayStatus | None], ...]  # None: before the first record
    unfinished: SessionRecord | None
    guidance: tuple = ()  # coach.cramps.Guidance: when to see a doctor, calmly
    history: object | None = None  # the HistoryView it came from (History reuses it)

    @property
    def daily(self) -> RoutineToday | None:
        return self.routines[0] if self.routines and self.routines[0].is_daily else None


@dataclass(frozen=True)
class TodayCount:
    """Whether a session's day counts as done (by the daily routine), and what is short."""

    daily_title: str | None  # None: the daily routine is missing
    is_daily: bool  # the session was of the daily routine
    done: bool
    short: tuple[tuple[str, int, int], ...] = ()  # (exercise, best reps that day, minimum)


def today_count(
    store: Store, catalog: Catalog, config: Config, record: SessionRecord
) -> TodayCount:
    """The day of `record` against the rule home uses: every daily exercise at its minimum."""
    daily = catalog.get(config.profile.daily_routine)
    if daily is None:
        return TodayCount(None, False, False)
    sessions = [
        s for s in store.sessions_between(record.day, record.day) if s.routine_id == daily.id
    ]
    done = bool(sessions) and routine_done(sessions, daily)
    best = best_reps(sessions)
    short = (
        ()
        if done
        else tuple(
            (e.name, best.get(i, 0), e.reps_min)
            for i, e in enumerate(daily.exercises)
            if best.get(i, 0) < e.reps_min
        )
    )
    return TodayCount(daily.title, record.routine_id == daily.id, done, short)


def best_reps(sessions: Iterable[SessionRecord]) -> dict[int, int]:
    """The most reps reached per exercise index over the given sessions."""
    best: dict[int, int] = {}
    for session in sessions:
        for ex in session.exercises:
            best[ex.idx] = max(best.get(ex.idx, 0), ex.reps_done)
    return best


def routine_done(sessions: list[SessionRecord], routine: Routine | None) -> bool:
    if any(s.entered_by_hand for s in sessions):
        return True
    if routine is None:
        return any(s.status == "completed" for s in sessions)
    best = best_reps(sessions)
    return all(best.get(i, 0) >= e.reps_min for i, e in enumerate(routine.exercises))


def day_facts(
    sessions: Iterable[SessionRecord],
    routine_id: str,
    routine: Routine | None,
    rest_days: Iterable[date] = (),
) -> list[DayFacts]:
    """One fact per day for the daily routine: done, partial (something but not enough), rest."""
    by_day: dict[date, list[SessionRecord]] = {}
    for s in sessions:
        if s.routine_id == routine_id:
            by_day.setdefault(s.day, []).append(s)
    rests = set(rest_days)
    facts = []
    for d in set(by_day) | rests:
        group = by_day.get(d, [])
        facts.append(
            DayFacts(
                day=d,
                done=bool(group) and routine_done(group, routine),
                partial=any(s.reps_total or s.entered_by_hand for s in group),
                rest=d in rests,
                by_hand=any(s.entered_by_hand for s in group),
            )
        )
    return facts


def home_state(
    store: Store, catalog: Catalog, config: Config, now: datetime, *, with_guidance: bool = True
) -> HomeState:
    """Today's plan; streak and the last 7 days come from the same view as History.

    `with_guidance=False` leaves the doctor notes out (home adds them after its first paint:
    they need the cramp rules, which the first paint does not)."""
    from coach.history import build_history

    today = day_of(now, config.day_starts_at)
    view = build_history(store, catalog, config, now, sessions_since=today, with_totals=False)
    statuses = {d.date: d.status for d in view.days}
    week = [today - timedelta(days=n) for n in range(6, -1, -1)]
    todays = list(view.days[-1].sessions) if view.days else []
    daily_id = config.profile.daily_routine
    daily = catalog.get(daily_id)
    # First aid is not training: home offers it on a line of its own (the cramp flow).
    others = [r for r in catalog if r.id not in (daily_id, FIRST_AID_ROUTINE)]
    ordered = ([daily] if daily else []) + others
    routines = []
    for r in ordered:
        mine = [s for s in todays if s.routine_id == r.id]
        routines.append(
            RoutineToday(
                routine=r,
                done=bool(mine) and routine_done(mine, r),
                partial=any(s.reps_total for s in mine),
                is_daily=r.id == daily_id,
            )
        )
    return HomeState(
        today=today,
        routines=tuple(routines),
        summary=view.summary,
        last7=tuple((d, statuses.get(d)) for d in week),
        unfinished=store.unfinished_session(today, day_began(now, config.day_starts_at)),
        guidance=doctor_guidance(store, config, today, view.days) if with_guidance else (),
        history=view,
    )


def doctor_guidance(store: Store, config: Config, today: date, days) -> tuple:
    """The see-a-doctor notes for home, from the recent diary and the days already classified."""
    from coach.adherence import DayStatus
    from coach.cramps import guidance

    recent = store.cramps(first=today - timedelta(days=GUIDANCE_DAYS), last=today)
    done = {d.date for d in days if d.status is DayStatus.DONE}
    return tuple(guidance(recent, done, today, pregnant=config.profile.pregnant))


def targets_for(store: Store, routine: Routine, today: date) -> list[Target]:
    """Today's target reps per exercise, from this routine's history (see progression)."""
    rows = store.exercise_days(routine.id, today)
    targets = []
    for i, exercise in enumerate(routine.exercises):
        history = [
            ExerciseDay(day=day, reps_done=reps, skipped=short_skip)
            for day, idx, name, reps, short_skip in rows
            if idx == i and name == exercise.name
        ]
        targets.append(target_for(exercise, history, today))
    return targets
