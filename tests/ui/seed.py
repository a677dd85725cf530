"""Seed a store with a few days of daily-routine history, for screens that show adherence."""

from __future__ import annotations

from datetime import datetime, timedelta

from coach.adherence import day_of
from coach.store import Store


def seed_days(store: Store, routine, now: datetime, days_back: dict[int, str]) -> None:
    """`days_back` maps "days before now" to "done" or "partial"."""
    for back, kind in days_back.items():
        start = now - timedelta(days=back)
        sid = unfinished(store, routine, start, exercises_done=None if kind == "done" else 1)
        store.finish_session(
            sid,
            status="completed" if kind == "done" else "partial",
            ended_at=start + timedelta(minutes=5),
            active_seconds=300,
            paused_seconds=0,
        )


def unfinished(store: Store, routine, start: datetime, exercises_done: int | None = 1) -> int:
    """A session started at `start` with its first `exercises_done` exercises (all if None)
    done and saved, and no end: as if the app were killed there. Returns its id."""
    sid = store.start_session(
        routine_id=routine.id,
        routine_title=routine.title,
        day=day_of(start),  # the app's day: before 04:00 it is still yesterday
        started_at=start,
        planned_seconds=300,
        targets=[e.reps_min for e in routine.exercises],
    )
    for idx, ex in enumerate(routine.exercises[:exercises_done]):
        for rep in range(1, ex.reps_min + 1):
            store.record_rep(sid, idx, rep, start + timedelta(seconds=rep))
        store.record_exercise(
            sid,
            idx=idx,
            name=ex.name,
            reps_done=ex.reps_min,
            target=ex.reps_min,
            skipped=False,
            started_at=start,
            ended_at=start + timedelta(seconds=60),
        )
    return sid
