"""`coach history` on ten years of daily history against an empty record, as whole processes.

    python -m benchmarks.bench_history [--runs 7] [--years 10]

The goal is <= 1.3x: the history must cost a fixed number of queries and about linear, cheap
work per day, so a decade of use never makes the command feel slower than the first day.
Exits 1 when the goal is missed.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.common import coach_env, median, temp_home
from benchmarks.make_history import main as make_history

GOAL = 1.3


def time_history(home: Path, *extra: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "coach", "history", *extra],
        env=coach_env(home),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def time_screen(home: Path) -> float:
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.open_history_screen"],
        env=coach_env(home),
        check=True,
        capture_output=True,
        text=True,
    )
    return float(out.stdout.strip().splitlines()[-1]) / 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args()
    with temp_home() as folder:
        empty, full = folder / "empty", folder / "full"
        make_history([str(full), "--years", str(args.years)])
        # First launches write config and warm the file cache: not what we measure.
        time_history(empty)
        time_history(full)
        empty_times, full_times, empty_screen, full_screen = [], [], [], []
        for _ in range(args.runs):  # interleaved, so machine load hits both alike
            empty_times.append(time_history(empty))
            full_times.append(time_history(full))
            empty_screen.append(time_screen(empty))
            full_screen.append(time_screen(full))
    ok = True
    for name, (e_times, f_times) in {
        "`coach history`": (empty_times, full_times),
        "History screen (h -> painted)": (empty_screen, full_screen),
    }.items():
        e, f = median(e_times), median(f_times)
        ratio = f / e
        ok = ok and ratio <= GOAL
        print(f"{name}, median of {args.runs} runs (goal <= {GOAL}x):")
        print(f"  empty record        {e * 1000:7.1f} ms")
        print(f"  {args.years} years of days   {f * 1000:7.1f} ms")
        print(f"  ratio               {ratio:7.3f}x  ({'met' if ratio <= GOAL else 'MISSED'})")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
