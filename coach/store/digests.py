"""What history and adherence need over years of record, reduced inside SQLite: one row per
day, per exercise or per routine, instead of every session loaded as objects."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from coach import record_dates
from coach.store.connection import Connection
from coach.store.records import DayDigest, ExerciseCount, RoutineCount
from coach.store.rows import Row

# What history reads starts here: a row stored before coach.record_dates existed (year 1, say)
# is kept and exported, but never counted or drawn.
_EARLIEST = record_dates.EARLIEST.isoformat()


class Digests(Connection):
    def day_digests(
        self, routine_id: str, minimums: Sequence[int] | None, last: date
    ) -> list[DayDigest]:
        """Per day up to `last`, what the adherence rules need, in 1 query however long the record.

        Loading every session and exercise as objects costs far more than the rules themselves
        over ten years; here SQLite does the reduction. `minimums[i]` is exercise i's minimum
        reps, so `minimums_met == len(minimums)` is daily.routine_done's test, moved into SQL
        (tests/test_store_history.py checks the two agree on random histories).
        """
        pairs = list(enumerate(minimums or ()))
        # ?1 is the routine, ?2 the last day, then (index, minimum) pairs from ?3 on.
        whens = " ".join(f"WHEN ?{3 + 2 * i} THEN ?{4 + 2 * i}" for i in range(len(pairs)))
        minimum = f"CASE e.idx {whens} END" if pairs else "NULL"
        # Walks sessions in day order on the sessions_day index, so grouping needs no sorting;
        # per session, the exercises that reached their minimum come from the primary key.
        sql = f"""
            SELECT s.day, MAX(s.entered_by_hand), SUM(s.routine_id = ?1),
                   MAX(s.routine_id = ?1 AND s.entered_by_hand),
                   MAX(s.routine_id = ?1 AND s.status = 'completed'),
                   MAX(s.routine_id = ?1
                       AND EXISTS (SELECT 1 FROM reps r WHERE r.session_id = s.id)),
                   group_concat(CASE WHEN s.routine_id = ?1 THEN (
                       SELECT group_concat(e.idx) FROM exercises e
                       WHERE e.session_id = s.id AND e.reps_done >= {minimum}) END)
            FROM sessions s WHERE s.day BETWEEN '{_EARLIEST}' AND ?2
            GROUP BY s.day ORDER BY s.day
        """
        params = [routine_id, last.isoformat(), *(v for pair in pairs for v in pair)]
        rows = self._retry(lambda: self._db.execute(sql, params).fetchall())
        # Across a day's sessions an exercise may reach its minimum more than once: count it once.
        return [
            DayDigest(
                date.fromisoformat(d),
                bool(a),
                n,
                bool(h),
                bool(c),
                bool(r),
                (len(set(met.split(","))) if n > 1 else met.count(",") + 1) if met else 0,
            )
            for d, a, n, h, c, r, met in rows
        ]

    def exercise_days(self, routine_id: str, last: date) -> list[tuple[date, int, str, int, bool]]:
        """(day, idx, name, reps_done, short_skip) for every saved exercise of one routine up to
        `last`, in 1 query: what progression reads, without loading whole sessions.

        short_skip: skipped before its target (a skip after reaching it still counts as done).
        """
        sql = f"""
            SELECT s.day, e.idx, e.name, e.reps_done, e.skipped AND e.reps_done < e.target
            FROM exercises e JOIN sessions s ON s.id = e.session_id
            WHERE s.routine_id = ? AND s.day BETWEEN '{_EARLIEST}' AND ?
        """
        rows = self._retry(lambda: self._db.execute(sql, (routine_id, last.isoformat())).fetchall())
        return [(date.fromisoformat(d), i, n, r, bool(k)) for d, i, n, r, k in rows]

    def totals(
        self, first: date | None = None, last: date | None = None
    ) -> tuple[list[RoutineCount], list[ExerciseCount]]:
        """Sessions per routine and reps per exercise, in 2 queries: over the whole record, or
        over the days from `first` to `last` (the report's period).

        A session counts once it holds something: completed or entered by hand is done, any
        other with a saved rep is partial (as for days); one opened and left with no rep is not
        counted. The title is the one saved last, in case a routine was renamed.
        """
        days = ((first or date.min).isoformat(), (last or date.max).isoformat())
        ranged = first is not None or last is not None
        # The whole record needs no day filter on exercises (History at ten years is timed).
        period = "AND session_id IN (SELECT id FROM sessions WHERE day BETWEEN ? AND ?)"
        # A bare column beside MAX() takes its value from the row holding the maximum (SQLite).
        routines_sql = """
            SELECT routine_id, routine_title, COUNT(*), SUM(done), SUM(NOT done), SUM(hand),
                   MAX(id)
            FROM (
                SELECT s.id, s.routine_id, s.routine_title, s.entered_by_hand AS hand,
                       s.status = 'completed' OR s.entered_by_hand AS done
                FROM sessions s WHERE s.day BETWEEN ? AND ?
            ) x
            -- Only sessions that are not done need the reps looked up: CASE keeps it lazy.
            WHERE CASE WHEN done THEN 1
                  ELSE EXISTS (SELECT 1 FROM reps r WHERE r.session_id = x.id) END
            GROUP BY routine_id ORDER BY COUNT(*) DESC, routine_id
        """
        exercises_sql = f"""
            SELECT name, SUM(reps_done), COUNT(*) FROM exercises
            WHERE reps_done > 0 {period if ranged else ""}
            GROUP BY name ORDER BY SUM(reps_done) DESC, name
        """

        def attempt() -> tuple[list[Row], list[Row]]:
            con = self._db
            return (
                con.execute(routines_sql, days).fetchall(),
                con.execute(exercises_sql, days if ranged else ()).fetchall(),
            )

        routines, exercises = self._retry(attempt)
        return [RoutineCount(*r[:6]) for r in routines], [ExerciseCount(*e) for e in exercises]
