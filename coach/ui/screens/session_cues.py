"""The session's sounds: the bell at each change of phase, the spoken cue, and the spoken
"three, two, one" before a timed phase ends; each as the app's `sound` and `speech` say now."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coach.engine import Step
from coach.speech import NO_SPEECH, NUMBER_WORDS
from coach.ui.choices import remember

if TYPE_CHECKING:
    from coach.ui.app import CoachApp


class SessionCues:
    def __init__(self, app: CoachApp) -> None:
        self.app = app
        self._spoken_second: int | None = None

    def phase(self, step: Step) -> None:
        """A phase began: the bell, and its cue spoken."""
        if self.app.sound:
            self.app.bell()
        if self.app.speech:
            self.app.speaker.say(step.spoken)
        self._spoken_second = None

    def second(self, step: Step | None, remaining: int) -> None:
        """A new whole second: the last three of a phase of five seconds or more are spoken."""
        if not (self.app.speech and step and step.seconds >= 5):
            return
        if remaining in NUMBER_WORDS and remaining <= 3 and remaining != self._spoken_second:
            self._spoken_second = remaining
            self.app.speaker.say(NUMBER_WORDS[remaining])

    def toggle_bell(self) -> str:
        """m: the bell off or on, kept for next time; what to say."""
        app = self.app
        app.sound = not app.sound
        remember(app, sound=app.sound)
        return "Bell on." if app.sound else "Bell off."

    def toggle_voice(self) -> tuple[str, bool]:
        """v: spoken cues on or off, kept for next time; what to say, and whether it worked."""
        app = self.app
        if not app.speaker.available:
            return NO_SPEECH, False
        app.speech = not app.speech
        remember(app, speech=app.speech)
        return ("Spoken cues on." if app.speech else "Spoken cues off."), True
