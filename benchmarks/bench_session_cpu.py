"""Session screen CPU: `coach start daily-prevention` in a real terminal (tmux, 80x24) against a
minimal Textual countdown (Header, cue Static, Digits, ProgressBar, Footer) repainting once a
second, run side by side. Whole-process CPU (utime+stime from /proc/PID/stat) over --seconds
after a warm-up; median ratio of --runs runs. Goal: <= 2x. Linux only.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.common import median, returning_user, temp_home

GOAL = 2.0
TICKS = os.sysconf("SC_CLK_TCK")

BASELINE_APP = """\
from textual.app import App
from textual.widgets import Digits, Footer, Header, ProgressBar, Static

class Countdown(App):
    BINDINGS = [("space", "pause", "Pause"), ("q", "quit", "Quit")]

    def compose(self):
        yield Header()
        yield Static("HOLD THE STRETCH", id="cue")
        yield Digits("5:00")
        yield ProgressBar(total=300, show_eta=False)
        yield Footer()

    def on_mount(self):
        self.left = 300
        self.set_interval(1, self.second)

    def second(self):
        self.left -= 1
        self.query_one(Digits).update(f"{self.left // 60}:{self.left % 60:02d}")
        self.query_one(ProgressBar).advance(1)

Countdown().run()
"""


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def start(sock: str, command: str) -> int:
    """Start `command` in a new 80x24 tmux server; the pane's pid (env execs the program)."""
    subprocess.run(
        ["tmux", "-L", sock, "new-session", "-d", "-x", "80", "-y", "24", command], check=True
    )
    out = subprocess.run(
        ["tmux", "-L", sock, "list-panes", "-F", "#{pane_pid}"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(out.stdout.split()[0])


def wait_for(sock: str, marker: str, timeout: float = 60.0) -> None:
    """Until `marker` is on the pane's screen: on a busy machine start-up takes seconds."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        screen = subprocess.run(
            ["tmux", "-L", sock, "capture-pane", "-p"], capture_output=True, text=True
        ).stdout
        if marker in screen:
            return
        time.sleep(0.1)
    raise RuntimeError(f"{marker!r} never appeared")


def one_run(prefix: str, baseline: Path, seconds: float, warmup: float) -> tuple[float, float]:
    socks = [f"coach-cpu-a-{time.time_ns()}", f"coach-cpu-b-{time.time_ns()}"]
    try:
        base_pid = start(socks[0], f"{prefix} {sys.executable} {baseline}")
        coach_pid = start(socks[1], f"{prefix} {sys.executable} -m coach start daily-prevention")
        for sock, marker in ((socks[0], "HOLD THE STRETCH"), (socks[1], " left")):
            wait_for(sock, marker)
        time.sleep(warmup)  # start-up and first paint are not what is measured
        before = cpu_seconds(base_pid), cpu_seconds(coach_pid)
        time.sleep(seconds)
        after = cpu_seconds(base_pid), cpu_seconds(coach_pid)
    finally:
        for sock in socks:
            subprocess.run(["tmux", "-L", sock, "kill-server"], capture_output=True)
    return after[0] - before[0], after[1] - before[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=30.0, help="CPU measured over this long")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds after first paint")
    args = parser.parse_args()
    with temp_home() as home:
        baseline = home / "minimal_countdown.py"
        baseline.write_text(BASELINE_APP)
        prefix = returning_user(home)
        ratios, bases, coaches = [], [], []
        for _ in range(args.runs):
            base, coach = one_run(prefix, baseline, args.seconds, args.warmup)
            bases.append(base)
            coaches.append(coach)
            ratios.append(coach / base if base > 0 else float("inf"))
    b, c = median(bases), median(coaches)
    runs = f"median of {args.runs} runs"
    print(f"Session CPU at 80x24 over {args.seconds:g} s, {runs} (goal <= {GOAL}x):")
    print(f"  minimal countdown app  {b:6.3f} s  ({100 * b / args.seconds:5.2f}% of a core)")
    print(f"  coach session          {c:6.3f} s  ({100 * c / args.seconds:5.2f}% of a core)")
    print(
        f"  ratio                  {median(ratios):6.2f}x  (runs: "
        + ", ".join(f"{r:.2f}" for r in ratios)
        + ")"
    )


if __name__ == "__main__":
    main()
