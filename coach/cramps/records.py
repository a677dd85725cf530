"""The cramp diary over the record: a session in progress, the cramp view, logging a cramp.

The command the CLI and the cramp screen share, so both say the same words and numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from coach.adherence import day_began, day_of
from coach.cramps.doctor import LONG_CRAMP_MINUTES, Guidance, guidance
from coach.cramps.stats import SERIES_WEEKS, Comparison, WeekCount, compare_weeks, weekly_series
from coach.cramps.vocabulary import MUSCLE_LABELS, minutes_text
from coach.dates import short_day
from coach.record_dates import readable
from coach.store import CrampExists, CrampRecord, NewCramp, Store

if TYPE_CHECKING:
    from coach.config import Config
    from coach.routines import Catalog

EXERCISE_WINDOW = timedelta(minutes=30)
"""An unfinished session saved less than this long ago is a session in progress."""


def session_in_progress(store: Store, now: datetime, day_starts_at: int) -> bool:
    """Whether a session is going on now: one unfinished today, saved to within EXERCISE_WINDOW.

    A session killed this morning stays unfinished until tomorrow; it is not "in progress" at
    tea time, so the last thing it saved must be recent.
    """
    record = store.unfinished_session(day_of(now, day_starts_at), day_began(now, day_starts_at))
    if record is None:
        return False
    last = max([record.started_at, *(e.ended_at for e in record.exercises)])
    return timedelta(0) <= now - last <= EXERCISE_WINDOW


def done_days(store: Store, catalog: Catalog, config: Config, today: date) -> set[date]:
    """Days the daily routine was done, by the same rule as streaks and history."""
    from coach.history import daily_minimums, digest_facts

    daily_id = config.profile.daily_routine
    daily = catalog.get(daily_id)
    digests = store.day_digests(daily_id, daily_minimums(daily), today)
    return {f.day for f in digest_facts(digests, daily, set()) if f.done}


@dataclass(frozen=True)
class CrampView:
    today: date
    cramps: tuple[CrampRecord, ...]  # the whole diary, newest first
    series: tuple[WeekCount, ...]  # the last `weeks` weeks, oldest first, this week last
    comparison: Comparison
    guidance: tuple[Guidance, ...]


def cramp_view(
    store: Store,
    catalog: Catalog,
    config: Config,
    now: datetime,
    *,
    weeks: int = SERIES_WEEKS,
    done: set[date] | None = None,
) -> CrampView:
    """Everything the cramp screen and `coach cramp list` show, in two queries (one when the
    caller already knows the days the routine was done)."""
    today = day_of(now, config.day_starts_at)
    cramps = store.cramps(last=today)
    counted = [c for c in cramps if readable(c.day)]  # a year-1 entry is listed, not counted
    if done is None:
        done = done_days(store, catalog, config, today)
    days = [c.day for c in counted]
    return CrampView(
        today=today,
        cramps=tuple(cramps),
        series=tuple(weekly_series(days, done, today, weeks)),
        comparison=compare_weeks(days, done, today),
        guidance=tuple(guidance(counted, done, today, pregnant=config.profile.pregnant)),
    )


# -- logging: the command the CLI and the cramp screen share ------------------------------------


@dataclass(frozen=True)
class Logged:
    cramp_id: int
    added: bool  # False: that muscle at that moment was already in the diary
    message: str
    guidance: tuple[Guidance, ...]
    new_guidance: tuple[Guidance, ...] = ()  # findings this cramp brought: say these once


def _what(cramp: NewCramp | CrampRecord) -> str:
    label = MUSCLE_LABELS[cramp.muscle]
    return "a calf cramp" if cramp.muscle == "calf" else f"a cramp in the {label}"


def _moment(cramp: NewCramp | CrampRecord) -> str:
    return f"at {cramp.at:%H:%M} on {short_day(cramp.at.date())} {cramp.at.year}"


def _what_in_detail(cramp: NewCramp | CrampRecord) -> str:
    """a calf cramp (left, severity 6/10, 2 minutes)"""
    details = [cramp.side] if cramp.side else []
    if cramp.severity is not None:
        details.append(f"severity {cramp.severity}/10")
    if cramp.minutes is not None:
        details.append(minutes_text(cramp.minutes))
    return _what(cramp) + (f" ({', '.join(details)})" if details else "")


def _when(cramp: NewCramp | CrampRecord) -> str:
    return {"night": "at night", "day": "by day", "exercise": "during exercise"}[cramp.when_kind]


def describe(cramp: NewCramp | CrampRecord) -> str:
    """One cramp in words, such as: a calf cramp (left, severity 6/10, 2 minutes) at 03:10 on
    Fri 20 Nov 2026, at night. The date is the calendar one, to match the clock time."""
    return f"{_what_in_detail(cramp)} {_moment(cramp)}, {_when(cramp)}"


def on_its_day(cramp: CrampRecord) -> str:
    """One cramp on its day (History's day panel): 03:10 a calf cramp (left, 2 minutes), at
    night; its note after a dot, as written."""
    line = f"{cramp.at:%H:%M} {_what_in_detail(cramp)}, {_when(cramp)}"
    return f"{line} · {cramp.note}" if cramp.note else line


def log_cramp(
    store: Store, catalog: Catalog, config: Config, cramp: NewCramp, now: datetime
) -> Logged:
    """Store `cramp` and say so, with the doctor guidance as the diary now stands.

    The same muscle at the same moment twice is one cramp: the second entry changes nothing.
    """
    try:
        cramp_id, added = store.add_cramp(cramp), True
    except CrampExists as exc:
        cramp_id, added = exc.existing_id, False
    if added:
        message = f"Logged {describe(cramp)}."
    else:
        what = _what(cramp)
        message = f"{what[0].upper()}{what[1:]} {_moment(cramp)} is already in your diary; "
        message += "nothing changed."
    today = day_of(now, config.day_starts_at)
    done = done_days(store, catalog, config, today)
    view = cramp_view(store, catalog, config, now, done=done)
    fresh = _new_findings(view, cramp_id, done) if added else ()
    return Logged(cramp_id, added, message, view.guidance, fresh)


def _new_findings(view: CrampView, cramp_id: int, done: set[date]) -> tuple[Guidance, ...]:
    """The advice that the cramp `cramp_id` brought: a kind not there without it, or a long
    cramp (each one is its own finding). Advice already given is not new again."""
    new = next((c for c in view.cramps if c.id == cramp_id), None)
    if new is None:
        return ()
    earlier = [c for c in view.cramps if c.id != cramp_id]
    pregnant = any(g.kind == "pregnancy" for g in view.guidance)
    before = {g.kind for g in guidance(earlier, done, view.today, pregnant=pregnant)}
    is_long = (new.minutes or 0) >= LONG_CRAMP_MINUTES
    return tuple(g for g in view.guidance if g.kind not in before or (g.kind == "long" and is_long))
