"""Table tests for coach.adherence.

Histories are written as one letter per day, oldest first, the last letter being today:
D done, P partial, R rest, Q rest marked on a partial day, "." nothing recorded.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from coach.adherence import (
    DayFacts,
    DayStatus,
    StreakSummary,
    classify,
    completion_rates,
    day_of,
    habit_strength,
    streak_at_risk,
    streaks,
)
from coach.rest_days import rest_day_allowed
from tests.record_rules import summarize

BERLIN = ZoneInfo("Europe/Berlin")
TOKYO = ZoneInfo("Asia/Tokyo")
NEW_YORK = ZoneInfo("America/New_York")
START = date(2025, 6, 2)
M = 0.5 ** (1 / 13)

_FACT = {
    "D": dict(done=True, partial=False, rest=False),
    "P": dict(done=False, partial=True, rest=False),
    "R": dict(done=False, partial=False, rest=True),
    "Q": dict(done=False, partial=True, rest=True),
}
_STATUS = {s.name[0]: s for s in DayStatus}  # D P R M O


def history(pattern: str, first: date = START) -> tuple[list[DayFacts], date, date]:
    facts = [
        DayFacts(first + timedelta(days=i), **_FACT[c]) for i, c in enumerate(pattern) if c != "."
    ]
    return facts, first, first + timedelta(days=len(pattern) - 1)


def statuses_of(pattern: str) -> list[tuple[date, DayStatus]]:
    return classify(*history(pattern))


def letters(statuses: list[tuple[date, DayStatus]]) -> str:
    return "".join(s.name[0] for _, s in statuses)


# --- day_of -------------------------------------------------------------------------------


def berlin(*args: int, fold: int = 0) -> datetime:
    return datetime(*args, tzinfo=BERLIN, fold=fold)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        # An ordinary day: 04:00 is the boundary.
        (berlin(2025, 6, 10, 1, 30), date(2025, 6, 9)),
        (berlin(2025, 6, 10, 3, 59, 59), date(2025, 6, 9)),
        (berlin(2025, 6, 10, 4, 0), date(2025, 6, 10)),
        (berlin(2025, 6, 10, 4, 30), date(2025, 6, 10)),
        (berlin(2025, 6, 10, 23, 59), date(2025, 6, 10)),
        # Spring forward, 2025-03-30: 02:00-03:00 does not exist (either fold).
        (berlin(2025, 3, 30, 1, 30), date(2025, 3, 29)),
        (berlin(2025, 3, 30, 2, 30, fold=0), date(2025, 3, 29)),
        (berlin(2025, 3, 30, 2, 30, fold=1), date(2025, 3, 29)),
        (berlin(2025, 3, 30, 3, 30), date(2025, 3, 29)),
        (berlin(2025, 3, 30, 4, 30), date(2025, 3, 30)),
        (datetime(2025, 3, 30, 2, 30, tzinfo=UTC).astimezone(BERLIN), date(2025, 3, 30)),
        # Fall back, 2025-10-26: 02:00-03:00 happens twice.
        (berlin(2025, 10, 26, 1, 30), date(2025, 10, 25)),
        (berlin(2025, 10, 26, 2, 30, fold=0), date(2025, 10, 25)),
        (berlin(2025, 10, 26, 2, 30, fold=1), date(2025, 10, 25)),
        (berlin(2025, 10, 26, 3, 59), date(2025, 10, 25)),
        (berlin(2025, 10, 26, 4, 0), date(2025, 10, 26)),
        (berlin(2025, 10, 26, 4, 30), date(2025, 10, 26)),
        (datetime(2025, 10, 26, 1, 30, tzinfo=UTC).astimezone(BERLIN), date(2025, 10, 25)),
        (datetime(2025, 10, 26, 3, 30, tzinfo=UTC).astimezone(BERLIN), date(2025, 10, 26)),
        # Leap day and year end.
        (berlin(2024, 2, 29, 1, 30), date(2024, 2, 28)),
        (berlin(2024, 2, 29, 4, 30), date(2024, 2, 29)),
        (berlin(2024, 3, 1, 1, 30), date(2024, 2, 29)),
        (berlin(2026, 1, 1, 0, 30), date(2025, 12, 31)),
        # The moment's own offset decides: one instant, three different local days.
        (datetime(2025, 6, 10, 2, 0, tzinfo=UTC).astimezone(TOKYO), date(2025, 6, 10)),
        (datetime(2025, 6, 10, 2, 0, tzinfo=UTC).astimezone(NEW_YORK), date(2025, 6, 9)),
        (datetime(2025, 6, 10, 2, 0, tzinfo=UTC), date(2025, 6, 9)),
        (
            datetime(2025, 6, 10, 4, 15, tzinfo=timezone(timedelta(hours=5, minutes=30))),
            date(2025, 6, 10),
        ),
    ],
)
def test_day_of(moment: datetime, expected: date) -> None:
    assert day_of(moment) == expected


@pytest.mark.parametrize(
    ("moment", "starts_at", "expected"),
    [
        (berlin(2025, 6, 10, 1, 30), 0, date(2025, 6, 10)),
        (berlin(2025, 6, 10, 0, 0), 0, date(2025, 6, 10)),
        (berlin(2025, 6, 9, 23, 59), 0, date(2025, 6, 9)),
        (berlin(2025, 6, 10, 5, 59), 6, date(2025, 6, 9)),
        (berlin(2025, 6, 10, 6, 0), 6, date(2025, 6, 10)),
        (berlin(2025, 10, 26, 2, 30, fold=1), 3, date(2025, 10, 25)),
        (berlin(2025, 10, 26, 3, 0), 3, date(2025, 10, 26)),
    ],
)
def test_day_of_custom_start(moment: datetime, starts_at: int, expected: date) -> None:
    assert day_of(moment, day_starts_at=starts_at) == expected


@pytest.mark.parametrize(
    ("moment", "starts_at"),
    [
        (datetime(2025, 6, 10, 12, 0), 4),
        (berlin(2025, 6, 10, 12, 0), 24),
        (berlin(2025, 6, 10, 12, 0), -1),
    ],
)
def test_day_of_rejects(moment: datetime, starts_at: int) -> None:
    with pytest.raises(ValueError):
        day_of(moment, starts_at)


def test_timezone_change_keeps_each_session_on_its_own_day() -> None:
    # 07:00 in Tokyo is still the previous evening in New York; it must stay on 10 June.
    tokyo = datetime(2025, 6, 10, 7, 0, tzinfo=TOKYO)
    new_york = datetime(2025, 6, 11, 20, 0, tzinfo=NEW_YORK)
    days = [day_of(tokyo), day_of(new_york)]
    assert days == [date(2025, 6, 10), date(2025, 6, 11)]
    facts = [DayFacts(d, done=True, partial=False, rest=False) for d in days]
    summary = summarize(facts, None, date(2025, 6, 11))
    assert (summary.current_streak, summary.longest_streak) == (2, 2)


@pytest.mark.parametrize(
    ("sessions", "today", "current"),
    [
        # 01:30 belongs to the evening before, so 9, 10 and 11 June are all done.
        (
            [berlin(2025, 6, 9, 20, 0), berlin(2025, 6, 11, 1, 30), berlin(2025, 6, 11, 18, 0)],
            date(2025, 6, 11),
            3,
        ),
        # 04:30 is the new day: 10 June stays empty and the streak is only today.
        ([berlin(2025, 6, 9, 20, 0), berlin(2025, 6, 11, 4, 30)], date(2025, 6, 11), 1),
        # Leap day: 27, 28, 29 Feb and 1 Mar.
        (
            [
                berlin(2024, 2, 27, 20, 0),
                berlin(2024, 2, 28, 20, 0),
                berlin(2024, 3, 1, 1, 30),
                berlin(2024, 3, 1, 19, 0),
            ],
            date(2024, 3, 1),
            4,
        ),
        # Leap day missed: 29 Feb breaks it.
        (
            [berlin(2024, 2, 27, 20, 0), berlin(2024, 2, 28, 20, 0), berlin(2024, 3, 1, 19, 0)],
            date(2024, 3, 1),
            1,
        ),
    ],
)
def test_sessions_to_streak(sessions: list[datetime], today: date, current: int) -> None:
    facts = [DayFacts(day_of(s), done=True, partial=False, rest=False) for s in sessions]
    assert summarize(facts, None, today).current_streak == current


# --- classify -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (".", "O"),
        ("D", "D"),
        ("P", "P"),
        ("R", "R"),
        ("DPR..", "DPRMO"),
        ("D...D", "DMMMD"),
        ("PRD.P", "PRDMP"),
    ],
)
def test_classify(pattern: str, expected: str) -> None:
    assert letters(statuses_of(pattern)) == expected


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        (dict(done=True, partial=True, rest=True), DayStatus.DONE),
        (dict(done=True, partial=False, rest=True), DayStatus.DONE),
        (dict(done=False, partial=True, rest=True), DayStatus.REST),
        (dict(done=False, partial=True, rest=False), DayStatus.PARTIAL),
        (dict(done=False, partial=False, rest=False), DayStatus.MISSED),
    ],
)
def test_classify_precedence(flags: dict[str, bool], expected: DayStatus) -> None:
    day = date(2025, 6, 2)
    facts = [DayFacts(day, **flags, by_hand=True)]
    assert classify(facts, day, day + timedelta(days=1)) == [
        (day, expected),
        (day + timedelta(days=1), DayStatus.OPEN),
    ]


def test_classify_range_and_duplicates() -> None:
    d = date(2025, 6, 2)
    facts = [
        DayFacts(d - timedelta(days=1), done=True, partial=False, rest=False),  # before first
        DayFacts(d, done=True, partial=False, rest=False),
        DayFacts(d, done=False, partial=True, rest=False),  # a later fact must not undo it
        DayFacts(d + timedelta(days=3), done=True, partial=False, rest=False),  # after today
    ]
    assert letters(classify(facts, d, d + timedelta(days=2))) == "DMO"
    # A first day after today (flew west) starts the record today.
    assert classify(facts, d + timedelta(days=1), d) == [(d, DayStatus.DONE)]


@pytest.mark.parametrize(
    ("pattern", "limit", "expected"),
    [
        ("RRD", None, "RRD"),
        ("RRD", 1, "RMD"),
        ("RRD", 2, "RRD"),
        ("R.....R", 1, "RMMMMMO"),  # 6 days apart: the second one is over the limit
        ("R......R", 1, "RMMMMMMR"),  # 7 days apart: both fine
        ("RRRRD", 2, "RRMMD"),
        ("RPRR", 1, "RPMO"),
        ("RQ", 1, "RP"),  # an over-limit rest falls back to what else happened
        ("RQ", None, "RR"),
    ],
)
def test_classify_rest_limit(pattern: str, limit: int | None, expected: str) -> None:
    assert letters(classify(*history(pattern), rest_limit=limit)) == expected


# --- streaks ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "current", "longest"),
    [
        (".", 0, 0),
        ("D", 1, 1),
        ("DDDD", 4, 4),
        ("DDD.", 3, 3),  # today open: the streak runs through yesterday
        ("DDDP", 3, 3),  # a partial today can still be finished
        ("DDPD", 1, 2),  # a partial day in the past breaks it
        ("DD.D", 1, 2),  # so does a missed day
        ("DDD..", 0, 3),  # missed yesterday: nothing left to keep
        ("DDRDD", 4, 4),  # rest in the middle neither breaks nor extends
        ("DDRRD.", 3, 3),
        ("DDDR", 3, 3),  # today rest
        ("DDDR..", 0, 3),
        ("RRR.", 0, 0),
        ("DDD..DDDDD.DD", 2, 5),  # longest across gaps
        ("DDDDD..DD.", 2, 5),
    ],
)
def test_streaks(pattern: str, current: int, longest: int) -> None:
    assert streaks(statuses_of(pattern)) == (current, longest)


def test_streaks_over_leap_day() -> None:
    facts, first, today = history("DDDD", first=date(2024, 2, 27))
    assert today == date(2024, 3, 1)
    assert streaks(classify(facts, first, today)) == (4, 4)


@pytest.mark.parametrize(
    ("pattern", "at_risk"),
    [
        ("DD.", True),
        ("DDP", True),
        ("DR.", True),
        ("DRR.", True),
        ("DDD", False),
        ("DDR", False),
        ("D..", False),
        ("DP.", False),
        ("RR.", False),
        (".", False),
    ],
)
def test_streak_at_risk(pattern: str, at_risk: bool) -> None:
    facts, first, today = history(pattern)
    assert streak_at_risk(classify(facts, first, today), today) is at_risk
    assert summarize(facts, first, today, rest_limit=None).at_risk is at_risk


# --- habit strength -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (".", 0.0),
        ("D", 1 - M),
        ("D" * 13, 0.5),
        ("D" * 13 + ".", 0.5),  # open today does not count yet
        ("D" * 13 + "P", 0.5),  # nor does a partial today
        ("D" * 13 + "R", 0.5),  # rest leaves the score unchanged
        ("D" * 6 + "RR" + "D" * 7, 0.5),
        ("." * 5 + "D" * 13, 0.5),  # misses at zero stay at zero
        ("D" * 13 + "..", 0.5 * M),  # one miss
        ("D" * 13 + "P.", 0.5 * M),  # a partial day counts as 0
        ("D" * 13 + "." * 13 + ".", 0.25),  # 13 misses halve it
        ("D" * 66, 0.9703725776769009),
    ],
)
def test_habit_strength(pattern: str, expected: float) -> None:
    assert habit_strength(statuses_of(pattern)) == pytest.approx(expected, abs=1e-9)


# --- completion rates ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "r7", "r30", "r365"),
    [
        (".", None, None, None),
        ("RR.", None, None, None),
        ("D", 1.0, 1.0, 1.0),
        ("DD.", 1.0, 1.0, 1.0),  # a newcomer is not shown 2/30
        ("DDDDDD.", 1.0, 1.0, 1.0),  # open today ignored
        ("DDDDDDP", 1.0, 1.0, 1.0),  # partial today ignored until the day is over
        ("DDDDDPD", 6 / 7, 6 / 7, 6 / 7),  # a past partial is not done
        ("DDRD.D", 0.8, 0.8, 0.8),  # rest out of the denominator
        ("D.R", 0.5, 0.5, 0.5),  # today rest
        (".DDDDDDD", 1.0, 7 / 8, 7 / 8),  # the 8th day back is outside the week
        ("D" * 10 + "." * 23 + "D" * 7, 1.0, 7 / 30, 17 / 40),
        ("D" * 400 + "." * 366, 0.0, 0.0, 0.0),
    ],
)
def test_completion_rates(
    pattern: str, r7: float | None, r30: float | None, r365: float | None
) -> None:
    assert completion_rates(statuses_of(pattern)) == {7: r7, 30: r30, 365: r365}


# --- rest-day rule ------------------------------------------------------------------------

NOV = {d: date(2026, 11, d) for d in range(1, 31)}  # 23 Nov 2026 is a Monday
ONE_NEAR_23 = (
    "You already have a rest day on Mon 23 Nov; one rest day in any 7 days keeps the habit steady."
)


@pytest.mark.parametrize(
    ("rests", "day", "limit", "allowed", "reason"),
    [
        (set(), NOV[25], 1, True, ""),
        ({NOV[23]}, NOV[25], 1, False, ONE_NEAR_23),
        ({NOV[23]}, NOV[29], 1, False, ONE_NEAR_23),
        ({NOV[23]}, NOV[17], 1, False, ONE_NEAR_23),
        ({NOV[23]}, NOV[30], 1, True, ""),
        ({NOV[23]}, NOV[16], 1, True, ""),
        ({NOV[23]}, NOV[23], 1, True, "That day is already a rest day."),
        ({NOV[23]}, NOV[25], 2, True, ""),
        ({NOV[20], NOV[29]}, NOV[25], 2, True, ""),  # no 7-day window holds all three
        (
            {NOV[20], NOV[24]},
            NOV[25],
            2,
            False,
            "You already have rest days on Fri 20 Nov and Tue 24 Nov; "
            "two rest days in any 7 days keep the habit steady.",
        ),
        ({NOV[20], NOV[24]}, NOV[25], 3, True, ""),
        (set(), NOV[25], 0, False, "Rest days are switched off."),
        (
            {date(2024, 2, 24)},
            date(2024, 3, 1),
            1,
            False,
            "You already have a rest day on Sat 24 Feb; "
            "one rest day in any 7 days keeps the habit steady.",
        ),
        ({date(2024, 2, 23)}, date(2024, 3, 1), 1, True, ""),  # 7 days apart across 29 Feb
        (
            {date(2026, 12, 29)},
            date(2027, 1, 2),
            1,
            False,
            "You already have a rest day on Tue 29 Dec; "
            "one rest day in any 7 days keeps the habit steady.",
        ),
    ],
)
def test_rest_day_allowed(
    rests: set[date], day: date, limit: int, allowed: bool, reason: str
) -> None:
    assert rest_day_allowed(rests, day, limit) == (allowed, reason)


def test_rest_day_refused_on_done_day() -> None:
    allowed, reason = rest_day_allowed(set(), NOV[25], done=True)
    assert allowed is False
    assert "already done" in reason


def test_rest_day_negative_limit() -> None:
    with pytest.raises(ValueError):
        rest_day_allowed(set(), NOV[25], -1)


# --- summarize ----------------------------------------------------------------------------


def test_summarize_empty() -> None:
    today = date(2025, 6, 2)
    assert summarize([], None, today) == StreakSummary(
        current_streak=0,
        longest_streak=0,
        strength=0.0,
        rates={7: None, 30: None, 365: None},
        today=DayStatus.OPEN,
        at_risk=False,
    )


@pytest.mark.parametrize(
    ("pattern", "limit", "current", "longest", "strength", "rate7", "today", "at_risk"),
    [
        ("DDRDD.", 1, 4, 4, 1 - M**4, 1.0, DayStatus.OPEN, True),
        ("DDRDDD", 1, 5, 5, 1 - M**5, 1.0, DayStatus.DONE, False),
        ("DRRD", 1, 1, 1, (1 - M) * M**2 + 1 - M, 2 / 3, DayStatus.DONE, False),
        ("DRRD", 2, 2, 2, 1 - M**2, 1.0, DayStatus.DONE, False),
        ("DRRD", None, 2, 2, 1 - M**2, 1.0, DayStatus.DONE, False),
        ("DDDP", 1, 3, 3, 1 - M**3, 1.0, DayStatus.PARTIAL, True),
        ("DDDR", 1, 3, 3, 1 - M**3, 1.0, DayStatus.REST, False),
    ],
)
def test_summarize(
    pattern: str,
    limit: int | None,
    current: int,
    longest: int,
    strength: float,
    rate7: float,
    today: DayStatus,
    at_risk: bool,
) -> None:
    facts, first, last = history(pattern)
    summary = summarize(facts, first, last, rest_limit=limit)
    assert (summary.current_streak, summary.longest_streak) == (current, longest)
    assert summary.strength == pytest.approx(strength, abs=1e-9)
    assert summary.rates[7] == pytest.approx(rate7)
    assert (summary.today, summary.at_risk) == (today, at_risk)
    # `first` defaults to the earliest fact; every pattern here starts with one.
    assert summarize(facts, None, last, rest_limit=limit) == summary
