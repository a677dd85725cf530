"""Real use: the installed `coach` in tmux, going back and being killed mid-session (issue #10).

A fresh COACH_HOME with a short routine of our own; the app runs in an 80x24 tmux pane on a
private socket, keys are typed as a person types them, and the database is read afterwards the
way `sqlite3` would. Everything waits by polling with a deadline, never a fixed sleep.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

COACH = Path(sys.executable).with_name("coach")  # the script pip installed into this venv
pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None or not COACH.exists(), reason="needs tmux and an installed coach"
)

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


class Pane:
    """`coach ARGS` alone in a tmux pane (no shell) on a socket nobody else uses."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.socket = f"coach-record-{os.getpid()}-{uuid.uuid4().hex[:8]}"

    def tmux(self, *args: str, env: dict[str, str] | None = None) -> str:
        cmd = ["tmux", "-L", self.socket, "-f", "/dev/null", *args]
        return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=30).stdout

    def start(self, *args: str) -> None:
        env = {"PATH": os.environ["PATH"], "HOME": str(self.home), "LANG": "C.UTF-8",
               "COACH_HOME": str(self.home), "TERM": "xterm-256color"}  # fmt: skip
        self.tmux("new-session", "-d", "-s", "c", "-x", "80", "-y", "24", str(COACH), *args,
                  env=env)  # fmt: skip
        self.tmux("set-option", "-t", "c", "remain-on-exit", "on")

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "c")

    def press(self, *keys: str) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", "c", key)

    def wait_for(self, text: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if text in screen:
                assert "Traceback" not in screen, screen
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"no {text!r} after {timeout} s:\n{screen}")
            time.sleep(0.1)

    def kill_coach(self) -> None:
        """SIGKILL, as a crash or a closed laptop lid with no battery would."""
        pid = int(self.tmux("display-message", "-p", "-t", "c", "#{pane_pid}").strip())
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while self.tmux("display-message", "-p", "-t", "c", "#{pane_dead}").strip() != "1":
            assert time.monotonic() < deadline, "coach still running after SIGKILL"
            time.sleep(0.1)
        self.close()

    def close(self) -> None:
        self.tmux("kill-server")


@pytest.fixture
def home(tmp_path: Path):
    home = tmp_path / "home"
    (home / "config" / "routines").mkdir(parents=True)
    (home / "config" / "config.yaml").write_text("profile:\n  activity: sitting\n")
    (home / "config" / "routines" / "record-test.yaml").write_text(ROUTINE)
    return home


@pytest.fixture
def pane(home: Path):
    panes: list[Pane] = []

    def new() -> Pane:
        panes.append(Pane(home))
        return panes[-1]

    yield new
    for p in panes:
        p.close()


def rows(home: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(home / "data" / "coach.sqlite3", timeout=10) as con:
        return con.execute(sql).fetchall()


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


def test_killed_during_exercise_two_then_resumed_goes_on_and_keeps_its_rows(
    home: Path, pane
) -> None:
    term = pane()
    term.start("start", "record-test")
    term.wait_for("Exercise 2 of 3 · rep 3 of 4")  # reps 1 and 2 of the heel lift saved
    term.kill_coach()
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
