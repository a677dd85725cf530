"""Shared bits of the benchmarks: medians, a busy core, a throwaway COACH_HOME."""

from __future__ import annotations

import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def median(values: list[float]) -> float:
    return statistics.median(values)


@contextlib.contextmanager
def busy_core() -> Iterator[None]:
    """Keep one core fully busy for the duration, as a user's other work would."""
    proc = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        yield
    finally:
        proc.kill()
        proc.wait()


@contextlib.contextmanager
def temp_home() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="coach-bench-") as folder:
        yield Path(folder)


def coach_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["COACH_HOME"] = str(home)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def returning_user(home: Path) -> str:
    """Make `home` a returning user's (profile chosen: no first-run note) and return the `env ...`
    prefix that runs a command in tmux with it and with this checkout's code."""
    (home / "config").mkdir(parents=True, exist_ok=True)
    (home / "config" / "config.yaml").write_text("profile:\n  activity: sitting\n")
    env = coach_env(home)
    return f"env COACH_HOME={home} PYTHONPATH={env['PYTHONPATH']} TERM=xterm-256color"
