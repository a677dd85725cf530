"""Writes made one at a time as things happen: a session as it runs (rep by rep), rest days,
hand entries taken back, cramps. Each is on disk when its call returns."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime

from coach import record_dates
from coach.store.connection import Connection
from coach.store.errors import CrampExists, StoreError, _refuse_dates
from coach.store.records import CrampRecord, NewCramp
from coach.store.rows import (
    _CRAMP_COLUMNS,
    _INSERT_CRAMP,
    Row,
    _cramp_record,
    _cramp_row,
    _inserted_id,
    _iso,
    _last_saved,
)
from coach.store.schema import FINISHED_STATUSES


class Writes(Connection):
    def start_session(
        self,
        *,
        routine_id: str,
        routine_title: str,
        day: date,
        started_at: datetime,
        planned_seconds: float,
        targets: Sequence[int],
    ) -> int:
        started, offset = _iso(started_at)
        _refuse_dates(
            record_dates.clock_problem(started_at),
            record_dates.times_problem(day, [started_at], after=1),
        )
        cursor = self._write(
            "INSERT INTO sessions (routine_id, routine_title, day, started_at, utc_offset_minutes,"
            " status, planned_seconds, targets) VALUES (?, ?, ?, ?, ?, 'in_progress', ?, ?)",
            (
                routine_id,
                routine_title,
                day.isoformat(),
                started,
                offset,
                float(planned_seconds),
                json.dumps([int(t) for t in targets]),
            ),
        )
        return _inserted_id(cursor)

    def record_rep(
        self, session_id: int, exercise_idx: int, rep: int, completed_at: datetime
    ) -> None:
        """Saving a rep that is already saved keeps the first row (the schema refuses more)."""
        completed, _ = _iso(completed_at)
        self._write(
            "INSERT INTO reps (session_id, exercise_idx, rep, completed_at) SELECT ?, ?, ?, ?"
            " WHERE NOT EXISTS (SELECT 1 FROM reps WHERE session_id = ? AND exercise_idx = ?"
            " AND rep = ?)",
            (session_id, exercise_idx, rep, completed, session_id, exercise_idx, rep),
        )

    def record_exercise(
        self,
        session_id: int,
        *,
        idx: int,
        name: str,
        reps_done: int,
        target: int,
        skipped: bool,
        started_at: datetime,
        ended_at: datetime,
    ) -> None:
        """The first pass over an exercise, or a better one; a worse pass changes nothing.

        The rule lives in the schema (MIGRATIONS step 5): the update is ignored unless this
        pass is better, so no writer can lower what is stored.
        """
        started, offset = _iso(started_at)
        ended, _ = _iso(ended_at)
        row = (name, reps_done, target, int(bool(skipped)), started, ended, offset)

        def attempt() -> None:
            with self._db as con:
                con.execute(
                    "INSERT INTO exercises (session_id, idx, name, reps_done, target, skipped,"
                    " started_at, ended_at, utc_offset_minutes) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?"
                    " WHERE NOT EXISTS (SELECT 1 FROM exercises WHERE session_id = ? AND idx = ?)",
                    (session_id, idx, *row, session_id, idx),
                )
                con.execute(
                    "UPDATE exercises SET name = ?, reps_done = ?, target = ?, skipped = ?,"
                    " started_at = ?, ended_at = ?, utc_offset_minutes = ?"
                    " WHERE session_id = ? AND idx = ?",
                    (*row, session_id, idx),
                )

        self._retry(attempt)
        self._secure_sidecars()

    def finish_session(
        self,
        session_id: int,
        *,
        status: str,
        ended_at: datetime,
        active_seconds: float,
        paused_seconds: float,
        stopped_idx: int | None = None,
    ) -> None:
        """`stopped_idx`: the exercise the user ended the session in (q, Ctrl+C), if any."""
        if status not in FINISHED_STATUSES:
            raise ValueError(f"status must be one of {FINISHED_STATUSES}, not {status!r}")
        ended, _ = _iso(ended_at)
        stopped = None if stopped_idx is None else int(stopped_idx)
        cursor = self._write(
            "UPDATE sessions SET status = ?, ended_at = ?, active_seconds = ?, paused_seconds = ?,"
            " stopped_idx = ? WHERE id = ?",
            (status, ended, float(active_seconds), float(paused_seconds), stopped, session_id),
        )
        if cursor.rowcount == 0:
            raise StoreError(f"coach could not find session {session_id} in {self._path}.")

    def abandon_session(self, session_id: int) -> None:
        # Only an unfinished session can be abandoned: relabelling a finished one would rewrite
        # history. ended_at stays empty because nobody knows when the user really stopped.
        self._write(
            "UPDATE sessions SET status = 'abandoned' WHERE id = ? AND status = 'in_progress'",
            (session_id,),
        )

    def abandon_stale(self, before_day: date, active_since: datetime | None = None) -> int:
        """Set aside sessions left in progress before `before_day`; one that saved something
        at or after `active_since` (it ran across the day boundary) stays resumable."""
        if active_since is None:
            cursor = self._write(
                "UPDATE sessions SET status = 'abandoned' WHERE status = 'in_progress' AND day < ?",
                (before_day.isoformat(),),
            )
            return cursor.rowcount

        def attempt() -> int:
            with self._db as con:
                stale = [
                    (sid,)
                    for (sid,) in con.execute(
                        "SELECT id FROM sessions WHERE status = 'in_progress' AND day < ?",
                        (before_day.isoformat(),),
                    ).fetchall()
                    if _last_saved(con, sid) < active_since
                ]
                con.executemany("UPDATE sessions SET status = 'abandoned' WHERE id = ?", stale)
                return len(stale)

        count = self._retry(attempt)
        self._secure_sidecars()
        return count

    def mark_rest_day(self, day: date, marked_at: datetime) -> bool:
        """Mark `day` as rest; False if it already was (the first mark's time is kept).

        The rest-day rule is the caller's to check (see adherence.rest_day_allowed): the store
        keeps whatever was decided, and classify() ignores rests beyond the rule anyway.
        """
        marked, _ = _iso(marked_at)
        _refuse_dates(record_dates.day_problem(day, marked_at.date(), plan=True))
        cursor = self._write(
            "INSERT OR IGNORE INTO rest_days (day, marked_at) VALUES (?, ?)",
            (day.isoformat(), marked),
        )
        return cursor.rowcount == 1

    def unmark_rest_day(self, day: date) -> bool:
        cursor = self._write("DELETE FROM rest_days WHERE day = ?", (day.isoformat(),))
        return cursor.rowcount == 1

    def remove_hand_entries(self, day: date, routine_id: str | None = None) -> list[str]:
        """Remove the sessions entered by hand on `day` (of `routine_id` only, if given), with
        their exercises and reps, in one transaction; the titles removed.

        Sessions recorded by the app are never touched: entered_by_hand is part of the
        condition, not a check made before it.
        """
        where = "day = ? AND entered_by_hand = 1" + (" AND routine_id = ?" if routine_id else "")
        params = (day.isoformat(), routine_id) if routine_id else (day.isoformat(),)

        def attempt() -> list[str]:
            with self._db as con:
                con.execute("BEGIN IMMEDIATE")
                rows = con.execute(
                    f"SELECT id, routine_title FROM sessions WHERE {where} ORDER BY id", params
                ).fetchall()
                ids = [(sid,) for sid, _ in rows]
                con.executemany("DELETE FROM reps WHERE session_id = ?", ids)
                con.executemany("DELETE FROM exercises WHERE session_id = ?", ids)
                con.executemany("DELETE FROM sessions WHERE id = ?", ids)
                return [title for _, title in rows]

        return self._retry(attempt)

    def delete_cramp(self, cramp_id: int) -> CrampRecord | None:
        """Remove one cramp from the diary; the entry removed, or None if there was none."""

        def attempt() -> Row | None:
            with self._db as con:
                con.execute("BEGIN IMMEDIATE")
                row = con.execute(
                    f"SELECT {_CRAMP_COLUMNS} FROM cramps WHERE id = ?", (cramp_id,)
                ).fetchone()
                if row is not None:
                    con.execute("DELETE FROM cramps WHERE id = ?", (cramp_id,))
                return row

        row = self._retry(attempt)
        return None if row is None else _cramp_record(row)

    def add_cramp(self, cramp: NewCramp) -> int:
        """Write one cramp to the diary; its id. CrampExists if that muscle at that moment is
        already there (the import key), so the same entry made twice is one record, not two."""
        row = _cramp_row(cramp)

        def attempt() -> tuple[int, bool]:
            with self._db as con:
                con.execute("BEGIN IMMEDIATE")  # the check and the insert as one
                found = con.execute(
                    "SELECT id FROM cramps WHERE at = ? AND muscle = ?", (row[0], row[3])
                ).fetchone()
                if found is not None:
                    return int(found[0]), False
                return _inserted_id(con.execute(_INSERT_CRAMP, row)), True

        cramp_id, added = self._retry(attempt)
        if not added:
            raise CrampExists(
                f"a {cramp.muscle} cramp at {row[0]} is already in the diary", cramp_id
            )
        self._secure_sidecars()
        return cramp_id
