"""One way to build the app with its record open before it starts: `coach start`, `coach cramp
--now`, pilot tests and snapshots. (`coach` itself paints home first: coach.ui.startup.)"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from coach.clocks import Clock, local_now
from coach.ui.app import CoachApp

if TYPE_CHECKING:
    from coach.model import Routine
    from coach.speech import Speaker


def make_app(
    home: Path | None = None,
    *,
    clock: Clock | None = None,
    wall_now: Callable[[], datetime] | None = None,
    start: Routine | None = None,
    speaker: Speaker | None = None,
    reminders: bool = True,
    start_cramp: bool | str = False,
) -> CoachApp:
    """`home`: a COACH_HOME-like folder (None: the user's own folders)."""
    from coach.context import open_context
    from coach.paths import AppPaths

    paths = None
    if home is not None:
        paths = AppPaths(config=home / "config", data=home / "data", state=home / "state")
    context = open_context(paths, clock=clock or time.monotonic, wall_now=wall_now or local_now)
    return CoachApp(
        context, start=start, speaker=speaker, reminders=reminders, start_cramp=start_cramp
    )
