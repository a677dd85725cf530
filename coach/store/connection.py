"""One open connection to the data file, and the plumbing every read and write goes through.

Every repetition is committed the moment it completes (WAL + synchronous=FULL survives a killed
process and a power cut); a second coach process writing at the same time is waited out
(`_retry`), and any other failure is worded by coach.store.errors. The reads and writes are
mixins over this class, put together as coach.store.Store.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Self, TypeVar

from coach.store.errors import RETRY_SECONDS, StoreError, _explain, _is_busy
from coach.store.schema import MIGRATIONS, SCHEMA_VERSION

T = TypeVar("T")


def _connect(path: Path) -> sqlite3.Connection:
    # IMMEDIATE makes each implicit write transaction take the write lock up front, so a busy
    # database waits in SQLite's busy handler instead of failing mid-way with BUSY_SNAPSHOT.
    return sqlite3.connect(path, timeout=5.0, isolation_level="IMMEDIATE")


class Connection:
    """One open connection to the data file; not shared between threads."""

    def __init__(self, path: Path, con: sqlite3.Connection) -> None:
        self._path = path
        self._con: sqlite3.Connection | None = con
        self._sidecars_secured = False
        self._held: str | None = None  # "write" or "read" inside immediate() / snapshot()

    @classmethod
    def open(cls, path: Path) -> Self:
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

    def __enter__(self) -> Self:
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
