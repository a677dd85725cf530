"""Every way the record can fail, in words the person at the keyboard can act on.

Each SQLite or OS failure reaches callers as a `StoreError` whose str() is the whole message,
with the low-level cause chained; a damaged file becomes `StoreCorrupt`, which the next start
sets aside (see coach.store.recovery).
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

# Long enough to outlast another coach process's write burst; short enough that a wedged lock
# becomes a message rather than a frozen screen.
RETRY_SECONDS = 30.0

_BUSY_CODES = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}
_CORRUPT_CODES = {sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT}
_READONLY_CODES = {sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_CANTOPEN}


class StoreError(Exception):
    """A failure explained for the person at the keyboard; str() is the whole message."""


class StoreCorrupt(StoreError):
    """The file exists but is not a readable coach database; `path` is what to move aside."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


class DateRefused(StoreError):
    """A day or time outside any real life, or one that disagrees with its day (see
    coach.record_dates): refused before anything is written. A usage error, not a disk's."""


def _refuse_dates(*problems: str | None) -> None:
    for problem in problems:
        if problem is not None:
            raise DateRefused(problem)


class CrampExists(StoreError):
    """A cramp of the same muscle at the same moment is already in the diary (`existing_id`)."""

    def __init__(self, message: str, existing_id: int) -> None:
        super().__init__(message)
        self.existing_id = existing_id


def _is_busy(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    text = str(exc).lower()
    return code in _BUSY_CODES or "locked" in text or "busy" in text


def _folder_writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK | os.X_OK)


def _disk_full(folder: Path) -> bool:
    """Whether the filesystem holding `folder` has no block left for an ordinary write."""
    try:
        return os.statvfs(folder).f_bavail == 0
    except (OSError, ValueError):
        return False


def check_marker(path: Path) -> Path:
    """A file beside the database that asks the next opening to run SQLite's full check."""
    return path.with_name(path.name + ".check")


def mark_for_check(path: Path) -> None:
    """Damage was seen at run time: the next start checks every page and sets the file aside."""
    try:
        fd = os.open(check_marker(path), os.O_WRONLY | os.O_CREAT, 0o600)
        os.close(fd)
    except OSError:
        pass  # a read-only or full folder: the error itself is reported anyway


def _explain(exc: BaseException, path: Path) -> StoreError:
    """Turns a low-level failure into the sentence the user sees, keeping the cause chained."""
    folder = path.parent
    if isinstance(exc, OSError):
        code, kind = exc.errno, None
    else:
        code, kind = None, getattr(exc, "sqlite_errorcode", 0) & 0xFF
    unchanged = "Nothing already stored was changed."
    if kind in _CORRUPT_CODES:
        mark_for_check(path)
        return StoreCorrupt(
            f"{path} is not a coach database or is damaged: coach will keep it aside and start "
            "a fresh record the next time it opens.",
            path,
        )
    # With no -shm file yet, a full disk reaches us as an I/O error (SQLITE_IOERR_SHMSIZE, or
    # EIO), not as SQLITE_FULL: the filesystem itself says whether it is out of space.
    io_error = kind == sqlite3.SQLITE_IOERR or code == errno.EIO
    full = kind == sqlite3.SQLITE_FULL or code in (errno.ENOSPC, errno.EDQUOT)
    if full or (io_error and _disk_full(folder)):
        return StoreError(
            f"The disk holding {folder} is full: coach could not save. {unchanged} "
            "Free some space and try again."
        )
    # CANTOPEN/PERM also mean "missing file" or "bad path"; only blame read-only when it is so.
    readonly = code in (errno.EROFS, errno.EACCES, errno.EPERM) or kind == sqlite3.SQLITE_READONLY
    readonly = readonly or (kind in _READONLY_CODES and not _folder_writable(folder))
    if readonly:
        return StoreError(f"The data folder {folder} is read-only: coach cannot save. {unchanged}")
    if isinstance(exc, sqlite3.Error) and _is_busy(exc):
        return StoreError(
            f"Another coach window kept {path} busy for over {RETRY_SECONDS:.0f} seconds, "
            f"so coach could not save. {unchanged} Close the other window and try again."
        )
    if code in (errno.ENOTDIR, errno.EEXIST) or (
        os.path.lexists(folder) and not os.path.isdir(folder)
    ):
        return StoreError(
            f"{folder} is a file, but coach keeps its data in a folder of that name. {unchanged} "
            "Move the file away (or set COACH_HOME to another folder), then try again."
        )
    if kind == sqlite3.SQLITE_IOERR or code is not None:
        return StoreError(f"The disk reported an error while coach used {path}: {exc}. {unchanged}")
    return StoreError(f"coach could not use its data file {path}: {exc}.")
