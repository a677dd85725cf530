"""Spoken cues, for users who exercise away from the screen.

We drive whatever speech command is installed (`spd-say` or `espeak-ng`) as an argument list,
never through a shell, and never wait for it: the timer must not stall while a voice talks.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Sequence

COMMANDS: dict[str, Sequence[str]] = {
    "spd-say": ("spd-say", "--wait", "--"),
    "espeak-ng": ("espeak-ng", "-s", "150", "--"),
    "espeak": ("espeak", "-s", "150", "--"),
}

NO_SPEECH = (
    "No speech program found: install spd-say or espeak-ng for spoken cues. "
    "The cues are shown on screen."
)

NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}


def find_speech_command(which: Callable[[str], str | None] = shutil.which) -> list[str] | None:
    for name, argv in COMMANDS.items():
        path = which(name)
        if path:
            return [path, *argv[1:]]
    return None


class Speaker:
    """Speaks short phrases in the background; a newer phrase cuts off one still speaking."""

    def __init__(
        self, argv: Sequence[str] | None, popen: Callable[..., subprocess.Popen] = subprocess.Popen
    ):
        self._argv = list(argv) if argv else None
        self._popen = popen
        self._current: subprocess.Popen | None = None

    @property
    def available(self) -> bool:
        return self._argv is not None

    def say(self, text: str) -> bool:
        if not self._argv or not text:
            return False
        self.stop()
        try:
            self._current = self._popen(
                [*self._argv, text],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        except OSError:
            self._argv = None  # the command vanished; stay quiet rather than fail the session
            return False
        return True

    def stop(self) -> None:
        if self._current is not None and self._current.poll() is None:
            self._current.terminate()
        self._current = None
