"""The words at the end of a session, shared by the end screen and the plain runner.

Honest about the day: a session can end "complete" on the screen while the day does not count
(the reps were lowered below the minimum with `-`, or it was not the daily routine), so the
summary says plainly whether today counts as done, and what is short if not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coach.present.exercise_end import ended_as, was_stopped
from coach.wording import plural

if TYPE_CHECKING:
    from coach.adherence import TodayCount
    from coach.model import Routine
    from coach.store import ExerciseRecord, SessionRecord

HEADINGS = {
    "completed": "Well done: session complete.",
    "partial": "Session ended. What you did is saved.",
    "abandoned": "Session ended before the first repetition was finished.",
}
BELOW_MINIMUM = "Session finished, with fewer reps than the minimum. What you did is saved."


def duration(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"


def _minimum(e: ExerciseRecord, routine: Routine | None) -> int:
    """The reps that count for the day: the routine's minimum, or the target if unknown."""
    if routine is not None and e.idx < len(routine.exercises):
        exercise = routine.exercises[e.idx]
        if exercise.name == e.name:
            return exercise.reps_min
    return e.target


def today_lines(count: TodayCount | None) -> list[str]:
    """Whether today counts as done, and why not, in a sentence or two."""
    if count is None or count.daily_title is None:
        return []
    title = count.daily_title
    if count.done:
        if count.is_daily:
            return ["Today counts as done: every exercise reached its minimum."]
        return [f"Today counts as done: your daily routine, {title}, is done."]
    if not count.is_daily:
        return [f"Today does not count as done: days count by your daily routine, {title}."]
    short = ", ".join(
        f"{name} ({best} of {plural(least, 'rep')})" for name, best, least in count.short
    )
    return [
        f"Today does not count as done yet: short of the minimum in {short}.",
        "Another session today can make it up.",
    ]


def summary_lines(
    record: SessionRecord,
    streak: int,
    *,
    routine: Routine | None = None,
    today: TodayCount | None = None,
    stopped: int | None = None,
) -> list[str]:
    """`stopped`: the exercise the user ended the session in (q, Ctrl+C), not "skipped"."""
    exercises = sorted(record.exercises, key=lambda e: e.idx)
    short = [e for e in exercises if e.reps_done < _minimum(e, routine)]
    heading = HEADINGS.get(record.status, "Session saved.")
    if record.status == "completed" and short:
        heading = BELOW_MINIMUM
    stopped_here = [e for e in exercises if was_stopped(e, stopped)]
    skipped = sum(1 for e in exercises if e.skipped) - len(stopped_here)
    completed = len(exercises) - skipped - len(stopped_here)
    paused = f" (plus {duration(record.paused_seconds)} paused)" if record.paused_seconds else ""
    counts = f"Exercises completed: {completed}"
    counts += f" · skipped: {skipped}" if skipped else ""
    counts += " · stopped: 1" if stopped_here else ""
    lines = [
        heading,
        "",
        f"Time taken: {duration(record.active_seconds or 0)}{paused}",
        f"Repetitions done: {record.reps_total}",
        counts,
    ]
    for e in exercises:
        least = _minimum(e, routine)
        mark = "✓" if e.reps_done >= least else ("◐" if e.reps_done else "–")
        if e.skipped:
            note = f" ({ended_as(e, stopped)})"
        elif e.reps_done < least:
            note = f" (the minimum is {least})"
        else:
            note = ""
        lines.append(f"  {mark} {e.name}: {e.reps_done} of {plural(e.target, 'rep')}{note}")
    lines += today_lines(today)
    lines.append(f"Streak: {plural(streak, 'day')}")
    return lines
