"""Counts and lengths of time in words, one spelling on every screen and in every output.

"1 rep", never "1 reps" or "rep(s)"; a countdown under a minute is plain seconds (`12`), from
60 s up minutes and seconds (`1:05`); a routine shorter than a minute is "under 1 min".
"""

from __future__ import annotations

import math


def plural(n: int, one: str, many: str | None = None) -> str:
    """`1 rep`, `3 reps`; `many` for words that do not just take an s."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def clock(seconds: float) -> str:
    """A countdown's digits: whole seconds rounded up, `12` under a minute, `1:05` from 60 s."""
    whole = max(0, math.ceil(seconds - 1e-9))
    return str(whole) if whole < 60 else f"{whole // 60}:{whole % 60:02d}"


def time_left(seconds: float) -> str:
    """What is left of a session: `45 s left` under a minute, `12:30 left` from 60 s."""
    digits = clock(seconds)
    return f"{digits} left" if ":" in digits else f"{digits} s left"


def span(seconds: float) -> str:
    """A length in words: `12 s`, `2.5 s` under a minute; `1 min`, `1 min 05 s` from 60 s."""
    if seconds < 60:
        return f"{seconds:g} s"
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes} min {secs:02d} s" if secs else f"{minutes} min"


def about_minutes(seconds: float) -> str:
    """A routine's length at a glance: `under 1 min`, then whole minutes (`3 min`)."""
    return "under 1 min" if seconds < 60 else f"{round(seconds / 60)} min"
