"""Bugs the fault suite found, each pinned by a small fast test next to its real-world test.

A StoreError during `coach start` is one line, not a traceback; a full disk reported as an I/O
error is still called full; logging one day from two processes at once stores it once; year 1
is refused as a cramp time; typed input echoed in an error stays on one line; the default
config appears whole or not at all.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sqlite3
import stat
import threading
import time
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from coach import config as config_module
from coach.adherence import day_of
from coach.cli import main
from coach.commands.common import UsageError
from coach.commands.history import parse_day
from coach.config import DEFAULT_TEXT, write_default_config
from coach.context import open_context
from coach.cramps import CrampInputError, parse_at, parse_muscle, parse_severity, parse_side
from coach.history import hand_entry, log_by_hand
from coach.paths import app_paths
from coach.routines import load_catalog
from coach.store import Store, StoreError
from coach.store import errors as store_module
from tests.clocks import BERLIN

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=BERLIN)
FULL = "The disk holding /somewhere/data is full: coach could not save."


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def raise_full(*_args, **_kwargs):
    raise StoreError(FULL)


# -- 1. a StoreError during `coach start` or the app: one line, exit 1 --------------------------


def test_start_plain_words_a_store_error_as_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import coach.plain

    monkeypatch.setattr(coach.plain, "run_plain", raise_full)
    code, _, err = run("start", "--plain")
    assert code == 1
    assert err == f"coach: {FULL}\n"


def test_the_full_screen_app_words_a_store_error_as_one_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import coach.ui.app

    monkeypatch.setattr(coach.ui.app.CoachApp, "run", raise_full)
    for argv in (["start"], []):
        code, _, err = run(*argv)
        assert (code, err) == (1, f"coach: {FULL}\n"), argv


# -- 2. a full disk reported as an I/O error ----------------------------------------------------


def ioerr() -> sqlite3.OperationalError:
    exc = sqlite3.OperationalError("disk I/O error")
    exc.sqlite_errorcode = 4874  # SQLITE_IOERR_SHMSIZE: what SQLite says with no -shm yet
    exc.sqlite_errorname = "SQLITE_IOERR_SHMSIZE"
    return exc


class Vfs:
    def __init__(self, free: int) -> None:
        self.f_bavail = free


def test_an_io_error_on_a_full_disk_says_the_disk_is_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module.os, "statvfs", lambda folder: Vfs(0))
    message = str(store_module._explain(ioerr(), tmp_path / "coach.sqlite3"))
    assert f"The disk holding {tmp_path} is full" in message
    assert "Nothing already stored was changed" in message
    eio = OSError(errno.EIO, "Input/output error")
    assert "is full" in str(store_module._explain(eio, tmp_path / "coach.sqlite3"))


def test_an_io_error_with_space_left_or_unknown_is_still_a_disk_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module.os, "statvfs", lambda folder: Vfs(1000))
    message = str(store_module._explain(ioerr(), tmp_path / "coach.sqlite3"))
    assert message.startswith("The disk reported an error") and "disk I/O error" in message

    def fails(folder):
        raise OSError(errno.ENOENT, "gone")

    monkeypatch.setattr(store_module.os, "statvfs", fails)
    message = str(store_module._explain(ioerr(), tmp_path / "coach.sqlite3"))
    assert message.startswith("The disk reported an error")


# -- 3. one day logged by two processes at once -------------------------------------------------


def test_add_session_once_adds_a_hand_entry_once_per_routine_and_day(tmp_path: Path) -> None:
    catalog = load_catalog(app_paths().routines)
    daily, other = catalog.get("daily-prevention"), catalog.get("calf-relief")
    day = date(2026, 11, 24)
    with Store.open(tmp_path / "coach.sqlite3") as store:
        first, added = store.add_session_once(hand_entry(daily, day, NOW))
        assert added
        assert store.add_session_once(hand_entry(daily, day, NOW)) == (first, False)
        assert store.add_session_once(hand_entry(other, day, NOW))[1]  # another routine
        assert store.add_session_once(hand_entry(daily, day - timedelta(days=1), NOW))[1]
        assert len(store.sessions_between(day, day)) == 2


def test_two_threads_logging_one_day_at_once_store_it_once(coach_home: Path) -> None:
    """Both wait on another writer's lock, then go at once: the check must be in the write."""
    paths = app_paths({"COACH_HOME": str(coach_home)})
    open_context(paths).close()
    day = date.today() - timedelta(days=1)
    ready = threading.Barrier(3)
    go = threading.Event()
    said: list[str] = []
    errors: list[BaseException] = []

    def log() -> None:
        try:
            c = open_context(paths)  # opening writes too: done before the race starts
            try:
                ready.wait(timeout=30)
                go.wait(timeout=30)
                said.append(log_by_hand(c.store, c.catalog, c.config, day, None, c.wall_now()))
            finally:
                c.close()
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=log) for _ in range(2)]
    for t in threads:
        t.start()
    ready.wait(timeout=30)
    blocker = sqlite3.connect(paths.database, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another coach process in the middle of a write
    go.set()
    time.sleep(0.5)  # both have read the day (unlocked in WAL) and wait for the write lock
    blocker.execute("COMMIT")
    blocker.close()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    assert sorted(s.split()[-1] for s in said) == ["changed.", "hand)."]
    with Store.open(paths.database) as store:
        assert len(store.sessions_between(day, day)) == 1


# -- 4. year 1 as a cramp time ------------------------------------------------------------------


@pytest.mark.parametrize(
    "now",
    [
        datetime(2026, 11, 25, 3, 10).astimezone(),  # what the app passes
        datetime(2026, 11, 25, 3, 10, tzinfo=BERLIN),
        datetime(2026, 11, 25, 3, 10, tzinfo=timezone(timedelta(hours=-11))),
        datetime(2026, 11, 25, 3, 10, tzinfo=timezone(timedelta(hours=14))),
    ],
)
@pytest.mark.parametrize("text", ["0001-01-01 00:00", "0001-01-01 03:59", "0001-01-01T23:59"])
def test_a_cramp_time_on_the_first_day_of_year_one_is_refused(text: str, now: datetime) -> None:
    with pytest.raises(CrampInputError, match="too long ago"):
        parse_at(text, now)


def test_year_one_through_the_command_line_is_one_usage_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    try:
        for text in ("0001-01-01 00:00", "0001-01-01 12:00"):
            code, _, err = run("cramp", "log", "--muscle", "calf", "--at", text)
            assert code == 2 and err.startswith("coach: ") and err.count("\n") == 1, err
        code, _, err = run("cramp", "log", "--muscle", "calf", "--at", "0001-01-02 12:00")
        # The next day can be placed in time, but no day before 1900 enters the record.
        assert code == 2 and "before 1900" in err and err.count("\n") == 1, err
    finally:
        monkeypatch.undo()
        time.tzset()


def test_a_parsed_year_one_time_can_be_placed_in_utc_and_on_a_day() -> None:
    at = parse_at("0001-01-02 00:30", NOW)
    assert at.astimezone(UTC).year == 1
    assert day_of(at, 23) == date(1, 1, 1)


# -- 5. control characters in echoed input ------------------------------------------------------


NASTY = "2026-11\n-25\r\x1b[31m\x00\u2028\x85\t"


@pytest.mark.parametrize(
    "parse",
    [
        lambda text: parse_day(text, date(2026, 11, 25)),
        lambda text: parse_at(text, NOW),
        parse_muscle,
        parse_side,
        parse_severity,
    ],
)
def test_typed_input_is_echoed_on_one_printable_line(parse) -> None:
    with pytest.raises((UsageError, CrampInputError)) as caught:
        parse(NASTY)
    message = str(caught.value)
    assert len(message.splitlines()) == 1 and message.isprintable(), repr(message)
    assert "\\n" in message and "\\x1b[31m" in message and "\\u2028" in message


def test_a_long_nasty_input_is_cut_and_still_one_line() -> None:
    with pytest.raises(CrampInputError) as caught:
        parse_muscle("\n" * 60)
    message = str(caught.value)
    assert message.isprintable() and "...`" in message


def test_coach_log_with_a_newline_in_the_date_says_so_on_one_line() -> None:
    code, _, err = run("log", "2026-11-24\nrm -rf")
    assert code == 2
    assert err.count("\n") == 1 and "`2026-11-24\\nrm -rf` is not a date" in err


# -- 6. the default config is written atomically ------------------------------------------------


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != "config.yaml")


def test_the_default_config_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "config" / "config.yaml"
    assert write_default_config(path) is True
    assert path.read_text(encoding="utf-8") == DEFAULT_TEXT
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert leftovers(path.parent) == []


def test_a_failed_write_leaves_no_config_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "config.yaml"

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(config_module.os, "fsync", full)
    with pytest.raises(OSError):
        write_default_config(path)
    assert not path.exists() and leftovers(tmp_path) == []
    monkeypatch.undo()
    assert write_default_config(path) is True  # next time: written whole


def test_a_config_written_meanwhile_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process (or the user) writes config.yaml while coach writes its temp file."""
    path = tmp_path / "config.yaml"
    real_link = os.link

    def link_after_someone_else(src, dst, *args, **kwargs):
        Path(dst).write_text("sound: false\n", encoding="utf-8")
        return real_link(src, dst, *args, **kwargs)

    monkeypatch.setattr(config_module.os, "link", link_after_someone_else)
    assert write_default_config(path) is False
    assert path.read_text(encoding="utf-8") == "sound: false\n"
    assert leftovers(tmp_path) == []


def test_without_hard_links_the_config_is_still_written_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(src, dst, *args, **kwargs):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(config_module.os, "link", no_links)
    path = tmp_path / "config.yaml"
    assert write_default_config(path) is True
    assert path.read_text(encoding="utf-8") == DEFAULT_TEXT
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert write_default_config(path) is False
    assert leftovers(tmp_path) == []
