"""The record as its callers see it: one object instead of (store, catalog, config, now).

Home, History, the end of a session, the cramp screen, the CLI, `coach status` and the report
all read and change the same record by the same rules, and all need the store, the routine
catalogue, the config and the clock to do it. A Journal holds the four once and offers what
those callers need: the home view, the history, log by hand, rest days, the cramp diary,
today's targets and whether a routine is done on a day. The rules themselves stay where they
are (coach.adherence, coach.history, coach.home, coach.progression, coach.cramps): this module
only joins them to the record, so nothing below it needs to import anything above it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from coach.adherence import StreakSummary, TodayCount, count_day, day_of, routine_done
from coach.history import (
    HistoryView,
    build_history,
    log_by_hand,
    mark_rest,
    toggle_rest,
    unlog_by_hand,
    unmark_rest,
)
from coach.home import HomeState, doctor_guidance, home_state
from coach.progression import Target, targets_for

if TYPE_CHECKING:
    from coach.config import Config
    from coach.context import AppContext
    from coach.cramps import CrampView, Guidance, Logged
    from coach.history import DayView
    from coach.model import Routine
    from coach.routines import Catalog
    from coach.store import NewCramp, SessionRecord, Store


@dataclass(frozen=True)
class Journal:
    """The record, the routines it is judged by, the user's settings and a wall clock.

    Cheap to make: build one per use (`Journal.of(context)`), or per store connection when work
    runs on the app's writer thread (`Journal.of(context, store)`).
    """

    store: Store
    catalog: Catalog
    config: Config
    wall_now: Callable[[], datetime]

    @classmethod
    def of(cls, context: AppContext, store: Store | None = None) -> Journal:
        """The journal of an opened context; `store`: another connection to the same record."""
        store = context.store if store is None else store
        return cls(store, context.catalog, context.config, context.wall_now)

    def at(self, now: datetime) -> Journal:
        """The same journal with its clock stopped at `now` (a report, a status line, a form
        submitted at a given moment: every answer as of that one moment)."""
        return replace(self, wall_now=lambda: now)

    def today(self) -> date:
        """The user's day now (a day starts at the configured hour, not at midnight)."""
        return day_of(self.wall_now(), self.config.day_starts_at)

    # -- reading -------------------------------------------------------------------------------

    def home(self, *, with_guidance: bool = True) -> HomeState:
        """Today's plan, streak, last 7 days and unfinished session (see coach.home)."""
        return home_state(
            self.store, self.catalog, self.config, self.wall_now(), with_guidance=with_guidance
        )

    def guidance(self, today: date, days: Iterable[DayView]) -> tuple[Guidance, ...]:
        """The see-a-doctor notes as of `today`, given the days already classified."""
        return doctor_guidance(self.store, self.config, today, days)

    def history(
        self, *, sessions_since: date | None = None, with_totals: bool = True
    ) -> HistoryView:
        """Every day since the first record; sessions loaded from `sessions_since` (None: all)."""
        return build_history(
            self.store,
            self.catalog,
            self.config,
            self.wall_now(),
            sessions_since=sessions_since,
            with_totals=with_totals,
        )

    def summary(self) -> StreakSummary:
        """The streak, strength and rates home shows, without today's plan around them."""
        return self.history(sessions_since=self.today(), with_totals=False).summary

    def targets(self, routine: Routine) -> list[Target]:
        """Today's target reps per exercise of `routine` (see coach.progression)."""
        return targets_for(self.store, routine, self.today())

    def done_on(self, day: date, routine_id: str | None = None) -> bool:
        """Whether `routine_id` (default: the daily routine) is done on `day`, by home's rule."""
        rid = self.config.profile.daily_routine if routine_id is None else routine_id
        sessions = [s for s in self.store.sessions_between(day, day) if s.routine_id == rid]
        return bool(sessions) and routine_done(sessions, self.catalog.get(rid))

    def day_count(self, record: SessionRecord) -> TodayCount:
        """Whether the day of `record` counts as done (by the daily routine), and what is short."""
        daily = self.catalog.get(self.config.profile.daily_routine)
        day = record.day
        sessions = self.store.sessions_between(day, day) if daily is not None else []
        return count_day(daily, sessions, record.routine_id)

    def cramps(self, *, done: set[date] | None = None) -> CrampView:
        """The cramp diary with its weekly comparison and doctor notes; `done`: the days the
        daily routine was done, when the caller has them already (one query fewer)."""
        from coach.cramps import cramp_view

        return cramp_view(self.store, self.catalog, self.config, self.wall_now(), done=done)

    # -- changing ------------------------------------------------------------------------------
    # Each returns the sentence to show; history.HistoryError says calmly what a rule refused.

    def log_by_hand(self, day: date, routine_id: str | None = None) -> str:
        """Record `routine_id` (default: the daily routine) as done on `day`, entered by hand."""
        return log_by_hand(self.store, self.catalog, self.config, day, routine_id, self.wall_now())

    def unlog_by_hand(self, day: date, routine_id: str | None = None) -> str:
        """Remove what was entered by hand on `day`; recorded sessions are never removed."""
        return unlog_by_hand(self.store, day, routine_id)

    def mark_rest(self, day: date) -> str:
        return mark_rest(self.store, self.catalog, self.config, day, self.wall_now())

    def unmark_rest(self, day: date) -> str:
        return unmark_rest(self.store, day)

    def toggle_rest(self, day: date) -> str:
        """Unmark a rest day, or mark one if the rule allows (one key on home and History)."""
        return toggle_rest(self.store, self.catalog, self.config, day, self.wall_now())

    def log_cramp(self, cramp: NewCramp) -> Logged:
        """Store `cramp` (once) and say so, with the doctor notes as the diary now stands."""
        from coach.cramps import log_cramp

        return log_cramp(self.store, self.catalog, self.config, cramp, self.wall_now())
