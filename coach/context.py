"""Everything a running coach needs, opened once: paths, config, routines, store and clocks.

The CLI, the full-screen app and the plain runner all start from `open_context`, so they read
the same files the same way, and tests swap in a folder and fake clocks in one place.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from coach.adherence import day_began, day_of
from coach.config import Config, load_config, write_default_config
from coach.engine import Clock, SessionEngine
from coach.model import Routine
from coach.paths import AppPaths, app_paths, ensure_private_dir
from coach.recorder import SessionRecorder, local_now
from coach.routines import Catalog, load_catalog
from coach.store import SessionRecord, Store, StoreCorrupt, StoreError, check_marker
from coach.writer import Writer

# Every SQLite file starts with these 16 bytes; a non-empty file without them is damaged.
SQLITE_MAGIC = b"SQLite format 3\x00"
DAMAGED_STAMP = "%Y%m%d-%H%M%S"
CHECK_EVERY_SECONDS = 7 * 24 * 3600


@dataclass
class AppContext:
    paths: AppPaths
    config: Config
    catalog: Catalog
    store: Store
    clock: Clock = time.monotonic
    wall_now: Callable[[], datetime] = local_now
    first_run: bool = False
    # One-line messages for the user about what happened while opening (e.g. a damaged data
    # file set aside): the CLI prints them to stderr, the app shows them as toasts.
    notices: list[str] = field(default_factory=list)
    sound: bool = field(init=False)
    speech: bool = field(init=False)

    def __post_init__(self) -> None:
        # Session toggles start from the config and live for this run only.
        self.sound = self.config.sound
        self.speech = self.config.speech

    def today(self) -> date:
        return day_of(self.wall_now(), self.config.day_starts_at)

    def new_session(
        self, routine: Routine, targets: list[int], writer: Writer | None = None
    ) -> tuple[SessionEngine, SessionRecorder]:
        """`writer`: the app's writer thread; without one, each save runs at once on `store`."""
        engine = SessionEngine(routine, targets, clock=self.clock)
        return engine, self._recorder(routine, engine, writer, None)

    def _recorder(
        self, routine: Routine, engine: SessionEngine, writer: Writer | None, sid: int | None
    ) -> SessionRecorder:
        return SessionRecorder(
            self.store,
            routine,
            engine,
            wall_now=self.wall_now,
            day_starts_at=self.config.day_starts_at,
            session_id=sid,
            writer=writer,
            monotonic=self.clock,
        )

    def resume_session(
        self, record: SessionRecord, routine: Routine, writer: Writer | None = None
    ) -> tuple[SessionEngine, SessionRecorder] | None:
        """Pick a killed or closed session up at its next unfinished exercise (None: none left)."""
        start = record.next_exercise_idx
        targets = list(record.targets)
        if start >= len(routine.exercises) or len(targets) != len(routine.exercises):
            return None
        # The reps of the interrupted exercise are saved: go on after them, never over them.
        saved = {r.rep for r in self.store.reps_for(record.id) if r.exercise_idx == start}
        done = 0
        while done + 1 in saved:
            done += 1
        engine = SessionEngine(
            routine, targets, clock=self.clock, start_exercise=start, start_reps=done
        )
        return engine, self._recorder(routine, engine, writer, record.id)

    def close(self) -> None:
        self.store.close()


def open_context(
    paths: AppPaths | None = None,
    *,
    clock: Clock = time.monotonic,
    wall_now: Callable[[], datetime] = local_now,
) -> AppContext:
    """Open config, routines and the store; ConfigError or StoreError are for the caller to word.

    A damaged data file does not stop coach: it is set aside with a timestamp, a fresh one is
    started, and `notices` says so (see `open_store`).
    """
    paths = paths or app_paths()
    ensure_private_dir(paths.config)
    ensure_private_dir(paths.state)
    first_run = write_default_config(paths.config_file)
    config = load_config(paths.config_file)
    catalog = load_catalog(paths.routines)
    now = wall_now()
    today = day_of(now, config.day_starts_at)
    began = day_began(now, config.day_starts_at)
    store, notices = open_store(paths.database, today, wall_now, began)
    return AppContext(
        paths=paths,
        config=config,
        catalog=catalog,
        store=store,
        clock=clock,
        wall_now=wall_now,
        first_run=first_run,
        notices=notices,
    )


def open_store(
    path: Path,
    today: date,
    wall_now: Callable[[], datetime] = local_now,
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
