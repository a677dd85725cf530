"""The `coach history --json` document: its keys are a promise to scripts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coach.present.exercise_end import was_stopped

if TYPE_CHECKING:
    from coach.history import HistoryView
    from coach.store import SessionRecord


def session_json(s: SessionRecord) -> dict[str, Any]:
    return {
        "id": s.id,
        "routine_id": s.routine_id,
        "routine_title": s.routine_title,
        "started_at": s.started_at.isoformat(),
        "status": s.status,
        "entered_by_hand": s.entered_by_hand,
        # "skipped" is true for a stopped exercise too, as it was before "stopped" was added.
        "exercises": [
            {
                "name": e.name,
                "reps_done": e.reps_done,
                "target": e.target,
                "skipped": e.skipped,
                "stopped": was_stopped(e, s.stopped_idx),
            }
            for e in s.exercises
        ],
    }


def history_json(view: HistoryView) -> dict[str, Any]:
    """Summary, every day since the first record with its sessions, and the totals."""
    s = view.summary
    return {
        "current_streak": s.current_streak,
        "longest_streak": s.longest_streak,
        "strength": round(s.strength, 4),
        "rates": {str(w): None if r is None else round(r, 4) for w, r in s.rates.items()},
        "days": [
            {
                "date": d.date.isoformat(),
                "status": str(d.status),
                "sessions": [session_json(x) for x in d.sessions],
            }
            for d in view.days
        ],
        "totals": {
            "routines": [
                {
                    "routine_id": r.routine_id,
                    "routine_title": r.routine_title,
                    "sessions": r.sessions,
                    "done": r.done,
                    "partial": r.partial,
                    "by_hand": r.by_hand,
                }
                for r in view.totals.routines
            ],
            "exercises": [
                {"name": e.name, "reps": e.reps, "sessions": e.sessions}
                for e in view.totals.exercises
            ],
        },
    }
