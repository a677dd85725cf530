"""Saving a session as it happens: engine events in, committed rows out.

The engine speaks monotonic seconds (it must not jump with the wall clock); the store wants local
wall-clock times with their UTC offset. The recorder anchors one to the other when the session
starts, so every saved time is exact relative to the session and honest about the local zone.

The recorder also owns the queue of saves not yet on disk. Each event becomes a save, in order;
the writer runs them (on its own thread in the app, at once elsewhere). A save that fails (a
locked or full disk) stays first in the queue and is tried again a few seconds later, before
anything newer, so nothing is lost or reordered and the session never waits for the disk.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from datetime import UTC, datetime, timedelta

from coach.adherence import day_of
from coach.clocks import WallClock, local_now
from coach.engine import Event, ExerciseDone, RepDone, SessionDone, SessionEngine
from coach.model import Routine
from coach.store import Store, StoreError
from coach.writer import InlineWriter, Writer

# A save takes the writer's store and the session's id (None before the session row exists)
# and returns the session's id.
Save = Callable[[Store, int | None], int]
# What the writer reports for a batch: how many saves are on disk, the session's id, the failure.
Outcome = tuple[int, int | None, StoreError | None]

RETRY_AFTER_SECONDS = 5.0


def _started(sid: int | None) -> int:
    """The session's id for a save after the first. The session row is always the first save
    queued and the queue runs in order, so it is there; a StoreError (retried) if it is not."""
    if sid is None:
        raise StoreError("coach tried to save a step of a session it had not started saving.")
    return sid


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
        writer: Writer | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ):
        self.store = store
        self.routine = routine
        self.engine = engine
        self._wall_now = wall_now
        self._day_starts_at = day_starts_at
        self.session_id = session_id
        self._anchor: tuple[float, datetime] | None = None
        self.finished: SessionDone | None = None
        self._writer: Writer = writer or InlineWriter(store)
        self._monotonic = monotonic
        self._unsaved: deque[Save] = deque()
        self._in_flight: Future[Outcome] | None = None  # the batch the writer has now
        self._since: float | None = None  # when the oldest unsaved save was queued
        self._retry_at = 0.0
        self.error: StoreError | None = None  # the last failure, until a save succeeds again

    # -- what the screen shows ------------------------------------------------------------------

    @property
    def problem(self) -> str | None:
        """The last failure in words, until a save succeeds again."""
        return None if self.error is None else str(self.error)

    @property
    def settled(self) -> bool:
        """Everything handed to the recorder is on disk."""
        self.pump()
        return not self._unsaved and self._in_flight is None

    def waiting_seconds(self) -> float:
        """How long the oldest save not yet on disk has waited (0 when all is saved)."""
        self.pump()
        return 0.0 if self._since is None else self._monotonic() - self._since

    # -- events in ------------------------------------------------------------------------------

    def anchor(self, monotonic_now: float) -> None:
        """Tie the engine's clock to the wall clock; queues the session row on a fresh start."""
        wall = self._wall_now()
        self._anchor = (monotonic_now, wall)
        if self.session_id is None:
            # Fixed now, as the session starts; saved whenever the writer gets to it.
            routine_id, title = self.routine.id, self.routine.title
            day = day_of(wall, self._day_starts_at)
            planned, targets = self.engine.planned_seconds(), self.engine.targets

            def start(store: Store, sid: int | None) -> int:
                if sid is not None:
                    return sid
                return store.start_session(
                    routine_id=routine_id,
                    routine_title=title,
                    day=day,
                    started_at=wall,
                    planned_seconds=planned,
                    targets=targets,
                )

            self._queue([start])

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
        """Queue a save per event (times fixed now) and hand them to the writer; never waits."""
        self._queue([save for e in events if (save := self._save_for(e)) is not None])

    def _save_for(self, event: Event) -> Save | None:
        if isinstance(event, RepDone):
            i, rep, at = event.exercise_index, event.rep, self.wall(event.at)

            def save_rep(store: Store, sid: int | None) -> int:
                store.record_rep(session := _started(sid), i, rep, at)
                return session

            return save_rep
        if isinstance(event, ExerciseDone):
            done = event
            name = self.routine.exercises[done.exercise_index].name
            started, ended = self.wall(done.started_at), self.wall(done.ended_at)

            def save_exercise(store: Store, sid: int | None) -> int:
                store.record_exercise(
                    session := _started(sid),
                    idx=done.exercise_index,
                    name=name,
                    reps_done=done.reps_done,
                    target=done.target,
                    skipped=done.skipped,
                    started_at=started,
                    ended_at=ended,
                )
                return session

            return save_exercise
        if isinstance(event, SessionDone):
            self.finished = event
            ended = self.wall(event.at)
            # Set by engine.end() before it returned this event: the exercise cut short.
            stopped = self.engine.stopped_exercise

            def save_end(store: Store, sid: int | None) -> int:
                store.finish_session(
                    session := _started(sid),
                    status=self._final_status(store, session, event.status),
                    ended_at=ended,
                    active_seconds=event.active_seconds,
                    paused_seconds=event.paused_seconds,
                    stopped_idx=stopped,
                )
                return session

            return save_end
        return None

    # -- the queue ------------------------------------------------------------------------------

    def _queue(self, saves: list[Save]) -> None:
        if saves and self._since is None:
            self._since = self._monotonic()
        self._unsaved.extend(saves)
        self.pump()

    def retry_now(self) -> None:
        """The user asked to try again: don't wait for the next scheduled attempt."""
        self._retry_at = 0.0
        self.pump()

    def pump(self) -> None:
        """Collect a finished batch, then send what is waiting (after a failure: when due)."""
        if self._in_flight is not None:
            if not self._in_flight.done():
                return
            try:  # anything but a StoreError is a bug, and raises here
                saved, sid, error = self._in_flight.result()
            except StoreError as exc:  # the writer refused the batch (coach is closing)
                saved, sid, error = 0, self.session_id, exc
            self._in_flight = None
            self.session_id = sid
            for _ in range(saved):
                self._unsaved.popleft()
            self.error = error
            if error is not None:
                self._retry_at = self._monotonic() + RETRY_AFTER_SECONDS
            if not self._unsaved:
                self._since = None
            elif saved:
                self._since = self._monotonic()
        if not self._unsaved or self._monotonic() < self._retry_at:
            return
        batch = list(self._unsaved)
        first_id = self.session_id

        def run(store: Store) -> Outcome:
            sid, saved = first_id, 0
            try:
                for save in batch:
                    sid = save(store, sid)
                    saved += 1
            except StoreError as exc:
                return saved, sid, exc
            return saved, sid, None

        future = self._writer.submit(run)
        self._in_flight = future
        if future.done():  # an inline writer, or a very quick thread
            self.pump()

    def _final_status(self, store: Store, sid: int, status: str) -> str:
        """A resumed session is only complete if the part before the resume was complete too."""
        record = store.session(sid)
        if record is None:
            return status
        done = {e.idx for e in record.exercises if not e.skipped and e.reps_done >= e.target}
        if len(done) == len(self.routine.exercises):
            return "completed"
        return "partial" if record.reps_total else "abandoned"
