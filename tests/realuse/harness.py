"""A person at a terminal, for real-use tests: the installed `coach` in a private tmux server.

Pilot tests build the app with reminders off and never wait, which is how a crash 30 s after the
first save slipped through (issue 10). A real-use test runs the `coach` script that pip installed
into this venv, in an 80x24 tmux pane on a private socket with its own COACH_HOME, presses keys
as people do, leaves it open with reminders on, and then reads the screen, the exit status, the
terminal's modes and the database. Everything waits by polling with a deadline, never a fixed
sleep, so a loaded machine makes a test slower, not flaky.

    term = Terminal(tmp_path / "home")
    term.start()                         # `coach` with no arguments
    term.wait_for("Before you start")
    term.press("C-s")                    # tmux key names: C-s, Enter, Escape, Space, q...
    term.stay(35, showing="Next reminder")
    term.press("q")
    assert term.exit_status() == 0
    assert term.modes_left_on() == []
    term.close()
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

COACH = Path(sys.executable).with_name("coach")  # the script `pip install` wrote into this venv
POLL = 0.25
TRACEBACK_MARKS = ("Traceback", "Error:", "call_soon_threadsafe", "locals ──")
# tmux's view of the pane's terminal modes: all must be off again once coach has exited.
MODES = {
    "alternate screen": "alternate_on",
    "mouse tracking (any)": "mouse_any_flag",
    "mouse tracking (buttons)": "mouse_button_flag",
    "mouse tracking (clicks)": "mouse_standard_flag",
    "mouse tracking (all)": "mouse_all_flag",
    "mouse SGR reports": "mouse_sgr_flag",
}
# The pane runs this small launcher (stdlib only, `python -I -S`), which runs coach and writes
# its pid and, once it ends, its exit status: tmux's own #{pane_dead_status} is sometimes empty.
LAUNCHER = """\
import os, subprocess, sys
status_file, pid_file, *argv = sys.argv[1:]
child = subprocess.Popen(argv)
with open(pid_file + ".tmp", "w") as f:
    f.write(str(child.pid))
os.replace(pid_file + ".tmp", pid_file)
code = child.wait()
with open(status_file + ".tmp", "w") as f:
    f.write(str(code if code >= 0 else 128 - code))
os.replace(status_file + ".tmp", status_file)
"""
TMUX_CONF = """\
set -g remain-on-exit on
set -g status off
set -g default-terminal tmux-256color
set -g history-limit 2000
"""


def missing() -> str | None:
    """Why real-use tests cannot run here, or None."""
    if shutil.which("tmux") is None:
        return "needs tmux (.ci/run installs it)"
    if not COACH.exists():
        return f"needs the installed `coach` script at {COACH} (pip install .)"
    return None


class Terminal:
    """One terminal with `coach` running in it, on a tmux server nobody else uses."""

    def __init__(self, home: Path, *, width: int = 80, height: int = 24) -> None:
        self.home = home
        self.size = (width, height)
        self.name = f"coach-realuse-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.socket = self.name
        self.workdir = home.parent / f"{self.name}.tmux"
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.conf = self.workdir / "tmux.conf"
        self.conf.write_text(TMUX_CONF)
        self.status_file = self.workdir / "exit-status"  # per start, see start()
        self.pid_file = self.workdir / "pid"
        self.started = False

    # -- driving -----------------------------------------------------------------------------

    def start(
        self, *args: str, env: dict[str, str] | None = None, pythonpath: Path | None = None
    ) -> None:
        """Run `coach ARGS` in the pane (no shell), in a clean environment of its own.

        Starting again (after an exit or a kill) opens a new terminal on the same home, as a
        person reopening coach would."""
        self.close()
        # New names each time: never a server still shutting down, nor a late status file.
        self.socket = f"{self.name}-{uuid.uuid4().hex[:4]}"
        self.status_file = self.workdir / f"{self.socket}.status"
        self.pid_file = self.workdir / f"{self.socket}.pid"
        clean = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.workdir),
            "LANG": "C.UTF-8",
            "COACH_HOME": str(self.home),
        }
        if "TZ" in os.environ:
            clean["TZ"] = os.environ["TZ"]
        if pythonpath is not None:
            clean["PYTHONPATH"] = str(pythonpath)
        clean.update(env or {})
        width, height = self.size
        self._tmux(
            ["-f", str(self.conf), "new-session", "-d", "-s", "coach", "-x", str(width),
             "-y", str(height), "-c", str(self.workdir), sys.executable, "-I", "-S", "-c",
             LAUNCHER, str(self.status_file), str(self.pid_file), str(COACH), *args],
            env=clean,
            check=True,
        )  # fmt: skip
        self.started = True

    def press(self, *keys: str) -> None:
        """Keys by tmux's names, one after the other, as a person types them."""
        for key in keys:
            self.tmux("send-keys", "-t", "coach", key)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", "coach", "-l", text)

    def signal(self, signum: int) -> None:
        os.kill(self.pid(), signum)

    def close(self) -> None:
        if self.started:
            self.tmux("kill-server")
            self.started = False

    # -- looking -----------------------------------------------------------------------------

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "coach")

    def transcript(self) -> str:
        """Everything the pane's main screen shows and scrolled away, wrapped lines joined:
        what is left in the terminal after coach has exited."""
        return self.tmux("capture-pane", "-p", "-J", "-S", "-", "-t", "coach")

    def wait_for(self, text: str, timeout: float = 30) -> str:
        """Wait until `text` is on the screen; the screen then. Fails early if coach died."""
        return self.wait_until(lambda screen: text in screen, f"{text!r} on screen", timeout)

    def wait_until(self, ok: Callable[[str], bool], what: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if ok(screen):
                return screen
            if self.exited():
                raise AssertionError(f"coach exited ({self._status()}) before {what}:\n{screen}")
            if time.monotonic() > deadline:
                raise AssertionError(f"no {what} after {timeout:g} s:\n{screen}")
            time.sleep(POLL)

    def stay(self, seconds: float, *, showing: str, grace: float = 3.0) -> None:
        """Leave the app open for `seconds`, as a person who walked away, watching it: coach
        must stay alive, never show a traceback, and keep `showing` on screen (a toast may
        cover it for at most `grace` seconds)."""
        end = time.monotonic() + seconds
        missing_since: float | None = None
        while (now := time.monotonic()) < end:
            screen = self.screen()
            if self.exited():
                raise AssertionError(f"coach exited ({self._status()}) while left open:\n{screen}")
            marks = [m for m in TRACEBACK_MARKS if m in screen]
            assert not marks, f"a traceback on screen ({marks}) while left open:\n{screen}"
            if showing in screen:
                missing_since = None
            elif missing_since is None:
                missing_since = now
            elif now - missing_since > grace:
                raise AssertionError(f"{showing!r} gone from the screen while left open:\n{screen}")
            time.sleep(min(1.0, max(0.0, end - now)))

    def exited(self) -> bool:
        return self.status_file.exists()

    def exit_status(self, timeout: float = 20) -> int:
        """Wait for coach to end; its status as a shell reports it (128+N after signal N).

        Returns once tmux has also read all coach wrote, so the screen and modes are final."""
        deadline = time.monotonic() + timeout
        while not (self.exited() and self._format("#{pane_dead}") == "1"):
            if time.monotonic() > deadline:
                raise AssertionError(f"coach still running after {timeout:g} s:\n{self.screen()}")
            time.sleep(POLL)
        return self._status()

    def modes_left_on(self) -> list[str]:
        """Terminal modes coach switched on and did not switch off (after it exited: none)."""
        return [name for name, fmt in MODES.items() if self._format(f"#{{{fmt}}}") == "1"]

    def pid(self) -> int:
        """coach's process id (not the launcher's)."""
        deadline = time.monotonic() + 30
        while not self.pid_file.exists():
            assert time.monotonic() < deadline, "coach never started"
            time.sleep(POLL)
        return int(self.pid_file.read_text())

    # -- tmux --------------------------------------------------------------------------------

    def tmux(self, *args: str) -> str:
        return self._tmux(list(args))

    def _tmux(self, args: list[str], env: dict[str, str] | None = None, check: bool = False) -> str:
        out = subprocess.run(
            ["tmux", "-L", self.socket, *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=30,
        )
        if check and out.returncode != 0:
            raise AssertionError(f"tmux failed ({out.returncode}): {out.stderr.strip()}")
        return out.stdout

    def _format(self, fmt: str) -> str:
        return self.tmux("display-message", "-p", "-t", "coach", fmt).strip()

    def _status(self) -> int:
        return int(self.status_file.read_text())


class Record:
    """What coach stored in this home, read the way `sqlite3` on the command line would."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.database = home / "data" / "coach.sqlite3"
        self.state = home / "state"

    def rows(self, sql: str, *params: object) -> list[sqlite3.Row]:
        con = sqlite3.connect(self.database, timeout=10)
        try:
            con.row_factory = sqlite3.Row
            return con.execute(sql, params).fetchall()
        finally:
            con.close()

    def sessions(self) -> list[sqlite3.Row]:
        return self.rows("SELECT * FROM sessions ORDER BY id")

    def reps(self, session_id: int) -> list[sqlite3.Row]:
        return self.rows(
            "SELECT * FROM reps WHERE session_id = ? ORDER BY exercise_idx, rep", session_id
        )

    def integrity(self) -> str:
        return self.rows("PRAGMA integrity_check")[0][0]

    def crash_log(self) -> str | None:
        path = self.state / "coach.log"
        return path.read_text(encoding="utf-8") if path.exists() else None
