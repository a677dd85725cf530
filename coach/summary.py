"""The words at the end of a session, shared by the end screen and the plain runner."""

from __future__ import annotations

from coach.store import SessionRecord
from coach.wording import plural

HEADINGS = {
    "completed": "Well done: session complete.",
    "partial": "Session ended. What you did is saved.",
    "abandoned": "Session ended before the first repetition was finished.",
}


def duration(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"


def summary_lines(record: SessionRecord, streak: int) -> list[str]:
    skipped = sum(1 for e in record.exercises if e.skipped)
    completed = len(record.exercises) - skipped
    paused = f" (plus {duration(record.paused_seconds)} paused)" if record.paused_seconds else ""
    lines = [
        HEADINGS.get(record.status, "Session saved."),
        "",
        f"Time taken: {duration(record.active_seconds or 0)}{paused}",
        f"Repetitions done: {record.reps_total}",
        f"Exercises completed: {completed}" + (f" · skipped: {skipped}" if skipped else ""),
    ]
    for e in sorted(record.exercises, key=lambda e: e.idx):
        mark = "–" if e.skipped else "✓"
        note = " (skipped)" if e.skipped else ""
        lines.append(f"  {mark} {e.name}: {e.reps_done} of {plural(e.target, 'rep')}{note}")
    lines.append(f"Streak: {streak} {'day' if streak == 1 else 'days'}")
    return lines
