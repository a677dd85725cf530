"""The record as days: the view every front end shows (`view`) and the changes made by hand
(`edits`). Callers usually go through coach.journal, which holds the store, catalogue and
config together; the names stay importable from `coach.history` as before the split.

GLYPHS, BY_HAND_MARK, history_json and session_json live in coach.present now; they are
re-exported here only for code written before the move (import them from coach.present).
"""

from coach.history.edits import (
    HAND_ENTRY_HOUR,
    HistoryError,
    day_with_year,
    hand_entry,
    log_by_hand,
    mark_rest,
    toggle_rest,
    unlog_by_hand,
    unmark_rest,
)
from coach.history.view import (
    DayView,
    ExerciseTotal,
    HistoryView,
    RoutineTotal,
    Totals,
    WeekRow,
    build_history,
    daily_minimums,
    digest_facts,
    week_rows,
)
from coach.present.glyphs import BY_HAND_MARK, GLYPHS
from coach.present.record_json import history_json, session_json

__all__ = [
    "BY_HAND_MARK",
    "GLYPHS",
    "HAND_ENTRY_HOUR",
    "DayView",
    "ExerciseTotal",
    "HistoryError",
    "HistoryView",
    "RoutineTotal",
    "Totals",
    "WeekRow",
    "build_history",
    "daily_minimums",
    "day_with_year",
    "digest_facts",
    "hand_entry",
    "history_json",
    "log_by_hand",
    "mark_rest",
    "session_json",
    "toggle_rest",
    "unlog_by_hand",
    "unmark_rest",
    "week_rows",
]
