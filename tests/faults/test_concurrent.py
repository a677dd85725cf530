"""Three coach processes writing into one database at once: nothing lost, nobody told "locked".

One process is the app's recording path (engine -> SessionRecorder -> Store, 1,000 reps, each
its own committed transaction), one is the reminder service (1,000 claims in its state files,
each followed by the database read it makes before reminding), one is the command line (300
`coach log` / `coach rest` commands, each opening the store as a fresh command would). They
start at the same instant; afterwards every row is counted, the file's integrity is checked,
and each process's stderr must be empty: a busy database is waited out, never shown.

The command line does 300, not 1,000: a command costs ~20 ms of CPU (its parser and the routine
files, before it writes), so its 1,000 ran for ~20 s, the last ~15 s of them alone, after the
other two writers had finished (the recorder's 1,000 take under a second, the reminder's ~5 s).
300 commands last about as long as the reminder's claims: the same races, 15 s of CPU less.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest

from coach.context import open_context
from coach.paths import app_paths
from tests.faults.conftest import coach_env

pytestmark = pytest.mark.slow

WRITES = 1000  # reps recorded, and reminder claims
EXERCISES = 10  # x 100 reps (the engine's maximum target) = 1,000 reps
COMMANDS_RUN = 300  # `coach log` and `coach rest` commands
RESTS = 30  # of the command line's 300: the rest are `coach log` for past days

PRELUDE = """
import sys, time
from datetime import date, datetime, timedelta
from pathlib import Path
from coach.paths import app_paths
home, start_at = sys.argv[1], float(sys.argv[2])
paths = app_paths({"COACH_HOME": home})
"""

RECORDER = (
    PRELUDE
    + """
from coach.context import open_context
from coach.model import Exercise, Phase, Routine

class Clock:  # monotonic time moved by hand: 1,000 reps without 1,000 seconds of waiting
    now = 1000.0
    def __call__(self):
        return self.now

clock = Clock()
exercises = tuple(
    Exercise(f"Move {i}", "Seated.", "Move.", 1, 100, (Phase("Go", 1.0),), "test", 0.0, 0.0)
    for i in range(EXERCISES)
)
routine = Routine("fault-many", "Fault many", "Many reps.", "Tests.", exercises)
context = open_context(paths, clock=clock)
engine, recorder = context.new_session(routine, [100] * len(exercises))
while time.time() < start_at:
    time.sleep(0.005)
recorder.anchor(clock())
recorder.handle(engine.start())
while engine.state != "finished":
    clock.now += engine.remaining() + 1e-6
    recorder.handle(engine.tick())
context.close()
print(recorder.session_id)
""".replace("EXERCISES", str(EXERCISES))
)

REMINDER = (
    PRELUDE
    + """
from coach.reminders.core import store_done
from coach.reminders.state import ReminderState
from coach.routines import load_catalog

catalog = load_catalog(paths.routines)
state = ReminderState(paths.state)
today = date.today()
now = datetime.now().astimezone()
while time.time() < start_at:
    time.sleep(0.005)
for i in range(WRITES):
    if not state.claim(f"fault-{i}", today, now):
        sys.exit(f"claim {i} was lost")
    store_done(paths, catalog, "daily-prevention", today - timedelta(days=1 + i % 900))
""".replace("WRITES", str(WRITES))
)

COMMANDS = (
    PRELUDE
    + """
import contextlib, io
from coach.cli import main

today = date.today()
while time.time() < start_at:
    time.sleep(0.005)
for i in range(COMMANDS_RUN):
    if i % 10 == 9:  # one rest a week, planned ahead: never against the one-in-7 rule
        argv = ["rest", (today + timedelta(days=7 * (i // 10 + 1))).isoformat()]
    else:
        argv = ["log", (today - timedelta(days=1 + i - i // 10)).isoformat()]
    with contextlib.redirect_stdout(io.StringIO()):
        code = main(argv)
    if code != 0:
        sys.exit(f"coach {' '.join(argv)} exited {code}")
""".replace("COMMANDS_RUN", str(COMMANDS_RUN))
)


@pytest.mark.waits(10)
def test_three_processes_write_hundreds_of_times_each_into_one_database(coach_home: Path):
    paths = app_paths({"COACH_HOME": str(coach_home)})
    open_context(paths).close()  # config and schema in place, as after a first run
    start_at = time.time() + 2.0  # after every process has finished its imports
    procs = {
        name: subprocess.Popen(
            [sys.executable, "-c", script, str(coach_home), str(start_at)],
            env=coach_env(coach_home),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name, script in (("recorder", RECORDER), ("reminder", REMINDER), ("cli", COMMANDS))
    }
    results = {name: (p.communicate(timeout=120), p.returncode) for name, p in procs.items()}
    took = time.time() - start_at
    for name, ((_out, err), code) in results.items():
        assert code == 0, f"{name} exited {code}:\n{err}"
        assert err == "", f"{name} wrote to stderr:\n{err}"
    session_id = int(results["recorder"][0][0].strip())

    con = sqlite3.connect(paths.database)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        reps = con.execute("SELECT COUNT(*) FROM reps WHERE session_id = ?", (session_id,))
        assert reps.fetchone()[0] == WRITES
        assert con.execute(
            "SELECT status, (SELECT COUNT(*) FROM exercises WHERE session_id = s.id)"
            " FROM sessions s WHERE id = ?",
            (session_id,),
        ).fetchone() == ("completed", EXERCISES)
        logged = con.execute("SELECT COUNT(DISTINCT day) FROM sessions WHERE entered_by_hand = 1")
        assert logged.fetchone()[0] == COMMANDS_RUN - RESTS
        assert con.execute("SELECT COUNT(*) FROM rest_days").fetchone()[0] == RESTS
    finally:
        con.close()
    shown = json.loads((paths.state / "remind-state.json").read_text())["shown"]
    assert len([k for k in shown if k.startswith("fault-")]) == WRITES
    writes = 2 * WRITES + COMMANDS_RUN
    print(f"{writes} concurrent writes in {took:.1f} s: all stored, integrity ok")


def test_one_day_logged_by_two_commands_at_once_is_stored_once(coach_home: Path):
    """The race, made certain: the second command runs between the first one's check and write."""
    from coach.history import log_by_hand

    paths = app_paths({"COACH_HOME": str(coach_home)})
    first, second = open_context(paths), open_context(paths)
    day = first.today() - timedelta(days=1)

    class RacedStore:
        def __init__(self, store):
            self.store = store

        def __getattr__(self, name):
            return getattr(self.store, name)

        def add_session(self, session):
            log_by_hand(second.store, second.catalog, second.config, day, None, second.wall_now())
            return self.store.add_session(session)

    try:
        log_by_hand(
            RacedStore(first.store), first.catalog, first.config, day, None, first.wall_now()
        )
        assert len(first.store.sessions_between(day, day)) == 1
    finally:
        first.close()
        second.close()
