"""Saving a session as it happens: engine events in, committed rows out.

The engine speaks monotonic seconds (it must not jump with the wall clock); the store wants local
wall-clock times with their UTC offset. The recorder anchors one to the other when the session
starts, so every saved time is exact relative to the session and honest about the local zone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta

from coach.adherence import day_of
from coach.engine import Event, ExerciseDone, RepDone, SessionDone, SessionEngine
from coach.model import Routine
from coach.store import Store

WallClock = Callable[[], datetime]


def local_now() -> datetime:
    return datetime.now().astimezone()


class SessionRecorder:
    def __init__(
        self,
        store: Store,
        routine: Routine,
        engine: SessionEngine,
        *,
        wall_now: WallClock = local_now,
        day_starts_at: int = 4,
        session_id: int | None = None,
    ):
        self.store = store
        self.routine = routine
        self.engine = engine
        self._wall_now = wall_now
        self._day_starts_at = day_starts_at
        self.session_id = session_id
        self._anchor: tuple[float, datetime] | None = None
        self.finished: SessionDone | None = None

    def anchor(self, monotonic_now: float) -> None:
        """Tie the engine's clock to the wall clock; creates the session row on a fresh start."""
        wall = self._wall_now()
        self._anchor = (monotonic_now, wall)
        if self.session_id is None:
            self.session_id = self.store.start_session(
                routine_id=self.routine.id,
                routine_title=self.routine.title,
                day=day_of(wall, self._day_starts_at),
                started_at=wall,
                planned_seconds=self.engine.planned_seconds(),
                targets=self.engine.targets,
            )

    def wall(self, at: float) -> datetime:
        assert self._anchor is not None, "anchor() first"
        mono, wall = self._anchor
        if wall.tzinfo is None:
            return wall + timedelta(seconds=at - mono)  # the store refuses it with a clear error
        # Add in UTC, then show it in the anchor's zone: plain aware arithmetic is wall-clock
        # arithmetic, which is an hour off once a session crosses a DST change.
        moment = wall.astimezone(UTC) + timedelta(seconds=at - mono)
        return moment.astimezone(wall.tzinfo)

    def handle(self, events: Iterable[Event]) -> None:
        for event in events:
            if isinstance(event, RepDone):
                self.store.record_rep(
                    self.session_id, event.exercise_index, event.rep, self.wall(event.at)
                )
            elif isinstance(event, ExerciseDone):
                self.store.record_exercise(
                    self.session_id,
                    idx=event.exercise_index,
                    name=self.routine.exercises[event.exercise_index].name,
                    reps_done=event.reps_done,
                    target=event.target,
                    skipped=event.skipped,
                    started_at=self.wall(event.started_at),
                    ended_at=self.wall(event.ended_at),
                )
            elif isinstance(event, SessionDone):
                self.finished = event
                self.store.finish_session(
                    self.session_id,
                    status=self._final_status(event.status),
                    ended_at=self.wall(event.at),
                    active_seconds=event.active_seconds,
                    paused_seconds=event.paused_seconds,
                )

    def _final_status(self, status: str) -> str:
        """A resumed session is only complete if the part before the resume was complete too."""
        record = self.store.session(self.session_id)
        if record is None:
            return status
        done = {e.idx for e in record.exercises if not e.skipped and e.reps_done >= e.target}
        if len(done) == len(self.routine.exercises):
            return "completed"
        return "partial" if record.reps_total else "abandoned"
