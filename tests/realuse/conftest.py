"""Real-use tests: the installed `coach` in tmux, with real time and reminders on."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.realuse.harness import Record, Terminal


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "realuse: the installed app in tmux, real time; part of the default run"
    )


@pytest.fixture
def term(coach_home: Path) -> Iterator[Terminal]:
    """A fresh terminal and a fresh COACH_HOME: a new user who has not opened coach yet."""
    terminal = Terminal(coach_home)
    try:
        yield terminal
    finally:
        terminal.close()


@pytest.fixture
def record(coach_home: Path) -> Record:
    return Record(coach_home)


@pytest.fixture
def returning_user(coach_home: Path) -> Path:
    """A home whose profile is chosen, so coach opens without the first-run note."""
    (coach_home / "config").mkdir(parents=True)
    (coach_home / "config" / "config.yaml").write_text("profile:\n  activity: sitting\n")
    return coach_home
