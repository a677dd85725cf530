"""How an exercise ended, in one word wherever the record is shown (History's day panel,
`coach history`, its JSON, the end of a session).

"stopped": the user ended the session in it (q in the app, Ctrl+C in plain mode). "skipped":
they moved past it (n). The row of a stopped exercise says skipped, as it always has; the
session says which exercise was stopped (SessionRecord.stopped_idx).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coach.wording import plural

if TYPE_CHECKING:
    from coach.store import ExerciseRecord


def was_stopped(exercise: ExerciseRecord, stopped_idx: int | None) -> bool:
    """Cut short by ending the session. An exercise a better pass finished (after `back`)
    is not skipped in the record, so it reads as done even if the session ended in it."""
    return exercise.skipped and exercise.idx == stopped_idx


def ended_as(exercise: ExerciseRecord, stopped_idx: int | None) -> str | None:
    """ "stopped", "skipped", or None for an exercise that was not cut short."""
    if not exercise.skipped:
        return None
    return "stopped" if was_stopped(exercise, stopped_idx) else "skipped"


def ended_note(exercise: ExerciseRecord, stopped_idx: int | None) -> str:
    """ ", stopped", ", skipped" or "": the tail of a line that reads `Name: 1 of 2 reps`."""
    word = ended_as(exercise, stopped_idx)
    return "" if word is None else f", {word}"


def exercise_line(exercise: ExerciseRecord, stopped_idx: int | None) -> str:
    """`Heel drop: 1 of 3 reps, stopped`: one exercise of a stored session."""
    target = plural(exercise.target, "rep")
    return f"{exercise.name}: {exercise.reps_done} of {target}{ended_note(exercise, stopped_idx)}"
