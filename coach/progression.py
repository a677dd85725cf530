"""Today's target reps: start low, and earn one more rep with a week of steady practice.

Each exercise starts at its `reps_min`. After 7 consecutive days done at the current target, the
target goes up by one, never above `reps_max`. A missed or short day restarts the count of 7 but
never lowers the target: progress already earned is kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coach.model import Exercise, Routine
    from coach.store import Store

DAYS_TO_LEVEL_UP = 7


@dataclass(frozen=True)
class ExerciseDay:
    """The best effort on one exercise on one local day."""

    day: date
    reps_done: int
    skipped: bool


@dataclass(frozen=True)
class Target:
    reps: int
    streak_days: int  # consecutive days done at this target, ending yesterday or today
    reason: str


def target_for(exercise: Exercise, history: Iterable[ExerciseDay], today: date) -> Target:
    """The number of reps for today, and a plain sentence saying why."""
    best: dict[date, int] = {}
    for entry in history:
        if entry.day >= today or entry.skipped:
            continue
        best[entry.day] = max(best.get(entry.day, 0), entry.reps_done)

    target, run, previous = exercise.reps_min, 0, None
    for day in sorted(best):
        if previous is not None and day - previous > timedelta(days=1):
            run = 0
        previous = day
        if best[day] >= target:
            run += 1
            if run >= DAYS_TO_LEVEL_UP and target < exercise.reps_max:
                target, run = target + 1, 0
        else:
            run = 0
    if previous is None or today - previous > timedelta(days=1):
        run = 0
    return Target(reps=target, streak_days=run, reason=_reason(exercise, target, run))


def _reason(exercise: Exercise, target: int, run: int) -> str:
    if target >= exercise.reps_max:
        return "the most this exercise asks for; keep it steady."
    start = "the starting number" if target == exercise.reps_min else "earned by steady weeks"
    if run == 0:
        return f"{start}; after {DAYS_TO_LEVEL_UP} days in a row it goes up to {target + 1}."
    left = DAYS_TO_LEVEL_UP - run
    days = "day" if left == 1 else "days"
    return (
        f"{start}; {run} of {DAYS_TO_LEVEL_UP} days in a row done, "
        f"{left} more {days} and it goes up to {target + 1}."
    )


def targets_for(store: Store, routine: Routine, today: date) -> list[Target]:
    """Today's target reps per exercise, from this routine's stored history."""
    rows = store.exercise_days(routine.id, today)
    targets = []
    for i, exercise in enumerate(routine.exercises):
        history = [
            ExerciseDay(day=day, reps_done=reps, skipped=short_skip)
            for day, idx, name, reps, short_skip in rows
            if idx == i and name == exercise.name
        ]
        targets.append(target_for(exercise, history, today))
    return targets
