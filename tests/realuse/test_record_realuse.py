"""Real use: the installed `coach` in tmux, going back and being killed mid-session (issue #10).

A fresh COACH_HOME with a short routine of our own; the app runs in an 80x24 tmux pane on a
private socket, keys are typed as a person types them, and the database is read afterwards the
way `sqlite3` would. Everything waits by polling with a deadline, never a fixed sleep.
"""

from __future__ import annotations

import signal
import sqlite3
from pathlib import Path

import pytest

from tests.realuse.harness import Terminal, missing

pytestmark = [pytest.mark.realuse, pytest.mark.skipif(bool(missing()), reason=f"{missing()}")]

ROUTINE = """\
id: record-test
title: Record test
purpose: Short, to try going back and resuming.
audience: Testers.
exercises:
  - name: Toe lift
    position: Seated.
    instructions: Lift the toes, then lower them.
    reps_min: 3
    reps_max: 4
    setup_seconds: 1
    rest_seconds: 1
    phases: [{cue: Lift, seconds: 1}, {cue: Lower, seconds: 1}]
    source: test
  - name: Heel lift
    position: Seated.
    instructions: Lift the heels.
    reps_min: 4
    reps_max: 5
    setup_seconds: 1
    rest_seconds: 1
    phases: [{cue: Up, seconds: 1}, {cue: Down, seconds: 1}]
    source: test
  - name: Ankle circle
    position: Seated.
    instructions: Circle the ankles.
    reps_min: 1
    reps_max: 2
    setup_seconds: 1
    phases: [{cue: Circle, seconds: 1}]
    source: test
"""


@pytest.fixture
def home(coach_home: Path):
    home = coach_home
    (home / "config" / "routines").mkdir(parents=True)
    (home / "config" / "config.yaml").write_text("profile:\n  activity: sitting\n")
    (home / "config" / "routines" / "record-test.yaml").write_text(ROUTINE)
    return home


@pytest.fixture
def pane(home: Path):
    """New terminals on the same home: one per run of coach."""
    terms: list[Terminal] = []

    def new() -> Terminal:
        terms.append(Terminal(home))
        return terms[-1]

    yield new
    for t in terms:
        t.close()


def rows(home: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(home / "data" / "coach.sqlite3", timeout=10) as con:
        return con.execute(sql).fetchall()


@pytest.mark.waits(16)
def test_back_during_exercise_two_then_end_keeps_exercise_one_done(home: Path, pane) -> None:
    term = pane()
    term.start("start", "record-test")
    term.wait_for("Exercise 2 of 3")  # all 3 reps of the toe lift done
    term.press("b")
    term.wait_for("Exercise 1 of 3")
    term.wait_for("rep 3 of 3")  # two reps of the redo done
    term.press("q")
    term.wait_for("End the session now?")
    term.press("y")
    screen = term.wait_for("Repetitions done")
    assert "✓ Toe lift: 3 of 3 reps" in screen
    exercises = rows(home, "SELECT idx, name, reps_done, target, skipped FROM exercises")
    assert exercises[0] == (0, "Toe lift", 3, 3, 0)
    reps = rows(home, "SELECT exercise_idx, rep FROM reps ORDER BY 1, 2")
    assert reps[:3] == [(0, 1), (0, 2), (0, 3)]
    assert rows(home, "SELECT status FROM sessions") == [("partial",)]


@pytest.mark.waits(22)
def test_killed_during_exercise_two_then_resumed_goes_on_and_keeps_its_rows(
    home: Path, pane
) -> None:
    term = pane()
    term.start("start", "record-test")
    term.wait_for("Exercise 2 of 3 · rep 3 of 4")  # reps 1 and 2 of the heel lift saved
    term.signal(signal.SIGKILL)  # as a crash, or a laptop whose battery ran out, would
    assert term.exit_status() == 128 + signal.SIGKILL
    term.close()
    before = rows(home, "SELECT exercise_idx, rep, completed_at FROM reps ORDER BY 1, 2")
    saved = sum(1 for e, _, _ in before if e == 1)
    assert saved >= 2

    term = pane()
    term.start()
    term.wait_for("unfinished Record test")
    term.press("r")
    term.wait_for(f"Exercise 2 of 3 · rep {saved + 1} of 4")
    screen = term.wait_for("Exercise 3 of 3")
    assert "Traceback" not in screen
    after = rows(home, "SELECT exercise_idx, rep, completed_at FROM reps ORDER BY 1, 2")
    assert after[: len(before)] == before  # not one saved row rewritten
    assert [(e, r) for e, r, _ in after if e == 1] == [(1, r) for r in range(1, 5)]
    assert rows(home, "SELECT COUNT(*) FROM sessions") == [(1,)]
