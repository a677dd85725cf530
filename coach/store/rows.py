"""Between records and SQL rows: the checks and conversions made before anything is written,
the INSERT statements shared by the writers, and records built from the rows read back.

Times are stored as ISO 8601 local time with the UTC offset beside them; a naive datetime is a
bug in the caller, refused here before any transaction starts.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime
from typing import Any

from coach import record_dates
from coach.store.errors import _refuse_dates
from coach.store.records import (
    CrampRecord,
    ExerciseRecord,
    NewCramp,
    NewSession,
    SessionRecord,
)
from coach.store.schema import FINISHED_STATUSES

# A row as sqlite3 reads or writes it: one value per column.
Row = tuple[Any, ...]


def _iso(moment: datetime) -> tuple[str, int]:
    """The moment as stored: its ISO text and its UTC offset in minutes."""
    offset = moment.utcoffset()
    if offset is None:
        raise ValueError(f"naive datetime {moment!r}: the store needs the user's UTC offset")
    return moment.isoformat(), int(offset.total_seconds() // 60)


_INSERT_SESSION = (
    "INSERT INTO sessions (routine_id, routine_title, day, started_at, utc_offset_minutes,"
    " ended_at, status, planned_seconds, active_seconds, paused_seconds, targets,"
    " entered_by_hand, stopped_idx) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_EXERCISE = (
    "INSERT INTO exercises (session_id, idx, name, reps_done, target, skipped, started_at,"
    " ended_at, utc_offset_minutes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_REP = "INSERT INTO reps (session_id, exercise_idx, rep, completed_at) VALUES (?, ?, ?, ?)"


def _session_rows(s: NewSession) -> tuple[Row, list[Row], list[Row]]:
    """The rows for one NewSession, checked before any transaction starts (ids filled later)."""
    if s.status not in FINISHED_STATUSES:
        raise ValueError(f"a session written whole must be finished, not {s.status!r}")
    started, offset = _iso(s.started_at)
    ended = _iso(s.ended_at)[0] if s.ended_at is not None else None
    later = [e.started_at for e in s.exercises] + [e.ended_at for e in s.exercises]
    later += [r.completed_at for r in s.reps] + ([s.ended_at] if s.ended_at else [])
    _refuse_dates(
        record_dates.day_problem(s.day, s.day),
        record_dates.times_problem(s.day, [s.started_at], after=1),
        record_dates.times_problem(s.day, later),
    )
    row = (
        s.routine_id,
        s.routine_title,
        s.day.isoformat(),
        started,
        offset,
        ended,
        s.status,
        float(s.planned_seconds),
        None if s.active_seconds is None else float(s.active_seconds),
        None if s.paused_seconds is None else float(s.paused_seconds),
        json.dumps([int(t) for t in s.targets]),
        int(bool(s.entered_by_hand)),
        None if s.stopped_idx is None else int(s.stopped_idx),
    )
    exercises = []
    for e in s.exercises:
        ex_started, ex_offset = _iso(e.started_at)
        exercises.append(
            (
                e.idx,
                e.name,
                int(e.reps_done),
                int(e.target),
                int(bool(e.skipped)),
                ex_started,
                _iso(e.ended_at)[0],
                ex_offset,
            )
        )
    reps = [(r.exercise_idx, r.rep, _iso(r.completed_at)[0]) for r in s.reps]
    return row, exercises, reps


_INSERT_CRAMP = (
    "INSERT INTO cramps (at, utc_offset_minutes, day, muscle, side, severity, when_kind, minutes,"
    " note, logged_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _cramp_row(c: NewCramp) -> Row:
    _refuse_dates(
        record_dates.day_problem(c.day, c.day), record_dates.times_problem(c.day, [c.at], after=1)
    )
    at, offset = _iso(c.at)
    minutes = None if c.minutes is None else float(c.minutes)
    severity = None if c.severity is None else int(c.severity)
    row = (at, offset, c.day.isoformat(), c.muscle, c.side, severity, c.when_kind, minutes)
    return (*row, c.note, _iso(c.logged_at)[0])


# The columns _cramp_record reads, in its order.
_CRAMP_COLUMNS = (
    "id, at, utc_offset_minutes, day, muscle, side, severity, when_kind, minutes, note, logged_at"
)


def _cramp_record(row: Row) -> CrampRecord:
    cid, at, offset, day, muscle, side, severity, when_kind, minutes, note, logged = row
    return CrampRecord(
        id=cid,
        at=datetime.fromisoformat(at),
        utc_offset_minutes=offset,
        day=date.fromisoformat(day),
        muscle=muscle,
        side=side,
        severity=severity,
        when_kind=when_kind,
        minutes=minutes,
        note=note,
        logged_at=datetime.fromisoformat(logged),
    )


def _inserted_id(cursor: sqlite3.Cursor) -> int:
    """The id of the row an INSERT just wrote (sqlite3 sets lastrowid after every INSERT)."""
    rowid = cursor.lastrowid
    if rowid is None:
        raise RuntimeError("an INSERT reported no row id")
    return rowid


def _insert_session(
    con: sqlite3.Connection, row: Row, exercises: list[Row], reps: list[Row]
) -> int:
    sid = _inserted_id(con.execute(_INSERT_SESSION, row))
    con.executemany(_INSERT_EXERCISE, [(sid, *e) for e in exercises])
    con.executemany(_INSERT_REP, [(sid, *r) for r in reps])
    return sid


def _last_saved(con: sqlite3.Connection, session_id: int) -> datetime:
    """The latest moment a session saved: its start, a rep or the end of an exercise."""
    rows = con.execute(
        "SELECT started_at FROM sessions WHERE id = ?1 UNION ALL"
        " SELECT completed_at FROM reps WHERE session_id = ?1 UNION ALL"
        " SELECT ended_at FROM exercises WHERE session_id = ?1",
        (session_id,),
    ).fetchall()
    return max(datetime.fromisoformat(r[0]) for r in rows)


# The columns _session_record reads, over alias s, in its order.
_SESSION_COLUMNS = (
    "s.id, s.routine_id, s.routine_title, s.day, s.started_at, s.utc_offset_minutes, s.ended_at,"
    " s.status, s.planned_seconds, s.active_seconds, s.paused_seconds, s.targets,"
    " s.entered_by_hand, (SELECT COUNT(*) FROM reps r WHERE r.session_id = s.id), s.stopped_idx"
)
_EXERCISE_COLUMNS = (
    "session_id, idx, name, reps_done, target, skipped, started_at, ended_at, utc_offset_minutes"
)


def _exercise_record(row: Row) -> ExerciseRecord:
    sid, idx, name, done, target, skipped, started, ended, offset = row
    return ExerciseRecord(
        sid,
        idx,
        name,
        done,
        target,
        bool(skipped),
        datetime.fromisoformat(started),
        datetime.fromisoformat(ended),
        offset,
    )


def _session_record(r: Row, exercises: list[ExerciseRecord]) -> SessionRecord:
    return SessionRecord(
        id=r[0],
        routine_id=r[1],
        routine_title=r[2],
        day=date.fromisoformat(r[3]),
        started_at=datetime.fromisoformat(r[4]),
        utc_offset_minutes=r[5],
        ended_at=datetime.fromisoformat(r[6]) if r[6] is not None else None,
        status=r[7],
        planned_seconds=r[8],
        active_seconds=r[9],
        paused_seconds=r[10],
        targets=tuple(int(t) for t in json.loads(r[11])),
        entered_by_hand=bool(r[12]),
        exercises=tuple(exercises),
        reps_total=r[13],
        stopped_idx=r[14],
    )
