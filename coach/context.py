"""Everything a running coach needs, opened once: paths, config, routines, store and clocks.

The CLI, the full-screen app and the plain runner all start from `open_context`, so they read
the same files the same way, and tests swap in a folder and fake clocks in one place.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from coach.adherence import day_began, day_of
from coach.clocks import Clock, local_now
from coach.config import Config, load_config, write_default_config
from coach.paths import AppPaths, app_paths, ensure_private_dir
from coach.routines import Catalog, load_catalog
from coach.store import SessionRecord, Store, open_store

if TYPE_CHECKING:  # the session's modules load when a session starts, not with the app
    from coach.engine import SessionEngine
    from coach.model import Routine
    from coach.recorder import SessionRecorder
    from coach.writer import Writer


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
        from coach.engine import SessionEngine

        engine = SessionEngine(routine, targets, clock=self.clock)
        return engine, self._recorder(routine, engine, writer, None)

    def _recorder(
        self, routine: Routine, engine: SessionEngine, writer: Writer | None, sid: int | None
    ) -> SessionRecorder:
        from coach.recorder import SessionRecorder

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
        self,
        record: SessionRecord,
        routine: Routine,
        writer: Writer | None = None,
        store: Store | None = None,
    ) -> tuple[SessionEngine, SessionRecorder] | None:
        """Pick a killed or closed session up at its next unfinished exercise (None: none left).

        `store`: the connection to read its saved reps on (the app's writer thread's own)."""
        start = record.next_exercise_idx
        targets = list(record.targets)
        if start >= len(routine.exercises) or len(targets) != len(routine.exercises):
            return None
        # The reps of the interrupted exercise are saved: go on after them, never over them.
        reps = (store or self.store).reps_for(record.id)
        saved = {r.rep for r in reps if r.exercise_idx == start}
        done = 0
        while done + 1 in saved:
            done += 1
        from coach.engine import SessionEngine

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
    started, and `notices` says so (see coach.store.recovery.open_store).
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
