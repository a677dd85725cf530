"""The store's promises: private files, every rep on disk at once, honest errors, safe upgrades."""

from __future__ import annotations

import errno
import importlib.util
import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

import coach.store.connection as store_mod
from coach.store import MIGRATIONS, SCHEMA_VERSION, Store, StoreCorrupt, StoreError
from tests.conftest import ROOT

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CET = timezone(timedelta(hours=1))
CEST = timezone(timedelta(hours=2))
DAY = date(2024, 5, 6)


def at(hour: int, minute: int = 0, second: int = 0, tz: timezone = CEST, day: date = DAY):
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=tz)


def new_session(store: Store, day: date = DAY, started: datetime | None = None, **kw) -> int:
    args = dict(
        routine_id="calf",
        routine_title="Calf basics",
        day=day,
        started_at=started or at(21, day=day),
        planned_seconds=540.0,
        targets=[10, 8],
    )
    args.update(kw)
    return store.start_session(**args)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def table_rows(path: Path) -> dict[str, list[tuple]]:
    con = sqlite3.connect(path)
    try:
        names = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        return {n: con.execute(f"SELECT * FROM {n} ORDER BY 1, 2").fetchall() for n in names}
    finally:
        con.close()


def run_python(code: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=timeout,
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "coach.db"


@pytest.fixture
def store(db: Path):
    s = Store.open(db)
    yield s
    s.close()


# -- files and connection settings ------------------------------------------------------------


def test_new_folder_db_and_sidecars_are_private(db: Path) -> None:
    old = os.umask(0o022)  # the common default, which would leave a plain file world-readable
    try:
        with Store.open(db) as s:
            new_session(s)
            assert mode(db.parent) == 0o700
            assert mode(db) == 0o600
            for suffix in ("-wal", "-shm"):
                sidecar = Path(f"{db}{suffix}")
                assert sidecar.exists(), f"{sidecar.name} should exist while the store is open"
                assert mode(sidecar) == 0o600
    finally:
        os.umask(old)


def test_existing_loose_db_file_is_tightened(db: Path) -> None:
    db.parent.mkdir()
    with Store.open(db):
        pass
    os.chmod(db, 0o644)
    with Store.open(db):
        assert mode(db) == 0o600


def test_wal_full_sync_and_foreign_keys(db: Path, store: Store) -> None:
    raw = sqlite3.connect(db)
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    raw.close()
    assert store._db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert store._db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    with pytest.raises(StoreError):
        store.record_rep(999, 0, 0, at(21))  # no such session: refused, not orphaned


# -- writing and reading back -----------------------------------------------------------------


def test_session_round_trip(store: Store) -> None:
    sid = new_session(store, started=at(21, 5, tz=CET), targets=(10, 8))
    for rep in range(3):
        store.record_rep(sid, 0, rep, at(21, 6, rep * 10, tz=CET))
    store.record_exercise(
        sid,
        idx=0,
        name="Calf raise",
        reps_done=3,
        target=10,
        skipped=False,
        started_at=at(21, 5, 30, tz=CET),
        ended_at=at(21, 7, tz=CET),
    )
    store.record_exercise(
        sid,
        idx=1,
        name="Wall stretch",
        reps_done=0,
        target=8,
        skipped=True,
        started_at=at(21, 7, tz=CET),
        ended_at=at(21, 7, 5, tz=CET),
    )
    store.finish_session(
        sid, status="partial", ended_at=at(21, 8, tz=CET), active_seconds=150.5, paused_seconds=12.0
    )

    got = store.session(sid)
    assert got is not None
    assert (got.id, got.routine_id, got.routine_title, got.day) == (sid, "calf", "Calf basics", DAY)
    assert got.started_at == at(21, 5, tz=CET) and got.started_at.utcoffset() == timedelta(hours=1)
    assert got.utc_offset_minutes == 60
    assert got.ended_at == at(21, 8, tz=CET)
    assert (got.status, got.planned_seconds, got.active_seconds, got.paused_seconds) == (
        "partial",
        540.0,
        150.5,
        12.0,
    )
    assert got.targets == (10, 8) and got.entered_by_hand is False
    assert got.reps_total == 3
    assert [(e.idx, e.name, e.reps_done, e.target, e.skipped) for e in got.exercises] == [
        (0, "Calf raise", 3, 10, False),
        (1, "Wall stretch", 0, 8, True),
    ]
    assert got.exercises[0].ended_at == at(21, 7, tz=CET)
    assert got.exercises[0].utc_offset_minutes == 60
    assert [(r.exercise_idx, r.rep, r.completed_at) for r in store.reps_for(sid)] == [
        (0, 0, at(21, 6, 0, tz=CET)),
        (0, 1, at(21, 6, 10, tz=CET)),
        (0, 2, at(21, 6, 20, tz=CET)),
    ]
    assert store.session(sid + 100) is None


def test_every_write_is_visible_to_another_connection_at_once(db: Path, store: Store) -> None:
    sid = new_session(store)
    store.record_rep(sid, 0, 0, at(21, 1))
    raw = sqlite3.connect(db)
    assert raw.execute("SELECT count(*) FROM reps").fetchone()[0] == 1
    raw.close()


def test_a_redone_rep_keeps_its_row_and_a_better_pass_replaces_the_exercise(store: Store) -> None:
    sid = new_session(store)
    store.record_rep(sid, 0, 0, at(21, 1))
    store.record_rep(sid, 0, 0, at(21, 4))
    store.record_exercise(
        sid,
        idx=0,
        name="Calf raise",
        reps_done=1,
        target=10,
        skipped=True,
        started_at=at(21),
        ended_at=at(21, 2),
    )
    store.record_exercise(
        sid,
        idx=0,
        name="Calf raise",
        reps_done=10,
        target=10,
        skipped=False,
        started_at=at(21, 3),
        ended_at=at(21, 9),
    )
    store.record_exercise(
        sid,
        idx=0,
        name="Calf raise",
        reps_done=4,
        target=10,
        skipped=True,
        started_at=at(21, 10),
        ended_at=at(21, 11),
    )  # a worse pass: no change
    assert [(r.rep, r.completed_at) for r in store.reps_for(sid)] == [(0, at(21, 1))]
    got = store.session(sid)
    assert got is not None and got.reps_total == 1
    assert [(e.reps_done, e.skipped, e.started_at) for e in got.exercises] == [
        (10, False, at(21, 3))
    ]


def test_bad_arguments_are_programming_errors(store: Store) -> None:
    sid = new_session(store)
    with pytest.raises(ValueError, match="naive"):
        store.record_rep(sid, 0, 0, datetime(2024, 5, 6, 21))
    with pytest.raises(ValueError, match="status"):
        store.finish_session(
            sid, status="in_progress", ended_at=at(22), active_seconds=1, paused_seconds=0
        )
    with pytest.raises(StoreError, match="session 999"):
        store.finish_session(
            999, status="completed", ended_at=at(22), active_seconds=1, paused_seconds=0
        )


def test_unfinished_session_resume_and_abandon(store: Store) -> None:
    assert store.unfinished_session(DAY) is None
    older = new_session(store, started=at(8))
    newer = new_session(store, started=at(7))  # created later even though the clock went back
    done = new_session(store, started=at(9))
    store.finish_session(
        done, status="completed", ended_at=at(9, 10), active_seconds=600, paused_seconds=0
    )
    store.record_exercise(
        newer,
        idx=0,
        name="a",
        reps_done=10,
        target=10,
        skipped=False,
        started_at=at(7),
        ended_at=at(7, 3),
    )
    store.record_exercise(
        newer,
        idx=1,
        name="b",
        reps_done=2,
        target=8,
        skipped=False,
        started_at=at(7, 3),
        ended_at=at(7, 5),
    )
    store.record_rep(newer, 1, 0, at(7, 4))

    resume = store.unfinished_session(DAY)
    assert resume is not None and resume.id == newer
    assert resume.next_exercise_idx == 2 and resume.reps_total == 1
    assert store.unfinished_session(DAY + timedelta(days=1)) is None

    store.abandon_session(newer)
    assert store.session(newer).status == "abandoned"
    assert store.session(newer).ended_at is None
    assert store.unfinished_session(DAY).id == older
    assert store.session(older).next_exercise_idx == 0

    store.abandon_session(done)  # a finished session keeps its real outcome
    assert store.session(done).status == "completed"


def test_abandon_stale_only_touches_earlier_unfinished_days(store: Store) -> None:
    yesterday, today = DAY - timedelta(days=1), DAY
    stale = [new_session(store, day=yesterday), new_session(store, day=yesterday - timedelta(3))]
    finished = new_session(store, day=yesterday)
    store.finish_session(
        finished,
        status="partial",
        ended_at=at(22, day=yesterday),
        active_seconds=1,
        paused_seconds=0,
    )
    current = new_session(store, day=today)
    assert store.abandon_stale(today) == 2
    assert [store.session(s).status for s in stale] == ["abandoned", "abandoned"]
    assert store.session(finished).status == "partial"
    assert store.session(current).status == "in_progress"
    assert store.abandon_stale(today) == 0


# -- ranges -----------------------------------------------------------------------------------


def test_sessions_between_is_inclusive_and_ordered_by_instant(store: Store) -> None:
    first, last = date(2024, 10, 26), date(2024, 10, 28)
    for day in (first - timedelta(1), first, last, last + timedelta(1)):
        new_session(store, day=day, routine_id=day.isoformat(), started=at(20, day=day))
    # DST ends on 27 Oct: 02:30+02:00 (00:30 UTC) happened before 02:10+01:00 (01:10 UTC),
    # although its text sorts after.
    dst_day = date(2024, 10, 27)
    late = new_session(store, day=dst_day, started=at(2, 10, tz=CET, day=dst_day))
    early = new_session(store, day=dst_day, started=at(2, 30, tz=CEST, day=dst_day))
    store.record_exercise(
        early,
        idx=0,
        name="a",
        reps_done=1,
        target=1,
        skipped=False,
        started_at=at(2, 31, tz=CEST, day=dst_day),
        ended_at=at(2, 32, tz=CEST, day=dst_day),
    )

    got = store.sessions_between(first, last)
    assert [s.day for s in got] == [first, dst_day, dst_day, last]
    assert [s.id for s in got[1:3]] == [early, late]
    assert [len(s.exercises) for s in got] == [0, 1, 0, 0]
    assert store.sessions_between(last + timedelta(2), last + timedelta(9)) == []
    assert [s.day for s in store.sessions_between(first, first)] == [first]


def test_sessions_between_uses_two_queries_whatever_the_range(store: Store) -> None:
    start = date(2024, 1, 1)
    for n in range(40):
        day = start + timedelta(days=n)
        sid = new_session(store, day=day, started=at(20, day=day))
        for idx in range(3):
            store.record_exercise(
                sid,
                idx=idx,
                name=f"e{idx}",
                reps_done=1,
                target=1,
                skipped=False,
                started_at=at(20, idx, day=day),
                ended_at=at(20, idx, 30, day=day),
            )
            store.record_rep(sid, idx, 0, at(20, idx, 10, day=day))

    statements: list[str] = []
    # Queries only: the BEGIN and ROLLBACK of the read snapshot around them are not queries.
    store._db.set_trace_callback(
        lambda sql: statements.append(sql) if sql.lstrip().upper().startswith("SELECT") else None
    )
    try:
        one_day = store.sessions_between(start, start)
        small = len(statements)
        statements.clear()
        everything = store.sessions_between(start, start + timedelta(days=39))
        large = len(statements)
    finally:
        store._db.set_trace_callback(None)
    assert len(one_day) == 1 and len(everything) == 40
    assert all(len(s.exercises) == 3 and s.reps_total == 3 for s in everything)
    assert 1 <= small <= 2 and large == small


# -- schema versions --------------------------------------------------------------------------


def test_fresh_store_is_at_latest_version(store: Store) -> None:
    assert store.schema_version == len(MIGRATIONS) == SCHEMA_VERSION
    tables = {r[0] for r in store._db.execute("SELECT name FROM sqlite_master")}
    assert {"sessions", "exercises", "reps", "rest_days"} <= tables


def test_v1_fixture_is_really_v1_and_rebuilds_the_same(tmp_path: Path) -> None:
    fixture = tmp_path / "v1.sqlite"  # a copy: even reading a WAL file may touch it
    shutil.copyfile(FIXTURES / "schema_v1.sqlite", fixture)
    con = sqlite3.connect(fixture)
    assert con.execute("PRAGMA user_version").fetchone()[0] == 1
    assert con.execute(
        "SELECT count(*) FROM sqlite_master WHERE name = 'rest_days'"
    ).fetchone() == (0,)
    con.close()
    spec = importlib.util.spec_from_file_location("make_v1", FIXTURES / "make_schema_v1.py")
    maker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(maker)
    rebuilt = tmp_path / "rebuilt.sqlite"
    maker.build(rebuilt)
    assert table_rows(rebuilt) == table_rows(fixture)


def test_v1_file_upgrades_to_latest_keeping_every_row(tmp_path: Path) -> None:
    db = tmp_path / "coach.db"
    shutil.copyfile(FIXTURES / "schema_v1.sqlite", db)
    before = table_rows(db)
    assert sum(len(rows) for rows in before.values()) == 4 + 5 + 24

    with Store.open(db) as s:
        assert s.schema_version == SCHEMA_VERSION
        assert s.integrity_ok()
        first = s.session(1)
        assert first.reps_total == 18 and len(first.exercises) == 2
        assert first.started_at == datetime(2024, 3, 30, 21, 5, tzinfo=CET)
        assert s.session(4).entered_by_hand is True
        assert s.unfinished_session(date(2024, 4, 1)).next_exercise_idx == 1
        # Step 6 added sessions.stopped_idx: no session saved before it reads as stopped.
        assert [x.stopped_idx for x in s.all_sessions()] == [None] * 4
    after = table_rows(db)
    new_tables = {name: after.pop(name) for name in set(after) - set(before)}
    assert "rest_days" in new_tables and all(rows == [] for rows in new_tables.values())
    assert all(row[-1] is None for row in after["sessions"])  # the new stopped_idx column
    after["sessions"] = [row[:-1] for row in after["sessions"]]
    assert after == before


def test_newer_schema_is_refused_untouched(db: Path) -> None:
    with Store.open(db):
        pass
    raw = sqlite3.connect(db)
    raw.execute("PRAGMA user_version = 99")
    raw.close()
    with pytest.raises(StoreError, match="newer version of coach"):
        Store.open(db)
    raw = sqlite3.connect(db)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == 99
    raw.close()


# -- crashes and concurrency ------------------------------------------------------------------

KILLED_WRITER = """
import os, signal, sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from coach.store import Store
s = Store.open(Path(sys.argv[1]))
t = datetime(2024, 5, 6, 21, tzinfo=timezone(timedelta(hours=2)))
sid = s.start_session(routine_id="calf", routine_title="Calf", day=date(2024, 5, 6),
                      started_at=t, planned_seconds=60.0, targets=[50])
for rep in range(int(sys.argv[2])):
    s.record_rep(sid, 0, rep, t + timedelta(seconds=rep))
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_reps_survive_sigkill(db: Path) -> None:
    done = run_python(KILLED_WRITER, str(db), "50")
    assert done.returncode == -signal.SIGKILL, done.stderr
    with Store.open(db) as s:
        assert s.integrity_ok()
        session = s.unfinished_session(DAY)
        assert session is not None
        assert [r.rep for r in s.reps_for(session.id)] == list(range(50))


RACING_WRITER = """
import sys, time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from coach.store import Store
path, go, who = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
while not go.exists():
    time.sleep(0.002)
s = Store.open(path)
t = datetime(2024, 5, 6, 21, tzinfo=timezone.utc)
sid = s.start_session(routine_id=who, routine_title=who, day=date(2024, 5, 6), started_at=t,
                      planned_seconds=60.0, targets=[300])
for rep in range(300):
    s.record_rep(sid, 0, rep, t + timedelta(seconds=rep))
s.finish_session(sid, status="completed", ended_at=t, active_seconds=1.0, paused_seconds=0.0)
s.close()
"""


def test_two_processes_writing_at_once_lose_nothing(db: Path, tmp_path: Path) -> None:
    go = tmp_path / "go"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    # Both also open (and so migrate) the brand-new file at the same moment.
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", RACING_WRITER, str(db), str(go), who],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=ROOT,
        )
        for who in ("a", "b")
    ]
    time.sleep(0.5)  # let both interpreters start so they really collide
    go.touch()
    results = [p.communicate(timeout=180) for p in procs]
    for proc, (_, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0 and err == "", err
    with Store.open(db) as s:
        sessions = s.sessions_between(DAY, DAY)
        assert sorted(x.routine_id for x in sessions) == ["a", "b"]
        assert [x.reps_total for x in sessions] == [300, 300]
        assert all(x.status == "completed" for x in sessions)
        assert s.integrity_ok()


def _hold_write_lock(db: Path, seconds: float) -> threading.Thread:
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")

    def release() -> None:
        time.sleep(seconds)
        holder.rollback()
        holder.close()

    thread = threading.Thread(target=release)
    thread.start()
    return thread


def test_busy_database_is_waited_out(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # No busy handler at all, so only the store's own retry loop can save the write.
    monkeypatch.setattr(store_mod, "_connect", lambda p: sqlite3.connect(p, timeout=0))
    with Store.open(db) as s:
        sid = new_session(s)
        thread = _hold_write_lock(db, 0.4)
        s.record_rep(sid, 0, 0, at(21))
        thread.join()
        assert len(s.reps_for(sid)) == 1


def test_lock_held_too_long_becomes_a_store_error(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_mod, "_connect", lambda p: sqlite3.connect(p, timeout=0))
    monkeypatch.setattr(store_mod, "RETRY_SECONDS", 0.2)
    with Store.open(db) as s:
        sid = new_session(s)
        thread = _hold_write_lock(db, 1.0)
        with pytest.raises(StoreError, match="busy") as caught:
            s.record_rep(sid, 0, 0, at(21))
        thread.join()
        assert not isinstance(caught.value, sqlite3.Error)
        assert s.reps_for(sid) == []


# -- failures explained -----------------------------------------------------------------------


def test_read_only_database_gives_a_clear_error(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root, where chmod cannot make a folder read-only; a read-only SQLite handle
    # makes SQLite itself refuse the write with the same SQLITE_READONLY a read-only disk gives.
    with Store.open(db) as s:
        sid = new_session(s)
    before = table_rows(db)
    monkeypatch.setattr(
        store_mod, "_connect", lambda p: sqlite3.connect(f"file:{p}?mode=ro", uri=True, timeout=5.0)
    )
    with Store.open(db) as s:
        assert s.session(sid) is not None  # reading still works
        with pytest.raises(StoreError) as caught:
            s.record_rep(sid, 0, 0, at(21))
    message = str(caught.value)
    assert message == (
        f"The data folder {db.parent} is read-only: coach cannot save. "
        "Nothing already stored was changed."
    )
    assert table_rows(db) == before


def permission_bits_enforced(folder: Path) -> bool:
    probe = folder / "probe"
    probe.mkdir()
    os.chmod(probe, 0o500)
    try:
        (probe / "x").touch()
    except PermissionError:
        return True
    finally:
        os.chmod(probe, 0o700)
    return False


def test_read_only_folder_gives_a_clear_error(db: Path, tmp_path: Path) -> None:
    if not permission_bits_enforced(tmp_path):
        pytest.skip("permission bits are not enforced here (root or CAP_DAC_OVERRIDE)")
    with Store.open(db) as s:
        new_session(s)
    os.chmod(db.parent, 0o500)
    try:
        with pytest.raises(StoreError, match="read-only"), Store.open(db) as s:
            new_session(s)
    finally:
        os.chmod(db.parent, 0o700)


@pytest.mark.parametrize(
    ("code", "words"), [(errno.EROFS, "is read-only"), (errno.ENOSPC, "is full")]
)
def test_failure_creating_the_file_is_explained(
    db: Path, monkeypatch: pytest.MonkeyPatch, code: int, words: str
) -> None:
    def refuse(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(store_mod.os, "open", refuse)
    with pytest.raises(StoreError, match=words) as caught:
        Store.open(db)
    assert str(db.parent) in str(caught.value)


def test_full_disk_gives_a_clear_error(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store.open(db) as s:
        sid = new_session(s)
    before = table_rows(db)

    def capped(p: Path) -> sqlite3.Connection:
        con = sqlite3.connect(p, timeout=5.0)
        pages = con.execute("PRAGMA page_count").fetchone()[0]
        con.execute(f"PRAGMA max_page_count = {pages}")  # SQLite then reports SQLITE_FULL
        return con

    monkeypatch.setattr(store_mod, "_connect", capped)
    with Store.open(db) as s:
        with pytest.raises(StoreError, match=f"The disk holding {db.parent} is full"):
            new_session(s, routine_title="x" * 200_000)
        assert s.session(sid) is not None
    assert table_rows(db) == before


def test_garbage_file_is_reported_corrupt_and_left_alone(db: Path) -> None:
    db.parent.mkdir()
    garbage = b"this is not sqlite at all\n" * 400
    db.write_bytes(garbage)
    with pytest.raises(StoreCorrupt) as caught:
        Store.open(db)
    assert caught.value.path == db
    assert str(db) in str(caught.value) and "not a coach database" in str(caught.value)
    assert db.read_bytes() == garbage


def test_damage_found_later_reads_as_not_ok(db: Path) -> None:
    with Store.open(db) as s:
        for n in range(200):
            new_session(s, routine_title=f"session {n} " + "x" * 300)
    data = bytearray(db.read_bytes())
    page = 4096
    data[page * 2 : page * 2 + 200] = b"\xff" * 200  # scribble over a table b-tree page
    db.write_bytes(bytes(data))
    with Store.open(db) as s:
        assert not s.integrity_ok()
