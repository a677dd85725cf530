"""Real-time integration: the installed command in a real terminal (tmux), no keys pressed.

These are the few tests that use the real clock on purpose: they prove that the timer keeps time
and that a killed process loses nothing, as a user would see it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from coach.routines import load_routine_file
from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="needs tmux (.ci/run installs it)"
)

QUICK = ROOT / "tests" / "data" / "three-quick.yaml"


class Terminal:
    def __init__(self, home: Path, name: str):
        self.socket = f"coach-test-{os.getpid()}-{name}"
        self.home = home

    def tmux(self, *args: str) -> str:
        out = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True)
        return out.stdout

    def start(self, *coach_args: str) -> None:
        env = f"COACH_HOME={self.home} PYTHONPATH={ROOT} TERM=xterm-256color"
        argv = " ".join([sys.executable, "-m", "coach", *coach_args])
        self.tmux("new-session", "-d", "-x", "80", "-y", "24", f"env {env} {argv}; sleep 30")

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p")

    def wait_for(self, text: str, timeout: float) -> float:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.screen():
                return time.time()
            time.sleep(0.05)
        raise AssertionError(f"{text!r} not on screen after {timeout}s:\n{self.screen()}")

    def pid(self) -> int:
        shell = int(self.tmux("list-panes", "-F", "#{pane_pid}").split()[0])
        out = subprocess.run(["pgrep", "-P", str(shell)], capture_output=True, text=True)
        return int(out.stdout.split()[0])

    def close(self) -> None:
        """Close the terminal; a coach still running 3 s after that is killed, so no test leaves
        one behind (on a busy machine some stayed hung after tmux's SIGHUP: see the t13 notes)."""
        panes = self.tmux("list-panes", "-F", "#{pane_pid}").split()
        left = [p for pane in panes for p in descendants(int(pane))]
        self.tmux("kill-server")
        deadline = time.monotonic() + 3
        while left and time.monotonic() < deadline:
            left = [p for p in left if Path(f"/proc/{p}").exists()]
            time.sleep(0.05)
        for pid in left:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)


def descendants(pid: int) -> list[int]:
    found: list[int] = []
    with contextlib.suppress(OSError, ValueError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                found += [int(child), *descendants(int(child))]
    return found


@pytest.fixture
def terminal(coach_home: Path, request):
    term = Terminal(coach_home, request.node.name[:20])
    yield term
    term.close()


def stored_sessions(home: Path) -> list[sqlite3.Row]:
    con = sqlite3.connect(home / "data" / "coach.sqlite3")
    con.row_factory = sqlite3.Row
    return con.execute("SELECT * FROM sessions").fetchall()


@pytest.mark.waits(17)
def test_custom_routine_runs_to_its_end_screen_on_time(terminal: Terminal, coach_home: Path):
    planned = load_routine_file(QUICK).planned_seconds()
    terminal.start("start", str(QUICK))
    terminal.wait_for("Exercise 1 of 3", timeout=20)  # the cue itself is drawn in large type
    seen_end = terminal.wait_for("session complete", timeout=planned + 15)
    (session,) = stored_sessions(coach_home)
    started = datetime.fromisoformat(session["started_at"])
    ended = datetime.fromisoformat(session["ended_at"])
    assert session["status"] == "completed"
    duration = (ended - started).total_seconds()
    assert abs(duration - planned) <= 0.01 * planned
    # the stored end is the real end, not a computed wish: the screen showed it at that moment
    assert abs(seen_end - ended.timestamp()) < 1.0
    assert "Repetitions done: 5" in terminal.screen()


@pytest.mark.waits(11)
def test_sigkill_mid_session_keeps_every_finished_rep(terminal: Terminal, coach_home: Path):
    (coach_home / "config" / "routines").mkdir(parents=True)
    shutil.copy(QUICK, coach_home / "config" / "routines" / "quick.yaml")
    # A returning user: the profile is chosen, so home opens without the first-run note.
    (coach_home / "config" / "config.yaml").write_text("profile:\n  activity: sitting\n")
    terminal.start("start", "quick-test")
    terminal.wait_for("Exercise 1 of 3", timeout=20)  # the cue itself is drawn in large type
    time.sleep(6.5)  # setup 1 + 2 reps (4 s) + rest 1, then into exercise 2
    os.kill(terminal.pid(), signal.SIGKILL)
    killed_at = time.time()
    con = sqlite3.connect(coach_home / "data" / "coach.sqlite3")
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    reps = con.execute("SELECT exercise_idx, rep, completed_at FROM reps").fetchall()
    (session,) = stored_sessions(coach_home)
    started = datetime.fromisoformat(session["started_at"]).timestamp()
    expected = [(0, 1), (0, 2)] + ([(1, 1)] if killed_at - started > 8.2 else [])
    assert [(i, r) for i, r, _ in reps][: len(expected)] == expected
    assert all(datetime.fromisoformat(at).timestamp() <= killed_at for *_, at in reps)
    assert session["status"] == "in_progress"
    terminal.close()

    again = Terminal(coach_home, "resume")
    try:
        again.start()
        again.wait_for("unfinished Quick test", timeout=20)
        # The banner's bar (█, formerly a box's │) at each line start is not part of its text.
        flat = " ".join(again.screen().replace("│", " ").replace("█", " ").split())
        assert "r resume where you stopped" in flat
        again.tmux("send-keys", "r")
        again.wait_for("Exercise 2 of 3", timeout=10)
    finally:
        again.close()
