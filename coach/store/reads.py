"""Reading the record back as records: sessions with their exercises, reps, rest days and
cramps. Each read is one or two queries, however long the history."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date, datetime

from coach.store.connection import Connection
from coach.store.errors import StoreCorrupt
from coach.store.records import (
    CrampRecord,
    ExerciseRecord,
    RepRecord,
    RestDayRecord,
    SessionRecord,
)
from coach.store.rows import (
    _CRAMP_COLUMNS,
    _EXERCISE_COLUMNS,
    _SESSION_COLUMNS,
    Row,
    _cramp_record,
    _exercise_record,
    _last_saved,
    _session_record,
)


class Reads(Connection):
    def _load(self, where: str, params: Sequence[object]) -> list[SessionRecord]:
        """Sessions matching `where` (over alias s) with their exercises, in exactly 2 queries."""

        def attempt() -> tuple[list[Row], list[Row]]:
            con = self._db
            with self.snapshot():  # sessions and their exercises as of one moment
                return read(con)

        def read(con: sqlite3.Connection) -> tuple[list[Row], list[Row]]:
            sessions = con.execute(
                f"SELECT {_SESSION_COLUMNS} FROM sessions s WHERE {where}", params
            ).fetchall()
            exercises = con.execute(
                f"SELECT {_EXERCISE_COLUMNS} FROM exercises"
                f" WHERE session_id IN (SELECT s.id FROM sessions s WHERE {where})"
                " ORDER BY session_id, idx",
                params,
            ).fetchall()
            return sessions, exercises

        session_rows, exercise_rows = self._retry(attempt)
        by_session: dict[int, list[ExerciseRecord]] = {}
        for row in exercise_rows:
            by_session.setdefault(row[0], []).append(_exercise_record(row))
        records = [_session_record(r, by_session.get(r[0], [])) for r in session_rows]
        # Sorted as instants, not text: around a DST change local ISO strings sort out of order.
        records.sort(key=lambda s: (s.started_at, s.id))
        return records

    def session(self, session_id: int) -> SessionRecord | None:
        found = self._load("s.id = ?", (session_id,))
        return found[0] if found else None

    def unfinished_session(
        self, day: date, active_since: datetime | None = None, *, not_of: tuple[str, ...] = ()
    ) -> SessionRecord | None:
        """The session to offer for resuming on `day`: the newest one left in progress that day,
        or one begun on an earlier day that saved something at or after `active_since` (a
        session that ran across the day boundary is still today's to finish). Sessions of the
        routines in `not_of` are never offered."""

        def attempt() -> int | None:
            # Newest by id (creation order) rather than started_at, which a clock change can
            # reorder.
            con = self._db
            others = ",".join("?" * len(not_of))
            rows = con.execute(
                "SELECT id, day FROM sessions WHERE status = 'in_progress' AND day <= ?"
                f" AND routine_id NOT IN ({others}) ORDER BY id DESC",
                (day.isoformat(), *not_of),
            ).fetchall()
            for sid, on in rows:
                if on == day.isoformat():
                    return sid
            for sid, _ in rows:
                if active_since is not None and _last_saved(con, sid) >= active_since:
                    return sid
            return None

        sid = self._retry(attempt)
        return None if sid is None else self.session(sid)

    def sessions_between(self, first: date, last: date) -> list[SessionRecord]:
        return self._load("s.day BETWEEN ? AND ?", (first.isoformat(), last.isoformat()))

    def all_sessions(self) -> list[SessionRecord]:
        """Every session with its exercises, oldest first, in 2 queries (for export)."""
        return self._load("1 = 1", ())

    def all_reps(self) -> dict[int, list[RepRecord]]:
        """Every rep ever saved, by session id, in 1 query (for export)."""
        rows = self._retry(
            lambda: self._db.execute(
                "SELECT session_id, exercise_idx, rep, completed_at FROM reps"
                " ORDER BY session_id, exercise_idx, rep"
            ).fetchall()
        )
        by_session: dict[int, list[RepRecord]] = {}
        for s, e, r, c in rows:
            by_session.setdefault(s, []).append(RepRecord(s, e, r, datetime.fromisoformat(c)))
        return by_session

    def rest_days(self, first: date | None = None, last: date | None = None) -> list[RestDayRecord]:
        """Marked rest days in date order, optionally only those from `first` to `last`."""
        rows = self._retry(
            lambda: self._db.execute(
                "SELECT day, marked_at FROM rest_days WHERE day BETWEEN ? AND ? ORDER BY day",
                (
                    first.isoformat() if first else "0000-00-00",
                    last.isoformat() if last else "9999-99-99",
                ),
            ).fetchall()
        )
        return [RestDayRecord(date.fromisoformat(d), datetime.fromisoformat(m)) for d, m in rows]

    def cramps(self, first: date | None = None, last: date | None = None) -> list[CrampRecord]:
        """Cramps newest first, optionally only those on the local days `first` to `last`.

        One query; sorted as instants, not text, since local ISO strings around a DST change
        (or after a flight) do not sort in the order things happened.
        """
        rows = self._retry(
            lambda: self._db.execute(
                f"SELECT {_CRAMP_COLUMNS} FROM cramps WHERE day BETWEEN ? AND ?",
                (
                    first.isoformat() if first else "0000-00-00",
                    last.isoformat() if last else "9999-99-99",
                ),
            ).fetchall()
        )
        records = [_cramp_record(r) for r in rows]
        records.sort(key=lambda c: (c.at, c.id), reverse=True)
        return records

    def reps_for(self, session_id: int) -> list[RepRecord]:
        rows = self._retry(
            lambda: self._db.execute(
                "SELECT session_id, exercise_idx, rep, completed_at FROM reps WHERE session_id = ?"
                " ORDER BY exercise_idx, rep",
                (session_id,),
            ).fetchall()
        )
        return [RepRecord(s, e, r, datetime.fromisoformat(c)) for s, e, r, c in rows]

    def integrity_ok(self) -> bool:
        try:
            rows = self._retry(lambda: self._db.execute("PRAGMA integrity_check").fetchall())
        except StoreCorrupt:
            return False
        return rows == [("ok",)]
