"""Opening the record at start-up: a damaged data file is set aside, never deleted, and coach
goes on with a fresh one; sessions left in progress on an earlier day are closed.

SQLite's own check of every page runs when damage was seen at run time (the marker written by
coach.store.errors.mark_for_check) and otherwise once a week, since its cost grows with the
record.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path

from coach.store.errors import StoreCorrupt, StoreError, check_marker
from coach.store.store import Store

# Every SQLite file starts with these 16 bytes; a non-empty file without them is damaged.
SQLITE_MAGIC = b"SQLite format 3\x00"
DAMAGED_STAMP = "%Y%m%d-%H%M%S"
CHECK_EVERY_SECONDS = 7 * 24 * 3600


def open_store(
    path: Path,
    today: date,
    wall_now: Callable[[], datetime],
    active_since: datetime | None = None,
) -> tuple[Store, list[str]]:
    """The store, sessions left in progress before `today` closed, and notices for the user.

    A session that saved something at or after `active_since` (the start of today) stays open
    even if it began before the day boundary: it can still be resumed today.

    A file that is not a readable coach database is moved aside (with its -wal and -shm) as
    `coach.sqlite3.damaged-YYYYMMDD-HHMMSS`, never deleted, and a fresh database takes its
    place. An empty file is an empty database (a process killed as it created the file leaves
    one), not damage. Under a lock on the folder, so two coach processes finding the same damage
    set it aside once; the second one finds the fresh file and uses it.
    """
    try:
        return _open_checked(path, today, active_since), []
    except StoreCorrupt:
        pass
    with _folder_lock(path.parent):
        try:
            # another coach process got here first
            return _open_checked(path, today, active_since), []
        except StoreCorrupt as exc:
            aside = _set_aside(exc.path, wall_now())
        store = _open_checked(path, today, active_since)
    notice = (
        f"{path} could not be read (it is damaged or not a coach database): coach kept it as "
        f"{aside.name} in the same folder and started a fresh, empty record. "
        "`coach import FILE` brings back a JSON export."
    )
    return store, [notice]


def _open_checked(path: Path, today: date, active_since: datetime | None = None) -> Store:
    """Store.open, then SQLite's quick check before anything is written into the file.

    Store.open notices a file that is not a database or was cut short; the quick check (every
    page once: about 1.5 ms per year of daily history) notices a damaged page anywhere, which
    would otherwise only show as an error on some later screen, on every start.
    """
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except OSError:
        head = b""  # missing (Store.open creates it) or unreadable (Store.open words it)
    if head and head != SQLITE_MAGIC:
        # SQLite itself would take a 1-byte file for an empty database and overwrite it.
        raise StoreCorrupt(f"{path} is not a coach database or is damaged.", path)
    store = Store.open(path)
    try:
        if _check_due(path):
            if not _quick_check_ok(path):
                raise StoreCorrupt(f"{path} is not a coach database or is damaged.", path)
            _checked(path)
        store.abandon_stale(before_day=today, active_since=active_since)
    except BaseException:
        store.close()
        raise
    return store


def _check_due(path: Path) -> bool:
    """The full page check costs time in proportion to the record (about 1.5 ms a year), so it
    runs when damage was seen at run time (the marker), and otherwise once a week."""
    if check_marker(path).exists():
        return True
    try:
        last = _checked_stamp(path).stat().st_mtime
    except OSError:
        return True
    return time.time() - last > CHECK_EVERY_SECONDS


def _checked_stamp(path: Path) -> Path:
    return path.with_name(path.name + ".checked")


def _checked(path: Path) -> None:
    try:
        stamp = _checked_stamp(path)
        os.close(os.open(stamp, os.O_WRONLY | os.O_CREAT, 0o600))
        os.utime(stamp)
        check_marker(path).unlink(missing_ok=True)
    except OSError:
        pass  # a read-only folder: the check simply runs again next time


def _quick_check_ok(path: Path) -> bool:
    """False only when SQLite finds damage; a busy or unreadable file is the store's to word."""
    try:
        con = sqlite3.connect(path, timeout=5.0)
    except sqlite3.Error:
        return True
    try:
        return con.execute("PRAGMA quick_check(1)").fetchall() == [("ok",)]
    except sqlite3.DatabaseError as exc:
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
        return code not in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
    finally:
        con.close()


@contextlib.contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """An exclusive flock on the data folder itself (no extra file), where flock exists."""
    try:
        import fcntl

        fd = os.open(folder, os.O_RDONLY)
    except (ImportError, OSError):
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _set_aside(path: Path, now: datetime) -> Path:
    """Move the damaged file and its sidecars to a free `.damaged-STAMP` name (0600); the name."""
    base = f"{path.name}.damaged-{now.strftime(DAMAGED_STAMP)}"
    target, n = path.with_name(base), 1
    while any(Path(f"{target}{s}").exists() for s in ("", "-wal", "-shm")):
        n += 1
        target = path.with_name(f"{base}-{n}")
    try:
        # Sidecars first: an old -wal left beside a fresh database would be replayed into it.
        for suffix in ("-wal", "-shm", ""):
            source, moved = Path(f"{path}{suffix}"), Path(f"{target}{suffix}")
            if source.exists():
                os.replace(source, moved)
                with contextlib.suppress(OSError):
                    os.chmod(moved, 0o600)
    except OSError as exc:
        raise StoreError(
            f"{path} is damaged, and coach could not move it aside to start a fresh one "
            f"({exc.strerror or exc}). Nothing was deleted. Make {path.parent} writable or "
            "move the file away yourself, then try again."
        ) from exc
    return target
