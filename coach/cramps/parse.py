"""Checking a cramp entry: what was typed or picked becomes a NewCramp, or one calm line why not.

Every parser raises CrampInputError, whose str() is the message to show; nothing else escapes.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import NoReturn

from coach.adherence import day_of
from coach.cramps.vocabulary import (
    CONTROL_CHARS,
    MAX_MINUTES,
    MAX_NOTE,
    MUSCLE_ALIASES,
    MUSCLES,
    SEVERITY_RANGE,
    SIDES,
    WHEN_KINDS,
)
from coach.record_dates import clock_problem, day_problem
from coach.store import NewCramp
from coach.text import printable

NIGHT_FROM = time(22, 0)
NIGHT_UNTIL = time(7, 0)
"""A cramp from 22:00 to 06:59 local time is a night cramp; the article's "mostly at night"."""

_AT = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2}(?::\d{2})?)$")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
_DECIMAL = re.compile(r"\s*(\d+(\.\d*)?|\.\d+)\s*")


class CrampInputError(Exception):
    """A cramp entry the rules refuse; str() is the one calm line to show."""


def _shown(value: object) -> str:
    text = str(value)
    return f"`{printable(text[:37])}...`" if len(text) > 40 else f"`{printable(text)}`"


def _words(options: Sequence[str]) -> str:
    return ", ".join(options[:-1]) + " or " + options[-1]


def _key(text: str) -> str:
    return re.sub(r"[\s_]+", "-", text.strip().lower())


def parse_muscle(value: str) -> str:
    """One of MUSCLES, from what was typed (a known alias too); a did-you-mean if not."""
    key = _key(str(value))
    if key in MUSCLES:
        return key
    if key in MUSCLE_ALIASES:
        return MUSCLE_ALIASES[key]
    if key in ("thigh", "thighs"):
        raise CrampInputError(
            "which part of the thigh: `front-thigh` or `back-thigh`? The stretches differ."
        )
    known = [*MUSCLES, *MUSCLE_ALIASES]
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    hint = f"did you mean `{MUSCLE_ALIASES.get(close[0], close[0])}`? " if close else ""
    return _refuse(f"unknown muscle {_shown(value)}; {hint}Choose {_words(MUSCLES)}.")


def _refuse(message: str) -> NoReturn:
    raise CrampInputError(message)


def parse_side(value: str | None) -> str | None:
    if value is None or not str(value).strip():
        return None
    key = _key(str(value))
    if key in SIDES:
        return key
    return _refuse(f"side must be {_words(SIDES)}, not {_shown(value)}")


def parse_when(value: str | None) -> str | None:
    if value is None or not str(value).strip():
        return None
    key = _key(str(value))
    if key in WHEN_KINDS:
        return key
    return _refuse(f"when must be {_words(WHEN_KINDS)}, not {_shown(value)}")


def parse_severity(value: str | int | None) -> int | None:
    """1 (mild) to 10 (the worst you can imagine), or None when not given."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    low, high = SEVERITY_RANGE
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and re.fullmatch(r"\s*\d{1,3}\s*", value):
        number = int(value)
    if number is None or not low <= number <= high:
        _refuse(
            f"severity must be a whole number from {low} (mild) to {high} (worst), "
            f"not {_shown(value)}"
        )
    return number


def parse_minutes(value: str | float | None) -> float | None:
    """How long the cramp lasted, in minutes (0.5 is half a minute), or None when not known."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    number: float | None = None
    numeric = isinstance(value, int | float) and not isinstance(value, bool)
    if numeric or (isinstance(value, str) and _DECIMAL.fullmatch(value)):
        number = float(value)
    if number is None or not math.isfinite(number) or not 0 < number <= MAX_MINUTES:
        _refuse(
            f"minutes must be more than 0 and at most {MAX_MINUTES} (how long the cramp "
            f"lasted), not {_shown(value)}"
        )
    return number


def parse_note(value: str | None) -> str | None:
    """The note on one line (runs of spaces and line breaks become one space), or None."""
    if value is None:
        return None
    text = " ".join(str(value).split())
    if CONTROL_CHARS.search(text):
        _refuse("the note holds a control character; write it as plain text")
    if len(text) > MAX_NOTE:
        _refuse(f"the note is {len(text)} characters long; keep it to {MAX_NOTE}")
    return text or None


def local_time(wall: datetime, now: datetime) -> datetime:
    """`wall` (naive, local) in the user's zone, with the UTC offset in force at that moment.

    `now` carries the zone. A real zone (zoneinfo) gives the right offset for any date; a bare
    offset (what `datetime.now().astimezone()` returns) is only right for dates in the same
    daylight-saving period, so when it is the system's own zone, the system's rules decide.
    """
    tz = now.tzinfo
    if tz is None or now.utcoffset() is None:
        raise ValueError("local_time needs an aware `now`")
    if isinstance(tz, timezone):
        system = now.replace(tzinfo=None).astimezone().utcoffset()
        if system == now.utcoffset():
            return wall.astimezone()
    return wall.replace(tzinfo=tz)


def parse_at(value: str | None, now: datetime) -> datetime:
    """When the cramp happened: `YYYY-MM-DD HH:MM` (or with a T), or `HH:MM` for the most recent
    time the clock showed that; now when not given. A time after `now` is refused."""
    if value is None or not str(value).strip():
        return now.replace(microsecond=0)
    text = str(value).strip()
    wall: datetime | None = None
    if match := _AT.match(text):
        try:
            wall = datetime.fromisoformat(f"{match[1]}T{match[2].zfill(5)}")
        except ValueError:
            wall = None
    elif match := _CLOCK.match(text):
        hour, minute = int(match[1]), int(match[2])
        if hour <= 23 and minute <= 59:
            today = now.replace(tzinfo=None)
            wall = datetime.combine(today.date(), time(hour, minute))
            if wall > today:
                wall -= timedelta(days=1)
    if wall is None:
        _refuse(
            f"the time must look like 2026-11-20 03:10 (or 03:10 for the last time it was "
            f"03:10), not {_shown(value)}"
        )
    too_old = (
        f"{wall.isoformat(' ', 'minutes')} is too long ago for coach to place in time; "
        "check the year"
    )
    future = (
        f"{wall:%Y-%m-%d %H:%M} is in the future (it is now {now:%Y-%m-%d %H:%M}); "
        "only cramps that have happened can be logged"
    )
    if wall.date() == date.min:  # its day starts up to 23 hours after midnight: in year 0
        _refuse(too_old)
    try:
        at = local_time(wall, now)
        at.astimezone(UTC)  # later steps compare and convert instants
    except (ValueError, OverflowError):  # the system's zone or UTC puts it in year 0 (or 10000)
        if now.utcoffset() is None:
            raise
        _refuse(future if wall > now.replace(tzinfo=None) else too_old)
    if at > now:
        _refuse(future)
    return at


def default_when(at: datetime, in_session: bool = False) -> str:
    """`exercise` during a session; else `night` from 22:00 to 06:59 on the wall clock of `at`."""
    if in_session:
        return "exercise"
    clock = at.time()
    return "night" if clock >= NIGHT_FROM or clock < NIGHT_UNTIL else "day"


def new_cramp(
    *,
    muscle: str,
    now: datetime,
    day_starts_at: int,
    at: str | datetime | None = None,
    side: str | None = None,
    severity: str | int | None = None,
    minutes: str | float | None = None,
    note: str | None = None,
    when: str | None = None,
    in_session: bool = False,
) -> NewCramp:
    """A checked entry from what was typed or picked; CrampInputError names the first problem.

    `in_session` only matters when `at` is not given: a cramp logged later for an earlier
    moment is judged by that moment's clock.
    """
    checked_muscle = parse_muscle(muscle)
    checked_side = parse_side(side)
    checked_severity = parse_severity(severity)
    checked_minutes = parse_minutes(minutes)
    checked_when = parse_when(when)
    if isinstance(at, datetime):
        if at.utcoffset() is None:
            raise ValueError("new_cramp needs an aware `at`")
        if at > now:
            _refuse("that time is in the future; only cramps that have happened can be logged")
        moment = at
    else:
        moment = parse_at(at, now)
    checked_note = parse_note(note)
    kind = checked_when or default_when(moment, in_session and at is None)
    day = day_of(moment, day_starts_at)
    problem = clock_problem(now) or day_problem(day, day_of(now, day_starts_at))
    if problem is not None:
        _refuse(problem)
    return NewCramp(
        at=moment,
        day=day,
        muscle=checked_muscle,
        when_kind=kind,
        logged_at=now.replace(microsecond=0),
        side=checked_side,
        severity=checked_severity,
        minutes=checked_minutes,
        note=checked_note,
    )
