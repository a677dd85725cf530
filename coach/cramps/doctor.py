"""When to see a doctor, from the diary: a long cramp, cramps that keep coming, pregnancy.

Calm and factual, in the article's words, each piece with the section it comes from.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from coach.cramps.stats import WeekCount, monday_of, week_counts
from coach.cramps.vocabulary import minutes_text
from coach.dates import short_day
from coach.store import CrampRecord

LONG_CRAMP_MINUTES = 10
FREQUENT_CRAMPS = 4
DESPITE_ROUTINE_DAYS = 4


@dataclass(frozen=True)
class Guidance:
    kind: str  # "long", "frequent" or "pregnancy"
    text: str
    source: str


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
            what = f"The cramp on {on} lasted {minutes_text(longest.minutes or 0)}."
        else:
            what = (
                f"{len(long)} cramps since {short_day(since)} lasted {LONG_CRAMP_MINUTES} minutes "
                f"or more (the longest {minutes_text(longest.minutes or 0)})."
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
