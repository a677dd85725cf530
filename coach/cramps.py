"""The cramp diary's rules: what helps right now, what an entry may hold, and what the diary says.

Plain Python over the store and the adherence rules, so `coach cramp`, the cramp screen and the
tests read the same words and numbers. The advice is the health article's (the one the routines
come from), each piece with the section it comes from, and none of it names a medicine: which
medicine, if any, is a doctor's decision. The weekly comparison shows a pattern and says so; it
never claims that the routine causes fewer cramps.
"""

from __future__ import annotations

import difflib
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import TYPE_CHECKING, Any

from coach.adherence import day_began, day_of
from coach.dates import short_day
from coach.record_dates import clock_problem, day_problem, readable
from coach.store import CrampExists, CrampRecord, NewCramp, Store
from coach.text import printable

if TYPE_CHECKING:
    from coach.config import Config
    from coach.model import Exercise, Routine
    from coach.routines import Catalog

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

NIGHT_FROM = time(22, 0)
NIGHT_UNTIL = time(7, 0)
"""A cramp from 22:00 to 06:59 local time is a night cramp; the article's "mostly at night"."""
EXERCISE_WINDOW = timedelta(minutes=30)
"""An unfinished session saved less than this long ago is a session in progress."""

SEVERITY_RANGE = (1, 10)
MAX_MINUTES = 240
MAX_NOTE = 500

LONG_CRAMP_MINUTES = 10
FREQUENT_CRAMPS = 4
DESPITE_ROUTINE_DAYS = 4
ROUTINE_WEEK_DAYS = 5
MIN_COMPARISON_WEEKS = 2
SERIES_WEEKS = 8

FIRST_AID_ROUTINE = "first-aid"
FIRST_AID_PREFIX = {
    "calf": "Calf and foot",
    "foot": "Calf and foot",
    "front-thigh": "Front of thigh",
    "back-thigh": "Back of thigh",
}
"""Each muscle's stretch in the first-aid routine, found by the start of the exercise's name."""

CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_AT = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2}(?::\d{2})?)$")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
_DECIMAL = re.compile(r"\s*(\d+(\.\d*)?|\.\d+)\s*")


class CrampInputError(Exception):
    """A cramp entry the rules refuse; str() is the one calm line to show."""


# -- first aid ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One thing to do, with the article section it comes from."""

    text: str
    source: str


FOLLOW_UP = (
    Step(
        "Walk a little, even if it takes an effort: it gets the blood moving and helps the "
        "muscle let go.",
        '"Leg cramps - what to do", item 2; "During pregnancy", item 3',
    ),
    Step(
        "Massage the muscle with light strokes from the centre of the cramp outwards.",
        '"Leg cramps - what to do", item 3',
    ),
    Step(
        "If the cramp still holds, pinch the cramped muscle firmly with your fingers, several "
        "times.",
        '"Leg cramps - what to do", item 5; "3. Exercise for cramps" (walking and pinching)',
    ),
    Step(
        "When it has eased, lie on your back with your legs slightly raised, for example on a "
        "pillow: it helps keep another cramp from coming.",
        '"Leg cramps - what to do", the paragraph after the list',
    ),
)


@dataclass(frozen=True)
class FirstAid:
    """What to do for a cramp in `muscle` now: a stretch from the first-aid routine, then
    the follow-up steps. `exercise` is None if the routine (or a user's replacement of it)
    has no exercise for this muscle; the follow-up steps still apply."""

    muscle: str
    routine: Routine | None
    exercise_index: int | None
    exercise: Exercise | None
    follow_up: tuple[Step, ...] = FOLLOW_UP


def first_aid(catalog: Catalog, muscle: str) -> FirstAid:
    muscle = parse_muscle(muscle)
    routine = catalog.get(FIRST_AID_ROUTINE)
    if routine is not None:
        prefix = FIRST_AID_PREFIX[muscle].lower()
        for i, exercise in enumerate(routine.exercises):
            if exercise.name.lower().startswith(prefix):
                return FirstAid(muscle, routine, i, exercise)
    return FirstAid(muscle, routine, None, None)


# -- checking an entry --------------------------------------------------------------------------


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


def _refuse(message: str) -> Any:
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


def session_in_progress(store: Store, now: datetime, day_starts_at: int) -> bool:
    """Whether a session is going on now: one unfinished today, saved to within EXERCISE_WINDOW.

    A session killed this morning stays unfinished until tomorrow; it is not "in progress" at
    tea time, so the last thing it saved must be recent.
    """
    record = store.unfinished_session(day_of(now, day_starts_at), day_began(now, day_starts_at))
    if record is None:
        return False
    last = max([record.started_at, *(e.ended_at for e in record.exercises)])
    return timedelta(0) <= now - last <= EXERCISE_WINDOW


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


# -- weeks --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WeekCount:
    """One calendar week (Monday to Sunday, the user's local days)."""

    monday: date
    cramps: int
    done_days: int  # days the daily routine was done
    complete: bool  # the week is over (today is after its Sunday)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_counts(
    cramp_days: Iterable[date], done_days: Iterable[date], first: date, today: date
) -> list[WeekCount]:
    """Every week from the one holding `first` to the one holding `today`, oldest first."""
    cramps = Counter(monday_of(d) for d in cramp_days if d <= today)
    done = Counter(monday_of(d) for d in set(done_days) if d <= today)
    this_week = monday_of(today)
    weeks = []
    monday = monday_of(min(first, today))
    while monday <= this_week:
        weeks.append(WeekCount(monday, cramps[monday], done[monday], monday < this_week))
        monday += timedelta(days=7)
    return weeks


def weekly_series(
    cramp_days: Iterable[date], done_days: Iterable[date], today: date, weeks: int = SERIES_WEEKS
) -> list[WeekCount]:
    """Cramps and routine days for the last `weeks` weeks, this (unfinished) week last."""
    if weeks < 1:
        raise ValueError(f"weeks must be at least 1, not {weeks!r}")
    first = monday_of(today) - timedelta(days=7 * (weeks - 1))
    return week_counts(cramp_days, done_days, first, today)


@dataclass(frozen=True)
class Comparison:
    routine_weeks: int  # complete weeks with ROUTINE_WEEK_DAYS or more routine days
    other_weeks: int
    routine_average: float | None  # cramps a week in those weeks; None: no such week
    other_average: float | None
    sentence: str


def _weeks(n: int) -> str:
    return "1 week" if n == 1 else f"{n} weeks"


def compare_weeks(cramp_days: Iterable[date], done_days: Iterable[date], today: date) -> Comparison:
    """Average cramps a week in weeks with the routine on 5 or more days, and in other weeks.

    Only complete weeks count, from the week of the first logged cramp: before it nobody can
    tell "no cramps" from "no diary yet", and an unfinished week has had fewer days for both
    cramps and routine, which would flatter whichever group it fell into.
    """
    cramp_days = list(cramp_days)
    if not cramp_days:
        return Comparison(
            0, 0, None, None, "No cramps in your diary yet, so there is nothing to compare."
        )
    weeks = [w for w in week_counts(cramp_days, done_days, min(cramp_days), today) if w.complete]
    routine = [w.cramps for w in weeks if w.done_days >= ROUTINE_WEEK_DAYS]
    other = [w.cramps for w in weeks if w.done_days < ROUTINE_WEEK_DAYS]
    r_avg = sum(routine) / len(routine) if routine else None
    o_avg = sum(other) / len(other) if other else None
    n = ROUTINE_WEEK_DAYS
    if len(weeks) < MIN_COMPARISON_WEEKS:
        sentence = (
            f"Not enough weeks to compare yet: this needs {MIN_COMPARISON_WEEKS} complete weeks "
            f"(Monday to Sunday) of your cramp diary, and so far there "
            f"{'is 1' if len(weeks) == 1 else f'are {len(weeks)}'}."
        )
    elif r_avg is not None and o_avg is not None:
        sentence = (
            f"In {_weeks(len(routine))} with {n} or more routine days you logged {r_avg:.1f} "
            f"cramps a week on average; in {_weeks(len(other))} with fewer, {o_avg:.1f}. "
            "(This shows a pattern, not a cause.)"
        )
    elif r_avg is not None:
        sentence = (
            f"Every complete week of your diary ({_weeks(len(routine))}) had {n} or more routine "
            f"days, with {r_avg:.1f} cramps a week on average; there are no other weeks to "
            "compare with."
        )
    else:
        sentence = (
            f"None of the {_weeks(len(other))} of your diary had {n} or more routine days "
            f"({o_avg:.1f} cramps a week on average), so there is nothing to compare with yet."
        )
    return Comparison(len(routine), len(other), r_avg, o_avg, sentence)


# -- see a doctor -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Guidance:
    kind: str  # "long", "frequent" or "pregnancy"
    text: str
    source: str


def _minutes(value: float) -> str:
    return "1 minute" if value == 1 else f"{value:g} minutes"


def _frequent(week: WeekCount) -> bool:
    """FREQUENT_CRAMPS or more cramps in the week (an unfinished week counts once it has)."""
    return week.cramps >= FREQUENT_CRAMPS


def _despite(week: WeekCount) -> bool:
    """The daily routine was done on DESPITE_ROUTINE_DAYS or more days of the week."""
    return week.done_days >= DESPITE_ROUTINE_DAYS


def guidance(
    cramps: Sequence[CrampRecord],
    done_days: Iterable[date],
    today: date,
    *,
    pregnant: bool = False,
) -> list[Guidance]:
    """When to see a doctor, from the diary as of `today`; empty when nothing calls for it.

    Both triggers look at this week and the one before (Monday to Sunday), so the advice stays
    in view for a week or two after the diary shows it, and does not hang on for ever over a
    spell that has passed. Frequent cramps call for a doctor whatever the routine: the article
    ties the doctor to cramps that keep coming, not to the exercises; the routine only changes
    the wording. The pregnancy note is shown whenever the profile says pregnant.
    """
    found: list[Guidance] = []
    since = monday_of(today) - timedelta(days=7)
    long = [c for c in cramps if since <= c.day <= today and (c.minutes or 0) >= LONG_CRAMP_MINUTES]
    if long:
        longest = max(long, key=lambda c: (c.minutes or 0, c.at))
        if len(long) == 1:
            on = short_day(longest.at.date())
            what = f"The cramp on {on} lasted {_minutes(longest.minutes or 0)}."
        else:
            what = (
                f"{len(long)} cramps since {short_day(since)} lasted {LONG_CRAMP_MINUTES} minutes "
                f"or more (the longest {_minutes(longest.minutes or 0)})."
            )
        found.append(
            Guidance(
                "long",
                f"{what} The article says a cramp usually lasts from a few seconds to a few "
                f"minutes and only rarely as long as {LONG_CRAMP_MINUTES}, and that cramps should "
                "not be ignored because they can point to another health problem. Please see a "
                "doctor and tell them how long it lasted.",
                '"What to do if you cramp your leg?" (a cramp lasts seconds to minutes, rarely '
                'up to 10 minutes); "4. Massage for cramps" (cramps cannot be ignored)',
            )
        )
    weeks = week_counts([c.day for c in cramps], done_days, since - timedelta(days=7), today)
    pairs = [
        (a, b) for a, b in zip(weeks, weeks[1:], strict=False) if _frequent(a) and _frequent(b)
    ]
    if pairs:
        a, b = pairs[-1]
        counts = (
            f"You logged {FREQUENT_CRAMPS} or more cramps a week two weeks in a row "
            f"({a.cramps} in the week of {short_day(a.monday)}, {b.cramps} in the week of "
            f"{short_day(b.monday)})"
        )
        if _despite(a) and _despite(b):
            why = (
                f"{counts}, although you do the exercises: your daily routine was done on "
                f"{DESPITE_ROUTINE_DAYS} or more days in each. The article says that cramps which "
                "keep coming back when the exercises do not help are a reason to see a doctor,"
            )
        else:
            why = (
                f"{counts}. The article says that cramps which keep coming back regularly are a "
                "reason to see a doctor,"
            )
        found.append(
            Guidance(
                "frequent",
                f"{why} who can look for a cause that needs treating, such as a circulation "
                "problem or diabetes.",
                '"Seizures - diagnosis, treatment and prevention", first paragraph; "What to do '
                'if you cramp your leg?" (cramps linked to diabetes or artery disease)',
            )
        )
    if pregnant:
        found.append(
            Guidance(
                "pregnancy",
                "Leg cramps are common in pregnancy and usually harmless. A fit (convulsion: the "
                "whole body shakes) is an emergency: call emergency services or go to hospital "
                "now. For high blood pressure or severe swelling, call your doctor or midwife "
                "straight away. The article names these as signs of eclampsia.",
                '"During pregnancy"; "Causes of leg cramps in pregnant women", the note on '
                "eclampsia",
            )
        )
    return found


# -- the diary as a whole -----------------------------------------------------------------------


def done_days(store: Store, catalog: Catalog, config: Config, today: date) -> set[date]:
    """Days the daily routine was done, by the same rule as streaks and history."""
    from coach.history import daily_minimums, digest_facts

    daily_id = config.profile.daily_routine
    daily = catalog.get(daily_id)
    digests = store.day_digests(daily_id, daily_minimums(daily), today)
    return {f.day for f in digest_facts(digests, daily, set()) if f.done}


@dataclass(frozen=True)
class CrampView:
    today: date
    cramps: tuple[CrampRecord, ...]  # the whole diary, newest first
    series: tuple[WeekCount, ...]  # the last `weeks` weeks, oldest first, this week last
    comparison: Comparison
    guidance: tuple[Guidance, ...]


def cramp_view(
    store: Store,
    catalog: Catalog,
    config: Config,
    now: datetime,
    *,
    weeks: int = SERIES_WEEKS,
    done: set[date] | None = None,
) -> CrampView:
    """Everything the cramp screen and `coach cramp list` show, in two queries (one when the
    caller already knows the days the routine was done)."""
    today = day_of(now, config.day_starts_at)
    cramps = store.cramps(last=today)
    counted = [c for c in cramps if readable(c.day)]  # a year-1 entry is listed, not counted
    if done is None:
        done = done_days(store, catalog, config, today)
    days = [c.day for c in counted]
    return CrampView(
        today=today,
        cramps=tuple(cramps),
        series=tuple(weekly_series(days, done, today, weeks)),
        comparison=compare_weeks(days, done, today),
        guidance=tuple(guidance(counted, done, today, pregnant=config.profile.pregnant)),
    )


# -- logging: the command the CLI and the cramp screen share ------------------------------------


@dataclass(frozen=True)
class Logged:
    cramp_id: int
    added: bool  # False: that muscle at that moment was already in the diary
    message: str
    guidance: tuple[Guidance, ...]
    new_guidance: tuple[Guidance, ...] = ()  # findings this cramp brought: say these once


def _what(cramp: NewCramp | CrampRecord) -> str:
    label = MUSCLE_LABELS[cramp.muscle]
    return "a calf cramp" if cramp.muscle == "calf" else f"a cramp in the {label}"


def _moment(cramp: NewCramp | CrampRecord) -> str:
    return f"at {cramp.at:%H:%M} on {short_day(cramp.at.date())} {cramp.at.year}"


def describe(cramp: NewCramp | CrampRecord) -> str:
    """One cramp in words, such as: a calf cramp (left, severity 6/10, 2 minutes) at 03:10 on
    Fri 20 Nov 2026, at night. The date is the calendar one, to match the clock time."""
    details = [cramp.side] if cramp.side else []
    if cramp.severity is not None:
        details.append(f"severity {cramp.severity}/10")
    if cramp.minutes is not None:
        details.append(_minutes(cramp.minutes))
    what = _what(cramp) + (f" ({', '.join(details)})" if details else "")
    when = {"night": "at night", "day": "by day", "exercise": "during exercise"}[cramp.when_kind]
    return f"{what} {_moment(cramp)}, {when}"


def log_cramp(
    store: Store, catalog: Catalog, config: Config, cramp: NewCramp, now: datetime
) -> Logged:
    """Store `cramp` and say so, with the doctor guidance as the diary now stands.

    The same muscle at the same moment twice is one cramp: the second entry changes nothing.
    """
    try:
        cramp_id, added = store.add_cramp(cramp), True
    except CrampExists as exc:
        cramp_id, added = exc.existing_id, False
    if added:
        message = f"Logged {describe(cramp)}."
    else:
        what = _what(cramp)
        message = f"{what[0].upper()}{what[1:]} {_moment(cramp)} is already in your diary; "
        message += "nothing changed."
    today = day_of(now, config.day_starts_at)
    done = done_days(store, catalog, config, today)
    view = cramp_view(store, catalog, config, now, done=done)
    fresh = _new_findings(view, cramp_id, done) if added else ()
    return Logged(cramp_id, added, message, view.guidance, fresh)


def _new_findings(view: CrampView, cramp_id: int, done: set[date]) -> tuple[Guidance, ...]:
    """The advice that the cramp `cramp_id` brought: a kind not there without it, or a long
    cramp (each one is its own finding). Advice already given is not new again."""
    new = next((c for c in view.cramps if c.id == cramp_id), None)
    if new is None:
        return ()
    earlier = [c for c in view.cramps if c.id != cramp_id]
    pregnant = any(g.kind == "pregnancy" for g in view.guidance)
    before = {g.kind for g in guidance(earlier, done, view.today, pregnant=pregnant)}
    is_long = (new.minutes or 0) >= LONG_CRAMP_MINUTES
    return tuple(g for g in view.guidance if g.kind not in before or (g.kind == "long" and is_long))


def _number(value: float | None) -> float | int | None:
    """2.0 minutes is written 2: the diary was typed in whole minutes more often than not."""
    return int(value) if value is not None and value == int(value) else value


def cramp_json(c: CrampRecord) -> dict[str, Any]:
    """One cramp as `coach cramp list --json` and the export write it; the keys are a promise."""
    return {
        "id": c.id,
        "at": c.at.isoformat(),
        "day": c.day.isoformat(),
        "muscle": c.muscle,
        "side": c.side,
        "severity": c.severity,
        "when": c.when_kind,
        "minutes": _number(c.minutes),
        "note": c.note,
        "logged_at": c.logged_at.isoformat(),
    }
