"""Quoting what a user typed inside a one-line message."""

from __future__ import annotations


def printable(text: str) -> str:
    """`text` with line breaks and other unprintable characters escaped as repr() writes them
    (`\\n`, `\\x1b`, `\\u2028`), so a message quoting what was typed stays one plain line."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


SAFETY_LINE = (
    "Note: coach is not medical advice; move gently and stop if pain is sharp or unusual. "
    "A fit (convulsion) in pregnancy is an emergency: call emergency services or go to "
    "hospital now. Open `coach` once to choose your profile."
)
