"""The session's keys: pause and resume on space, skip, back, reps, the bell, the voice, end.

Each with an id (so it can be remapped) and a sentence the keys list (`?`) reads out.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

REPS = Binding.Group("Reps", compact=True)

SESSION_BINDINGS: list[BindingType] = [
    Binding(
        "space",
        "pause",
        "Pause",
        id="session.pause",
        tooltip="Stop the clock; nothing is lost, and space carries on.",
    ),
    Binding(
        "space",
        "resume",
        "Resume",
        id="session.resume",
        tooltip="Carry on from where the clock stopped.",
    ),
    Binding(
        "n",
        "skip",
        "Skip",
        id="session.skip",
        tooltip="Leave this exercise and go to the next one.",
    ),
    Binding(
        "b",
        "back",
        "Back",
        id="session.back",
        tooltip="Go back to the start of this exercise, or to the one before.",
    ),
    Binding(
        "plus,equals_sign",
        "more",
        "One more rep",
        key_display="+",
        id="session.more",
        group=REPS,
        tooltip="One more repetition of this exercise today.",
    ),
    Binding(
        "minus,underscore",
        "fewer",
        "One fewer rep",
        key_display="-",
        id="session.fewer",
        group=REPS,
        tooltip="One repetition fewer of this exercise today.",
    ),
    Binding(
        "m",
        "mute",
        "Mute",
        id="session.mute",
        tooltip="The bell at each change of phase: off or on (kept for next time).",
    ),
    Binding(
        "v",
        "voice",
        "Voice",
        id="session.voice",
        tooltip="Spoken cues: on or off (kept for next time; needs spd-say or espeak-ng).",
    ),
    Binding(
        "q,escape",
        "end",
        "End",
        id="session.end",
        tooltip="End the session here (it asks first); what you did is saved.",
    ),
]
