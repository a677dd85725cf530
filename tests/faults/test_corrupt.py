"""A damaged data file never stops coach, and an old one opens with every row.

Damaged: garbage, a real database cut in half, a damaged page in the middle, a 1-byte file.
coach must say so in one line, keep the file (and its -wal/-shm) aside as
`coach.sqlite3.damaged-YYYYMMDD-HHMMSS` (0600, byte for byte), start a fresh database and run
the command; `coach history` and `coach routines list` work afterwards. A zero-length file is
not damage: SQLite reads it as an empty database, and a process killed just as it created the
file leaves exactly that, so coach simply uses it.

Old: one fixture per schema version (tests/fixtures/schema_vN.sqlite, built by make_schema_vN.py
from the migrations as released) opens in this coach at the newest version, keeping every row.
"""

from __future__ import annotations

import importlib.util
import os
import random
import re
import shutil
import sqlite3
import subprocess
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from coach.context import open_context
from coach.paths import app_paths
from coach.store import SCHEMA_VERSION, Store, StoreCorrupt
from coach.store.errors import _explain
from tests.clocks import BERLIN
from tests.conftest import ROOT
from tests.faults.conftest import coach_argv, coach_env, make_record, run_coach

FIXTURES = ROOT / "tests" / "fixtures"
DAMAGED = re.compile(r"^coach\.sqlite3\.damaged-\d{8}-\d{6}(-\d+)?$")


def database(home: Path) -> Path:
    return home / "data" / "coach.sqlite3"


def set_aside(home: Path) -> list[Path]:
    return sorted(p for p in (home / "data").iterdir() if ".damaged-" in p.name)


def assert_recovered(home: Path, result: subprocess.CompletedProcess[str], damaged: bytes):
    """One clear line, the bytes kept aside privately, a fresh database, the command done."""
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    (aside,) = [p for p in set_aside(home) if DAMAGED.match(p.name)]
    assert line.startswith("coach: ") and str(database(home)) in line
    assert "damaged" in line and aside.name in line and "fresh" in line
    assert aside.read_bytes() == damaged
    assert aside.stat().st_mode & 0o777 == 0o600
    with Store.open(database(home)) as store:
        assert store.schema_version == SCHEMA_VERSION and store.integrity_ok()
    # Everything works from here on, with no more notices.
    for args in (("history",), ("routines", "list"), ("log", "yesterday"), ("history", "--json")):
        again = run_coach(home, *args)
        assert again.returncode == 0 and again.stderr == "", (args, again.stderr)
    with Store.open(database(home)) as store:
        assert len(store.all_sessions()) == 1  # the day just logged, in the fresh file
    assert set_aside(home) == [aside]
    left = {p.name for p in (home / "data").iterdir()} - {aside.name}
    allowed = {"coach.sqlite3", "coach.sqlite3-wal", "coach.sqlite3-shm", "coach.sqlite3.checked"}
    assert left <= allowed  # no lock file, no check marker left behind


def test_garbage_bytes_are_set_aside_and_coach_starts_fresh(coach_home: Path, fault_seed: int):
    make_record(coach_home, days=3)
    garbage = random.Random(fault_seed).randbytes(8192)
    database(coach_home).write_bytes(garbage)
    result = run_coach(coach_home, "history")
    assert "Current streak" in result.stdout
    assert_recovered(coach_home, result, garbage)


def test_a_database_cut_in_half_is_set_aside(coach_home: Path):
    make_record(coach_home, days=400)
    whole = database(coach_home).read_bytes()
    assert len(whole) > 8 * 4096
    half = whole[: len(whole) // 2]
    database(coach_home).write_bytes(half)
    assert_recovered(coach_home, run_coach(coach_home, "history"), half)


def damage_a_middle_page(coach_home: Path, fault_seed: int) -> bytes:
    make_record(coach_home, days=400)
    data = bytearray(database(coach_home).read_bytes())
    pages = len(data) // 4096
    page = random.Random(fault_seed).randrange(pages // 3, pages - 1)
    data[page * 4096 : (page + 1) * 4096] = random.Random(fault_seed).randbytes(4096)
    database(coach_home).write_bytes(bytes(data))
    return bytes(data)


def test_a_damaged_page_in_the_middle_is_found_by_the_weekly_check(
    coach_home: Path, fault_seed: int
):
    # The header is fine, so only SQLite's quick check finds it. The check reads every page, so
    # it runs once a week (and whenever damage was seen): here the last one was 8 days ago.
    data = damage_a_middle_page(coach_home, fault_seed)
    stamp = Path(f"{database(coach_home)}.checked")
    week_ago = time.time() - 8 * 24 * 3600
    os.utime(stamp, (week_ago, week_ago))
    assert_recovered(coach_home, run_coach(coach_home, "history"), data)


def test_damage_seen_at_run_time_is_set_aside_at_the_next_start(coach_home: Path, fault_seed: int):
    # A query that reaches a damaged page gets SQLITE_CORRUPT; the store words it and leaves a
    # marker, so the next start runs the full check even though the weekly one is not due.
    data = damage_a_middle_page(coach_home, fault_seed)
    db = database(coach_home)
    malformed = sqlite3.DatabaseError("database disk image is malformed")
    malformed.sqlite_errorcode = sqlite3.SQLITE_CORRUPT
    error = _explain(malformed, db)
    assert isinstance(error, StoreCorrupt) and "next time it opens" in str(error)
    assert Path(f"{db}.check").exists()
    assert_recovered(coach_home, run_coach(coach_home, "history"), data)


def test_a_one_byte_file_is_set_aside_not_overwritten(coach_home: Path):
    make_record(coach_home, days=1)
    database(coach_home).write_bytes(b"x")  # SQLite alone would take it for an empty database
    assert_recovered(coach_home, run_coach(coach_home, "history"), b"x")


def test_sidecars_go_aside_with_the_file_under_one_name(coach_home: Path):
    make_record(coach_home, days=2)
    db = database(coach_home)
    parts = {"": b"not a database" * 100, "-wal": b"old wal" * 100, "-shm": b"old shm" * 100}
    for suffix, data in parts.items():
        Path(f"{db}{suffix}").write_bytes(data)
    result = run_coach(coach_home, "history")
    assert result.returncode == 0, result.stderr
    (aside,) = [p for p in set_aside(coach_home) if DAMAGED.match(p.name)]
    for suffix, data in parts.items():
        moved = Path(f"{aside}{suffix}")
        assert moved.read_bytes() == data and moved.stat().st_mode & 0o777 == 0o600
    # The stale -wal went too: the fresh database never replays another file's journal.
    with Store.open(db) as store:
        assert store.integrity_ok() and store.all_sessions() == []


def test_zero_length_file_is_an_empty_database_not_damage(coach_home: Path):
    make_record(coach_home, days=1)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database(coach_home)}{suffix}").unlink(missing_ok=True)
    database(coach_home).write_bytes(b"")
    result = run_coach(coach_home, "log", "yesterday")
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert set_aside(coach_home) == []
    with Store.open(database(coach_home)) as store:
        assert store.schema_version == SCHEMA_VERSION and len(store.all_sessions()) == 1


def test_context_notice_and_timestamped_names_never_overwrite(coach_home: Path):
    paths = app_paths({"COACH_HOME": str(coach_home)})
    moment = datetime(2026, 11, 25, 15, 30, 0, tzinfo=BERLIN)
    names = []
    for n in range(3):
        database(coach_home).parent.mkdir(parents=True, exist_ok=True)
        database(coach_home).write_bytes(f"damage {n}".encode() * 100)
        context = open_context(paths, wall_now=lambda: moment)
        try:
            (notice,) = context.notices
            assert context.store.integrity_ok()
        finally:
            context.close()
        names.append(notice.split(" kept it as ")[1].split()[0])
    assert names == [
        "coach.sqlite3.damaged-20261125-153000",
        "coach.sqlite3.damaged-20261125-153000-2",
        "coach.sqlite3.damaged-20261125-153000-3",
    ]
    for n, name in enumerate(names):  # each damaged file kept, none overwritten
        assert (paths.data / name).read_bytes() == f"damage {n}".encode() * 100
    context = open_context(paths, wall_now=lambda: moment)
    assert context.notices == []  # a healthy file: nothing to say
    context.close()


@pytest.mark.slow
def test_processes_finding_the_same_damage_set_it_aside_once(coach_home: Path):
    make_record(coach_home, days=1)
    database(coach_home).write_bytes(b"garbage!" * 1024)
    days = [date.today() - timedelta(days=n) for n in range(1, 5)]
    procs = [
        subprocess.Popen(
            coach_argv("log", day.isoformat()),
            env=coach_env(coach_home),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for day in days
    ]
    results = [(p.communicate(timeout=60), p.returncode) for p in procs]
    assert [code for _, code in results] == [0, 0, 0, 0], results
    notices = [err for (_, err), _ in results if "damaged" in err]
    assert len(notices) == 1, results  # one set it aside; the others used the fresh file
    assert len(set_aside(coach_home)) == 1
    with Store.open(database(coach_home)) as store:
        assert store.integrity_ok()
        assert sorted(s.day for s in store.all_sessions()) == sorted(days)  # none lost


# -- every schema version upgrades keeping every row ------------------------------------------


def fixture_files() -> dict[int, Path]:
    found = {}
    for path in FIXTURES.glob("schema_v*.sqlite"):
        if m := re.fullmatch(r"schema_v(\d+)\.sqlite", path.name):
            found[int(m[1])] = path
    return dict(sorted(found.items()))


def rows_by_table(db: Path, columns: dict[str, list[str]] | None = None):
    """{table: (columns, sorted rows)}; with `columns`, only those tables and columns."""
    con = sqlite3.connect(db)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        out = {}
        for table in tables if columns is None else columns:
            cols = (
                columns[table]
                if columns
                else [r[1] for r in con.execute(f"PRAGMA table_info({table})")]
            )
            rows = con.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall()
            out[table] = (cols, sorted(rows, key=repr))
        return out
    finally:
        con.close()


@pytest.mark.parametrize("version", list(fixture_files()), ids=lambda v: f"v{v}")
def test_each_schema_version_opens_in_the_newest_with_all_rows(version: int, tmp_path: Path):
    db = tmp_path / "coach.sqlite3"
    shutil.copyfile(fixture_files()[version], db)
    before = rows_by_table(db)
    assert sum(len(rows) for _, rows in before.values()) > 0
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA user_version").fetchone()[0] == version
    con.close()

    with Store.open(db) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.integrity_ok()
        sessions = store.all_sessions()  # every row reads back through the store's own types
        assert len(sessions) == len(before["sessions"][1])
        reps = store.all_reps()
        assert sum(len(r) for r in reps.values()) == len(before["reps"][1])
    after = rows_by_table(db, {t: cols for t, (cols, _) in before.items()})
    assert after == before

    # And the whole app opens it: the file as a user's data file.
    home = tmp_path / "home"
    (home / "data").mkdir(parents=True)
    shutil.copyfile(fixture_files()[version], home / "data" / "coach.sqlite3")
    result = run_coach(home, "history", "--json")
    assert result.returncode == 0 and result.stderr == "", result.stderr


def test_there_is_a_fixture_for_every_schema_version_and_each_rebuilds_the_same(tmp_path: Path):
    found = fixture_files()
    missing = [v for v in range(1, SCHEMA_VERSION + 1) if v not in found]
    assert not missing, (
        f"no fixture for schema version(s) {missing}: write tests/fixtures/make_schema_vN.py "
        "(see make_schema_v3.py) and commit the schema_vN.sqlite it builds"
    )
    for version, fixture in found.items():
        maker_file = FIXTURES / f"make_schema_v{version}.py"
        assert maker_file.exists(), f"{fixture.name} has no {maker_file.name} to rebuild it"
        spec = importlib.util.spec_from_file_location(f"make_schema_v{version}", maker_file)
        maker = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(maker)
        copy, rebuilt = tmp_path / f"v{version}.sqlite", tmp_path / f"v{version}-rebuilt.sqlite"
        shutil.copyfile(fixture, copy)  # a copy: even reading a WAL file may touch it
        maker.build(rebuilt)
        assert rows_by_table(rebuilt) == rows_by_table(copy), fixture.name
        con = sqlite3.connect(rebuilt)
        assert con.execute("PRAGMA user_version").fetchone()[0] == version
        con.close()
