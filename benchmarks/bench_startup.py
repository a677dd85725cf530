"""Start-up: launch `coach` in a real terminal (tmux) until home is painted, against the smallest
Textual app that paints one line, launched the same way. Median of N runs each; goal <= 1.15x.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

from benchmarks.common import coach_env, median, temp_home

BASELINE_APP = """\
from textual.app import App
from textual.widgets import Static

class Minimal(App):
    def compose(self):
        yield Static("ready: minimal app")

Minimal().run()
"""


def time_to_paint(command: str, marker: str, timeout: float = 30.0) -> float:
    sock = f"coach-startup-{time.time_ns()}"
    started = time.monotonic()
    subprocess.run(
        ["tmux", "-L", sock, "new-session", "-d", "-x", "100", "-y", "30", f"{command}; sleep 5"],
        check=True,
    )
    try:
        while time.monotonic() - started < timeout:
            screen = subprocess.run(
                ["tmux", "-L", sock, "capture-pane", "-p"], capture_output=True, text=True
            ).stdout
            if marker in screen:
                return time.monotonic() - started
            time.sleep(0.005)
        raise RuntimeError(f"{marker!r} never appeared")
    finally:
        subprocess.run(["tmux", "-L", sock, "kill-server"], capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with temp_home() as home:
        baseline = home / "minimal_app.py"
        baseline.write_text(BASELINE_APP)
        env = coach_env(home)
        prefix = f"env COACH_HOME={home} PYTHONPATH={env['PYTHONPATH']} TERM=xterm-256color"
        # A returning user: profile chosen (no first-run note), database already created.
        (home / "config").mkdir(parents=True, exist_ok=True)
        (home / "config" / "config.yaml").write_text("profile:\n  activity: sitting\n")
        time_to_paint(f"{prefix} {sys.executable} -m coach", "Streak")
        coach_times, base_times = [], []
        for _ in range(args.runs):  # interleaved, so machine load hits both alike
            base_times.append(
                time_to_paint(f"{prefix} {sys.executable} {baseline}", "ready: minimal app")
            )
            coach_times.append(time_to_paint(f"{prefix} {sys.executable} -m coach", "Streak"))
    b, c = median(base_times), median(coach_times)
    print(f"Start-up to first paint, median of {args.runs} runs (goal <= 1.15x):")
    print(f"  minimal Textual app  {b * 1000:7.0f} ms")
    print(f"  coach home           {c * 1000:7.0f} ms")
    print(f"  ratio                {c / b:7.3f}x")


if __name__ == "__main__":
    main()
