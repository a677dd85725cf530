"""Timer drift: actual / planned duration of a 2-minute routine while the other core is busy.

"Actual" is measured from outside the process: the moment the session's first line appears to
the moment its last repetition is reported, read from the plain runner's output as it streams
(so it includes every late wake-up), and, for the full-screen UI, from tmux screen captures.
Goal: <= 1.002.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.common import busy_core, coach_env, median, temp_home

ROUTINE = """\
id: drift-bench
title: Drift bench
purpose: Two minutes of short phases to measure timer drift.
audience: Benchmarks.
exercises:
  - name: Short phases
    position: Anywhere.
    instructions: Nothing to do.
    reps_min: {reps}
    reps_max: {reps}
    setup_seconds: 0
    rest_seconds: 0
    phases:
      - {{cue: Lift, seconds: 1.3}}
      - {{cue: Hold, seconds: 0.7}}
      - {{cue: Lower, seconds: 1}}
    source: benchmark
"""


def write_routine(home: Path, seconds: float) -> tuple[Path, float]:
    reps = max(1, round(seconds / 3))
    path = home / "drift.yaml"
    path.write_text(ROUTINE.format(reps=reps))
    return path, reps * 3.0


def run_plain(seconds: float) -> float:
    with temp_home() as home:
        routine, planned = write_routine(home, seconds)
        proc = subprocess.Popen(
            [sys.executable, "-m", "coach", "start", str(routine), "--plain"],
            stdout=subprocess.PIPE,
            text=True,
            env=coach_env(home),
            bufsize=1,
        )
        start = end = None
        for line in proc.stdout:
            now = time.monotonic()
            if start is None and line.startswith("  Rep 1 of"):
                start = now
            if line.strip().startswith("Rep ") and line.strip().endswith("done."):
                end = now
        proc.wait()
        return (end - start) / planned


def run_tui(seconds: float) -> float:
    with temp_home() as home:
        routine, planned = write_routine(home, seconds)
        sock = f"coach-bench-{time.time_ns()}"
        env = coach_env(home)
        cmd = (
            f"env COACH_HOME={home} PYTHONPATH={env['PYTHONPATH']} "
            f"{sys.executable} -m coach start {routine}; sleep 5"
        )
        subprocess.run(
            ["tmux", "-L", sock, "new-session", "-d", "-x", "80", "-y", "24", cmd], check=True
        )
        try:
            start = end = None
            deadline = time.monotonic() + planned + 30
            while time.monotonic() < deadline:
                screen = subprocess.run(
                    ["tmux", "-L", sock, "capture-pane", "-p"], capture_output=True, text=True
                ).stdout
                now = time.monotonic()
                if start is None and "rep 1 of" in screen:  # the cue itself is drawn large
                    start = now
                if start is not None and "session complete" in screen:
                    end = now
                    break
                time.sleep(0.02)
            return (end - start) / planned
        finally:
            subprocess.run(["tmux", "-L", sock, "kill-server"], capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=120.0, help="routine length")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    results = {"plain": [], "tui": []}
    with busy_core():
        for _ in range(args.runs):
            results["plain"].append(run_plain(args.seconds))
            if shutil.which("tmux"):
                results["tui"].append(run_tui(args.seconds))
    print(
        f"Timer drift over a {args.seconds:.0f} s routine, other core busy, "
        f"median of {args.runs} runs (goal <= 1.002):"
    )
    for mode, ratios in results.items():
        if ratios:
            print(
                f"  {mode:5}  actual/planned = {median(ratios):.5f}  "
                f"(runs: {', '.join(f'{r:.5f}' for r in ratios)})"
            )


if __name__ == "__main__":
    main()
