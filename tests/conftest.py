"""Shared fixtures: every test gets its own COACH_HOME so no test touches real user files."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Bytecode is cached, whatever the environment says (PYTHONDONTWRITEBYTECODE=1 on some machines):
# the suite starts ~100 `python -m coach` processes and an xdist worker per core, and each of
# them would otherwise compile coach and re-rewrite every test module from source, about a
# tenth of the suite's CPU time. Set here, before the workers and the processes are started.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
sys.dont_write_bytecode = False


@pytest.fixture(autouse=True)
def coach_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "coach-home"
    monkeypatch.setenv("COACH_HOME", str(home))
    return home
