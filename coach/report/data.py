"""What the report shows, gathered from the record by the rules the rest of coach uses.

Day statuses, streaks and habit strength come from the journal's history (history.build_history);
cramps per week, the comparison and the see-a-doctor notes from coach.cramps (through
Journal.guidance, as on home); today's reps from progression (Journal.targets). Nothing here
decides anew what a done day or a worrying week is, so the report never disagrees with the app.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from coach.adherence import DayStatus, completion_rates
from coach.cramps import Comparison, Guidance, WeekCount, compare_weeks, monday_of, weekly_series
from coach.history import DayView
from coach.store import CrampRecord, RoutineCount

if TYPE_CHECKING:
    from coach.journal import Journal

DEFAULT_WEEKS = 12
MAX_WEEKS = 104


@dataclass(frozen=True)
class ExerciseReps:
    name: str
    reps: int  # today's target, as the session screen would set it
    reps_min: int
    reps_max: int


@dataclass(frozen=True)
class RoutineDone:
    count: RoutineCount  # sessions in the period: done, partial, entered by hand
    exercises: tuple[ExerciseReps, ...]  # empty when the routine is no longer in the catalogue


@dataclass(frozen=True)
class ReportData:
    made_at: datetime
    today: date
    first: date  # the Monday the period starts on
    weeks: int
    daily_title: str
    current_streak: int
    longest_streak: int
    strength: float
    counts: dict[DayStatus, int]  # days of the period by status (today included)
    completion: float | None  # done days / days that count, over the period; None: none count
    days: tuple[DayView | None, ...]  # every day from `first` to the period's last Sunday
    series: tuple[WeekCount, ...]  # cramps and routine days per week, oldest first
    comparison: Comparison
    cramps: tuple[CrampRecord, ...]  # the period's cramps, oldest first
    routines: tuple[RoutineDone, ...]
    guidance: tuple[Guidance, ...]

    @property
    def recorded(self) -> bool:
        """Whether the period holds anything the user recorded (a session or a rest day)."""
        return any(d is not None and (d.sessions or d.rest_marked) for d in self.days)

    @property
    def last(self) -> date:
        return self.today


def build_report(journal: Journal, weeks: int = DEFAULT_WEEKS) -> ReportData:
    """The last `weeks` calendar weeks (Monday to Sunday), this week last, as of the journal's
    clock (read once: every part of the report is as of the same moment)."""
    if not 1 <= weeks <= MAX_WEEKS:
        raise ValueError(f"weeks must be 1 to {MAX_WEEKS}, not {weeks!r}")
    now = journal.wall_now()
    journal = journal.at(now)
    store = journal.store
    today = journal.today()
    first = monday_of(today) - timedelta(days=7 * (weeks - 1))
    view = journal.history(with_totals=False, sessions_since=first)
    by_date = {d.date: d for d in view.days if d.date >= first}
    grid_days = 7 * weeks
    days = tuple(by_date.get(first + timedelta(days=i)) for i in range(grid_days))
    statuses = [(d.date, d.status) for d in view.days if d.date >= first]
    counts = dict.fromkeys(DayStatus, 0)
    for _, status in statuses:
        counts[status] += 1
    span = (today - first).days + 1
    completion = completion_rates(statuses, (span,))[span] if statuses else None

    done = {d.date for d in view.days if d.status is DayStatus.DONE}
    cramps = tuple(sorted(store.cramps(first=first, last=today), key=lambda c: c.at))
    cramp_days = [c.day for c in cramps]
    period_done = {d for d in done if d >= first}
    routines = tuple(
        RoutineDone(count, _exercise_reps(journal, count.routine_id))
        for count in store.totals(first, today)[0]
    )
    daily = journal.catalog.get(view.daily_routine_id)
    return ReportData(
        made_at=now,
        today=today,
        first=first,
        weeks=weeks,
        daily_title=daily.title if daily else view.daily_routine_id,
        current_streak=view.summary.current_streak,
        longest_streak=view.summary.longest_streak,
        strength=view.summary.strength,
        counts=counts,
        completion=completion,
        days=days,
        series=tuple(weekly_series(cramp_days, period_done, today, weeks)),
        comparison=compare_weeks(cramp_days, period_done, today),
        cramps=cramps,
        routines=routines,
        guidance=journal.guidance(today, view.days),
    )


def _exercise_reps(journal: Journal, routine_id: str) -> tuple[ExerciseReps, ...]:
    routine = journal.catalog.get(routine_id)
    if routine is None:
        return ()
    targets = journal.targets(routine)
    return tuple(
        ExerciseReps(e.name, t.reps, e.reps_min, e.reps_max)
        for e, t in zip(routine.exercises, targets, strict=True)
    )
