"""Fake clocks: tests move time by hand, never sleep to test logic."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")


class FakeClock:
    """A monotonic clock and a matching local wall clock that move together."""

    def __init__(self, wall: datetime | None = None, start: float = 1000.0):
        self.now = start
        self._start = start
        self._wall = wall or datetime(2026, 11, 25, 10, 0, tzinfo=BERLIN)

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds

    def wall_now(self) -> datetime:
        return self._wall + timedelta(seconds=self.now - self._start)
