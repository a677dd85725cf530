"""`coach status` against `coach --version`, as whole processes, on a year of history.

    python -m benchmarks.bench_status [--runs 15] [--years 1]

A status bar runs `coach status` every few seconds, so it must cost about what starting coach at
all costs: the goal is <= 1.2x `coach --version` (Python start-up, argparse and coach's command
table). Measured twice: "polled" is the status bar's case (nothing changed since the last call,
so the kept answer is used); "after a change" is the first call after a session, a cramp or a
config edit (config, routines and database read afresh). The goal is judged on "polled".
Both with COACH_HOME (as the other benchmarks) and with the usual XDG folders. Each figure is
given as wall time and as CPU time (user + system of the child): on a machine shared with other
work, wall time swings by 20 % from run to run while CPU time holds, so the goal is judged on
CPU time, which is also what a status bar's polling costs. Exits 1 when the goal is missed.
"""

from __future__ import annotations

import argparse
import os
import resource
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


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(env: dict[str, str], *args: str) -> tuple[float, float]:
    """(wall, CPU) seconds of one `coach ARGS` process."""
    cpu, started = _children_cpu(), time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "coach", *args], env=env, check=True, stdout=subprocess.DEVNULL
    )
    return time.perf_counter() - started, _children_cpu() - cpu


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
        times: dict[str, list[tuple[float, float]]] = {}
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
        print(f"  {name}:{'wall':>32}{'CPU':>20}")
        base = [median([t[i] for t in times[f"{name} version"]]) for i in (0, 1)]
        for key, label in (
            ("version", "coach --version"),
            ("polled", "coach status, polled"),
            ("changed", "coach status, after a change"),
        ):
            wall, cpu = (median([t[i] for t in times[f"{name} {key}"]]) for i in (0, 1))
            print(
                f"    {label:<29}{wall * 1000:6.0f} ms {wall / base[0]:5.2f}x"
                f"{cpu * 1000:9.0f} ms {cpu / base[1]:5.2f}x"
            )
            if key == "polled":
                ok = ok and cpu / base[1] <= GOAL
    print(f"  goal {'met' if ok else 'MISSED'} (judged on polled, CPU time)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
