"""The routine data model: what a routine, an exercise and one timed phase are.

Plain frozen dataclasses with no I/O, so the engine, the store and the UI can all share them
without pulling in YAML or Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

SIDES = ("left", "right")
"""A phase may work one leg: `side` names it, so the screen, the plain lines and the voice say
which leg for the whole phase."""


def side_words(side: str | None) -> str:
    """`left leg`, `right leg`, or "" for a phase that works both legs."""
    return f"{side} leg" if side else ""


@dataclass(frozen=True)
class Phase:
    """One timed part of a repetition, such as "Lift" for 3 seconds, on one side or both."""

    cue: str
    seconds: float
    side: str | None = None  # one of SIDES, or None: both legs (or the side does not matter)


@dataclass(frozen=True)
class Exercise:
    name: str
    position: str
    instructions: str
    reps_min: int
    reps_max: int
    phases: tuple[Phase, ...]
    source: str
    setup_seconds: float = 10.0
    rest_seconds: float = 20.0

    @property
    def rep_seconds(self) -> float:
        """Length of one repetition: the sum of its phases."""
        return sum(p.seconds for p in self.phases)

    def planned_seconds(self, reps: int) -> float:
        """Set-up plus `reps` repetitions, without the rest that follows the exercise."""
        return self.setup_seconds + reps * self.rep_seconds


@dataclass(frozen=True)
class Routine:
    id: str
    title: str
    purpose: str
    audience: str
    exercises: tuple[Exercise, ...]
    notes: tuple[str, ...] = ()
    origin: str = "built-in"  # "built-in" or "user"
    path: Path | None = field(default=None, compare=False)

    def planned_seconds(self, targets: list[int] | tuple[int, ...] | None = None) -> float:
        """Whole-session time for the given reps per exercise (default: each `reps_min`).

        Rest follows every exercise but the last, as the session engine runs it.
        """
        if targets is None:
            targets = [e.reps_min for e in self.exercises]
        total = sum(e.planned_seconds(n) for e, n in zip(self.exercises, targets, strict=True))
        total += sum(e.rest_seconds for e in self.exercises[:-1])
        return total

    @property
    def estimated_seconds(self) -> float:
        return self.planned_seconds()
