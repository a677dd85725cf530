"""Reminder test helpers: a wall clock moved by hand, a recording notifier, a "done" session."""

from __future__ import annotations

import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from coach.config import Config, Reminder
from coach.paths import AppPaths, app_paths
from coach.reminders.core import ReminderCore
from coach.reminders.notify import Note

BERLIN = ZoneInfo("Europe/Berlin")


class Wall:
    """Local wall time that only moves when a test says so (a suspend is just a big jump)."""

    def __init__(self, start: datetime) -> None:
        self.t = start

    def __call__(self) -> datetime:
        return self.t

    def set(self, *args: int) -> datetime:
        self.t = datetime(*args, tzinfo=self.t.tzinfo)
        return self.t

    def advance(self, **kwargs: float) -> datetime:
        self.t = self.t + timedelta(**kwargs)
        return self.t


class RecordingNotifier:
    def __init__(self) -> None:
        self.notes: list[Note] = []

    async def notify(self, note: Note) -> list[str]:
        self.notes.append(note)
        return ["test recorder"]


class Log:
    def __init__(self) -> None:
        self.lines: list[tuple[str, str, str]] = []

    def __call__(self, event: str, routine: str = "", detail: str = "") -> None:
        self.lines.append((event, routine, detail))

    def events(self, *kinds: str) -> list[tuple[str, str]]:
        return [(e, r) for e, r, _ in self.lines if not kinds or e in kinds]


@pytest.fixture
def paths(coach_home: Path) -> AppPaths:
    return app_paths({"COACH_HOME": str(coach_home)})


def make_core(
    paths: AppPaths,
    wall: Wall,
    reminders: tuple[Reminder, ...],
    *,
    done: set[tuple[str, date]] | None = None,
    **settings: int,
) -> tuple[ReminderCore, RecordingNotifier, Log]:
    config = Config(reminders=reminders, **settings)
    notifier, log = RecordingNotifier(), Log()
    finished = done if done is not None else set()

    async def is_done(routine: str, day: date) -> bool:
        return (routine, day) in finished

    core = ReminderCore(
        paths=paths,
        config=config,
        tz=wall.t.tzinfo,
        notifier=notifier,
        log=log,
        now=wall,
        is_done=is_done,
    )
    return core, notifier, log


def record_done(paths: AppPaths, routine_id: str, when: datetime) -> None:
    """Store a finished session with every exercise at its maximum reps, as the app would."""
    from coach.adherence import day_of
    from coach.routines import load_catalog
    from coach.store import Store

    routine = load_catalog(paths.routines).get(routine_id)
    assert routine is not None
    with Store.open(paths.database) as store:
        sid = store.start_session(
            routine_id=routine.id,
            routine_title=routine.title,
            day=day_of(when, 4),
            started_at=when,
            planned_seconds=routine.planned_seconds(),
            targets=[e.reps_max for e in routine.exercises],
        )
        for i, e in enumerate(routine.exercises):
            store.record_exercise(
                sid,
                idx=i,
                name=e.name,
                reps_done=e.reps_max,
                target=e.reps_max,
                skipped=False,
                started_at=when,
                ended_at=when,
            )
        store.finish_session(
            sid, status="completed", ended_at=when, active_seconds=60.0, paused_seconds=0.0
        )


def remind_argv() -> list[str]:
    """`coach remind`, run by this interpreter."""
    return [sys.executable, "-m", "coach", "remind"]
