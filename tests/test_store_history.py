"""The store's history methods: rest days, whole sessions, merging, digests and totals."""

from __future__ import annotations

import sqlite3
import tempfile
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.history import daily_minimums, digest_facts
from coach.model import Exercise, Phase, Routine
from coach.store import (
    MIGRATIONS,
    SCHEMA_VERSION,
    MergeResult,
    NewExercise,
    NewRep,
    NewSession,
    RestDayRecord,
    Store,
    StoreError,
)
from tests.record_rules import day_facts

BERLIN = ZoneInfo("Europe/Berlin")
DAY = date(2026, 3, 2)


def routine(rid: str = "legs", mins: tuple[int, ...] = (3, 2)) -> Routine:
    phase = (Phase("Hold", 2.0),)
    exercises = tuple(
        Exercise(f"{rid} ex {i}", "sitting", "do it", m, m + 2, phase, "test")
        for i, m in enumerate(mins)
    )
    return Routine(rid, rid.title(), "purpose", "everyone", exercises)


def session(
    r: Routine,
    day: date,
    reps: list[int] | None = None,
    *,
    hour: int = 20,
    status: str | None = None,
    by_hand: bool = False,
    with_rep_rows: bool = True,
) -> NewSession:
    """A session as the recorder would leave it; `reps` per exercise (default: the minimums)."""
    reps = [e.reps_min for e in r.exercises] if reps is None else reps
    start = datetime(day.year, day.month, day.day, hour, tzinfo=BERLIN)
    moment = start
    exercises, rep_rows = [], []
    for idx, n in enumerate(reps):
        began = moment
        for rep in range(1, n + 1):
            moment += timedelta(seconds=5)
            rep_rows.append(NewRep(idx, rep, moment))
        target = r.exercises[idx].reps_min
        exercises.append(
            NewExercise(idx, r.exercises[idx].name, n, target, n < target, began, moment)
        )
    done = len(reps) == len(r.exercises) and all(
        n >= e.reps_min for n, e in zip(reps, r.exercises, strict=False)
    )
    return NewSession(
        routine_id=r.id,
        routine_title=r.title,
        day=day,
        started_at=start,
        status=status or ("completed" if done else "partial" if any(reps) else "abandoned"),
        targets=tuple(e.reps_min for e in r.exercises),
        planned_seconds=60.0,
        ended_at=moment,
        active_seconds=(moment - start).total_seconds(),
        paused_seconds=0.0,
        entered_by_hand=by_hand,
        exercises=tuple(exercises),
        reps=tuple(rep_rows) if with_rep_rows and not by_hand else (),
    )


@pytest.fixture
def store(tmp_path: Path):
    s = Store.open(tmp_path / "coach.db")
    yield s
    s.close()


def statements(store: Store, action) -> list[str]:
    seen: list[str] = []
    store._db.set_trace_callback(seen.append)
    try:
        action()
    finally:
        store._db.set_trace_callback(None)
    return [s for s in seen if not s.startswith(("BEGIN", "COMMIT", "ROLLBACK"))]


# -- rest days --------------------------------------------------------------------------------


def test_rest_day_mark_is_idempotent_and_keeps_the_first_time(store: Store) -> None:
    first = datetime(2026, 3, 2, 9, 0, tzinfo=BERLIN)
    assert store.mark_rest_day(DAY, first) is True
    assert store.mark_rest_day(DAY, first + timedelta(hours=3)) is False
    assert store.rest_days() == [RestDayRecord(DAY, first)]


def test_rest_day_unmark_reports_whether_there_was_one(store: Store) -> None:
    store.mark_rest_day(DAY, datetime(2026, 3, 2, 9, tzinfo=BERLIN))
    assert store.unmark_rest_day(DAY) is True
    assert store.unmark_rest_day(DAY) is False
    assert store.rest_days() == []


def test_rest_days_come_in_date_order_within_the_range(store: Store) -> None:
    for offset in (9, 0, 4):
        store.mark_rest_day(DAY + timedelta(days=offset), datetime(2026, 3, 1, tzinfo=BERLIN))
    everything = [r.day for r in store.rest_days()]
    assert everything == [DAY, DAY + timedelta(days=4), DAY + timedelta(days=9)]
    assert [r.day for r in store.rest_days(DAY + timedelta(days=1))] == everything[1:]
    assert [r.day for r in store.rest_days(last=DAY + timedelta(days=4))] == everything[:2]


def test_naive_rest_mark_time_is_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="naive"):
        store.mark_rest_day(DAY, datetime(2026, 3, 2, 9))
    assert store.rest_days() == []


# -- whole sessions ---------------------------------------------------------------------------


def test_add_session_stores_the_session_its_exercises_and_reps(store: Store) -> None:
    r = routine()
    sid = store.add_session(session(r, DAY, [4, 2]))
    saved = store.session(sid)
    assert saved.status == "completed" and saved.day == DAY
    assert [(e.idx, e.reps_done, e.target) for e in saved.exercises] == [(0, 4, 3), (1, 2, 2)]
    assert saved.reps_total == 6
    assert saved.started_at == datetime(2026, 3, 2, 20, tzinfo=BERLIN)


def test_add_session_by_hand_keeps_the_flag_and_no_reps(store: Store) -> None:
    sid = store.add_session(session(routine(), DAY, by_hand=True))
    saved = store.session(sid)
    assert saved.entered_by_hand is True and saved.reps_total == 0
    assert saved.ended_at is not None


def test_add_session_is_all_or_nothing(store: Store) -> None:
    good = session(routine(), DAY)
    twice = replace(good, exercises=good.exercises + good.exercises[:1])
    with pytest.raises(StoreError):
        store.add_session(twice)
    assert store.all_sessions() == []
    assert store.all_reps() == {}


def test_add_session_refuses_an_unfinished_status(store: Store) -> None:
    with pytest.raises(ValueError, match="finished"):
        store.add_session(session(routine(), DAY, status="in_progress"))


# -- merge ------------------------------------------------------------------------------------


def test_merge_adds_once_and_counts_what_was_already_there(store: Store) -> None:
    r = routine()
    sessions = [session(r, DAY + timedelta(days=i)) for i in range(3)]
    rests = [RestDayRecord(DAY + timedelta(days=5), datetime(2026, 3, 7, tzinfo=BERLIN))]
    assert store.merge(sessions, rests) == MergeResult(3, 0, 1, 0)
    before = store.all_sessions()
    assert store.merge(sessions, rests) == MergeResult(0, 3, 0, 1)
    assert store.all_sessions() == before


def test_merge_never_changes_a_stored_session(store: Store) -> None:
    r = routine()
    store.merge([session(r, DAY, [1, 0])])
    changed = session(r, DAY, [9, 9])  # same routine and start: the same session
    assert store.merge([changed]).sessions_present == 1
    assert [e.reps_done for e in store.all_sessions()[0].exercises] == [1, 0]


def test_merge_counts_a_duplicate_within_the_input_once(store: Store) -> None:
    s = session(routine(), DAY)
    day = DAY + timedelta(days=1)
    rest = RestDayRecord(day, datetime(2026, 3, 3, tzinfo=BERLIN))
    assert store.merge([s, s], [rest, rest]) == MergeResult(1, 1, 1, 0)


def test_merge_tells_sessions_apart_by_routine_and_start(store: Store) -> None:
    a, b = routine("legs"), routine("feet")
    result = store.merge([session(a, DAY), session(b, DAY), session(a, DAY, hour=21)])
    assert result.sessions_added == 3


def test_merge_failure_stores_nothing(store: Store) -> None:
    good = session(routine(), DAY)
    broken = replace(good, reps=good.reps + good.reps[:1])
    rest = RestDayRecord(DAY, datetime(2026, 3, 2, tzinfo=BERLIN))
    with pytest.raises(StoreError):
        store.merge([session(routine(), DAY + timedelta(days=1)), broken], [rest])
    assert store.all_sessions() == [] and store.rest_days() == []


def test_merge_writes_in_one_transaction(store: Store) -> None:
    r = routine()
    seen = statements(
        store, lambda: store.merge([session(r, DAY + timedelta(days=i)) for i in range(30)])
    )
    # One session INSERT each (ids are needed), then one executemany for exercises and reps.
    assert sum(s.startswith("INSERT INTO sessions") for s in seen) == 30
    assert len(store.all_sessions()) == 30


# -- reads for export -------------------------------------------------------------------------


def test_all_sessions_and_reps_cost_the_same_queries_for_any_size(store: Store) -> None:
    r = routine()
    store.merge([session(r, DAY)])
    small = statements(store, lambda: (store.all_sessions(), store.all_reps(), store.rest_days()))
    store.merge([session(r, DAY + timedelta(days=i)) for i in range(1, 200)])
    large = statements(store, lambda: (store.all_sessions(), store.all_reps(), store.rest_days()))
    assert len(small) == len(large) == 4


def test_all_reps_are_grouped_by_session_in_order(store: Store) -> None:
    r = routine()
    first = store.add_session(session(r, DAY, [2, 1]))
    second = store.add_session(session(r, DAY + timedelta(days=1), [1, 0]))
    reps = store.all_reps()
    assert [(x.exercise_idx, x.rep) for x in reps[first]] == [(0, 1), (0, 2), (1, 1)]
    assert [(x.exercise_idx, x.rep) for x in reps[second]] == [(0, 1)]


# -- digests and totals -----------------------------------------------------------------------


def test_digest_counts_an_exercise_once_across_a_days_sessions(store: Store) -> None:
    r = routine(mins=(3, 2))
    # Morning: first exercise done, second not; evening: the reverse. Together the day is done.
    store.merge([session(r, DAY, [3, 0], hour=8), session(r, DAY, [0, 2], hour=20)])
    # The next day the first exercise is done twice and the second never: that is one, not two.
    later = DAY + timedelta(days=1)
    store.merge([session(r, later, [3, 0], hour=8), session(r, later, [4, 1], hour=20)])
    first, second = store.day_digests(r.id, daily_minimums(r), later)
    assert first.sessions == 2 and first.minimums_met == 2 and first.reps
    assert second.sessions == 2 and second.minimums_met == 1


def test_digest_ignores_days_after_last_and_other_routines_except_for_hand_entries(
    store: Store,
) -> None:
    legs, feet = routine("legs"), routine("feet")
    store.merge(
        [
            session(feet, DAY, by_hand=True),
            session(legs, DAY + timedelta(days=1)),
            session(legs, DAY + timedelta(days=2)),
        ]
    )
    digests = store.day_digests(legs.id, daily_minimums(legs), DAY + timedelta(days=1))
    assert [(d.day, d.sessions, d.any_by_hand, d.by_hand) for d in digests] == [
        (DAY, 0, True, False),
        (DAY + timedelta(days=1), 1, False, False),
    ]


def test_digest_with_a_missing_routine_meets_nothing(store: Store) -> None:
    store.merge([session(routine(), DAY)])
    (digest,) = store.day_digests("legs", None, DAY)
    assert digest.minimums_met == 0 and digest.completed


def test_digest_is_one_query_for_any_number_of_days(store: Store) -> None:
    r = routine()
    store.merge([session(r, DAY)])
    small = statements(store, lambda: store.day_digests(r.id, [3, 2], DAY + timedelta(days=400)))
    store.merge([session(r, DAY + timedelta(days=i)) for i in range(1, 400)])
    large = statements(store, lambda: store.day_digests(r.id, [3, 2], DAY + timedelta(days=400)))
    assert len(small) == len(large) == 1


def test_totals_count_done_partial_by_hand_and_skip_empty_sessions(store: Store) -> None:
    legs, feet = routine("legs"), routine("feet", mins=(1,))
    store.merge(
        [
            session(legs, DAY),
            session(legs, DAY + timedelta(days=1), [1, 0]),  # partial
            session(legs, DAY + timedelta(days=2), [0, 0]),  # opened, nothing done
            session(legs, DAY + timedelta(days=3), by_hand=True),
            session(feet, DAY, [4]),
        ]
    )
    routines, exercises = store.totals()
    assert [tuple(r) for r in routines] == [
        ("legs", "Legs", 3, 2, 1, 1),
        ("feet", "Feet", 1, 1, 0, 0),
    ]
    assert [tuple(e) for e in exercises] == [
        ("legs ex 0", 7, 3),  # most reps first, then by name
        ("feet ex 0", 4, 1),
        ("legs ex 1", 4, 2),
    ]


def test_totals_over_a_period_count_only_its_days(store: Store) -> None:
    legs, feet = routine("legs"), routine("feet", mins=(1,))
    store.merge(
        [
            session(legs, DAY),
            session(legs, DAY + timedelta(days=1), [1, 0]),  # partial
            session(legs, DAY + timedelta(days=3), by_hand=True),
            session(feet, DAY + timedelta(days=5), [4]),
        ]
    )
    routines, exercises = store.totals(DAY + timedelta(days=1), DAY + timedelta(days=3))
    assert [tuple(r) for r in routines] == [("legs", "Legs", 2, 1, 1, 1)]
    assert [tuple(e) for e in exercises] == [("legs ex 0", 4, 2), ("legs ex 1", 2, 1)]
    assert store.totals(DAY + timedelta(days=6), None) == ([], [])


def test_totals_use_the_title_saved_last(store: Store) -> None:
    old = routine("legs")
    renamed = Routine("legs", "Strong legs", "p", "a", old.exercises)
    store.merge([session(old, DAY), session(renamed, DAY + timedelta(days=1))])
    routines, _ = store.totals()
    assert routines[0].routine_title == "Strong legs"


# Random histories: the SQL digest must say exactly what day_facts says of the sessions.
_day_plan = st.tuples(
    st.integers(0, 5),  # day offset: few days, so days often hold several sessions
    st.sampled_from(["legs", "feet"]),
    st.lists(st.integers(0, 4), min_size=0, max_size=3),  # reps per exercise
    st.booleans(),  # by hand
    st.booleans(),  # rep rows saved
    st.integers(0, 23),  # hour
)


@settings(max_examples=60, deadline=None)
@given(plans=st.lists(_day_plan, max_size=12), rests=st.sets(st.integers(0, 5), max_size=3))
def test_digest_facts_agree_with_day_facts(plans, rests) -> None:
    legs, feet = routine("legs", mins=(3, 2, 1)), routine("feet", mins=(1,))
    rest_days = {DAY + timedelta(days=r) for r in rests}
    new = []
    for offset, rid, reps, by_hand, rep_rows, hour in plans:
        r = legs if rid == "legs" else feet
        new.append(
            session(
                r,
                DAY + timedelta(days=offset),
                reps[: len(r.exercises)],
                hour=hour,
                by_hand=by_hand,
                with_rep_rows=rep_rows,
            )
        )
    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder) / "h.db") as s:
        s.merge(new)
        last = DAY + timedelta(days=5)
        for daily in (legs, None):
            expected = day_facts(s.sessions_between(DAY, last), "legs", daily, rest_days)
            got = digest_facts(s.day_digests("legs", daily_minimums(daily), last), daily, rest_days)
            assert sorted(got, key=lambda f: f.day) == sorted(expected, key=lambda f: f.day)


# -- schema step 3: indexes for history over years ---------------------------------------------


def test_a_v2_file_gains_the_history_indexes_and_keeps_every_row(tmp_path: Path) -> None:
    path = tmp_path / "v2.db"
    raw = sqlite3.connect(path)
    for version, step in enumerate(MIGRATIONS[:2], start=1):
        raw.executescript(f"BEGIN; {step}; PRAGMA user_version={version}; COMMIT;")
    raw.execute(
        "INSERT INTO sessions (routine_id, routine_title, day, started_at, utc_offset_minutes,"
        " status, planned_seconds, targets) VALUES ('legs', 'Legs', '2026-03-02',"
        " '2026-03-02T20:00:00+01:00', 60, 'in_progress', 60, '[3]')"
    )
    raw.execute("INSERT INTO rest_days VALUES ('2026-03-01', '2026-03-01T08:00:00+01:00')")
    raw.commit()
    raw.close()
    with Store.open(path) as s:
        assert s.schema_version == SCHEMA_VERSION
        assert s.unfinished_session(DAY).routine_id == "legs"
        assert [r.day for r in s.rest_days()] == [date(2026, 3, 1)]
        names = {r[0] for r in s._db.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert {"exercises_session_reps", "exercises_name_reps", "sessions_in_progress"} <= names


def plan(store: Store, sql: str, params=()) -> str:
    return " ".join(r[3] for r in store._db.execute(f"EXPLAIN QUERY PLAN {sql}", params))


def test_history_queries_use_indexes_not_row_sorts(store: Store) -> None:
    totals = plan(
        store,
        "SELECT name, SUM(reps_done), COUNT(*) FROM exercises WHERE reps_done > 0 GROUP BY name",
    )
    assert "COVERING INDEX exercises_name_reps" in totals and "TEMP B-TREE" not in totals
    stale = plan(
        store,
        "UPDATE sessions SET status = 'abandoned' WHERE status = 'in_progress' AND day < ?",
        ("2026-03-02",),
    )
    assert "sessions_in_progress" in stale
    (sql,) = statements(store, lambda: store.day_digests("legs", [3, 2], DAY))
    digest = plan(store, sql)
    assert "COVERING INDEX exercises_session_reps" in digest and "TEMP B-TREE" not in digest
