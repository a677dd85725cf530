"""The two clocks coach runs on, injected everywhere so tests can drive time.

`Clock` is monotonic seconds (the session's timeline); `WallClock` is the local date and time
(days, streaks, reminders). Both live in this small module so that what only needs a clock does
not import the session engine.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

Clock = Callable[[], float]
WallClock = Callable[[], datetime]


def local_now() -> datetime:
    return datetime.now().astimezone()
