"""Run every benchmark in turn: `python -m benchmarks [--quick]` from the repository root.

Each reports a ratio against a baseline measured in the same run (median of >= 5 runs):
start-up, the session screen's CPU, timer drift, history at scale, the reminder service at idle,
and `coach status`. `--quick` shortens the timed measurements for a smoke run; the figures in
README.md come from a full run.
"""

from __future__ import annotations

import argparse
import subprocess
import sys


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="short runs, for a smoke test")
    args = parser.parse_args()
    quick = args.quick
    runs = [
        ["benchmarks.bench_startup", "--runs", "7"],
        ["benchmarks.bench_session_cpu", "--seconds", "10" if quick else "60", "--runs", "3"],
        ["benchmarks.bench_timer_drift", "--seconds", "20" if quick else "120", "--runs", "5"],
        ["benchmarks.bench_history", "--runs", "5" if quick else "7"],
        ["benchmarks.bench_remind", "--seconds", "10" if quick else "60"],
        ["benchmarks.bench_status", "--runs", "7" if quick else "15"],
    ]
    failed = 0
    for module, *extra in runs:
        print(f"\n## {module}", flush=True)
        failed |= subprocess.run([sys.executable, "-m", module, *extra]).returncode
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
