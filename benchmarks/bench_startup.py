"""Start-up: launch `coach` in a real terminal (tmux) until home is painted, against the smallest
Textual app that paints one line, launched the same way. Median of N runs each; goal <= 1.15x.

Home is painted in two steps (coach.ui.startup): its frame first (title, the first-aid line, the
keys), then, once the record is open, its figures. Both are timed: the goal is for the first
paint; the second is reported beside it, so that a faster frame cannot hide a slower home.
"""

from __future__ import annotations

import argparse
import compileall
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.common import ROOT, median, returning_user, temp_home

TICKS = os.sysconf("SC_CLK_TCK")
FRAME = "Leg cramp right now?"  # home's frame: drawn before the record is open
FILLED = "Streak"  # home's figures: drawn once the record has been read

BASELINE_APP = """\
from textual.app import App
from textual.widgets import Static

class Minimal(App):
    def compose(self):
        yield Static("ready: minimal app")

Minimal().run()
"""


def cpu_of_tree(pid: int) -> float:
    """utime+stime of `pid` and its descendants (the shell tmux starts, then the program)."""
    total = 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / TICKS
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                total += cpu_of_tree(int(child))
    except (OSError, ValueError):
        pass  # gone already
    return total


def paint(command: str, marker: str, timeout: float = 30.0) -> tuple[float, float]:
    """(wall seconds, CPU seconds) from launch until `marker` is on the screen. CPU time is
    what the program spent itself, so it is far less shaken by a busy machine than wall time."""
    return paints(command, [marker], timeout)[0]


def paints(command: str, markers: list[str], timeout: float = 30.0) -> list[tuple[float, float]]:
    """(wall, CPU) seconds from launch until each of `markers` is first on the screen."""
    sock = f"coach-startup-{time.time_ns()}"
    started = time.monotonic()
    subprocess.run(
        ["tmux", "-L", sock, "new-session", "-d", "-x", "100", "-y", "30", f"{command}; sleep 5"],
        check=True,
    )
    pane = subprocess.run(
        ["tmux", "-L", sock, "list-panes", "-F", "#{pane_pid}"], capture_output=True, text=True
    ).stdout.split()
    seen: list[tuple[float, float]] = []
    try:
        while time.monotonic() - started < timeout:
            screen = subprocess.run(
                ["tmux", "-L", sock, "capture-pane", "-p"], capture_output=True, text=True
            ).stdout
            while len(seen) < len(markers) and markers[len(seen)] in screen:
                wall = time.monotonic() - started
                seen.append((wall, cpu_of_tree(int(pane[0])) if pane else float("nan")))
            if len(seen) == len(markers):
                return seen
            time.sleep(0.005)
        raise RuntimeError(f"{markers[len(seen)]!r} never appeared")
    finally:
        programs = descendants(int(pane[0])) if pane else []
        subprocess.run(["tmux", "-L", sock, "kill-server"], capture_output=True)
        reap(programs)


def descendants(pid: int) -> list[int]:
    found = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                found += [int(child), *descendants(int(child))]
    except (OSError, ValueError):
        pass  # gone already
    return found


def reap(pids: list[int], grace: float = 3.0) -> None:
    """What outlived its terminal after `grace` seconds is killed: a busy machine once left
    coach processes hanging after tmux's SIGHUP, and a benchmark must not leave any behind."""
    deadline = time.monotonic() + grace
    while pids and time.monotonic() < deadline:
        pids = [p for p in pids if Path(f"/proc/{p}").exists()]
        time.sleep(0.05)
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
            print(f"  (pid {pid} outlived its terminal: killed)", file=sys.stderr)
        except OSError:
            pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    # Both programs start from cached bytecode, as an installed copy does (pip compiles it; the
    # minimal app's Textual was compiled when installed). Without this, PYTHONDONTWRITEBYTECODE=1
    # or fresh edits would make coach compile its own sources at every launch and the baseline not.
    compileall.compile_dir(ROOT / "coach", quiet=1)
    with temp_home() as home:
        baseline = home / "minimal_app.py"
        baseline.write_text(BASELINE_APP)
        prefix = returning_user(home)
        coach = f"{prefix} {sys.executable} -m coach"
        paints(coach, [FRAME, FILLED])
        frames, filled, base_runs = [], [], []
        for _ in range(args.runs):  # interleaved, so machine load hits both alike
            base_runs.append(paint(f"{prefix} {sys.executable} {baseline}", "ready: minimal app"))
            frame, figures = paints(coach, [FRAME, FILLED])
            frames.append(frame)
            filled.append(figures)
    b, bc = median([w for w, _ in base_runs]), median([u for _, u in base_runs])
    print(f"Start-up, median of {args.runs} runs (goal <= 1.15x for the first paint):")
    print(f"  minimal Textual app        {b * 1000:5.0f} ms wall  {bc * 1000:5.0f} ms CPU")
    for name, runs in (("coach home, first paint", frames), ("coach home, filled in", filled)):
        c, cc = median([w for w, _ in runs]), median([u for _, u in runs])
        print(
            f"  {name:25s}  {c * 1000:5.0f} ms wall  {cc * 1000:5.0f} ms CPU"
            f"   {c / b:5.3f}x wall  {cc / bc:5.3f}x CPU"
        )


if __name__ == "__main__":
    main()
