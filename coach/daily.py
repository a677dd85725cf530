"""Moved (issue #13): kept only so that code written before the move keeps importing.

The home view is coach.home, the "done" rule coach.adherence, today's targets
coach.progression; callers with a context use coach.journal.Journal. Delete this module once
nothing imports `coach.daily` (grep after the round-3 branches are merged; when this was
written: coach/cli.py `start` and coach/reminders/service.py `store_done`, both being moved).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coach.adherence import TodayCount, best_reps, count_day, routine_done
from coach.home import (
    FIRST_AID_ROUTINE,
    GUIDANCE_DAYS,
    HomeState,
    RoutineToday,
    doctor_guidance,
    home_state,
)
from coach.progression import targets_for

if TYPE_CHECKING:
    from coach.config import Config
    from coach.routines import Catalog
    from coach.store import SessionRecord, Store

__all__ = [
    "FIRST_AID_ROUTINE",
    "GUIDANCE_DAYS",
    "HomeState",
    "RoutineToday",
    "TodayCount",
    "best_reps",
    "doctor_guidance",
    "home_state",
    "routine_done",
    "targets_for",
    "today_count",
]


def today_count(
    store: Store, catalog: Catalog, config: Config, record: SessionRecord
) -> TodayCount:
    """Journal.day_count, for callers that still pass the parts one by one."""
    daily = catalog.get(config.profile.daily_routine)
    sessions = store.sessions_between(record.day, record.day) if daily is not None else []
    return count_day(daily, sessions, record.routine_id)
