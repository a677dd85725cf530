"""The recorder: engine events in, rows out, with wall times exact to the monotonic anchor."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from coach.context import open_context
from coach.engine import SessionEngine
from coach.model import Exercise, Phase, Routine
from coach.paths import AppPaths
from coach.recorder import SessionRecorder
from coach.store import Store
from tests.clocks import BERLIN, FakeClock

WALL0 = datetime(2026, 11, 25, 10, 0, tzinfo=BERLIN)  # FakeClock's wall at monotonic 1000.0


def exercise(name: str, setup: float, rest: float) -> Exercise:
    return Exercise(
        name=name,
        position="Seated.",
        instructions="Move.",
        reps_min=1,
        reps_max=5,
        phases=(Phase("Lift", 2), Phase("Lower", 3)),
        source="test",
        setup_seconds=setup,
        rest_seconds=rest,
    )


# A: setup 4, 2 reps of 5 s, rest 6.  B: setup 0, 1 rep of 5 s.
ROUTINE = Routine(
    id="feet",
    title="Feet",
    purpose="",
    audience="",
    exercises=(exercise("A", 4, 6), exercise("B", 0, 6)),
)
TARGETS = [2, 1]


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "coach.sqlite3") as s:
        yield s


def begin(
    store: Store,
    clock: FakeClock,
    *,
    day_starts_at: int = 4,
    start_exercise: int = 0,
    session_id: int | None = None,
):
    engine = SessionEngine(ROUTINE, TARGETS, clock=clock, start_exercise=start_exercise)
    recorder = SessionRecorder(
        store,
        ROUTINE,
        engine,
        wall_now=clock.wall_now,
        day_starts_at=day_starts_at,
        session_id=session_id,
    )
    recorder.anchor(clock())
    recorder.handle(engine.start())
    return engine, recorder


def run_to_end(engine: SessionEngine, recorder: SessionRecorder, clock: FakeClock) -> None:
    while engine.state != "finished":
        clock.advance(engine.remaining())
        recorder.handle(engine.tick())


def run_until(engine, recorder, clock: FakeClock, seconds: float) -> None:
    """Tick once a second until `seconds` after the start (monotonic 1000)."""
    while clock() < 1000.0 + seconds:
        clock.advance(1.0)
        recorder.handle(engine.tick())


def test_anchor_creates_the_session_row(store: Store) -> None:
    clock = FakeClock()
    engine, recorder = begin(store, clock)
    record = store.session(recorder.session_id)
    assert record is not None
    assert (record.routine_id, record.routine_title, record.status) == (
        "feet",
        "Feet",
        "in_progress",
    )
    assert record.day == date(2026, 11, 25)
    assert record.started_at == WALL0
    assert record.utc_offset_minutes == 60
    assert record.planned_seconds == 4 + 2 * 5 + 6 + 1 * 5
    assert record.targets == (2, 1)
    assert record.exercises == ()


def test_a_session_after_midnight_belongs_to_the_evening_before(store: Store) -> None:
    clock = FakeClock(wall=datetime(2026, 11, 26, 1, 30, tzinfo=BERLIN))
    _, recorder = begin(store, clock)
    assert store.session(recorder.session_id).day == date(2026, 11, 25)
    clock = FakeClock(wall=datetime(2026, 11, 26, 1, 30, tzinfo=BERLIN))
    _, recorder = begin(store, clock, day_starts_at=0)
    assert store.session(recorder.session_id).day == date(2026, 11, 26)


def test_every_row_carries_its_exact_wall_time(store: Store) -> None:
    clock = FakeClock()
    engine, recorder = begin(store, clock)
    # Ticks arrive late and irregularly; the saved times follow the engine's deadlines.
    for step in (3.7, 6.1, 9.9, 0.4, 2.2):
        clock.advance(step)
        recorder.handle(engine.tick())
    run_to_end(engine, recorder, clock)
    sid = recorder.session_id

    def wall(seconds: float) -> datetime:
        return WALL0 + timedelta(seconds=seconds)

    reps = [(r.exercise_idx, r.rep, r.completed_at) for r in store.reps_for(sid)]
    assert reps == [(0, 1, wall(9)), (0, 2, wall(14)), (1, 1, wall(25))]
    record = store.session(sid)
    assert [(e.idx, e.name, e.started_at, e.ended_at) for e in record.exercises] == [
        (0, "A", wall(0), wall(14)),
        (1, "B", wall(20), wall(25)),
    ]
    assert [(e.reps_done, e.target, e.skipped) for e in record.exercises] == [
        (2, 2, False),
        (1, 1, False),
    ]
    assert (record.status, record.ended_at, record.reps_total) == ("completed", wall(25), 3)
    assert (record.active_seconds, record.paused_seconds) == (25.0, 0.0)
    assert recorder.finished is not None and recorder.finished.status == "completed"


def test_a_pause_shifts_later_rows_and_is_saved(store: Store) -> None:
    clock = FakeClock()
    engine, recorder = begin(store, clock)
    clock.advance(6)
    recorder.handle(engine.pause())
    clock.advance(100)
    recorder.handle(engine.resume())
    run_to_end(engine, recorder, clock)
    sid = recorder.session_id
    reps = [r.completed_at for r in store.reps_for(sid)]
    assert reps == [WALL0 + timedelta(seconds=s) for s in (109, 114, 125)]
    record = store.session(sid)
    assert (record.active_seconds, record.paused_seconds) == (25.0, 100.0)
    assert record.ended_at == WALL0 + timedelta(seconds=125)


def test_wall_times_stay_exact_across_a_dst_change(store: Store) -> None:
    # Berlin falls back at 03:00 CEST on 25 Oct 2026; 02:50 CEST is 00:50 UTC.
    start = datetime(2026, 10, 25, 2, 50, tzinfo=BERLIN, fold=0)
    assert start.utcoffset() == timedelta(hours=2)
    clock = FakeClock()
    engine = SessionEngine(ROUTINE, TARGETS, clock=clock)
    recorder = SessionRecorder(store, ROUTINE, engine, wall_now=lambda: start)
    recorder.anchor(clock())
    later = recorder.wall(clock() + 20 * 60)
    assert later.astimezone(UTC) == datetime(2026, 10, 25, 1, 10, tzinfo=UTC)
    assert later.utcoffset() == timedelta(hours=1)  # honest about the local zone: now CET
    assert (later.hour, later.minute) == (2, 10)


def test_ending_early_saves_a_partial_session(store: Store) -> None:
    clock = FakeClock()
    engine, recorder = begin(store, clock)
    run_until(engine, recorder, clock, 10)  # one rep of A done at 9 s
    recorder.handle(engine.end())
    record = store.session(recorder.session_id)
    assert (record.status, record.reps_total) == ("partial", 1)
    assert [(e.idx, e.reps_done, e.skipped) for e in record.exercises] == [(0, 1, True)]
    assert record.ended_at == WALL0 + timedelta(seconds=10)


def test_ending_before_any_rep_sets_the_session_aside(store: Store) -> None:
    clock = FakeClock()
    engine, recorder = begin(store, clock)
    clock.advance(3)
    recorder.handle(engine.end())
    record = store.session(recorder.session_id)
    assert (record.status, record.reps_total) == ("abandoned", 0)
    assert record.ended_at == WALL0 + timedelta(seconds=3)


def killed_after_first_exercise(store: Store, *, skip_first: bool) -> int:
    """A session stopped (process killed) during B's first rep, A done or skipped."""
    clock = FakeClock()
    engine, recorder = begin(store, clock)
    if skip_first:
        run_until(engine, recorder, clock, 10)
        recorder.handle(engine.skip_exercise())
    else:
        run_until(engine, recorder, clock, 22)
    assert engine.exercise_index == 1
    return recorder.session_id


@pytest.mark.parametrize(("skip_first", "status"), [(False, "completed"), (True, "partial")])
def test_resumed_session_is_complete_only_if_the_part_before_was(
    store: Store, skip_first: bool, status: str
) -> None:
    sid = killed_after_first_exercise(store, skip_first=skip_first)
    assert store.session(sid).status == "in_progress"

    clock = FakeClock(wall=WALL0 + timedelta(hours=1))
    engine, recorder = begin(store, clock, start_exercise=1, session_id=sid)
    assert recorder.session_id == sid
    run_to_end(engine, recorder, clock)
    assert recorder.finished.status == "completed"  # the engine only saw B
    record = store.session(sid)
    assert record.status == status
    assert [(e.idx, e.skipped) for e in record.exercises] == [(0, skip_first), (1, False)]
    assert record.started_at == WALL0  # the first start is kept
    assert record.ended_at == WALL0 + timedelta(hours=1, seconds=5)
    assert len(store.sessions_between(date(2026, 11, 25), date(2026, 11, 25))) == 1


def test_resume_through_the_context(tmp_path: Path) -> None:
    clock = FakeClock()
    root = tmp_path / "home"
    paths = AppPaths(config=root / "config", data=root / "data", state=root / "state")
    context = open_context(paths, clock=clock, wall_now=clock.wall_now)
    try:
        sid = killed_after_first_exercise(context.store, skip_first=False)
        resumed = context.resume_session(context.store.session(sid), ROUTINE)
        assert resumed is not None
        engine, recorder = resumed
        assert (engine.start_exercise, recorder.session_id) == (1, sid)
        recorder.anchor(clock())
        recorder.handle(engine.start())
        run_to_end(engine, recorder, clock)
        record = context.store.session(sid)
        assert (record.status, record.reps_total) == ("completed", 3)
    finally:
        context.close()
