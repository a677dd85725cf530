"""`coach status` against `coach --version`, as whole processes, on a year of history.

    python -m benchmarks.bench_status [--runs 15] [--years 1]

A status bar runs `coach status` every few seconds, so it must cost about what starting coach at
all costs: the goal is <= 1.2x `coach --version` (Python start-up, argparse and coach's command
table). Measured twice: "polled" is the status bar's case (nothing changed since the last call,
so the kept answer is used); "after a change" is the first call after a session, a cramp or a
config edit (config, routines and database read afresh). The goal is judged on "polled".
Both with COACH_HOME (as the other benchmarks) and with the usual XDG folders, where finding
them costs an import of platformdirs. Exits 1 when the goal is missed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.common import coach_env, median, temp_home
from benchmarks.make_history import main as make_history

GOAL = 1.2


def xdg_env(user_home: Path) -> dict[str, str]:
    env = coach_env(user_home)
    del env["COACH_HOME"]
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        env.pop(name, None)
    env["HOME"] = str(user_home)
    return env


def as_xdg(home: Path, user_home: Path) -> None:
    """The same files where coach looks when COACH_HOME is not set (Linux)."""
    for part, where in (("config", ".config"), ("data", ".local/share"), ("state", ".local/state")):
        if (home / part).exists():
            shutil.copytree(home / part, user_home / where / "coach")


def run(env: dict[str, str], *args: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "coach", *args], env=env, check=True, stdout=subprocess.DEVNULL
    )
    return time.perf_counter() - started


def touch(database: Path) -> None:
    """What a saved rep does to the files status depends on, without changing the record."""
    now = time.time_ns()
    os.utime(database, ns=(now, now))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--years", type=int, default=1)
    args = parser.parse_args()
    with temp_home() as folder:
        home, user = folder / "home", folder / "user"
        make_history([str(home), "--years", str(args.years)])
        as_xdg(home, user)
        setups = {
            "COACH_HOME": (coach_env(home), home / "data" / "coach.sqlite3"),
            "XDG folders": (xdg_env(user), user / ".local/share/coach/coach.sqlite3"),
        }
        times: dict[str, list[float]] = {}
        for env, _ in setups.values():
            run(env, "status")  # first launch: warms the file cache and keeps the answer
        for _ in range(args.runs):  # interleaved, so machine load hits all alike
            for name, (env, database) in setups.items():
                times.setdefault(f"{name} version", []).append(run(env, "--version"))
                times.setdefault(f"{name} polled", []).append(run(env, "status"))
                touch(database)
                times.setdefault(f"{name} changed", []).append(run(env, "status"))
    ok = True
    print(f"`coach status` vs `coach --version`, median of {args.runs} runs (goal <= {GOAL}x):")
    for name in setups:
        v, p, c = (median(times[f"{name} {k}"]) for k in ("version", "polled", "changed"))
        ok = ok and p / v <= GOAL
        print(f"  {name}:")
        print(f"    coach --version                {v * 1000:7.1f} ms")
        print(f"    coach status, polled           {p * 1000:7.1f} ms  {p / v:5.2f}x")
        print(f"    coach status, after a change   {c * 1000:7.1f} ms  {c / v:5.2f}x")
    print(f"  goal {'met' if ok else 'MISSED'} (judged on polled)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
