"""Taking the record out: JSON for another machine (lossless), CSV for a spreadsheet.

The JSON export holds every session with its exercises and every rep, every rest day and every
cramp in the diary, so `coach import` on another machine rebuilds the same history.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from coach.cramps.as_json import cramp_json
from coach.present.exercise_end import was_stopped
from coach.store import RepRecord, SessionRecord, Store
from coach.text import for_terminal
from coach.transfer.format import CSV_COLUMNS, FORMAT, VERSION


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def export_document(store: Store) -> dict[str, Any]:
    """Everything in the store as the version-1 JSON document (5 queries in all), as of one
    moment: a session saving reps meanwhile never shows a count its rep rows disagree with."""
    with store.snapshot():
        return _export_document(store)


def _export_document(store: Store) -> dict[str, Any]:
    reps = store.all_reps()
    sessions = [_session_json(s, reps.get(s.id, ())) for s in store.all_sessions()]
    rest_days = [
        {"day": r.day.isoformat(), "marked_at": r.marked_at.isoformat()} for r in store.rest_days()
    ]
    doc: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "sessions": sessions,
        "rest_days": rest_days,
    }
    # Oldest first, like sessions; only when there are some (see the module docstring).
    cramps = [cramp_json(c) for c in reversed(store.cramps())]
    if cramps:
        doc["cramps"] = cramps
    return doc


def _session_json(s: SessionRecord, reps: Iterable[RepRecord]) -> dict[str, Any]:
    session: dict[str, Any] = {
        "id": s.id,
        "routine_id": s.routine_id,
        "routine_title": s.routine_title,
        "day": s.day.isoformat(),
        "started_at": s.started_at.isoformat(),
        "ended_at": _iso(s.ended_at),
        "status": s.status,
        "planned_seconds": s.planned_seconds,
        "active_seconds": s.active_seconds,
        "paused_seconds": s.paused_seconds,
        "targets": list(s.targets),
        "entered_by_hand": s.entered_by_hand,
        "exercises": [
            {
                "idx": e.idx,
                "name": e.name,
                "reps_done": e.reps_done,
                "target": e.target,
                "skipped": e.skipped,
                "started_at": e.started_at.isoformat(),
                "ended_at": e.ended_at.isoformat(),
            }
            for e in s.exercises
        ],
        "reps": [
            {"exercise_idx": r.exercise_idx, "rep": r.rep, "completed_at": _iso(r.completed_at)}
            for r in reps
        ],
    }
    # Only when an exercise was stopped (see coach.transfer.format).
    if s.stopped_idx is not None:
        session["stopped_idx"] = s.stopped_idx
    return session


def export_json(store: Store) -> str:
    # json escapes C0 controls itself; for_terminal escapes DEL and C1 (U+0080-U+009F) the
    # same way, so the file holds no raw control character a terminal would act on.
    return for_terminal(json.dumps(export_document(store), indent=2, ensure_ascii=False)) + "\n"


def _cell(text: str) -> str:
    """Text a spreadsheet would run as a formula gets a leading quote (CSV injection); a control
    character (none can be entered, an old record may hold one) is written as `\\u001b`."""
    text = for_terminal(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def export_csv(store: Store) -> str:
    """One row per exercise of every session, plus a row per session without exercises, one
    per rest day and one per cramp; session columns repeat on each row so any row stands on its
    own. A day's cramps follow its sessions, in the order they happened. As of one moment."""
    with store.snapshot():
        sessions = store.all_sessions()
        rests, cramps = store.rest_days(), store.cramps()
    rows: list[tuple[date, int, dict[str, object]]] = []
    for order, s in enumerate(sessions):
        base: dict[str, object] = {
            "kind": "session",
            "day": s.day.isoformat(),
            "session_id": s.id,
            "routine_id": _cell(s.routine_id),
            "routine_title": _cell(s.routine_title),
            "session_started_at": s.started_at.isoformat(),
            "session_ended_at": _iso(s.ended_at) or "",
            "session_status": s.status,
            "entered_by_hand": int(s.entered_by_hand),
            "active_seconds": _number(s.active_seconds),
            "paused_seconds": _number(s.paused_seconds),
        }
        if not s.exercises:
            rows.append((s.day, order, base))
        for e in s.exercises:
            rows.append(
                (
                    s.day,
                    order,
                    base
                    | {
                        "kind": "exercise",
                        "exercise_idx": e.idx,
                        "exercise_name": _cell(e.name),
                        "reps_done": e.reps_done,
                        "target": e.target,
                        "skipped": int(e.skipped),
                        "exercise_started_at": e.started_at.isoformat(),
                        "exercise_ended_at": e.ended_at.isoformat(),
                        "stopped": int(was_stopped(e, s.stopped_idx)),
                    },
                )
            )
    rows.extend(
        (
            r.day,
            -1,
            {"kind": "rest", "day": r.day.isoformat(), "marked_at": r.marked_at.isoformat()},
        )
        for r in rests
    )
    for order, c in enumerate(reversed(cramps), start=len(sessions)):
        rows.append(
            (
                c.day,
                order,
                {
                    "kind": "cramp",
                    "day": c.day.isoformat(),
                    "cramp_at": c.at.isoformat(),
                    "muscle": c.muscle,
                    "side": c.side or "",
                    "severity": "" if c.severity is None else c.severity,
                    "when": c.when_kind,
                    "minutes": _number(c.minutes),
                    "note": _cell(c.note or ""),
                    "logged_at": c.logged_at.isoformat(),
                },
            )
        )
    rows.sort(key=lambda row: (row[0], row[1]))  # stable: exercises keep their order
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, restval="")
    writer.writeheader()
    writer.writerows(row for _, _, row in rows)
    return out.getvalue()
