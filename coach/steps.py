"""The way through a session: its timed steps, the events they cause, and which step follows.

The engine (coach.engine) keeps the time; this module knows only the order. Steps are derived on
demand from the current (exercise, rep, phase) position and the current targets rather than from
a precomputed list, so changing a target or jumping back never leaves a stale plan behind.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from coach.model import Routine, side_words

Status = Literal["completed", "partial"]

MAX_REPS = 100
SETUP_CUE = "Get into position"
REST_CUE = "Rest"


class StepKind(StrEnum):
    SETUP = "setup"
    PHASE = "phase"
    REST = "rest"


@dataclass(frozen=True)
class Step:
    """One timed stretch of the session; `rep` is 0 and `phase_index` -1 outside repetitions."""

    kind: StepKind
    exercise_index: int
    rep: int
    phase_index: int
    cue: str
    seconds: float
    side: str | None = None  # the leg a one-sided phase works (see model.SIDES)

    @property
    def spoken(self) -> str:
        """What the voice says as the step starts: the cue, then the side if it has one."""
        return f"{self.cue}, {side_words(self.side)}" if self.side else self.cue


@dataclass(frozen=True)
class PhaseStarted:
    step: Step
    at: float


@dataclass(frozen=True)
class RepDone:
    exercise_index: int
    rep: int
    at: float


@dataclass(frozen=True)
class ExerciseDone:
    exercise_index: int
    reps_done: int
    target: int
    skipped: bool
    started_at: float
    ended_at: float


@dataclass(frozen=True)
class SessionDone:
    status: Status
    active_seconds: float
    paused_seconds: float
    at: float


Event = PhaseStarted | RepDone | ExerciseDone | SessionDone


class Route:
    """Which step follows which, for a routine and targets the engine may still change."""

    def __init__(
        self, routine: Routine, targets: list[int], start_exercise: int, start_reps: int
    ) -> None:
        n = len(routine.exercises)
        if len(targets) != n:
            raise ValueError(f"expected {n} targets, one per exercise, got {len(targets)}")
        if any(t < 1 for t in targets):
            raise ValueError(f"every target must be at least 1 rep, got {list(targets)}")
        if not 0 <= start_exercise < n:
            raise ValueError(f"start_exercise {start_exercise} is outside 0..{n - 1}")
        if start_reps < 0:
            raise ValueError(f"start_reps must not be negative, got {start_reps}")
        if any(not e.phases for e in routine.exercises[start_exercise:]):
            raise ValueError("every exercise needs at least one phase to time a repetition")
        self.routine = routine
        self.targets = targets  # the engine's own list: a changed target changes the way on
        self.start_exercise = start_exercise
        self.start_reps = start_reps  # reps a resumed session saved before; 0 after `back`

    def entry(self, i: int) -> Step:
        exercise = self.routine.exercises[i]
        if exercise.setup_seconds > 0:
            return Step(StepKind.SETUP, i, 0, -1, SETUP_CUE, exercise.setup_seconds)
        return self.phase(i, self.first_rep(i), 0)

    def first_rep(self, i: int) -> int:
        """Rep 1, or the rep after those a resumed session already saved."""
        return self.start_reps + 1 if i == self.start_exercise else 1

    def phase(self, i: int, rep: int, p: int) -> Step:
        phase = self.routine.exercises[i].phases[p]
        return Step(StepKind.PHASE, i, rep, p, phase.cue, phase.seconds, phase.side)

    def exit(self, i: int) -> Step | None:
        """What follows exercise `i` once it is done: its rest, the next exercise, or nothing."""
        if i + 1 >= len(self.targets):
            return None
        rest = self.routine.exercises[i].rest_seconds
        if rest > 0:
            return Step(StepKind.REST, i, 0, -1, REST_CUE, rest)
        return self.entry(i + 1)

    def successor(self, step: Step) -> Step | None:
        i = step.exercise_index
        if step.kind is StepKind.SETUP:
            return self.phase(i, self.first_rep(i), 0)
        if step.kind is StepKind.REST:
            return self.entry(i + 1)
        if step.phase_index + 1 < len(self.routine.exercises[i].phases):
            return self.phase(i, step.rep, step.phase_index + 1)
        if step.rep < self.targets[i]:
            return self.phase(i, step.rep + 1, 0)
        return self.exit(i)

    def steps_after(self, step: Step) -> Iterator[Step]:
        nxt = self.successor(step)
        while nxt is not None:
            yield nxt
            nxt = self.successor(nxt)

    def planned_seconds(self) -> float:
        """The whole session's planned length, less the reps a resumed session saved before."""
        exercises = self.routine.exercises
        last = len(exercises) - 1
        done_before = exercises[self.start_exercise].rep_seconds * min(
            self.start_reps, self.targets[self.start_exercise]
        )
        return (
            sum(
                exercises[i].planned_seconds(self.targets[i])
                + (exercises[i].rest_seconds if i < last else 0.0)
                for i in range(self.start_exercise, len(exercises))
            )
            - done_before
        )
