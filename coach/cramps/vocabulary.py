"""The cramp diary's words: the muscles and their names, sides, kinds of moment, entry limits.

The one home of these names: the store's checks, the export, the CLI and the screens import
them from here. Standard library only, so anything may import this module without cost.
"""

from __future__ import annotations

import re

MUSCLES = ("calf", "foot", "front-thigh", "back-thigh")
MUSCLE_LABELS = {
    "calf": "calf",
    "foot": "foot or toes",
    "front-thigh": "front of the thigh",
    "back-thigh": "back of the thigh",
}
# Words people type for the same muscles; "thigh" alone is not here: front or back matters.
MUSCLE_ALIASES = {
    "calves": "calf",
    "lower-leg": "calf",
    "toe": "foot",
    "toes": "foot",
    "feet": "foot",
    "foot-or-toes": "foot",
    "front-of-thigh": "front-thigh",
    "thigh-front": "front-thigh",
    "quad": "front-thigh",
    "quads": "front-thigh",
    "quadriceps": "front-thigh",
    "back-of-thigh": "back-thigh",
    "thigh-back": "back-thigh",
    "hamstring": "back-thigh",
    "hamstrings": "back-thigh",
}
SIDES = ("left", "right", "both")
WHEN_KINDS = ("night", "day", "exercise")

SEVERITY_RANGE = (1, 10)
MAX_MINUTES = 240
MAX_NOTE = 500
CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f]")

FIRST_AID_ROUTINE = "first-aid"
FIRST_AID_PREFIX = {
    "calf": "Calf and foot",
    "foot": "Calf and foot",
    "front-thigh": "Front of thigh",
    "back-thigh": "Back of thigh",
}
"""Each muscle's stretch in the first-aid routine, found by the start of the exercise's name."""


def minutes_text(value: float) -> str:
    """`1 minute`, `2 minutes`, `0.5 minutes`: how long a cramp lasted, in words."""
    return "1 minute" if value == 1 else f"{value:g} minutes"
