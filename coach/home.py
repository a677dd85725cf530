"""What today looks like: the plan on the home screen, from stored sessions and the profile.

Plain Python over the store, so home, `coach status` and the end of a session agree on what
"done today" means (adherence.routine_done: every exercise of a routine at its minimum reps
that day, across one or more sessions). The streak and the last 7 days come from the same
view as History (coach.history), which History reuses rather than reading the record again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from coach.adherence import DayStatus, StreakSummary, day_began, day_of, routine_done
from coach.cramps.vocabulary import FIRST_AID_ROUTINE  # light: names only
from coach.history.view import build_history

if TYPE_CHECKING:
    from collections.abc import Iterable

    from coach.config import Config
    from coach.cramps import Guidance
    from coach.history.view import DayView, HistoryView
    from coach.model import Routine
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
    history: HistoryView  # the view it came from (History reuses it)
    guidance: tuple[Guidance, ...] = ()  # when to see a doctor, calmly

    @property
    def daily(self) -> RoutineToday | None:
        return self.routines[0] if self.routines and self.routines[0].is_daily else None


def home_state(
    store: Store, catalog: Catalog, config: Config, now: datetime, *, with_guidance: bool = True
) -> HomeState:
    """Today's plan; streak and the last 7 days come from the same view as History.

    `with_guidance=False` leaves the doctor notes out (home adds them after its first paint:
    they need the cramp rules, which the first paint does not)."""
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
        unfinished=store.unfinished_session(  # a cramp's stretch cut short is not resumed
            today, day_began(now, config.day_starts_at), not_of=(FIRST_AID_ROUTINE,)
        ),
        history=view,
        guidance=doctor_guidance(store, config, today, view.days) if with_guidance else (),
    )


def doctor_guidance(
    store: Store, config: Config, today: date, days: Iterable[DayView]
) -> tuple[Guidance, ...]:
    """The see-a-doctor notes for home, from the recent diary and the days already classified."""
    from coach.cramps import guidance

    recent = store.cramps(first=today - timedelta(days=GUIDANCE_DAYS), last=today)
    done = {d.date for d in days if d.status is DayStatus.DONE}
    return tuple(guidance(recent, done, today, pregnant=config.profile.pregnant))
