"""Going back and resuming never lower or rewrite what is saved (issue #10, defects 3, 4)."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from coach.context import open_context
from coach.engine import SessionEngine, StepKind
from coach.home import home_state
from coach.model import Routine
from coach.paths import AppPaths
from coach.present.session_end import summary_lines
from coach.recorder import SessionRecorder
from coach.store import Store
from tests.clocks import BERLIN, FakeClock
from tests.test_recorder import exercise  # setup, then reps of 2 s + 3 s

ROUTINE = Routine(
    id="calves",
    title="Calves",
    purpose="",
    audience="",
    exercises=tuple(exercise(name, 2, 4) for name in ("Wall stretch", "Towel pull", "Heel drop")),
)
TARGETS = [5, 3, 2]


def begin(store: Store, clock: FakeClock) -> tuple[SessionEngine, SessionRecorder]:
    engine = SessionEngine(ROUTINE, TARGETS, clock=clock)
    recorder = SessionRecorder(store, ROUTINE, engine, wall_now=clock.wall_now)
    recorder.anchor(clock())
    recorder.handle(engine.start())
    return engine, recorder


def until(engine, recorder, clock: FakeClock, done) -> None:
    """Let the session run, step by step, until `done()` holds."""
    while not done():
        assert engine.state == "running"
        clock.advance(engine.remaining())
        recorder.handle(engine.tick())


def in_rep(engine: SessionEngine, exercise_index: int, rep: int):
    def check() -> bool:
        step = engine.current
        return (
            step is not None
            and step.kind is StepKind.PHASE
            and step.exercise_index == exercise_index
            and step.rep == rep
        )

    return check


def rep_rows(path: Path, session_id: int) -> list[tuple]:
    with sqlite3.connect(path) as con:
        return con.execute(
            "SELECT exercise_idx, rep, completed_at FROM reps WHERE session_id = ?"
            " ORDER BY exercise_idx, rep",
            (session_id,),
        ).fetchall()


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "coach.sqlite3") as s:
        yield s


# -- defect 3: back ------------------------------------------------------------------------------


def test_back_then_end_keeps_the_finished_exercise(store: Store) -> None:
    """All 5 reps of exercise 1, `b` during exercise 2, two reps of the redo, end."""
    clock = FakeClock()
    engine, recorder = begin(store, clock)
    until(engine, recorder, clock, in_rep(engine, 1, 2))  # exercise 2, rep 1 done
    sid = recorder.session_id
    first_pass = rep_rows(store.path, sid)
    assert [(e, r) for e, r, _ in first_pass] == [(0, 1), (0, 2), (0, 3), (0, 4), (0, 5), (1, 1)]

    recorder.handle(engine.back())
    assert engine.current.exercise_index == 0
    until(engine, recorder, clock, in_rep(engine, 0, 3))  # two reps of the redo
    recorder.handle(engine.end())

    record = store.session(sid)
    ex1 = record.exercises[0]
    assert (ex1.idx, ex1.reps_done, ex1.target, ex1.skipped) == (0, 5, 5, False)
    assert rep_rows(store.path, sid) == first_pass  # nothing rewritten, nothing lost
    assert record.reps_total == 6
    assert record.status == "partial"
    # The end screen's words come from the same record.
    text = "\n".join(summary_lines(record, 0))
    assert "skipped" not in text.split("Wall stretch")[1].splitlines()[0]


def test_a_better_redo_replaces_a_skipped_pass(store: Store) -> None:
    """Skip exercise 1 after 2 reps, go back, do it all: the full pass is what is kept."""
    clock = FakeClock()
    engine, recorder = begin(store, clock)
    until(engine, recorder, clock, in_rep(engine, 0, 3))
    recorder.handle(engine.skip_exercise())
    assert store.session(recorder.session_id).exercises[0].skipped
    recorder.handle(engine.back())  # from exercise 2's setup back to exercise 1
    until(engine, recorder, clock, lambda: engine.current.exercise_index == 1)
    ex1 = store.session(recorder.session_id).exercises[0]
    assert (ex1.reps_done, ex1.skipped) == (5, False)
    assert len(rep_rows(store.path, recorder.session_id)) == 5


def test_back_and_finish_the_rest_completes_the_session(store: Store) -> None:
    clock = FakeClock()
    engine, recorder = begin(store, clock)
    until(engine, recorder, clock, in_rep(engine, 1, 2))
    recorder.handle(engine.back())
    until(engine, recorder, clock, in_rep(engine, 0, 2))
    recorder.handle(engine.skip_exercise())  # give up on the redo: the first pass stands
    until(engine, recorder, clock, lambda: engine.state == "finished")
    record = store.session(recorder.session_id)
    assert record.status == "completed"
    assert [(e.reps_done, e.skipped) for e in record.exercises] == [
        (5, False),
        (3, False),
        (2, False),
    ]


# -- defect 4: resume ----------------------------------------------------------------------------


def open_home(tmp_path: Path, clock: FakeClock):
    paths = AppPaths(tmp_path / "c", tmp_path / "d", tmp_path / "s")
    return open_context(paths, clock=clock, wall_now=clock.wall_now)


def offered(ctx):
    """The unfinished session home offers to resume."""
    return home_state(ctx.store, ctx.catalog, ctx.config, ctx.wall_now()).unfinished


def test_resume_continues_at_the_next_rep_and_keeps_saved_rows(tmp_path: Path) -> None:
    clock = FakeClock()
    ctx = open_home(tmp_path, clock)
    engine, recorder = ctx.new_session(ROUTINE, TARGETS)
    recorder.anchor(clock())
    recorder.handle(engine.start())
    until(engine, recorder, clock, in_rep(engine, 1, 3))  # 2 reps of exercise 2 saved
    sid = recorder.session_id
    before = rep_rows(ctx.store.path, sid)
    ctx.close()  # the process is killed here: nothing more is written

    clock.advance(600)
    ctx = open_home(tmp_path, clock)
    record = offered(ctx)
    assert record is not None and record.id == sid
    engine, recorder = ctx.resume_session(record, ROUTINE)
    recorder.anchor(clock())
    recorder.handle(engine.start())
    until(engine, recorder, clock, lambda: engine.current.kind is StepKind.PHASE)
    assert (engine.current.exercise_index, engine.current.rep) == (1, 3)
    until(engine, recorder, clock, lambda: engine.state == "finished")

    after = rep_rows(ctx.store.path, sid)
    assert after[: len(before)] == before  # the saved rows, untouched
    assert [(e, r) for e, r, _ in after] == [(0, r) for r in range(1, 6)] + [
        (1, 1),
        (1, 2),
        (1, 3),
        (2, 1),
        (2, 2),
    ]
    record = ctx.store.session(sid)
    assert record.status == "completed"
    assert [(e.reps_done, e.skipped) for e in record.exercises] == [
        (5, False),
        (3, False),
        (2, False),
    ]
    ctx.close()


def test_the_store_never_rewrites_a_saved_rep(store: Store) -> None:
    sid = store.start_session(
        routine_id="calves",
        routine_title="Calves",
        day=datetime(2026, 11, 25).date(),
        started_at=datetime(2026, 11, 25, 10, 0, tzinfo=BERLIN),
        planned_seconds=60,
        targets=[5],
    )
    first = datetime(2026, 11, 25, 10, 1, tzinfo=BERLIN)
    store.record_rep(sid, 0, 1, first)
    store.record_rep(sid, 0, 1, first + timedelta(minutes=5))
    assert rep_rows(store.path, sid) == [(0, 1, first.isoformat())]
    # Not even a hand-written UPDATE gets through: the schema refuses it.
    with sqlite3.connect(store.path) as con, pytest.raises(sqlite3.DatabaseError):
        con.execute("UPDATE reps SET completed_at = 'x' WHERE session_id = ?", (sid,))
    assert rep_rows(store.path, sid) == [(0, 1, first.isoformat())]


def killed_after(tmp_path: Path, clock: FakeClock, seconds: float) -> tuple[int, int]:
    """Start a session, let it run `seconds`, then the process dies: (session id, reps done)."""
    ctx = open_home(tmp_path, clock)
    engine, recorder = ctx.new_session(ROUTINE, TARGETS)
    recorder.anchor(clock())
    recorder.handle(engine.start())
    clock.advance(seconds)
    recorder.handle(engine.tick())
    ctx.close()
    return recorder.session_id, engine.reps_done(0)


def test_a_session_crossing_the_day_boundary_can_be_resumed_that_day(tmp_path: Path) -> None:
    """Started 03:59:50 (yesterday's session), killed at 04:00:05 after a rep, reopened 04:20."""
    clock = FakeClock(wall=datetime(2026, 11, 25, 3, 59, 50, tzinfo=BERLIN))
    sid, reps = killed_after(tmp_path, clock, 15)
    assert reps == 2  # the last one at 04:00:02

    clock.advance(20 * 60)
    ctx = open_home(tmp_path, clock)
    assert ctx.today() == datetime(2026, 11, 25).date()
    record = offered(ctx)
    assert record is not None and record.id == sid
    assert record.day == datetime(2026, 11, 24).date()  # it counts for the day it began on
    assert record.status == "in_progress"
    ctx.close()


def test_a_session_left_before_the_boundary_is_set_aside_after_it(tmp_path: Path) -> None:
    clock = FakeClock(wall=datetime(2026, 11, 25, 3, 0, tzinfo=BERLIN))
    sid, _ = killed_after(tmp_path, clock, 30)

    clock.advance(3600 * 2)  # 05:00: the last rep was saved on yesterday's day
    ctx = open_home(tmp_path, clock)
    assert offered(ctx) is None
    assert ctx.store.session(sid).status == "abandoned"
    ctx.close()


def test_a_v4_file_upgrades_keeping_every_row_and_then_keeps_reps_fixed(tmp_path: Path) -> None:
    import shutil

    fixtures = Path(__file__).resolve().parent / "fixtures"
    db = tmp_path / "coach.sqlite3"
    shutil.copyfile(fixtures / "schema_v4.sqlite", db)

    def rows() -> dict[str, list[tuple]]:
        with sqlite3.connect(db) as con:
            tables = ("sessions", "exercises", "reps", "rest_days", "cramps")
            found = {t: con.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in tables}
        if len(found["sessions"][0]) > 13:  # upgraded: step 6 added stopped_idx, NULL here
            assert all(row[13] is None for row in found["sessions"])
            found["sessions"] = [row[:13] for row in found["sessions"]]
        return found

    before = rows()
    with Store.open(db) as s:
        assert s.schema_version >= 5
        sid, idx, rep, when = before["reps"][0]
        s.record_rep(sid, idx, rep, datetime(2030, 1, 1, tzinfo=BERLIN))
    assert rows() == before
    with sqlite3.connect(db) as con, pytest.raises(sqlite3.IntegrityError):
        con.execute("INSERT OR REPLACE INTO reps VALUES (?, ?, ?, 'x')", (sid, idx, rep))
    assert rows() == before
