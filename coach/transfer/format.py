"""The export's format: its name and version, the fields of each record, the limits on values.

Shared by the writer (`coach.transfer.export`) and the reader (`coach.transfer.importer`), so
what one writes the other reads. The `cramps` list came after version 1 was released, so it is
written only when the diary holds a cramp and is optional on import: files without cramps stay
exactly what older coach versions write and read, and an older coach refuses a file with cramps
("cramps: unknown field") instead of dropping them quietly. A session's `stopped_idx` (the
exercise the user ended it in) follows the same rule.
"""

from __future__ import annotations

from coach.store import FINISHED_STATUSES

FORMAT = "coach-export"
VERSION = 1
STATUSES = ("in_progress", *FINISHED_STATUSES)
MAX_PROBLEMS = 20
MAX_COUNT = 100_000  # far above any real reps or index, far below SQLite's integer limit
MAX_SECONDS = 86_400 * 7
PLAIN_TEXT = "text may hold line breaks and tabs, no other control characters"

CSV_COLUMNS = (
    "kind",
    "day",
    "session_id",
    "routine_id",
    "routine_title",
    "session_started_at",
    "session_ended_at",
    "session_status",
    "entered_by_hand",
    "active_seconds",
    "paused_seconds",
    "exercise_idx",
    "exercise_name",
    "reps_done",
    "target",
    "skipped",
    "exercise_started_at",
    "exercise_ended_at",
    "marked_at",
    # cramp rows (kind=cramp) fill `day` and these; new columns go last so old sheets still read
    "cramp_at",
    "muscle",
    "side",
    "severity",
    "when",
    "minutes",
    "note",
    "logged_at",
    # 1 on the row of an exercise the user ended the session in (q, Ctrl+C): "stopped", which
    # the `skipped` column also says 1 for, as it did before this column was added
    "stopped",
)

SESSION_KEYS = {
    "id",
    "routine_id",
    "routine_title",
    "day",
    "started_at",
    "ended_at",
    "status",
    "planned_seconds",
    "active_seconds",
    "paused_seconds",
    "targets",
    "entered_by_hand",
    "exercises",
    "reps",
    "stopped_idx",
}
# Fields added after version 1 was released: written only when they say something, so the file
# stays what older coach versions read, and optional on import, so their files still import.
SESSION_OPTIONAL = {"id", "stopped_idx"}
EXERCISE_KEYS = {"idx", "name", "reps_done", "target", "skipped", "started_at", "ended_at"}
REP_KEYS = {"exercise_idx", "rep", "completed_at"}
REST_KEYS = {"day", "marked_at"}
CRAMP_KEYS = {
    "id",
    "at",
    "day",
    "muscle",
    "side",
    "severity",
    "when",
    "minutes",
    "note",
    "logged_at",
}


class ImportFileError(Exception):
    """A file `coach import` cannot use; `problems` are `FILE: field: what is wrong` lines."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems
