"""The local record of what the user actually did, kept in one SQLite file.

Adherence is only worth tracking if the record is honest, so every repetition is committed the
moment it completes (WAL + synchronous=FULL survives a killed process and a power cut), a second
coach process writing at the same time waits instead of failing, and every SQLite failure reaches
the caller as a `StoreError` whose message a person can act on. Stdlib only: the engine, the CLI
and tests use this without Textual.

The modules, each with one job:
    schema      the tables, as the migration steps that built them
    errors      StoreError and its kinds; low-level failures put into words
    records     the values read back and handed in (frozen dataclasses, named tuples)
    rows        records <-> SQL rows: checks before writing, INSERTs, records from rows
    connection  the open connection: WAL, migrations, waiting out locks, transactions
    writes      writes made as things happen: a running session, rest days, cramps
    merge       whole sessions at once and the merge of an export
    reads       sessions, reps, rest days and cramps read back
    digests     per-day, per-exercise and per-routine sums computed by SQLite
    store       Store: the connection with all of the above
    recovery    opening at start-up: a damaged file set aside, stale sessions closed
"""

from __future__ import annotations

from coach.store.errors import (
    RETRY_SECONDS,
    CrampExists,
    DateRefused,
    StoreCorrupt,
    StoreError,
    check_marker,
    mark_for_check,
)
from coach.store.records import (
    CrampRecord,
    DayDigest,
    ExerciseCount,
    ExerciseRecord,
    MergeResult,
    NewCramp,
    NewExercise,
    NewRep,
    NewSession,
    RepRecord,
    RestDayRecord,
    RoutineCount,
    SessionRecord,
)
from coach.store.recovery import open_store
from coach.store.schema import FINISHED_STATUSES, MIGRATIONS, SCHEMA_VERSION
from coach.store.store import Store

__all__ = [
    "FINISHED_STATUSES",
    "MIGRATIONS",
    "RETRY_SECONDS",
    "SCHEMA_VERSION",
    "CrampExists",
    "CrampRecord",
    "DateRefused",
    "DayDigest",
    "ExerciseCount",
    "ExerciseRecord",
    "MergeResult",
    "NewCramp",
    "NewExercise",
    "NewRep",
    "NewSession",
    "RepRecord",
    "RestDayRecord",
    "RoutineCount",
    "SessionRecord",
    "Store",
    "StoreCorrupt",
    "StoreError",
    "check_marker",
    "mark_for_check",
    "open_store",
]
