"""How a session's saves go, said on its status line while the session goes on.

The recorder hands every event to the app's writer thread and keeps what failed for a retry;
this watches it on every beat of the Countdown: a lagging or failing save is one calm line,
a recovered one says so, and once the session is over and everything is on disk the screen
is told it may leave.
"""

from __future__ import annotations

from collections.abc import Callable

from coach.engine import SessionEngine
from coach.recorder import SessionRecorder
from coach.ui.screens.session_words import saving
from coach.ui.widgets.status_line import StatusLine


class SaveWatch:
    def __init__(
        self,
        engine: SessionEngine,
        recorder: SessionRecorder,
        status: Callable[[], StatusLine],
        all_saved: Callable[[], None],
    ) -> None:
        self.engine = engine
        self.recorder = recorder
        self.status = status
        self.all_saved = all_saved  # over, and everything on disk: the screen may go
        self.line: str | None = None  # the line shown while saving lags or fails
        self.done = False  # all_saved was acted on: nothing more to watch

    def waiting(self) -> bool:
        """Keep the Countdown beating though nothing is timed: saves still wait for the disk,
        or the session is over and its screen not left yet (the next beat leaves it)."""
        if self.done:
            return False
        return self.engine.state == "finished" or not self.recorder.settled

    def check(self) -> None:
        """Word how saving goes; once the session is over and all of it saved, say so."""
        recorder = self.recorder
        finished = self.engine.state == "finished"
        if finished and recorder.settled:
            self.all_saved()
            return
        problem = recorder.problem
        line = saving(problem, recorder.waiting_seconds(), finished)
        was = self.line or ""
        if line is not None and line != was:
            self.status().say(line, severity="warning" if problem is not None else "information")
        elif line is None and was:
            if was.startswith("Not saved"):
                self.status().say("Saved again: everything so far is on disk.", seconds=4)
            else:
                self.status().clear()
        self.line = line
