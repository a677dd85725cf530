"""One cramp as JSON: the shape `coach cramp list --json` and the export write."""

from __future__ import annotations

from typing import Any

from coach.store import CrampRecord


def _number(value: float | None) -> float | int | None:
    """2.0 minutes is written 2: the diary was typed in whole minutes more often than not."""
    return int(value) if value is not None and value == int(value) else value


def cramp_json(c: CrampRecord) -> dict[str, Any]:
    """One cramp as `coach cramp list --json` and the export write it; the keys are a promise."""
    return {
        "id": c.id,
        "at": c.at.isoformat(),
        "day": c.day.isoformat(),
        "muscle": c.muscle,
        "side": c.side,
        "severity": c.severity,
        "when": c.when_kind,
        "minutes": _number(c.minutes),
        "note": c.note,
        "logged_at": c.logged_at.isoformat(),
    }
