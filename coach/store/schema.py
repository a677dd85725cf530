"""The record's tables, as the steps that built them: a file saved by any older coach is
brought up to date by the steps it has not had yet (see Connection._migrate)."""

from __future__ import annotations

# Index i upgrades a file from user_version i to i + 1. Never edit a released step: files already
# on users' disks were built by it. Add a new step instead.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        routine_id TEXT NOT NULL,
        routine_title TEXT NOT NULL,
        day TEXT NOT NULL,            -- the user's local day YYYY-MM-DD, fixed when saved
        started_at TEXT NOT NULL,     -- ISO 8601 local time with offset
        utc_offset_minutes INTEGER NOT NULL,
        ended_at TEXT,
        status TEXT NOT NULL
            CHECK(status IN ('in_progress', 'completed', 'partial', 'abandoned')),
        planned_seconds REAL NOT NULL,
        active_seconds REAL,
        paused_seconds REAL,
        targets TEXT NOT NULL,        -- JSON list of ints
        entered_by_hand INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX sessions_day ON sessions(day);
    CREATE INDEX sessions_routine_day ON sessions(routine_id, day);
    CREATE TABLE exercises (
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        idx INTEGER NOT NULL,
        name TEXT NOT NULL,
        reps_done INTEGER NOT NULL,
        target INTEGER NOT NULL,
        skipped INTEGER NOT NULL,
        started_at TEXT NOT NULL,
        ended_at TEXT NOT NULL,
        utc_offset_minutes INTEGER NOT NULL,
        PRIMARY KEY (session_id, idx)
    );
    CREATE TABLE reps (
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        exercise_idx INTEGER NOT NULL,
        rep INTEGER NOT NULL,
        completed_at TEXT NOT NULL,
        PRIMARY KEY (session_id, exercise_idx, rep)
    );
    """,
    """
    CREATE TABLE rest_days (
        day TEXT PRIMARY KEY,
        marked_at TEXT NOT NULL
    );
    """,
    # History over years: day digests read reps_done from the index alone, totals per exercise
    # walk names in order instead of sorting every row, and start-up finds the sessions left
    # in progress without visiting every day.
    """
    CREATE INDEX exercises_session_reps ON exercises(session_id, idx, reps_done);
    CREATE INDEX exercises_name_reps ON exercises(name, reps_done);
    CREATE INDEX sessions_in_progress ON sessions(day) WHERE status = 'in_progress';
    """,
    # The cramp diary. The checks repeat coach.cramps' rules so that no path (an import, another
    # version of coach) can store a value the rules and the doctor guidance would misread. One
    # cramp per muscle per moment: that is the key an import merges on.
    """
    CREATE TABLE cramps (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,             -- ISO 8601 local time with offset
        utc_offset_minutes INTEGER NOT NULL,
        day TEXT NOT NULL,            -- the user's local day YYYY-MM-DD, fixed when saved
        muscle TEXT NOT NULL CHECK(muscle IN ('calf', 'foot', 'front-thigh', 'back-thigh')),
        side TEXT CHECK(side IN ('left', 'right', 'both')),
        severity INTEGER CHECK(severity BETWEEN 1 AND 10),
        when_kind TEXT NOT NULL CHECK(when_kind IN ('night', 'day', 'exercise')),
        minutes REAL CHECK(minutes > 0 AND minutes <= 240),
        note TEXT CHECK(length(note) <= 500),
        logged_at TEXT NOT NULL,
        UNIQUE (at, muscle)
    );
    CREATE INDEX cramps_day ON cramps(day);
    """,
    # What was done stays done. A saved repetition is never rewritten or replaced (INSERT OR
    # REPLACE included: the insert trigger runs first); coach's own saves skip a rep that is
    # already there, so a resumed session, a redo after `back` or a retried save keep the first
    # row. An exercise row is only ever updated by a better pass over it: finished beats skipped,
    # then more repetitions beat fewer; a worse pass leaves it as it is.
    """
    CREATE TRIGGER reps_kept BEFORE INSERT ON reps
    WHEN EXISTS (SELECT 1 FROM reps WHERE session_id = NEW.session_id
                 AND exercise_idx = NEW.exercise_idx AND rep = NEW.rep)
    BEGIN SELECT RAISE(ABORT, 'a saved repetition is never rewritten'); END;
    CREATE TRIGGER reps_never_rewritten BEFORE UPDATE ON reps
    BEGIN SELECT RAISE(ABORT, 'a saved repetition is never rewritten'); END;
    CREATE TRIGGER exercises_kept BEFORE INSERT ON exercises
    WHEN EXISTS (SELECT 1 FROM exercises WHERE session_id = NEW.session_id AND idx = NEW.idx)
    BEGIN SELECT RAISE(ABORT, 'a saved exercise is only updated by a better pass'); END;
    CREATE TRIGGER exercises_never_lowered BEFORE UPDATE ON exercises
    WHEN NOT (NEW.session_id = OLD.session_id AND NEW.idx = OLD.idx AND (
        (NEW.skipped = 0 AND OLD.skipped = 1)
        OR (NEW.skipped = OLD.skipped AND NEW.reps_done > OLD.reps_done)))
    BEGIN SELECT RAISE(IGNORE); END;
    """,
    # An exercise the user ended the session in (q in the app, Ctrl+C in plain mode) is
    # "stopped", not "skipped": its row says skipped = 1 as before, and the session says which
    # one was stopped. NULL: none was (every session saved before this step, too).
    """
    ALTER TABLE sessions ADD COLUMN stopped_idx INTEGER;
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)

# A session in progress ends as one of these.
FINISHED_STATUSES = ("completed", "partial", "abandoned")
