"""The cramp diary's rules: what helps right now, what an entry may hold, and what the diary says.

Plain Python over the store and the adherence rules, so `coach cramp`, the cramp screen and the
tests read the same words and numbers. One module per job:

- `vocabulary`: the muscles and their names, sides, kinds of moment, limits (standard library only)
- `aid`: the stretch for a muscle and the follow-up steps, from the article
- `parse`: checking an entry (`new_cramp`, the `parse_*` functions, `CrampInputError`)
- `stats`: weeks (counts, the series, the routine/other comparison)
- `doctor`: when to see a doctor (`guidance`)
- `records`: the diary over the store (`cramp_view`, `log_cramp`, `describe`, `done_days`)
- `as_json`: one cramp as JSON (`cramp_json`)

Every public name is also here, loaded on first use: `from coach.cramps import MUSCLES` costs only
the vocabulary, and `coach.cramps.vocabulary` never loads the store.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coach.cramps.aid import (
        FOLLOW_UP,
        FirstAid,
        Step,
        first_aid,
    )
    from coach.cramps.as_json import (
        cramp_json,
    )
    from coach.cramps.doctor import (
        DESPITE_ROUTINE_DAYS,
        FREQUENT_CRAMPS,
        LONG_CRAMP_MINUTES,
        Guidance,
        guidance,
    )
    from coach.cramps.parse import (
        NIGHT_FROM,
        NIGHT_UNTIL,
        CrampInputError,
        default_when,
        local_time,
        new_cramp,
        parse_at,
        parse_minutes,
        parse_muscle,
        parse_note,
        parse_severity,
        parse_side,
        parse_when,
    )
    from coach.cramps.records import (
        EXERCISE_WINDOW,
        CrampView,
        Logged,
        cramp_view,
        describe,
        done_days,
        log_cramp,
        on_its_day,
        session_in_progress,
    )
    from coach.cramps.stats import (
        MIN_COMPARISON_WEEKS,
        ROUTINE_WEEK_DAYS,
        SERIES_WEEKS,
        Comparison,
        WeekCount,
        compare_weeks,
        monday_of,
        week_counts,
        weekly_series,
    )
    from coach.cramps.vocabulary import (
        CONTROL_CHARS,
        FIRST_AID_PREFIX,
        FIRST_AID_ROUTINE,
        MAX_MINUTES,
        MAX_NOTE,
        MUSCLE_ALIASES,
        MUSCLE_LABELS,
        MUSCLES,
        SEVERITY_RANGE,
        SIDES,
        WHEN_KINDS,
        minutes_text,
    )

_HOME = {
    "CONTROL_CHARS": "vocabulary",
    "FIRST_AID_PREFIX": "vocabulary",
    "FIRST_AID_ROUTINE": "vocabulary",
    "MAX_MINUTES": "vocabulary",
    "MAX_NOTE": "vocabulary",
    "MUSCLES": "vocabulary",
    "MUSCLE_ALIASES": "vocabulary",
    "MUSCLE_LABELS": "vocabulary",
    "SEVERITY_RANGE": "vocabulary",
    "SIDES": "vocabulary",
    "WHEN_KINDS": "vocabulary",
    "minutes_text": "vocabulary",
    "NIGHT_FROM": "parse",
    "NIGHT_UNTIL": "parse",
    "CrampInputError": "parse",
    "default_when": "parse",
    "local_time": "parse",
    "new_cramp": "parse",
    "parse_at": "parse",
    "parse_minutes": "parse",
    "parse_muscle": "parse",
    "parse_note": "parse",
    "parse_severity": "parse",
    "parse_side": "parse",
    "parse_when": "parse",
    "FOLLOW_UP": "aid",
    "FirstAid": "aid",
    "Step": "aid",
    "first_aid": "aid",
    "MIN_COMPARISON_WEEKS": "stats",
    "ROUTINE_WEEK_DAYS": "stats",
    "SERIES_WEEKS": "stats",
    "Comparison": "stats",
    "WeekCount": "stats",
    "compare_weeks": "stats",
    "monday_of": "stats",
    "week_counts": "stats",
    "weekly_series": "stats",
    "DESPITE_ROUTINE_DAYS": "doctor",
    "FREQUENT_CRAMPS": "doctor",
    "LONG_CRAMP_MINUTES": "doctor",
    "Guidance": "doctor",
    "guidance": "doctor",
    "EXERCISE_WINDOW": "records",
    "CrampView": "records",
    "Logged": "records",
    "cramp_view": "records",
    "describe": "records",
    "on_its_day": "records",
    "done_days": "records",
    "log_cramp": "records",
    "session_in_progress": "records",
    "cramp_json": "as_json",
}
__all__ = [
    "CONTROL_CHARS",
    "Comparison",
    "CrampInputError",
    "CrampView",
    "DESPITE_ROUTINE_DAYS",
    "EXERCISE_WINDOW",
    "FIRST_AID_PREFIX",
    "FIRST_AID_ROUTINE",
    "FOLLOW_UP",
    "FREQUENT_CRAMPS",
    "FirstAid",
    "Guidance",
    "LONG_CRAMP_MINUTES",
    "Logged",
    "MAX_MINUTES",
    "MAX_NOTE",
    "MIN_COMPARISON_WEEKS",
    "MUSCLES",
    "MUSCLE_ALIASES",
    "MUSCLE_LABELS",
    "NIGHT_FROM",
    "NIGHT_UNTIL",
    "ROUTINE_WEEK_DAYS",
    "SERIES_WEEKS",
    "SEVERITY_RANGE",
    "SIDES",
    "Step",
    "WHEN_KINDS",
    "WeekCount",
    "compare_weeks",
    "cramp_json",
    "cramp_view",
    "default_when",
    "describe",
    "on_its_day",
    "done_days",
    "first_aid",
    "guidance",
    "local_time",
    "log_cramp",
    "minutes_text",
    "monday_of",
    "new_cramp",
    "parse_at",
    "parse_minutes",
    "parse_muscle",
    "parse_note",
    "parse_severity",
    "parse_side",
    "parse_when",
    "session_in_progress",
    "week_counts",
    "weekly_series",
]


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # looked up once
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOME})
