"""The session engine: turns a routine and today's targets into timed steps, rep by rep.

It knows nothing of Textual or storage, so it can be driven by a fake clock in tests and the UI
only has to call `tick()` often and render what comes back. Time is kept as absolute deadlines
on an injected monotonic clock: each step's deadline is the previous deadline plus its length,
so however late or irregular the ticks are, the session never drifts from its planned length.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Literal

from coach.model import Routine

# The steps and events are the engine's vocabulary (importable from here too).
from coach.steps import (
    MAX_REPS,
    Event,
    ExerciseDone,
    PhaseStarted,
    RepDone,
    Route,
    SessionDone,
    Status,
    Step,
    StepKind,
)
from coach.timeline import Clock, Timeline

State = Literal["ready", "running", "paused", "finished"]


class SessionEngine:
    """Runs one session of a routine; every mutating call returns the events it caused.

    Which step follows which is the Route's business (coach.steps); the engine keeps the time.
    """

    def __init__(
        self,
        routine: Routine,
        targets: Sequence[int],
        clock: Clock = time.monotonic,
        start_exercise: int = 0,
        start_reps: int = 0,
    ) -> None:
        self._targets = [int(t) for t in targets]
        self._route = Route(routine, self._targets, start_exercise, start_reps)  # checks them
        n = len(routine.exercises)
        self.routine = routine
        self.start_exercise = start_exercise
        self._clock = clock
        self._time = Timeline(clock)
        self._reps_done = [0] * n  # in the current pass over each exercise
        # A resumed session goes on from the reps already saved, never over them.
        self._reps_done[start_exercise] = start_reps
        # Whether some pass (before a `back`) finished the exercise: going back never undoes it.
        self._finished_once = [False] * n
        self._state: State = "ready"
        self._current: Step | None = None
        self._ex = start_exercise
        self._ex_started = 0.0
        self.stopped_exercise: int | None = None  # the exercise `end()` cut short: "stopped"

    # -- read-only view -------------------------------------------------------------------

    @property
    def state(self) -> State:
        return self._state

    @property
    def current(self) -> Step | None:
        return self._current

    @property
    def exercise_index(self) -> int:
        return self._ex

    @property
    def targets(self) -> tuple[int, ...]:
        return tuple(self._targets)

    @property
    def paused_seconds(self) -> float:
        return self._time.paused_seconds(self._state == "paused")

    def reps_done(self, i: int) -> int:
        return self._reps_done[i]

    def remaining(self) -> float:
        if self._current is None:
            return 0.0
        return self._time.remaining(self._state == "paused")

    def active_seconds(self) -> float:
        if self._state == "ready":
            return 0.0
        if self._state == "finished":
            end = self._time.finished_at
        elif self._state == "paused":
            end = self._time.paused_at
        else:
            end = self._clock()
        return self._time.active_seconds(end)

    def planned_seconds(self) -> float:
        return self._route.planned_seconds()

    def remaining_total(self) -> float:
        """Planned time still ahead; a step already overdue counts in full until `tick()`."""
        if self._state == "ready":
            return self.planned_seconds()
        if self._current is None:
            return 0.0
        return self.remaining() + sum(s.seconds for s in self._route.steps_after(self._current))

    def progress(self) -> float:
        planned = self.planned_seconds()
        if planned <= 0:
            return 0.0
        return min(1.0, max(0.0, 1.0 - self.remaining_total() / planned))

    def next_step(self) -> Step | None:
        if self._state == "ready":
            return self._route.entry(self.start_exercise)
        if self._current is None:
            return None
        return self._route.successor(self._current)

    # -- driving the session --------------------------------------------------------------

    def start(self) -> list[Event]:
        if self._state != "ready":
            return []
        now = self._clock()
        self._time.started_at = now
        self._state = "running"
        i = self.start_exercise
        if self._reps_done[i] >= self._targets[i]:  # saved whole; only its row was missing
            self._ex_started = now
            events: list[Event] = [self._exercise_done(i, now, skipped=False)]
            nxt = self._route.entry(i + 1) if i + 1 < len(self._targets) else None
            return events + self._go(nxt, now, enter=True) + self._advance(now)
        events = self._go(self._route.entry(i), now, enter=True)
        return events + self._advance(now)

    def tick(self) -> list[Event]:
        if self._state != "running":
            return []
        return self._advance(self._clock())

    def pause(self) -> list[Event]:
        """Returns the events of steps that had already ended before the pause began."""
        if self._state != "running":
            return []
        now = self._clock()
        events = self._advance(now)
        if self._state == "running":
            self._state = "paused"
            self._time.paused_at = now
        return events

    def resume(self) -> list[Event]:
        if self._state != "paused":
            return []
        now = self._clock()
        self._time.fold_pause(now)
        self._state = "running"
        return self._advance(now)

    def toggle_pause(self) -> list[Event]:
        return self.resume() if self._state == "paused" else self.pause()

    def skip_exercise(self) -> list[Event]:
        now, events = self._catch_up()
        step = self._current
        if step is None:
            return events
        i = step.exercise_index
        nxt: Step | None
        if step.kind is StepKind.REST:  # the exercise is already done; only the rest is cut
            nxt = self._route.entry(i + 1)
        else:
            events.append(self._exercise_done(i, now, skipped=True))
            nxt = self._route.entry(i + 1) if i + 1 < len(self._targets) else None
        return events + self._go(nxt, now, enter=True)

    def back(self) -> list[Event]:
        now, events = self._catch_up()
        step = self._current
        if step is None:
            return events
        i = step.exercise_index
        k = i if step.kind is StepKind.REST or i == self.start_exercise else i - 1
        # A new pass counts from rep 1; what earlier passes finished stays finished (and saved).
        for j in range(k, len(self._targets)):
            self._reps_done[j] = 0
        self._route.start_reps = 0
        return events + self._go(self._route.entry(k), now, enter=True)

    def add_rep(self) -> list[Event]:
        """During a rest the exercise is already done, so its target is left alone."""
        _, events = self._catch_up()
        if self._state != "finished" and not self._in_rest() and self._targets[self._ex] < MAX_REPS:
            self._targets[self._ex] += 1
        return events

    def drop_rep(self) -> list[Event]:
        """Lowering the target to the reps already finished ends the exercise there and then."""
        now, events = self._catch_up()
        if self._state == "finished" or self._in_rest() or self._targets[self._ex] <= 1:
            return events
        i = self._ex
        self._targets[i] -= 1
        step = self._current
        if step is not None and step.kind is StepKind.PHASE and self._targets[i] < step.rep:
            events.append(self._exercise_done(i, now, skipped=False))
            nxt = self._route.exit(i)
            events += self._go(nxt, now, enter=nxt is not None and nxt.kind is not StepKind.REST)
        return events

    def end(self) -> list[Event]:
        now, events = self._catch_up()
        if self._state == "finished":
            return events
        if self._state == "ready":
            self._time.started_at = now
        step = self._current
        if step is not None and step.kind is not StepKind.REST:
            self.stopped_exercise = step.exercise_index
            events.append(self._exercise_done(step.exercise_index, now, skipped=True))
        events.append(self._finish(now))
        return events

    # -- internals -------------------------------------------------------------------------

    def _in_rest(self) -> bool:
        return self._current is not None and self._current.kind is StepKind.REST

    def _catch_up(self) -> tuple[float, list[Event]]:
        """Bring the session up to `now` before a user action, so the action applies there."""
        now = self._clock()
        events = self._advance(now) if self._state == "running" else []
        if self._state == "paused":
            self._time.fold_pause(now)
        return now, events

    def _advance(self, now: float) -> list[Event]:
        events: list[Event] = []
        while self._state == "running" and now >= self._time.deadline:
            events += self._end_step(self._time.deadline)
        return events

    def _end_step(self, t: float) -> list[Event]:
        step = self._current
        assert step is not None
        i = step.exercise_index
        events: list[Event] = []
        if (
            step.kind is StepKind.PHASE
            and step.phase_index == len(self.routine.exercises[i].phases) - 1
        ):
            self._reps_done[i] = step.rep
            events.append(RepDone(i, step.rep, t))
            if step.rep >= self._targets[i]:
                events.append(self._exercise_done(i, t, skipped=False))
        nxt = self._route.successor(step)
        return events + self._go(nxt, t, enter=nxt is not None and nxt.exercise_index != i)

    def _go(self, step: Step | None, t: float, *, enter: bool) -> list[Event]:
        if step is None:
            return [self._finish(t)]
        if enter:
            self._ex = step.exercise_index
            self._ex_started = t
        self._current = step
        self._time.deadline = t + step.seconds
        return [PhaseStarted(step, t)]

    def _exercise_done(self, i: int, t: float, *, skipped: bool) -> ExerciseDone:
        if not skipped:
            self._finished_once[i] = True
        return ExerciseDone(i, self._reps_done[i], self._targets[i], skipped, self._ex_started, t)

    def _finish(self, t: float) -> SessionDone:
        self._state = "finished"
        self._current = None
        self._time.finished_at = t
        # A skipped or ended exercise always has fewer reps than its target: reaching the
        # target (or dropping the target to the reps done) completes it on the spot.
        done = all(
            self._finished_once[i] or self._reps_done[i] >= self._targets[i]
            for i in range(self.start_exercise, len(self._targets))
        )
        status: Status = "completed" if done else "partial"
        return SessionDone(status, self.active_seconds(), self._time.paused_total, t)
