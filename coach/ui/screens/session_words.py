"""The session screen's lines around the countdown: where we are, what comes next, why this
many reps today, and how saving goes. Plain functions of the engine's state, so the screen
only puts them where they go.
"""

from __future__ import annotations

from coach.engine import SessionEngine, Step, StepKind
from coach.model import Routine, side_words
from coach.progression import Target
from coach.wording import plural, span

# A save still not on disk after this long gets a line on the screen.
SLOW_SAVE_SECONDS = 1.5


def where(engine: SessionEngine, step: Step) -> str:
    """ "Exercise 2 of 5 · rep 3 of 8": the exercise, and the rep or the reps of it."""
    i = step.exercise_index
    target = engine.targets[i]
    if step.kind is StepKind.PHASE:
        rep = f"rep {step.rep} of {target}"
    elif step.kind is StepKind.SETUP:
        rep = plural(target, "rep")
    else:
        rep = f"{engine.reps_done(i)} of {plural(target, 'rep')} done"
    return f"Exercise {i + 1} of {len(engine.routine.exercises)} · {rep}"


def coming_next(engine: SessionEngine, step: Step) -> str:
    nxt = engine.next_step()
    if nxt is None:
        return "Next: the end of the session"
    if nxt.exercise_index != step.exercise_index:
        return f"Next: {engine.routine.exercises[nxt.exercise_index].name}"
    side = f"{side_words(nxt.side)}, " if nxt.side else ""
    return f"Next: {nxt.cue} ({side}{span(nxt.seconds)})"


def why(engine: SessionEngine, reasons: list[Target] | None, i: int) -> str:
    """Why this many reps today: the plan's reason, or that +/- changed it."""
    if not reasons or i >= len(reasons):
        return ""
    planned = reasons[i].reps
    now = engine.targets[i]
    if now != planned:
        return (
            f"{plural(now, 'rep')} today: you changed it with +/- for this session "
            f"(plan: {planned})."
        )
    return f"{plural(now, 'rep')} today: {reasons[i].reason}"


def saving(problem: str | None, waiting_seconds: float, finished: bool) -> str | None:
    """The status line while saves fail or lag (None: all is well)."""
    if problem is not None:
        line = f"Not saved yet: {problem} coach tries again every few seconds"
        if finished:
            return line + "; space tries now, q leaves without saving the rest."
        return line + "; the session goes on."
    if waiting_seconds >= SLOW_SAVE_SECONDS:
        return "Saving… another program is using the data file; " + (
            "the summary comes once all is saved." if finished else "the session goes on."
        )
    return None


def shows_notes(routine: Routine) -> bool:
    """Training sessions show their notes at the start; a cramp's stretch goes straight in."""
    from coach.cramps.vocabulary import FIRST_AID_ROUTINE

    return bool(routine.notes) and routine.id != FIRST_AID_ROUTINE


def at_start(engine: SessionEngine, step: Step) -> bool:
    """The first exercise's set-up (or its first rep, if it has none), from the beginning."""
    if step.exercise_index != 0 or engine.start_exercise != 0:
        return False
    return step.kind is StepKind.SETUP or (
        step.rep == 1 and engine.routine.exercises[0].setup_seconds <= 0
    )


def notes(routine: Routine) -> str:
    """A routine's notes, shown during its first set-up."""
    lines = [f"• {note}" for note in routine.notes]
    return "\n".join(["Before you start (space pauses; ↑ ↓ scroll):", *lines])


class TimeAhead:
    """The session's time left, asked every second: the steps after the current one are summed
    once per step (and again after +/-), not walked again each second as
    `engine.remaining_total()` does. The same figure: the current step's time left plus theirs."""

    def __init__(self, engine: SessionEngine) -> None:
        self.engine = engine
        self._after: tuple[Step | None, tuple[int, ...], float] | None = None

    def total(self) -> float:
        engine = self.engine
        key = (engine.current, engine.targets)
        if self._after is None or self._after[:2] != key:
            self._after = (*key, engine.remaining_total() - engine.remaining())
        return engine.remaining() + self._after[2]

    def progress(self) -> float:
        """`engine.progress()` from the same total: how much of the planned session is done."""
        planned = self.engine.planned_seconds()
        return 0.0 if planned <= 0 else min(1.0, max(0.0, 1.0 - self.total() / planned))
