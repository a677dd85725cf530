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
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import NamedTuple, TypeVar

from coach import record_dates

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
    # History over years: day digests read reps_done from the index alone, totals per exercise
    # walk names in order instead of sorting every row, and start-up finds the sessions left
    # in progress without visiting every day.
    """
    CREATE INDEX exercises_session_reps ON exercises(session_id, idx, reps_done);
    CREATE INDEX exercises_name_reps ON exercises(name, reps_done);
    CREATE INDEX sessions_in_progress ON sessions(day) WHERE status = 'in_progress';
    """,
    # The cramp diary. The checks repeat coach.cramps' rules so that no path (an import, another
    # version of coach) can store a value the rules and the doctor guidance would misread. One
    # cramp per muscle per moment: that is the key an import merges on.
    """
    CREATE TABLE cramps (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,             -- ISO 8601 local time with offset
        utc_offset_minutes INTEGER NOT NULL,
        day TEXT NOT NULL,            -- the user's local day YYYY-MM-DD, fixed when saved
        muscle TEXT NOT NULL CHECK(muscle IN ('calf', 'foot', 'front-thigh', 'back-thigh')),
        side TEXT CHECK(side IN ('left', 'right', 'both')),
        severity INTEGER CHECK(severity BETWEEN 1 AND 10),
        when_kind TEXT NOT NULL CHECK(when_kind IN ('night', 'day', 'exercise')),
        minutes REAL CHECK(minutes > 0 AND minutes <= 240),
        note TEXT CHECK(length(note) <= 500),
        logged_at TEXT NOT NULL,
        UNIQUE (at, muscle)
    );
    CREATE INDEX cramps_day ON cramps(day);
    """,
    # What was done stays done. A saved repetition is never rewritten or replaced (INSERT OR
    # REPLACE included: the insert trigger runs first); coach's own saves skip a rep that is
    # already there, so a resumed session, a redo after `back` or a retried save keep the first
    # row. An exercise row is only ever updated by a better pass over it: finished beats skipped,
    # then more repetitions beat fewer; a worse pass leaves it as it is.
    """
    CREATE TRIGGER reps_kept BEFORE INSERT ON reps
    WHEN EXISTS (SELECT 1 FROM reps WHERE session_id = NEW.session_id
                 AND exercise_idx = NEW.exercise_idx AND rep = NEW.rep)
    BEGIN SELECT RAISE(ABORT, 'a saved repetition is never rewritten'); END;
    CREATE TRIGGER reps_never_rewritten BEFORE UPDATE ON reps
    BEGIN SELECT RAISE(ABORT, 'a saved repetition is never rewritten'); END;
    CREATE TRIGGER exercises_kept BEFORE INSERT ON exercises
    WHEN EXISTS (SELECT 1 FROM exercises WHERE session_id = NEW.session_id AND idx = NEW.idx)
    BEGIN SELECT RAISE(ABORT, 'a saved exercise is only updated by a better pass'); END;
    CREATE TRIGGER exercises_never_lowered BEFORE UPDATE ON exercises
    WHEN NOT (NEW.session_id = OLD.session_id AND NEW.idx = OLD.idx AND (
        (NEW.skipped = 0 AND OLD.skipped = 1)
        OR (NEW.skipped = OLD.skipped AND NEW.reps_done > OLD.reps_done)))
    BEGIN SELECT RAISE(IGNORE); END;
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)

FINISHED_STATUSES = ("completed", "partial", "abandoned")

# What history reads starts here: a row stored before coach.record_dates existed (year 1, say)
# is kept and exported, but never counted or drawn.
_EARLIEST = record_dates.EARLIEST.isoformat()

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


class DayDigest(NamedTuple):
    """One day of the record reduced inside SQLite, for adherence over years of history.

    Every field but `any_by_hand` is about the sessions of one asked-for routine only.
    """

    day: date
    any_by_hand: bool  # a session of any routine that day was entered by hand
    sessions: int
    by_hand: bool
    completed: bool
    reps: bool  # at least one repetition was saved
    minimums_met: int  # exercise indexes whose best reps that day reached the given minimum


class RoutineCount(NamedTuple):
    routine_id: str
    routine_title: str  # as most recently saved
    sessions: int
    done: int
    partial: int
    by_hand: int


class ExerciseCount(NamedTuple):
    name: str
    reps: int
    sessions: int


@dataclass(frozen=True)
class RestDayRecord:
    day: date
    marked_at: datetime


@dataclass(frozen=True)
class NewExercise:
    idx: int
    name: str
    reps_done: int
    target: int
    skipped: bool
    started_at: datetime
    ended_at: datetime


@dataclass(frozen=True)
class NewRep:
    exercise_idx: int
    rep: int
    completed_at: datetime


@dataclass(frozen=True)
class NewSession:
    """A whole session written at once: entered by hand, imported, or generated for benchmarks."""

    routine_id: str
    routine_title: str
    day: date
    started_at: datetime
    status: str
    targets: tuple[int, ...]
    planned_seconds: float = 0.0
    ended_at: datetime | None = None
    active_seconds: float | None = None
    paused_seconds: float | None = None
    entered_by_hand: bool = False
    exercises: tuple[NewExercise, ...] = ()
    reps: tuple[NewRep, ...] = ()


@dataclass(frozen=True)
class MergeResult:
    sessions_added: int
    sessions_present: int
    rest_days_added: int
    rest_days_present: int
    cramps_added: int = 0
    cramps_present: int = 0


@dataclass(frozen=True)
class NewCramp:
    """A cramp to write, already checked by coach.cramps (the table's CHECKs are the backstop)."""

    at: datetime
    day: date
    muscle: str
    when_kind: str
    logged_at: datetime
    side: str | None = None
    severity: int | None = None
    minutes: float | None = None
    note: str | None = None


@dataclass(frozen=True)
class CrampRecord:
    id: int
    at: datetime
    utc_offset_minutes: int
    day: date
    muscle: str
    side: str | None
    severity: int | None
    when_kind: str
    minutes: float | None
    note: str | None
    logged_at: datetime


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


_INSERT_SESSION = (
    "INSERT INTO sessions (routine_id, routine_title, day, started_at, utc_offset_minutes,"
    " ended_at, status, planned_seconds, active_seconds, paused_seconds, targets,"
    " entered_by_hand) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_EXERCISE = (
    "INSERT INTO exercises (session_id, idx, name, reps_done, target, skipped, started_at,"
    " ended_at, utc_offset_minutes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_REP = "INSERT INTO reps (session_id, exercise_idx, rep, completed_at) VALUES (?, ?, ?, ?)"


def _session_rows(s: NewSession) -> tuple[tuple, list[tuple], list[tuple]]:
    """The rows for one NewSession, checked before any transaction starts (ids filled later)."""
    if s.status not in FINISHED_STATUSES:
        raise ValueError(f"a session written whole must be finished, not {s.status!r}")
    started, offset = _iso(s.started_at)
    ended = _iso(s.ended_at)[0] if s.ended_at is not None else None
    later = [e.started_at for e in s.exercises] + [e.ended_at for e in s.exercises]
    later += [r.completed_at for r in s.reps] + ([s.ended_at] if s.ended_at else [])
    _refuse_dates(
        record_dates.day_problem(s.day, s.day),
        record_dates.times_problem(s.day, [s.started_at], after=1),
        record_dates.times_problem(s.day, later),
    )
    row = (
        s.routine_id,
        s.routine_title,
        s.day.isoformat(),
        started,
        offset,
        ended,
        s.status,
        float(s.planned_seconds),
        None if s.active_seconds is None else float(s.active_seconds),
        None if s.paused_seconds is None else float(s.paused_seconds),
        json.dumps([int(t) for t in s.targets]),
        int(bool(s.entered_by_hand)),
    )
    exercises = []
    for e in s.exercises:
        ex_started, ex_offset = _iso(e.started_at)
        exercises.append(
            (
                e.idx,
                e.name,
                int(e.reps_done),
                int(e.target),
                int(bool(e.skipped)),
                ex_started,
                _iso(e.ended_at)[0],
                ex_offset,
            )
        )
    reps = [(r.exercise_idx, r.rep, _iso(r.completed_at)[0]) for r in s.reps]
    return row, exercises, reps


_INSERT_CRAMP = (
    "INSERT INTO cramps (at, utc_offset_minutes, day, muscle, side, severity, when_kind, minutes,"
    " note, logged_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _cramp_row(c: NewCramp) -> tuple:
    _refuse_dates(
        record_dates.day_problem(c.day, c.day), record_dates.times_problem(c.day, [c.at], after=1)
    )
    at, offset = _iso(c.at)
    minutes = None if c.minutes is None else float(c.minutes)
    severity = None if c.severity is None else int(c.severity)
    row = (at, offset, c.day.isoformat(), c.muscle, c.side, severity, c.when_kind, minutes)
    return (*row, c.note, _iso(c.logged_at)[0])


def _cramp_record(row: tuple) -> CrampRecord:
    cid, at, offset, day, muscle, side, severity, when_kind, minutes, note, logged = row
    return CrampRecord(
        id=cid,
        at=datetime.fromisoformat(at),
        utc_offset_minutes=offset,
        day=date.fromisoformat(day),
        muscle=muscle,
        side=side,
        severity=severity,
        when_kind=when_kind,
        minutes=minutes,
        note=note,
        logged_at=datetime.fromisoformat(logged),
    )


def _insert_session(
    con: sqlite3.Connection, row: tuple, exercises: list[tuple], reps: list[tuple]
) -> int:
    sid = int(con.execute(_INSERT_SESSION, row).lastrowid)
    con.executemany(_INSERT_EXERCISE, [(sid, *e) for e in exercises])
    con.executemany(_INSERT_REP, [(sid, *r) for r in reps])
    return sid


def _last_saved(con: sqlite3.Connection, session_id: int) -> datetime:
    """The latest moment a session saved: its start, a rep or the end of an exercise."""
    rows = con.execute(
        "SELECT started_at FROM sessions WHERE id = ?1 UNION ALL"
        " SELECT completed_at FROM reps WHERE session_id = ?1 UNION ALL"
        " SELECT ended_at FROM exercises WHERE session_id = ?1",
        (session_id,),
    ).fetchall()
    return max(datetime.fromisoformat(r[0]) for r in rows)


class Store:
    """One open connection to the data file; not shared between threads."""

    def __init__(self, path: Path, con: sqlite3.Connection) -> None:
        self._path = path
        self._con: sqlite3.Connection | None = con
        self._sidecars_secured = False
        self._held: str | None = None  # "write" or "read" inside immediate() / snapshot()

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

    @contextmanager
    def immediate(self) -> Iterator[None]:
        """Run a rule that reads and then writes as one BEGIN IMMEDIATE transaction.

        The write lock is taken before the first read, so a second coach process checking the
        same rule waits and then reads what the first one wrote: two `coach rest` at the same
        moment cannot both pass the one-rest-day-in-7 rule. Writes inside are committed
        together when the block ends, and none of them if it raises. Re-entrant.
        """
        if self._held == "write":
            yield
            return
        if self._held is not None:
            raise RuntimeError("immediate() inside snapshot(): a read cannot become a write")
        con = self._db
        self._retry(lambda: con.execute("BEGIN IMMEDIATE"))
        self._held = "write"
        try:
            yield
        except BaseException:
            con.rollback()
            raise
        else:
            self._retry(con.commit)
        finally:
            self._held = None
        self._secure_sidecars()

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Every read inside sees the same moment of the record (one WAL read transaction):
        an export taken during a session never shows a rep count its rep rows disagree with.
        Re-entrant; inside immediate() the write transaction is that moment already."""
        if self._held is not None:
            yield
            return
        con = self._db
        self._retry(lambda: con.execute("BEGIN"))
        self._held = "read"
        try:
            yield
        finally:
            self._held = None
            con.rollback()  # nothing was written: ending the read transaction is all it does

    def _write(self, sql: str, params: Sequence[object]) -> sqlite3.Cursor:
        if self._held == "write":
            return self._db.execute(sql, params)  # committed when immediate() ends
        if self._held == "read":
            raise RuntimeError("a write inside snapshot()")

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
        _refuse_dates(
            record_dates.clock_problem(started_at),
            record_dates.times_problem(day, [started_at], after=1),
        )
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
        """Saving a rep that is already saved keeps the first row (the schema refuses more)."""
        completed, _ = _iso(completed_at)
        self._write(
            "INSERT INTO reps (session_id, exercise_idx, rep, completed_at) SELECT ?, ?, ?, ?"
            " WHERE NOT EXISTS (SELECT 1 FROM reps WHERE session_id = ? AND exercise_idx = ?"
            " AND rep = ?)",
            (session_id, exercise_idx, rep, completed, session_id, exercise_idx, rep),
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
        """The first pass over an exercise, or a better one; a worse pass changes nothing.

        The rule lives in the schema (MIGRATIONS step 5): the update is ignored unless this
        pass is better, so no writer can lower what is stored.
        """
        started, offset = _iso(started_at)
        ended, _ = _iso(ended_at)
        row = (name, reps_done, target, int(bool(skipped)), started, ended, offset)

        def attempt() -> None:
            with self._db as con:
                con.execute(
                    "INSERT INTO exercises (session_id, idx, name, reps_done, target, skipped,"
                    " started_at, ended_at, utc_offset_minutes) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?"
                    " WHERE NOT EXISTS (SELECT 1 FROM exercises WHERE session_id = ? AND idx = ?)",
                    (session_id, idx, *row, session_id, idx),
                )
                con.execute(
                    "UPDATE exercises SET name = ?, reps_done = ?, target = ?, skipped = ?,"
                    " started_at = ?, ended_at = ?, utc_offset_minutes = ?"
                    " WHERE session_id = ? AND idx = ?",
                    (*row, session_id, idx),
                )

        self._retry(attempt)
        self._secure_sidecars()

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

    def abandon_stale(self, before_day: date, active_since: datetime | None = None) -> int:
        """Set aside sessions left in progress before `before_day`; one that saved something
        at or after `active_since` (it ran across the day boundary) stays resumable."""
        if active_since is None:
            cursor = self._write(
                "UPDATE sessions SET status = 'abandoned' WHERE status = 'in_progress' AND day < ?",
                (before_day.isoformat(),),
            )
            return cursor.rowcount

        def attempt() -> int:
            with self._db as con:
                stale = [
                    (sid,)
                    for (sid,) in con.execute(
                        "SELECT id FROM sessions WHERE status = 'in_progress' AND day < ?",
                        (before_day.isoformat(),),
                    ).fetchall()
                    if _last_saved(con, sid) < active_since
                ]
                con.executemany("UPDATE sessions SET status = 'abandoned' WHERE id = ?", stale)
                return len(stale)

        count = self._retry(attempt)
        self._secure_sidecars()
        return count

    def mark_rest_day(self, day: date, marked_at: datetime) -> bool:
        """Mark `day` as rest; False if it already was (the first mark's time is kept).

        The rest-day rule is the caller's to check (see adherence.rest_day_allowed): the store
        keeps whatever was decided, and classify() ignores rests beyond the rule anyway.
        """
        marked, _ = _iso(marked_at)
        _refuse_dates(record_dates.day_problem(day, marked_at.date(), plan=True))
        cursor = self._write(
            "INSERT OR IGNORE INTO rest_days (day, marked_at) VALUES (?, ?)",
            (day.isoformat(), marked),
        )
        return cursor.rowcount == 1

    def unmark_rest_day(self, day: date) -> bool:
        cursor = self._write("DELETE FROM rest_days WHERE day = ?", (day.isoformat(),))
        return cursor.rowcount == 1

    def remove_hand_entries(self, day: date, routine_id: str | None = None) -> list[str]:
        """Remove the sessions entered by hand on `day` (of `routine_id` only, if given), with
        their exercises and reps, in one transaction; the titles removed.

        Sessions recorded by the app are never touched: entered_by_hand is part of the
        condition, not a check made before it.
        """
        where = "day = ? AND entered_by_hand = 1" + (" AND routine_id = ?" if routine_id else "")
        params = (day.isoformat(), routine_id) if routine_id else (day.isoformat(),)

        def attempt() -> list[str]:
            with self._db as con:
                con.execute("BEGIN IMMEDIATE")
                rows = con.execute(
                    f"SELECT id, routine_title FROM sessions WHERE {where} ORDER BY id", params
                ).fetchall()
                ids = [(sid,) for sid, _ in rows]
                con.executemany("DELETE FROM reps WHERE session_id = ?", ids)
                con.executemany("DELETE FROM exercises WHERE session_id = ?", ids)
                con.executemany("DELETE FROM sessions WHERE id = ?", ids)
                return [title for _, title in rows]

        return self._retry(attempt)

    def delete_cramp(self, cramp_id: int) -> CrampRecord | None:
        """Remove one cramp from the diary; the entry removed, or None if there was none."""

        def attempt() -> CrampRecord | None:
            with self._db as con:
                con.execute("BEGIN IMMEDIATE")
                row = con.execute(
                    "SELECT id, at, utc_offset_minutes, day, muscle, side, severity, when_kind,"
                    " minutes, note, logged_at FROM cramps WHERE id = ?",
                    (cramp_id,),
                ).fetchone()
                if row is not None:
                    con.execute("DELETE FROM cramps WHERE id = ?", (cramp_id,))
                return row

        row = self._retry(attempt)
        return None if row is None else _cramp_record(row)

    def add_cramp(self, cramp: NewCramp) -> int:
        """Write one cramp to the diary; its id. CrampExists if that muscle at that moment is
        already there (the import key), so the same entry made twice is one record, not two."""
        row = _cramp_row(cramp)

        def attempt() -> tuple[int, bool]:
            with self._db as con:
                con.execute("BEGIN IMMEDIATE")  # the check and the insert as one
                found = con.execute(
                    "SELECT id FROM cramps WHERE at = ? AND muscle = ?", (row[0], row[3])
                ).fetchone()
                if found is not None:
                    return int(found[0]), False
                return int(con.execute(_INSERT_CRAMP, row).lastrowid), True

        cramp_id, added = self._retry(attempt)
        if not added:
            raise CrampExists(
                f"a {cramp.muscle} cramp at {row[0]} is already in the diary", cramp_id
            )
        self._secure_sidecars()
        return cramp_id

    def add_session(self, session: NewSession) -> int:
        """Write a finished session with its exercises and reps in one transaction; its id.

        All or nothing, unlike the rep-by-rep path: a hand-entered day is one decision, and half
        of it on disk would be a record the user never made.
        """
        row, exercises, reps = _session_rows(session)

        def attempt() -> int:
            with self._db as con:
                return _insert_session(con, row, exercises, reps)

        session_id = self._retry(attempt)
        self._secure_sidecars()
        return session_id

    def add_session_once(self, session: NewSession) -> tuple[int, bool]:
        """Add a hand-entered session unless one of its routine is already stored by hand for
        its day: (the id, True) when added, (the stored one's id, False) when not.

        The check runs inside the write transaction, as in `merge`, so two coach processes
        logging the same day at once store it once.
        """
        row, exercises, reps = _session_rows(session)
        if not session.entered_by_hand:
            raise ValueError("add_session_once is for sessions entered by hand")

        def attempt() -> tuple[int, bool]:
            with self._db as con:
                con.execute("BEGIN IMMEDIATE")
                found = con.execute(
                    "SELECT id FROM sessions WHERE routine_id = ? AND day = ?"
                    " AND entered_by_hand = 1 ORDER BY id LIMIT 1",
                    (session.routine_id, session.day.isoformat()),
                ).fetchone()
                if found is not None:
                    return int(found[0]), False
                return _insert_session(con, row, exercises, reps), True

        result = self._retry(attempt)
        self._secure_sidecars()
        return result

    def merge(
        self,
        sessions: Iterable[NewSession],
        rest_days: Iterable[RestDayRecord] = (),
        cramps: Iterable[NewCramp] = (),
    ) -> MergeResult:
        """Add sessions, rest days and cramps that are not stored yet, all in one transaction.

        A session is the same one when its routine id and its start time (as written, with its
        offset) match, and a cramp when its time (as written) and its muscle do, so merging the
        same export twice adds nothing the second time. Nothing stored is ever changed or
        removed. The keys are read inside the write transaction, so two coach processes merging
        at once cannot both add the same session.
        """
        prepared = [(s.routine_id, *_session_rows(s)) for s in sessions]
        rest_days = list(rest_days)
        _refuse_dates(
            *(record_dates.day_problem(r.day, r.marked_at.date(), plan=True) for r in rest_days)
        )
        rests = [(r.day.isoformat(), _iso(r.marked_at)[0]) for r in rest_days]
        cramp_rows = [_cramp_row(c) for c in cramps]

        def attempt() -> MergeResult:
            with self._db as con:
                con.execute("BEGIN IMMEDIATE")
                seen = set(con.execute("SELECT routine_id, started_at FROM sessions"))
                added = present = 0
                ex_rows: list[tuple] = []
                rep_rows: list[tuple] = []
                for routine_id, row, exercises, reps in prepared:
                    key = (routine_id, row[3])
                    if key in seen:
                        present += 1
                        continue
                    seen.add(key)
                    sid = con.execute(_INSERT_SESSION, row).lastrowid
                    ex_rows.extend((sid, *e) for e in exercises)
                    rep_rows.extend((sid, *r) for r in reps)
                    added += 1
                con.executemany(_INSERT_EXERCISE, ex_rows)
                con.executemany(_INSERT_REP, rep_rows)
                rest_added = 0
                if rests:
                    cursor = con.executemany(
                        "INSERT OR IGNORE INTO rest_days (day, marked_at) VALUES (?, ?)", rests
                    )
                    rest_added = cursor.rowcount
                distinct_rests = len({day for day, _ in rests})
                cramps_added = cramps_present = 0
                if cramp_rows:
                    known = set(con.execute("SELECT at, muscle FROM cramps"))
                    fresh = []
                    for row in cramp_rows:
                        key = (row[0], row[3])
                        if key in known:
                            cramps_present += 1
                            continue
                        known.add(key)
                        fresh.append(row)
                    con.executemany(_INSERT_CRAMP, fresh)
                    cramps_added = len(fresh)
                return MergeResult(
                    added,
                    present,
                    rest_added,
                    distinct_rests - rest_added,
                    cramps_added,
                    cramps_present,
                )

        result = self._retry(attempt)
        self._secure_sidecars()
        return result

    # -- reads ----------------------------------------------------------------------------------

    def _load(self, where: str, params: Sequence[object]) -> list[SessionRecord]:
        """Sessions matching `where` (over alias s) with their exercises, in exactly 2 queries."""

        def attempt() -> tuple[list[tuple], list[tuple]]:
            con = self._db
            with self.snapshot():  # sessions and their exercises as of one moment
                return read(con)

        def read(con: sqlite3.Connection) -> tuple[list[tuple], list[tuple]]:
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

    def unfinished_session(
        self, day: date, active_since: datetime | None = None
    ) -> SessionRecord | None:
        """The session to offer for resuming on `day`: the newest one left in progress that day,
        or one begun on an earlier day that saved something at or after `active_since` (a
        session that ran across the day boundary is still today's to finish)."""

        def attempt() -> int | None:
            # Newest by id (creation order) rather than started_at, which a clock change can
            # reorder.
            con = self._db
            rows = con.execute(
                "SELECT id, day FROM sessions WHERE status = 'in_progress' AND day <= ?"
                " ORDER BY id DESC",
                (day.isoformat(),),
            ).fetchall()
            for sid, on in rows:
                if on == day.isoformat():
                    return sid
            for sid, _ in rows:
                if active_since is not None and _last_saved(con, sid) >= active_since:
                    return sid
            return None

        sid = self._retry(attempt)
        return None if sid is None else self.session(sid)

    def sessions_between(self, first: date, last: date) -> list[SessionRecord]:
        return self._load("s.day BETWEEN ? AND ?", (first.isoformat(), last.isoformat()))

    def all_sessions(self) -> list[SessionRecord]:
        """Every session with its exercises, oldest first, in 2 queries (for export)."""
        return self._load("1 = 1", ())

    def all_reps(self) -> dict[int, list[RepRecord]]:
        """Every rep ever saved, by session id, in 1 query (for export)."""
        rows = self._retry(
            lambda: self._db.execute(
                "SELECT session_id, exercise_idx, rep, completed_at FROM reps"
                " ORDER BY session_id, exercise_idx, rep"
            ).fetchall()
        )
        by_session: dict[int, list[RepRecord]] = {}
        for s, e, r, c in rows:
            by_session.setdefault(s, []).append(RepRecord(s, e, r, datetime.fromisoformat(c)))
        return by_session

    def rest_days(self, first: date | None = None, last: date | None = None) -> list[RestDayRecord]:
        """Marked rest days in date order, optionally only those from `first` to `last`."""
        rows = self._retry(
            lambda: self._db.execute(
                "SELECT day, marked_at FROM rest_days WHERE day BETWEEN ? AND ? ORDER BY day",
                (
                    first.isoformat() if first else "0000-00-00",
                    last.isoformat() if last else "9999-99-99",
                ),
            ).fetchall()
        )
        return [RestDayRecord(date.fromisoformat(d), datetime.fromisoformat(m)) for d, m in rows]

    def cramps(self, first: date | None = None, last: date | None = None) -> list[CrampRecord]:
        """Cramps newest first, optionally only those on the local days `first` to `last`.

        One query; sorted as instants, not text, since local ISO strings around a DST change
        (or after a flight) do not sort in the order things happened.
        """
        rows = self._retry(
            lambda: self._db.execute(
                "SELECT id, at, utc_offset_minutes, day, muscle, side, severity, when_kind,"
                " minutes, note, logged_at FROM cramps WHERE day BETWEEN ? AND ?",
                (
                    first.isoformat() if first else "0000-00-00",
                    last.isoformat() if last else "9999-99-99",
                ),
            ).fetchall()
        )
        records = [_cramp_record(r) for r in rows]
        records.sort(key=lambda c: (c.at, c.id), reverse=True)
        return records

    def day_digests(
        self, routine_id: str, minimums: Sequence[int] | None, last: date
    ) -> list[DayDigest]:
        """Per day up to `last`, what the adherence rules need, in 1 query however long the record.

        Loading every session and exercise as objects costs far more than the rules themselves
        over ten years; here SQLite does the reduction. `minimums[i]` is exercise i's minimum
        reps, so `minimums_met == len(minimums)` is daily.routine_done's test, moved into SQL
        (tests/test_store_history.py checks the two agree on random histories).
        """
        pairs = list(enumerate(minimums or ()))
        # ?1 is the routine, ?2 the last day, then (index, minimum) pairs from ?3 on.
        whens = " ".join(f"WHEN ?{3 + 2 * i} THEN ?{4 + 2 * i}" for i in range(len(pairs)))
        minimum = f"CASE e.idx {whens} END" if pairs else "NULL"
        # Walks sessions in day order on the sessions_day index, so grouping needs no sorting;
        # per session, the exercises that reached their minimum come from the primary key.
        sql = f"""
            SELECT s.day, MAX(s.entered_by_hand), SUM(s.routine_id = ?1),
                   MAX(s.routine_id = ?1 AND s.entered_by_hand),
                   MAX(s.routine_id = ?1 AND s.status = 'completed'),
                   MAX(s.routine_id = ?1
                       AND EXISTS (SELECT 1 FROM reps r WHERE r.session_id = s.id)),
                   group_concat(CASE WHEN s.routine_id = ?1 THEN (
                       SELECT group_concat(e.idx) FROM exercises e
                       WHERE e.session_id = s.id AND e.reps_done >= {minimum}) END)
            FROM sessions s WHERE s.day BETWEEN '{_EARLIEST}' AND ?2
            GROUP BY s.day ORDER BY s.day
        """
        params = [routine_id, last.isoformat(), *(v for pair in pairs for v in pair)]
        rows = self._retry(lambda: self._db.execute(sql, params).fetchall())
        # Across a day's sessions an exercise may reach its minimum more than once: count it once.
        return [
            DayDigest(
                date.fromisoformat(d),
                bool(a),
                n,
                bool(h),
                bool(c),
                bool(r),
                (len(set(met.split(","))) if n > 1 else met.count(",") + 1) if met else 0,
            )
            for d, a, n, h, c, r, met in rows
        ]

    def exercise_days(self, routine_id: str, last: date) -> list[tuple[date, int, str, int, bool]]:
        """(day, idx, name, reps_done, short_skip) for every saved exercise of one routine up to
        `last`, in 1 query: what progression reads, without loading whole sessions.

        short_skip: skipped before its target (a skip after reaching it still counts as done).
        """
        sql = f"""
            SELECT s.day, e.idx, e.name, e.reps_done, e.skipped AND e.reps_done < e.target
            FROM exercises e JOIN sessions s ON s.id = e.session_id
            WHERE s.routine_id = ? AND s.day BETWEEN '{_EARLIEST}' AND ?
        """
        rows = self._retry(lambda: self._db.execute(sql, (routine_id, last.isoformat())).fetchall())
        return [(date.fromisoformat(d), i, n, r, bool(k)) for d, i, n, r, k in rows]

    def totals(
        self, first: date | None = None, last: date | None = None
    ) -> tuple[list[RoutineCount], list[ExerciseCount]]:
        """Sessions per routine and reps per exercise, in 2 queries: over the whole record, or
        over the days from `first` to `last` (the report's period).

        A session counts once it holds something: completed or entered by hand is done, any
        other with a saved rep is partial (as for days); one opened and left with no rep is not
        counted. The title is the one saved last, in case a routine was renamed.
        """
        days = ((first or date.min).isoformat(), (last or date.max).isoformat())
        ranged = first is not None or last is not None
        # The whole record needs no day filter on exercises (History at ten years is timed).
        period = "AND session_id IN (SELECT id FROM sessions WHERE day BETWEEN ? AND ?)"
        # A bare column beside MAX() takes its value from the row holding the maximum (SQLite).
        routines_sql = """
            SELECT routine_id, routine_title, COUNT(*), SUM(done), SUM(NOT done), SUM(hand),
                   MAX(id)
            FROM (
                SELECT s.id, s.routine_id, s.routine_title, s.entered_by_hand AS hand,
                       s.status = 'completed' OR s.entered_by_hand AS done
                FROM sessions s WHERE s.day BETWEEN ? AND ?
            ) x
            -- Only sessions that are not done need the reps looked up: CASE keeps it lazy.
            WHERE CASE WHEN done THEN 1
                  ELSE EXISTS (SELECT 1 FROM reps r WHERE r.session_id = x.id) END
            GROUP BY routine_id ORDER BY COUNT(*) DESC, routine_id
        """
        exercises_sql = f"""
            SELECT name, SUM(reps_done), COUNT(*) FROM exercises
            WHERE reps_done > 0 {period if ranged else ""}
            GROUP BY name ORDER BY SUM(reps_done) DESC, name
        """

        def attempt() -> tuple[list[tuple], list[tuple]]:
            con = self._db
            return (
                con.execute(routines_sql, days).fetchall(),
                con.execute(exercises_sql, days if ranged else ()).fetchall(),
            )

        routines, exercises = self._retry(attempt)
        return [RoutineCount(*r[:6]) for r in routines], [ExerciseCount(*e) for e in exercises]

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
