"""The fault suite: kills, concurrent writers, damaged and full disks, hostile input.

Every random choice comes from one seed, printed in the report header and in every failure
message: `COACH_FAULT_SEED=N pytest tests/faults` replays a run exactly.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from coach.context import open_context
from coach.history import hand_entry
from coach.paths import app_paths
from coach.routines import load_catalog
from coach.store import Store
from tests.clocks import BERLIN
from tests.conftest import ROOT

SEED = int(os.environ.get("COACH_FAULT_SEED") or random.SystemRandom().randrange(2**32))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "slow: real processes and real time (seconds); still part of the default run"
    )


def pytest_report_header(config: pytest.Config) -> str:
    return f"fault suite seed: COACH_FAULT_SEED={SEED}"


@pytest.fixture
def fault_seed() -> int:
    print(f"COACH_FAULT_SEED={SEED}")
    return SEED


def coach_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment a real `coach` process runs in: its own home, this checkout's code."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COACH_", "PYTEST_"))}
    env.update(COACH_HOME=str(home), PYTHONPATH=str(ROOT), PYTHONUNBUFFERED="1", **extra)
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    return env


def coach_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "coach", *args]


def run_coach(
    home: Path, *args: str, timeout: float = 60, prefix: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*prefix, *coach_argv(*args)],
        env=coach_env(home),
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=home.parent,
    )


def assert_calm_failure(result: subprocess.CompletedProcess[str], *words: str) -> str:
    """Non-zero, no traceback, one line on stderr naming the problem; that line."""
    assert result.returncode not in (0, -9, -11), result
    err = result.stderr.strip()
    assert "Traceback" not in result.stderr, err
    lines = err.splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got:\n{err}"
    bare = re.sub(r"/\S+", "", lines[0])  # words must not match inside a path (a test's name)
    for word in words:
        assert word in (lines[0] if word.startswith("/") else bare), f"{word!r} not in {lines[0]!r}"
    return lines[0]


@contextmanager
def tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """A size-limited tmpfs on `folder` (needs root); skips the test where mounting is refused."""
    folder.mkdir(parents=True, exist_ok=True)
    if shutil.which("mount") is None:
        pytest.skip("needs mount(8) for a size-limited tmpfs")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip()}); needs root")
    try:
        yield folder
    finally:
        for _ in range(50):
            if subprocess.run(["umount", str(folder)], capture_output=True).returncode == 0:
                break
            time.sleep(0.1)  # a killed child may still hold a file open for an instant


def fill_disk(folder: Path) -> Path:
    """Fill the filesystem holding `folder` to the last byte; the filler file."""
    filler = folder / "filler.bin"
    with open(filler, "wb", buffering=0) as fh:
        block = b"\0" * 4096
        try:
            while True:
                fh.write(block)
        except OSError:
            pass
        try:
            while True:
                fh.write(b"\0")
        except OSError:
            pass
    return filler


def make_record(home: Path, days: int = 40) -> None:
    """A real record written by coach: hand-logged days and rest days."""
    paths = app_paths({"COACH_HOME": str(home)})
    context = open_context(paths)
    today = context.today()  # coach's day: until 04:00 it is still yesterday's date
    context.close()
    catalog = load_catalog(paths.routines)
    daily = catalog.get("daily-prevention")
    now = datetime.now(BERLIN)
    with Store.open(paths.database) as store:
        for n in range(1, days + 1):
            day = today - timedelta(days=n)
            if n % 7 == 0:
                store.mark_rest_day(day, now)
            else:
                store.add_session(hand_entry(daily, day, now))
