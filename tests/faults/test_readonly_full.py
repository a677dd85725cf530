"""A full disk or a read-only data folder: one clear line, a non-zero exit, nothing lost.

The tests run as root, where chmod does not bind, so they use what binds even for root: a
size-limited tmpfs filled to the last byte, the same tmpfs remounted read-only, and, for plain
folder permissions, the command run as `nobody` through setpriv. Where mounting is not allowed
the tests skip and say why. Every case runs the real `coach` command and afterwards checks that
every row stored before is still there and the file is intact.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.faults.conftest import (
    assert_calm_failure,
    coach_argv,
    coach_env,
    fill_disk,
    make_record,
    run_coach,
    tmpfs,
)
from tests.faults.test_kill import ROUTINE_ID, make_home

DAYS = 20
SIZE = "1m"
OLD_DAY = (date.today() - timedelta(days=DAYS + 3)).isoformat()  # not in the record yet


def stored(home: Path) -> tuple[list[tuple], list[tuple]]:
    """Every session and rest-day row, for before/after comparison; integrity must be ok."""
    con = sqlite3.connect(home / "data" / "coach.sqlite3")
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        sessions = con.execute("SELECT * FROM sessions ORDER BY id").fetchall()
        rests = con.execute("SELECT * FROM rest_days ORDER BY day").fetchall()
        return sessions, rests
    finally:
        con.close()


@pytest.fixture
def small_disk(coach_home: Path) -> Iterator[Path]:
    """COACH_HOME whose data folder is a 1 MiB tmpfs holding a real record of 20 days."""
    with tmpfs(coach_home / "data", SIZE):
        make_record(coach_home, days=DAYS)
        yield coach_home


def test_full_disk_while_the_app_is_open_says_full_and_keeps_every_row(small_disk: Path):
    home = small_disk
    before = stored(home)
    # The app (or the reminder service) has the file open, as it would all day.
    app = sqlite3.connect(home / "data" / "coach.sqlite3")
    app.execute("SELECT COUNT(*) FROM sessions").fetchall()
    filler = fill_disk(home / "data")
    try:
        line = assert_calm_failure(run_coach(home, "log", OLD_DAY), "is full", str(home / "data"))
        assert "Nothing already stored was changed" in line
        assert_calm_failure(run_coach(home, "rest", "today"), "is full")
        shown = run_coach(home, "history")  # reading still works on a full disk
        assert shown.returncode == 0 and "Current streak" in shown.stdout, shown.stderr
    finally:
        app.close()
        filler.unlink()
    assert stored(home) == before
    after = run_coach(home, "log", OLD_DAY)  # space again: it works, nothing to repair
    assert after.returncode == 0 and after.stderr == "", after.stderr
    assert len(stored(home)[0]) == len(before[0]) + 1


def test_full_disk_with_nothing_open_fails_calmly_and_keeps_every_row(small_disk: Path):
    home = small_disk
    before = stored(home)
    filler = fill_disk(home / "data")
    try:
        for args in (("log", OLD_DAY), ("history",), ("start", "daily-prevention", "--plain")):
            assert_calm_failure(run_coach(home, *args), str(home / "data"))
    finally:
        filler.unlink()
    assert stored(home) == before


def test_full_disk_with_nothing_open_says_the_disk_is_full(small_disk: Path):
    home = small_disk
    filler = fill_disk(home / "data")
    try:
        assert_calm_failure(run_coach(home, "log", OLD_DAY), "is full")
    finally:
        filler.unlink()


@pytest.mark.slow
def test_disk_filling_up_during_a_plain_session_fails_calmly(coach_home: Path):
    with tmpfs(coach_home / "data", SIZE):
        make_home(coach_home)
        proc = subprocess.Popen(
            coach_argv("start", ROUTINE_ID, "--plain"),
            env=coach_env(coach_home),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert proc.stdout.readline()  # the title: the session row is saved
            filler = fill_disk(coach_home / "data")
            out, err = proc.communicate(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        filler.unlink()
        result = subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
        assert_calm_failure(result, "is full")
        stored(coach_home)  # integrity ok


def remount_read_only(folder: Path) -> None:
    done = subprocess.run(["mount", "-o", "remount,ro", str(folder)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot remount a tmpfs read-only here: {done.stderr.decode().strip()}")


def test_read_only_data_folder_says_read_only_and_keeps_every_row(small_disk: Path):
    home = small_disk
    before = stored(home)
    remount_read_only(home / "data")
    line = assert_calm_failure(run_coach(home, "log", OLD_DAY), "read-only")
    assert str(home / "data") in line and "Nothing already stored was changed" in line
    assert_calm_failure(run_coach(home, "rest", "today"), "read-only")
    assert_calm_failure(run_coach(home, "start", "daily-prevention", "--plain"), "read-only")
    subprocess.run(["mount", "-o", "remount,rw", str(home / "data")], check=True)
    assert stored(home) == before


def test_damaged_file_on_a_read_only_folder_is_explained_and_left_alone(coach_home: Path):
    with tmpfs(coach_home / "data", SIZE):
        make_record(coach_home, days=2)
        db = coach_home / "data" / "coach.sqlite3"
        db.write_bytes(b"garbage!" * 512)
        remount_read_only(coach_home / "data")
        line = assert_calm_failure(run_coach(coach_home, "history"), str(db), "damaged")
        assert "could not move it aside" in line
        assert db.read_bytes() == b"garbage!" * 512  # nothing moved, nothing lost
        # the stamp of the last full check stays as it was; nothing else appears
        assert sorted(p.name for p in db.parent.iterdir()) == [
            "coach.sqlite3",
            "coach.sqlite3.checked",
        ]
        subprocess.run(["mount", "-o", "remount,rw", str(coach_home / "data")], check=True)


@pytest.fixture
def nobody_home() -> Iterator[Path]:
    """A COACH_HOME that the unprivileged user `nobody` can reach (pytest's tmp is root-only)."""
    if shutil.which("setpriv") is None:
        pytest.skip("needs setpriv (util-linux) to run coach as nobody")
    probe = subprocess.run(
        ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *coach_argv("--version")],
        capture_output=True,
        text=True,
        env=coach_env(Path("/nonexistent")),
    )
    if probe.returncode != 0:
        pytest.skip(f"coach cannot run as nobody here: {probe.stderr.strip()[-200:]}")
    root = Path(tempfile.mkdtemp(prefix="coach-nobody-"))
    os.chmod(root, 0o711)
    try:
        yield root / "home"
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_folder_without_write_permission_says_read_only(nobody_home: Path):
    home = nobody_home
    make_record(home, days=DAYS)
    before = stored(home)
    for path in [home, *home.rglob("*")]:
        os.chown(path, 65534, 65534)
    os.chmod(home / "data", 0o500)  # binds for nobody, not for root
    nobody = ("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups")
    started = time.monotonic()
    result = run_coach(home, "log", OLD_DAY, prefix=nobody)
    assert time.monotonic() - started < 20  # no long wait on a lock that will never come
    assert_calm_failure(result, "read-only", str(home / "data"))
    os.chmod(home / "data", 0o700)
    assert stored(home) == before
