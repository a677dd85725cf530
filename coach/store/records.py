"""The record's rows as values: what is read back (`*Record`, the digests and counts) and what
is handed in to be written (`New*`). Plain frozen dataclasses and named tuples, no SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple


@dataclass(frozen=True)
class RepRecord:
    session_id: int
    exercise_idx: int
    rep: int
    completed_at: datetime


@dataclass(frozen=True)
class ExerciseRecord:
    session_id: int
    idx: int
    name: str
    reps_done: int
    target: int
    skipped: bool
    started_at: datetime
    ended_at: datetime
    utc_offset_minutes: int


@dataclass(frozen=True)
class SessionRecord:
    id: int
    routine_id: str
    routine_title: str
    day: date
    started_at: datetime
    utc_offset_minutes: int
    ended_at: datetime | None
    status: str
    planned_seconds: float
    active_seconds: float | None
    paused_seconds: float | None
    targets: tuple[int, ...]
    entered_by_hand: bool
    exercises: tuple[ExerciseRecord, ...]
    reps_total: int
    # The exercise the user ended the session in (q, Ctrl+C): "stopped", not "skipped".
    stopped_idx: int | None = None

    @property
    def next_exercise_idx(self) -> int:
        """Where a resumed session picks up: after the furthest exercise that was saved."""
        return max((e.idx for e in self.exercises), default=-1) + 1


class DayDigest(NamedTuple):
    """One day of the record reduced inside SQLite, for adherence over years of history.

    Every field but `any_by_hand` is about the sessions of one asked-for routine only.
    """

    day: date
    any_by_hand: bool  # a session of any routine that day was entered by hand
    sessions: int
    by_hand: bool
    completed: bool
    reps: bool  # at least one repetition was saved
    minimums_met: int  # exercise indexes whose best reps that day reached the given minimum


class RoutineCount(NamedTuple):
    routine_id: str
    routine_title: str  # as most recently saved
    sessions: int
    done: int
    partial: int
    by_hand: int


class ExerciseCount(NamedTuple):
    name: str
    reps: int
    sessions: int


@dataclass(frozen=True)
class RestDayRecord:
    day: date
    marked_at: datetime


@dataclass(frozen=True)
class NewExercise:
    idx: int
    name: str
    reps_done: int
    target: int
    skipped: bool
    started_at: datetime
    ended_at: datetime


@dataclass(frozen=True)
class NewRep:
    exercise_idx: int
    rep: int
    completed_at: datetime


@dataclass(frozen=True)
class NewSession:
    """A whole session written at once: entered by hand, imported, or generated for benchmarks."""

    routine_id: str
    routine_title: str
    day: date
    started_at: datetime
    status: str
    targets: tuple[int, ...]
    planned_seconds: float = 0.0
    ended_at: datetime | None = None
    active_seconds: float | None = None
    paused_seconds: float | None = None
    entered_by_hand: bool = False
    exercises: tuple[NewExercise, ...] = ()
    reps: tuple[NewRep, ...] = ()
    stopped_idx: int | None = None  # see SessionRecord.stopped_idx


@dataclass(frozen=True)
class MergeResult:
    sessions_added: int
    sessions_present: int
    rest_days_added: int
    rest_days_present: int
    cramps_added: int = 0
    cramps_present: int = 0


@dataclass(frozen=True)
class NewCramp:
    """A cramp to write, already checked by coach.cramps (the table's CHECKs are the backstop)."""

    at: datetime
    day: date
    muscle: str
    when_kind: str
    logged_at: datetime
    side: str | None = None
    severity: int | None = None
    minutes: float | None = None
    note: str | None = None


@dataclass(frozen=True)
class CrampRecord:
    id: int
    at: datetime
    utc_offset_minutes: int
    day: date
    muscle: str
    side: str | None
    severity: int | None
    when_kind: str
    minutes: float | None
    note: str | None
    logged_at: datetime
