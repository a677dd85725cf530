"""The local record of what the user actually did, kept in one SQLite file.

Adherence is only worth tracking if the record is honest, so every repetition is committed the
moment it completes (WAL + synchronous=FULL survives a killed process and a power cut), a second
coach process writing at the same time waits instead of failing, and every SQLite failure reaches
the caller as a `StoreError` whose message a person can act on. Stdlib only: the engine, the CLI
and tests use this without Textual.
"""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

# Index i upgrades a file from user_version i to i + 1. Never edit a released step: files already
# on users' disks were built by it. Add a new step instead.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        routine_id TEXT NOT NULL,
        routine_title TEXT NOT NULL,
        day TEXT NOT NULL,            -- the user's local day YYYY-MM-DD, fixed when saved
        started_at TEXT NOT NULL,     -- ISO 8601 local time with offset
        utc_offset_minutes INTEGER NOT NULL,
        ended_at TEXT,
        status TEXT NOT NULL
            CHECK(status IN ('in_progress', 'completed', 'partial', 'abandoned')),
        planned_seconds REAL NOT NULL,
        active_seconds REAL,
        paused_seconds REAL,
        targets TEXT NOT NULL,        -- JSON list of ints
        entered_by_hand INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX sessions_day ON sessions(day);
    CREATE INDEX sessions_routine_day ON sessions(routine_id, day);
    CREATE TABLE exercises (
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        idx INTEGER NOT NULL,
        name TEXT NOT NULL,
        reps_done INTEGER NOT NULL,
        target INTEGER NOT NULL,
        skipped INTEGER NOT NULL,
        started_at TEXT NOT NULL,
        ended_at TEXT NOT NULL,
        utc_offset_minutes INTEGER NOT NULL,
        PRIMARY KEY (session_id, idx)
    );
    CREATE TABLE reps (
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        exercise_idx INTEGER NOT NULL,
        rep INTEGER NOT NULL,
        completed_at TEXT NOT NULL,
        PRIMARY KEY (session_id, exercise_idx, rep)
    );
    """,
    """
    CREATE TABLE rest_days (
        day TEXT PRIMARY KEY,
        marked_at TEXT NOT NULL
    );
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)

FINISHED_STATUSES = ("completed", "partial", "abandoned")

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


@dataclass(frozen=True)
class RepRecord:
    session_id: int
    exercise_idx: int
    rep: int
    completed_at: datetime


@dataclass(frozen=True)
class ExerciseRecord:
    session_id: int
    idx: int
    name: str
    reps_done: int
    target: int
    skipped: bool
    started_at: datetime
    ended_at: datetime
    utc_offset_minutes: int


@dataclass(frozen=True)
class SessionRecord:
    id: int
    routine_id: str
    routine_title: str
    day: date
    started_at: datetime
    utc_offset_minutes: int
    ended_at: datetime | None
    status: str
    planned_seconds: float
    active_seconds: float | None
    paused_seconds: float | None
    targets: tuple[int, ...]
    entered_by_hand: bool
    exercises: tuple[ExerciseRecord, ...]
    reps_total: int

    @property
    def next_exercise_idx(self) -> int:
        """Where a resumed session picks up: after the furthest exercise that was saved."""
        return max((e.idx for e in self.exercises), default=-1) + 1


def _connect(path: Path) -> sqlite3.Connection:
    # IMMEDIATE makes each implicit write transaction take the write lock up front, so a busy
    # database waits in SQLite's busy handler instead of failing mid-way with BUSY_SNAPSHOT.
    return sqlite3.connect(path, timeout=5.0, isolation_level="IMMEDIATE")


def _iso(moment: datetime) -> tuple[str, int]:
    offset = moment.utcoffset()
    if offset is None:
        raise ValueError(f"naive datetime {moment!r}: the store needs the user's UTC offset")
    return moment.isoformat(), int(offset.total_seconds() // 60)


def _is_busy(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    text = str(exc).lower()
    return code in _BUSY_CODES or "locked" in text or "busy" in text


def _folder_writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK | os.X_OK)


def _explain(exc: BaseException, path: Path) -> StoreError:
    """Turns a low-level failure into the sentence the user sees, keeping the cause chained."""
    folder = path.parent
    if isinstance(exc, OSError):
        code, kind = exc.errno, None
    else:
        code, kind = None, getattr(exc, "sqlite_errorcode", 0) & 0xFF
    unchanged = "Nothing already stored was changed."
    if kind in _CORRUPT_CODES:
        return StoreCorrupt(f"{path} is not a coach database or is damaged.", path)
    if kind == sqlite3.SQLITE_FULL or code in (errno.ENOSPC, errno.EDQUOT):
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
    if kind == sqlite3.SQLITE_IOERR or code is not None:
        return StoreError(f"The disk reported an error while coach used {path}: {exc}. {unchanged}")
    return StoreError(f"coach could not use its data file {path}: {exc}.")


class Store:
    """One open connection to the data file; not shared between threads."""

    def __init__(self, path: Path, con: sqlite3.Connection) -> None:
        self._path = path
        self._con: sqlite3.Connection | None = con
        self._sidecars_secured = False

    @classmethod
    def open(cls, path: Path) -> Store:
        path = Path(path)
        try:
            if not path.parent.exists():
                path.parent.mkdir(mode=0o700, parents=True)
                os.chmod(path.parent, 0o700)  # mkdir's mode is filtered by the umask
            if path.exists():
                os.chmod(path, 0o600)
            else:
                # The history of someone's health is private: the file must never exist, even
                # for an instant, with the umask's default group/world read bits.
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            pass  # another coach process created it between our check and our open
        except OSError as exc:
            raise _explain(exc, path) from exc
        try:
            con = _connect(path)
        except sqlite3.Error as exc:
            raise _explain(exc, path) from exc
        store = cls(path, con)
        try:
            store._retry(store._configure)
            store._retry(store._migrate)
        except BaseException:
            store.close()
            raise
        store._secure_sidecars()
        return store

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def path(self) -> Path:
        return self._path

    @property
    def schema_version(self) -> int:
        return self._retry(self._user_version)

    # -- plumbing -------------------------------------------------------------------------------

    @property
    def _db(self) -> sqlite3.Connection:
        if self._con is None:
            raise StoreError(f"coach already closed its data file {self._path}.")
        return self._con

    def _configure(self) -> None:
        con = self._db
        mode = con.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise StoreError(f"coach could not switch {self._path} to WAL mode (got {mode}).")
        con.execute("PRAGMA synchronous=FULL")
        con.execute("PRAGMA foreign_keys=ON")

    def _user_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        con = self._db
        while (version := self._user_version()) < SCHEMA_VERSION:
            script = (
                f"BEGIN IMMEDIATE; {MIGRATIONS[version]}; "
                f"PRAGMA user_version={version + 1}; COMMIT;"
            )
            try:
                con.executescript(script)
            except sqlite3.Error:
                if con.in_transaction:
                    con.rollback()
                if self._user_version() > version:
                    continue  # another coach process ran this step first
                raise
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self._path} was written by a newer version of coach (schema {version}; this "
                f"version knows up to {SCHEMA_VERSION}). Update coach to open it."
            )

    def _retry(self, action: Callable[[], T]) -> T:
        """Runs `action`, waiting out other processes' locks, and explains any other failure."""
        deadline = time.monotonic() + RETRY_SECONDS
        delay = 0.01
        while True:
            try:
                return action()
            except sqlite3.Error as exc:
                remaining = deadline - time.monotonic()
                if _is_busy(exc) and remaining > 0:
                    time.sleep(min(delay, remaining))
                    delay = min(delay * 2, 0.25)
                    continue
                raise _explain(exc, self._path) from exc

    def _write(self, sql: str, params: Sequence[object]) -> sqlite3.Cursor:
        def attempt() -> sqlite3.Cursor:
            with self._db as con:  # commits on success: the row is on disk when this returns
                return con.execute(sql, params)

        cursor = self._retry(attempt)
        self._secure_sidecars()
        return cursor

    def _secure_sidecars(self) -> None:
        # SQLite gives -wal/-shm the db file's mode, but an older file may predate our chmod.
        if self._sidecars_secured:
            return
        done = True
        for suffix in ("-wal", "-shm"):
            sidecar = Path(f"{self._path}{suffix}")
            try:
                os.chmod(sidecar, 0o600)
            except FileNotFoundError:
                done = False
            except OSError:
                pass  # the data is saved; a foreign-owned sidecar is not worth failing over
        self._sidecars_secured = done

    # -- writes ---------------------------------------------------------------------------------

    def start_session(
        self,
        *,
        routine_id: str,
        routine_title: str,
        day: date,
        started_at: datetime,
        planned_seconds: float,
        targets: Sequence[int],
    ) -> int:
        started, offset = _iso(started_at)
        cursor = self._write(
            "INSERT INTO sessions (routine_id, routine_title, day, started_at, utc_offset_minutes,"
            " status, planned_seconds, targets) VALUES (?, ?, ?, ?, ?, 'in_progress', ?, ?)",
            (
                routine_id,
                routine_title,
                day.isoformat(),
                started,
                offset,
                float(planned_seconds),
                json.dumps([int(t) for t in targets]),
            ),
        )
        return int(cursor.lastrowid)

    def record_rep(
        self, session_id: int, exercise_idx: int, rep: int, completed_at: datetime
    ) -> None:
        completed, _ = _iso(completed_at)
        self._write(
            "INSERT OR REPLACE INTO reps (session_id, exercise_idx, rep, completed_at)"
            " VALUES (?, ?, ?, ?)",
            (session_id, exercise_idx, rep, completed),
        )

    def record_exercise(
        self,
        session_id: int,
        *,
        idx: int,
        name: str,
        reps_done: int,
        target: int,
        skipped: bool,
        started_at: datetime,
        ended_at: datetime,
    ) -> None:
        started, offset = _iso(started_at)
        ended, _ = _iso(ended_at)
        self._write(
            "INSERT OR REPLACE INTO exercises (session_id, idx, name, reps_done, target, skipped,"
            " started_at, ended_at, utc_offset_minutes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (session_id, idx, name, reps_done, target, int(bool(skipped)), started, ended, offset),
        )

    def finish_session(
        self,
        session_id: int,
        *,
        status: str,
        ended_at: datetime,
        active_seconds: float,
        paused_seconds: float,
    ) -> None:
        if status not in FINISHED_STATUSES:
            raise ValueError(f"status must be one of {FINISHED_STATUSES}, not {status!r}")
        ended, _ = _iso(ended_at)
        cursor = self._write(
            "UPDATE sessions SET status = ?, ended_at = ?, active_seconds = ?, paused_seconds = ?"
            " WHERE id = ?",
            (status, ended, float(active_seconds), float(paused_seconds), session_id),
        )
        if cursor.rowcount == 0:
            raise StoreError(f"coach could not find session {session_id} in {self._path}.")

    def abandon_session(self, session_id: int) -> None:
        # Only an unfinished session can be abandoned: relabelling a finished one would rewrite
        # history. ended_at stays empty because nobody knows when the user really stopped.
        self._write(
            "UPDATE sessions SET status = 'abandoned' WHERE id = ? AND status = 'in_progress'",
            (session_id,),
        )

    def abandon_stale(self, before_day: date) -> int:
        cursor = self._write(
            "UPDATE sessions SET status = 'abandoned' WHERE status = 'in_progress' AND day < ?",
            (before_day.isoformat(),),
        )
        return cursor.rowcount

    # -- reads ----------------------------------------------------------------------------------

    def _load(self, where: str, params: Sequence[object]) -> list[SessionRecord]:
        """Sessions matching `where` (over alias s) with their exercises, in exactly 2 queries."""

        def attempt() -> tuple[list[tuple], list[tuple]]:
            con = self._db
            sessions = con.execute(
                "SELECT s.id, s.routine_id, s.routine_title, s.day, s.started_at,"
                " s.utc_offset_minutes, s.ended_at, s.status, s.planned_seconds, s.active_seconds,"
                " s.paused_seconds, s.targets, s.entered_by_hand,"
                " (SELECT COUNT(*) FROM reps r WHERE r.session_id = s.id)"
                f" FROM sessions s WHERE {where}",
                params,
            ).fetchall()
            exercises = con.execute(
                "SELECT session_id, idx, name, reps_done, target, skipped, started_at, ended_at,"
                " utc_offset_minutes FROM exercises"
                f" WHERE session_id IN (SELECT s.id FROM sessions s WHERE {where})"
                " ORDER BY session_id, idx",
                params,
            ).fetchall()
            return sessions, exercises

        session_rows, exercise_rows = self._retry(attempt)
        by_session: dict[int, list[ExerciseRecord]] = {}
        for row in exercise_rows:
            sid, idx, name, done, target, skipped, started, ended, offset = row
            by_session.setdefault(sid, []).append(
                ExerciseRecord(
                    sid,
                    idx,
                    name,
                    done,
                    target,
                    bool(skipped),
                    datetime.fromisoformat(started),
                    datetime.fromisoformat(ended),
                    offset,
                )
            )
        records = [
            SessionRecord(
                id=r[0],
                routine_id=r[1],
                routine_title=r[2],
                day=date.fromisoformat(r[3]),
                started_at=datetime.fromisoformat(r[4]),
                utc_offset_minutes=r[5],
                ended_at=datetime.fromisoformat(r[6]) if r[6] is not None else None,
                status=r[7],
                planned_seconds=r[8],
                active_seconds=r[9],
                paused_seconds=r[10],
                targets=tuple(int(t) for t in json.loads(r[11])),
                entered_by_hand=bool(r[12]),
                exercises=tuple(by_session.get(r[0], ())),
                reps_total=r[13],
            )
            for r in session_rows
        ]
        # Sorted as instants, not text: around a DST change local ISO strings sort out of order.
        records.sort(key=lambda s: (s.started_at, s.id))
        return records

    def session(self, session_id: int) -> SessionRecord | None:
        found = self._load("s.id = ?", (session_id,))
        return found[0] if found else None

    def unfinished_session(self, day: date) -> SessionRecord | None:
        # Newest by id (creation order) rather than started_at, which a clock change can reorder.
        found = self._load(
            "s.id = (SELECT id FROM sessions WHERE day = ? AND status = 'in_progress'"
            " ORDER BY id DESC LIMIT 1)",
            (day.isoformat(),),
        )
        return found[0] if found else None

    def sessions_between(self, first: date, last: date) -> list[SessionRecord]:
        return self._load("s.day BETWEEN ? AND ?", (first.isoformat(), last.isoformat()))

    def reps_for(self, session_id: int) -> list[RepRecord]:
        rows = self._retry(
            lambda: self._db.execute(
                "SELECT session_id, exercise_idx, rep, completed_at FROM reps WHERE session_id = ?"
                " ORDER BY exercise_idx, rep",
                (session_id,),
            ).fetchall()
        )
        return [RepRecord(s, e, r, datetime.fromisoformat(c)) for s, e, r, c in rows]

    def integrity_ok(self) -> bool:
        try:
            rows = self._retry(lambda: self._db.execute("PRAGMA integrity_check").fetchall())
        except StoreCorrupt:
            return False
        return rows == [("ok",)]
