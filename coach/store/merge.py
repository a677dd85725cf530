"""Whole sessions written at once (entered by hand, imported, generated for benchmarks), and
the merge of an export into the record. All or nothing: each call is one transaction."""

from __future__ import annotations

from collections.abc import Iterable

from coach import record_dates
from coach.store.connection import Connection
from coach.store.errors import _refuse_dates
from coach.store.records import MergeResult, NewCramp, NewSession, RestDayRecord
from coach.store.rows import (
    _INSERT_CRAMP,
    _INSERT_EXERCISE,
    _INSERT_REP,
    _INSERT_SESSION,
    Row,
    _cramp_row,
    _insert_session,
    _inserted_id,
    _iso,
    _session_rows,
)


class Merge(Connection):
    def add_session(self, session: NewSession) -> int:
        """Write a finished session with its exercises and reps in one transaction; its id.

        All or nothing, unlike the rep-by-rep path: a hand-entered day is one decision, and half
        of it on disk would be a record the user never made.
        """
        row, exercises, reps = _session_rows(session)

        def attempt() -> int:
            with self._db as con:
                return _insert_session(con, row, exercises, reps)

        session_id = self._retry(attempt)
        self._secure_sidecars()
        return session_id

    def add_session_once(self, session: NewSession) -> tuple[int, bool]:
        """Add a hand-entered session unless one of its routine is already stored by hand for
        its day: (the id, True) when added, (the stored one's id, False) when not.

        The check runs inside the write transaction, as in `merge`, so two coach processes
        logging the same day at once store it once.
        """
        row, exercises, reps = _session_rows(session)
        if not session.entered_by_hand:
            raise ValueError("add_session_once is for sessions entered by hand")

        def attempt() -> tuple[int, bool]:
            with self._db as con:
                con.execute("BEGIN IMMEDIATE")
                found = con.execute(
                    "SELECT id FROM sessions WHERE routine_id = ? AND day = ?"
                    " AND entered_by_hand = 1 ORDER BY id LIMIT 1",
                    (session.routine_id, session.day.isoformat()),
                ).fetchone()
                if found is not None:
                    return int(found[0]), False
                return _insert_session(con, row, exercises, reps), True

        result = self._retry(attempt)
        self._secure_sidecars()
        return result

    def merge(
        self,
        sessions: Iterable[NewSession],
        rest_days: Iterable[RestDayRecord] = (),
        cramps: Iterable[NewCramp] = (),
    ) -> MergeResult:
        """Add sessions, rest days and cramps that are not stored yet, all in one transaction.

        A session is the same one when its routine id and its start time (as written, with its
        offset) match, and a cramp when its time (as written) and its muscle do, so merging the
        same export twice adds nothing the second time. Nothing stored is ever changed or
        removed. The keys are read inside the write transaction, so two coach processes merging
        at once cannot both add the same session.
        """
        prepared = [(s.routine_id, *_session_rows(s)) for s in sessions]
        rest_days = list(rest_days)
        _refuse_dates(
            *(record_dates.day_problem(r.day, r.marked_at.date(), plan=True) for r in rest_days)
        )
        rests = [(r.day.isoformat(), _iso(r.marked_at)[0]) for r in rest_days]
        cramp_rows = [_cramp_row(c) for c in cramps]

        def attempt() -> MergeResult:
            with self._db as con:
                con.execute("BEGIN IMMEDIATE")
                seen = set(con.execute("SELECT routine_id, started_at FROM sessions"))
                added = present = 0
                ex_rows: list[Row] = []
                rep_rows: list[Row] = []
                for routine_id, row, exercises, reps in prepared:
                    key = (routine_id, row[3])
                    if key in seen:
                        present += 1
                        continue
                    seen.add(key)
                    sid = _inserted_id(con.execute(_INSERT_SESSION, row))
                    ex_rows.extend((sid, *e) for e in exercises)
                    rep_rows.extend((sid, *r) for r in reps)
                    added += 1
                con.executemany(_INSERT_EXERCISE, ex_rows)
                con.executemany(_INSERT_REP, rep_rows)
                rest_added = 0
                if rests:
                    cursor = con.executemany(
                        "INSERT OR IGNORE INTO rest_days (day, marked_at) VALUES (?, ?)", rests
                    )
                    rest_added = cursor.rowcount
                distinct_rests = len({day for day, _ in rests})
                cramps_added = cramps_present = 0
                if cramp_rows:
                    known = set(con.execute("SELECT at, muscle FROM cramps"))
                    fresh = []
                    for row in cramp_rows:
                        key = (row[0], row[3])
                        if key in known:
                            cramps_present += 1
                            continue
                        known.add(key)
                        fresh.append(row)
                    con.executemany(_INSERT_CRAMP, fresh)
                    cramps_added = len(fresh)
                return MergeResult(
                    added,
                    present,
                    rest_added,
                    distinct_rests - rest_added,
                    cramps_added,
                    cramps_present,
                )

        result = self._retry(attempt)
        self._secure_sidecars()
        return result
