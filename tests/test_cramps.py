"""The cramp diary's rules (coach.cramps): first aid, defaults, checking an entry, the weekly
comparison, the series beside adherence, and when to suggest a doctor.

Weeks are Monday to Sunday. In November 2026, the Mondays are the 2nd, 9th, 16th, 23rd and 30th;
"today" is Wednesday 25 November unless a test says otherwise. No test reads the real clock.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time as time_module
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from coach.config import Config, Profile
from coach.cramps import (
    FOLLOW_UP,
    CrampInputError,
    compare_weeks,
    cramp_json,
    cramp_view,
    default_when,
    describe,
    done_days,
    first_aid,
    guidance,
    local_time,
    log_cramp,
    new_cramp,
    parse_muscle,
    session_in_progress,
    week_counts,
    weekly_series,
)
from coach.history import hand_entry
from coach.routines import Catalog, builtin_dir, routine_files
from coach.store import CrampRecord, Store
from tests.clocks import BERLIN
from tests.conftest import ROOT
from tests.test_history import CATALOG, DAILY, at, done_on, timed

TODAY = date(2026, 11, 25)  # a Wednesday
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=BERLIN)
MON = {2: date(2026, 11, 2), 9: date(2026, 11, 9), 16: date(2026, 11, 16), 23: date(2026, 11, 23)}


def nov(d: int) -> date:
    return date(2026, 11, d)


def days(*numbers: int) -> list[date]:
    return [nov(n) for n in numbers]


def week(monday: int, n: int) -> list[date]:
    """The first `n` days of the week starting on Monday `monday` November."""
    return [nov(monday) + timedelta(days=i) for i in range(n)]


def record(day: date, minutes: float | None = None, hour: int = 21, cid: int = 1) -> CrampRecord:
    moment = datetime(day.year, day.month, day.day, hour, tzinfo=BERLIN)
    return CrampRecord(
        cid, moment, 60, day, "calf", None, None, "day", minutes, None, moment + timedelta(hours=1)
    )


@pytest.fixture
def store(tmp_path: Path):
    s = Store.open(tmp_path / "coach.db")
    yield s
    s.close()


# -- first aid ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("muscle", "prefix"),
    [
        ("calf", "Calf and foot"),
        ("foot", "Calf and foot"),
        ("toes", "Calf and foot"),
        ("front-thigh", "Front of thigh"),
        ("back-thigh", "Back of thigh"),
    ],
)
def test_each_muscle_gets_its_stretch_from_the_first_aid_routine(muscle: str, prefix: str) -> None:
    aid = first_aid(CATALOG, muscle)
    routine = CATALOG.get("first-aid")
    assert aid.routine is routine and aid.exercise is not None
    assert aid.exercise.name.startswith(prefix)
    assert routine.exercises[aid.exercise_index] is aid.exercise


def test_the_follow_up_steps_are_the_articles_with_their_sections() -> None:
    texts = [step.text for step in first_aid(CATALOG, "calf").follow_up]
    assert len(texts) == 4
    assert "Walk a little" in texts[0]
    assert "from the centre of the cramp outwards" in texts[1]
    assert "legs slightly raised" in texts[3]
    assert all('"Leg cramps - what to do"' in step.source for step in FOLLOW_UP)


def test_pinching_follows_the_massage_as_in_the_article_and_never_a_needle() -> None:
    """The article's item 5 after massage (item 3): pinch the muscle; its needle we never repeat."""
    (pinch,) = [step for step in FOLLOW_UP if "pinch" in step.text]
    assert FOLLOW_UP.index(pinch) == 2  # after walking and massage, before lying down
    assert "with your fingers" in pinch.text and "item 5" in pinch.source
    routines = "\n".join(p.read_text() for p in routine_files(builtin_dir()))
    for text in [*(s.text for s in FOLLOW_UP), *(s.source for s in FOLLOW_UP), routines]:
        assert not re.search(r"needle|prick|\bpins?\b|hairpin", text, re.IGNORECASE), text


def test_a_first_aid_routine_without_that_stretch_still_gives_the_follow_up() -> None:
    routine = CATALOG.get("first-aid")
    mine = replace(routine, exercises=routine.exercises[:1])  # only the calf stretch
    aid = first_aid(Catalog({"first-aid": mine}), "back-thigh")
    assert (aid.exercise, aid.exercise_index) == (None, None)
    assert aid.follow_up == FOLLOW_UP
    gone = first_aid(Catalog(), "calf")
    assert gone.routine is None and gone.exercise is None and gone.follow_up == FOLLOW_UP


# -- defaults -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hh", "mm", "kind"),
    [(21, 59, "day"), (22, 0, "night"), (0, 0, "night"), (6, 59, "night"), (7, 0, "day")],
)
def test_night_is_22_00_to_06_59_on_the_wall_clock(hh: int, mm: int, kind: str) -> None:
    assert default_when(datetime(2026, 11, 20, hh, mm, tzinfo=BERLIN)) == kind
    assert default_when(datetime(2026, 11, 20, hh, mm, tzinfo=BERLIN), in_session=True) == (
        "exercise"
    )


def test_a_cramp_now_during_a_session_is_an_exercise_cramp() -> None:
    night = datetime(2026, 11, 24, 23, 0, tzinfo=BERLIN)
    made = new_cramp(muscle="calf", now=night, day_starts_at=4, in_session=True)
    assert made.when_kind == "exercise"
    # Logged later for an earlier moment: that moment's clock decides, not today's session.
    later = new_cramp(muscle="calf", now=NOW, day_starts_at=4, at="03:10", in_session=True)
    assert later.when_kind == "night"
    chosen = new_cramp(muscle="calf", now=night, day_starts_at=4, when="day", in_session=True)
    assert chosen.when_kind == "day"


def test_now_is_the_default_time_to_the_second(store: Store) -> None:
    now = NOW.replace(second=7, microsecond=123456)
    made = new_cramp(muscle="calf", now=now, day_starts_at=4)
    assert made.at == now.replace(microsecond=0) == made.logged_at
    assert (made.day, made.when_kind, made.side, made.severity, made.minutes, made.note) == (
        TODAY,
        "day",
        None,
        None,
        None,
        None,
    )


def test_a_cramp_before_the_day_starts_belongs_to_the_day_before() -> None:
    made = new_cramp(muscle="calf", now=NOW, day_starts_at=4, at="2026-11-23 03:10")
    assert made.at == datetime(2026, 11, 23, 3, 10, tzinfo=BERLIN)
    assert made.day == nov(22)  # Sunday: the week of Mon 16 Nov, not the week of Mon 23 Nov
    assert new_cramp(muscle="calf", now=NOW, day_starts_at=0, at="2026-11-23 03:10").day == nov(23)


def test_typed_times_get_the_offset_in_force_then() -> None:
    summer = new_cramp(muscle="calf", now=NOW, day_starts_at=4, at="2026-07-01T03:10")
    assert summer.at.utcoffset() == timedelta(hours=2)
    winter = new_cramp(muscle="calf", now=NOW, day_starts_at=4, at="2026-01-10 03:10")
    assert winter.at.utcoffset() == timedelta(hours=1)


def test_a_bare_clock_time_is_the_last_time_the_clock_showed_it() -> None:
    assert new_cramp(muscle="calf", now=NOW, day_starts_at=4, at="03:10").at == datetime(
        2026, 11, 25, 3, 10, tzinfo=BERLIN
    )
    small_hours = datetime(2026, 11, 25, 2, 0, tzinfo=BERLIN)
    made = new_cramp(muscle="calf", now=small_hours, day_starts_at=4, at="23:30")
    assert made.at == datetime(2026, 11, 24, 23, 30, tzinfo=BERLIN) and made.when_kind == "night"


def test_local_time_follows_the_system_zone_when_now_is_a_bare_offset(monkeypatch) -> None:
    """`datetime.now().astimezone()` gives a bare +01:00; a July time must still get +02:00."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time_module.tzset()
    try:
        now = datetime(2026, 11, 25, 10, tzinfo=timezone(timedelta(hours=1)))
        july = local_time(datetime(2026, 7, 1, 3, 10), now)
        assert july.utcoffset() == timedelta(hours=2)
        # A bare offset that is not the system's zone is all there is to go on.
        elsewhere = datetime(2026, 11, 25, 10, tzinfo=timezone(timedelta(hours=-5)))
        assert local_time(datetime(2026, 7, 1, 3, 10), elsewhere).utcoffset() == timedelta(hours=-5)
    finally:
        monkeypatch.undo()
        time_module.tzset()


def test_session_in_progress_means_unfinished_and_recent(store: Store) -> None:
    assert not session_in_progress(store, NOW, 4)
    store.start_session(
        routine_id=DAILY.id,
        routine_title=DAILY.title,
        day=TODAY,
        started_at=NOW - timedelta(minutes=10),
        planned_seconds=600,
        targets=[5, 5, 5, 5],
    )
    assert session_in_progress(store, NOW, 4)
    assert not session_in_progress(store, NOW + timedelta(minutes=41), 4)


# -- checking an entry --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("severity", "11", "severity must be a whole number from 1 (mild) to 10 (worst), not `11`"),
        ("severity", "0", "not `0`"),
        ("severity", "6.5", "not `6.5`"),
        ("severity", 11, "not `11`"),
        ("minutes", "0", "minutes must be more than 0 and at most 240"),
        ("minutes", "-1", "not `-1`"),
        ("minutes", "241", "not `241`"),
        ("minutes", "nan", "not `nan`"),
        ("minutes", "inf", "not `inf`"),
        ("minutes", "two", "not `two`"),
        ("side", "middle", "side must be left, right or both, not `middle`"),
        ("when", "evening", "when must be night, day or exercise, not `evening`"),
        ("muscle", "calff", "unknown muscle `calff`; did you mean `calf`?"),
        ("muscle", "tooes", "did you mean `foot`?"),
        ("muscle", "knee", "unknown muscle `knee`; Choose calf, foot, front-thigh or back-thigh."),
        ("muscle", "thigh", "`front-thigh` or `back-thigh`"),
        ("note", "x" * 501, "the note is 501 characters long; keep it to 500"),
        ("note", "red \x1b[31m", "control character"),
        ("at", "yesterday", "the time must look like 2026-11-20 03:10"),
        ("at", "2026-02-30 03:00", "not `2026-02-30 03:00`"),
        ("at", "25:00", "not `25:00`"),
        (
            "at",
            "2026-11-25 10:01",
            "2026-11-25 10:01 is in the future (it is now 2026-11-25 10:00)",
        ),
        ("at", "2027-01-01T00:00", "is in the future"),
    ],
)
def test_bad_values_are_refused_with_one_clear_line(field: str, value: object, words: str) -> None:
    entry: dict[str, object] = {"muscle": "calf", field: value}
    with pytest.raises(CrampInputError) as caught:
        new_cramp(now=NOW, day_starts_at=4, **entry)
    message = str(caught.value)
    assert words in message and "\n" not in message


def test_a_future_datetime_is_refused_too() -> None:
    with pytest.raises(CrampInputError, match="in the future"):
        new_cramp(muscle="calf", now=NOW, day_starts_at=4, at=NOW + timedelta(minutes=1))


@pytest.mark.parametrize(
    ("typed", "muscle"),
    [
        ("calf", "calf"),
        ("Calves", "calf"),
        ("toes", "foot"),
        ("FEET", "foot"),
        ("Front Thigh", "front-thigh"),
        ("front_thigh", "front-thigh"),
        ("quadriceps", "front-thigh"),
        ("hamstring", "back-thigh"),
        (" back-thigh ", "back-thigh"),
    ],
)
def test_muscles_as_people_type_them(typed: str, muscle: str) -> None:
    assert parse_muscle(typed) == muscle


def test_good_values_are_normalised() -> None:
    made = new_cramp(
        muscle="toes",
        now=NOW,
        day_starts_at=4,
        side="LEFT",
        severity=" 7 ",
        minutes="0.5",
        note="woke up\n\n  twice ",
        when="Night",
    )
    assert (made.muscle, made.side, made.severity, made.minutes, made.note, made.when_kind) == (
        "foot",
        "left",
        7,
        0.5,
        "woke up twice",
        "night",
    )
    blank = new_cramp(muscle="calf", now=NOW, day_starts_at=4, side="", note="   ", minutes="")
    assert (blank.side, blank.note, blank.minutes) == (None, None, None)
    assert new_cramp(muscle="calf", now=NOW, day_starts_at=4, minutes=240).minutes == 240
    assert new_cramp(muscle="calf", now=NOW, day_starts_at=4, note="x" * 500).note == "x" * 500


# -- weeks and the series beside adherence ------------------------------------------------------


def test_the_series_is_the_last_weeks_with_this_week_last_and_unfinished() -> None:
    cramps = days(3, 8, 9, 9, 24)  # Sun 8 Nov ends the week of the 2nd; Mon 9 starts the next
    done = [*week(2, 7), *week(16, 3), nov(25)]
    series = weekly_series(cramps, done, TODAY, weeks=4)
    assert [w.monday for w in series] == [MON[2], MON[9], MON[16], MON[23]]
    assert [w.cramps for w in series] == [2, 2, 0, 1]
    assert [w.done_days for w in series] == [7, 0, 3, 1]
    assert [w.complete for w in series] == [True, True, True, False]
    assert series[0].sunday == nov(8)


def test_the_series_ignores_days_after_today_and_needs_a_week() -> None:
    series = weekly_series(days(26, 25), days(26), TODAY, weeks=1)
    assert [(w.monday, w.cramps, w.done_days) for w in series] == [(MON[23], 1, 0)]
    with pytest.raises(ValueError):
        weekly_series([], [], TODAY, weeks=0)


def test_week_counts_count_a_done_day_once() -> None:
    (only,) = week_counts([], [nov(2), nov(2), nov(3)], nov(2), nov(4))
    assert only.done_days == 2 and not only.complete


# -- the weekly comparison ----------------------------------------------------------------------


def test_comparison_of_routine_weeks_and_other_weeks() -> None:
    cramps = [*days(3), *days(10, 12), *days(17, 18, 22)]  # 1, 2 and 3 cramps
    cramps += days(23, 24, 24, 25)  # this week is not over: left out
    done = [*week(2, 5), *week(9, 6), *week(16, 4), *week(23, 3)]
    got = compare_weeks(cramps, done, TODAY)
    assert (got.routine_weeks, got.other_weeks) == (2, 1)
    assert (got.routine_average, got.other_average) == (1.5, 3.0)
    assert got.sentence == (
        "In 2 weeks with 5 or more routine days you logged 1.5 cramps a week on average; "
        "in 1 week with fewer, 3.0. (This shows a pattern, not a cause.)"
    )


def test_four_routine_days_is_an_other_week_and_five_a_routine_week() -> None:
    four = compare_weeks(days(3, 10), [*week(2, 4), *week(9, 5)], TODAY)
    # The weeks of the 2nd (4 routine days) and the 16th (none) against the week of the 9th.
    assert (four.routine_weeks, four.other_weeks) == (1, 2)
    assert (four.routine_average, four.other_average) == (1.0, 0.5)


def test_comparison_starts_with_the_week_of_the_first_cramp() -> None:
    """Routine weeks before the diary began are not cramp-free weeks: nobody wrote them down."""
    done = [*week(2, 7), *week(9, 7), *week(16, 7)]
    got = compare_weeks(days(12, 18), done, TODAY)
    assert (got.routine_weeks, got.other_weeks, got.routine_average) == (2, 0, 1.0)


def test_comparison_counts_a_sunday_cramp_in_its_own_week() -> None:
    monday = compare_weeks(days(9, 16), [*week(2, 7), *week(9, 7)], TODAY)
    sunday = compare_weeks(days(8, 16), [*week(2, 7), *week(9, 7)], TODAY)
    # On Monday the 9th, the first cramp opens the diary in the week of the 9th (a routine week
    # with 1 cramp); the week of the 16th, without the routine, holds the other one.
    assert (monday.routine_weeks, monday.other_weeks) == (1, 1)
    assert (monday.routine_average, monday.other_average) == (1.0, 1.0)
    # On Sunday the 8th it belongs to the week of the 2nd: one more routine week, with a cramp.
    assert (sunday.routine_weeks, sunday.other_weeks) == (2, 1)
    assert (sunday.routine_average, sunday.other_average) == (0.5, 1.0)


def test_comparison_with_no_cramps_or_too_few_weeks() -> None:
    nothing = compare_weeks([], week(2, 7), TODAY)
    assert nothing.sentence == "No cramps in your diary yet, so there is nothing to compare."
    assert (nothing.routine_average, nothing.other_average) == (None, None)
    this_week = compare_weeks(days(24), [], TODAY)
    assert this_week.sentence == (
        "Not enough weeks to compare yet: this needs 2 complete weeks (Monday to Sunday) of "
        "your cramp diary, and so far there are 0."
    )
    one = compare_weeks(days(17), week(16, 7), TODAY)
    assert one.sentence.endswith("and so far there is 1.")
    assert (one.routine_weeks, one.routine_average) == (1, 1.0)


def test_comparison_when_one_group_is_empty() -> None:
    all_routine = compare_weeks(days(3, 10, 11), [*week(2, 7), *week(9, 5), *week(16, 6)], TODAY)
    assert (all_routine.other_weeks, all_routine.other_average) == (0, None)
    assert all_routine.sentence == (
        "Every complete week of your diary (3 weeks) had 5 or more routine days, with 1.0 "
        "cramps a week on average; there are no other weeks to compare with."
    )
    no_routine = compare_weeks(days(3, 10, 11), week(9, 4), TODAY)
    assert (no_routine.routine_weeks, no_routine.routine_average) == (0, None)
    assert no_routine.sentence == (
        "None of the 3 weeks of your diary had 5 or more routine days (1.0 cramps a week on "
        "average), so there is nothing to compare with yet."
    )


def test_the_comparison_never_claims_a_cause() -> None:
    both = compare_weeks(days(3, 10), [*week(2, 7)], TODAY).sentence
    assert "not a cause" in both
    for word in ("because", "prevents", "reduces", "works", "thanks to"):
        assert word not in both


# -- see a doctor -------------------------------------------------------------------------------


def kinds(items) -> list[str]:
    return [g.kind for g in items]


def four_a_week(*mondays: int) -> list[CrampRecord]:
    return [record(d, cid=i) for i, d in enumerate(day for m in mondays for day in week(m, 4))]


def test_four_cramps_two_weeks_running_despite_the_routine() -> None:
    done = [*week(9, 4), *week(16, 4)]
    (found,) = guidance(four_a_week(9, 16), done, TODAY)
    assert found.kind == "frequent"
    assert "4 in the week of Mon 9 Nov, 4 in the week of Mon 16 Nov" in found.text
    assert "although you do the exercises" in found.text
    assert "daily routine was done on 4 or more days in each" in found.text
    assert "see a doctor" in found.text
    assert '"Seizures - diagnosis, treatment and prevention"' in found.source


@pytest.mark.parametrize(
    ("done", "why"),
    [
        ([], "no routine at all"),
        ([*week(9, 3), *week(16, 7)], "routine on 3 days only in the first week"),
        ([*week(9, 7)], "no routine in the second week"),
    ],
)
def test_frequent_cramps_call_for_a_doctor_whatever_the_routine(done, why: str) -> None:
    """10 night cramps in two weeks with no routine used to give no note at all."""
    (found,) = guidance(four_a_week(9, 16), done, TODAY)
    assert found.kind == "frequent", why
    assert "4 in the week of Mon 9 Nov, 4 in the week of Mon 16 Nov" in found.text
    assert "keep coming back regularly are a reason to see a doctor" in found.text
    assert "although you do the exercises" not in found.text
    assert "daily routine" not in found.text  # no claim about a routine that was not done


@pytest.mark.parametrize(
    ("cramps", "done", "why"),
    [
        (four_a_week(9, 16)[1:], [*week(9, 4), *week(16, 4)], "3 cramps in the first week"),
        (four_a_week(2, 16), [*week(2, 7), *week(9, 7), *week(16, 7)], "weeks not in a row"),
        (four_a_week(2, 9), [*week(2, 7), *week(9, 7)], "a spell that ended two weeks ago"),
    ],
)
def test_no_frequent_guidance_when_a_condition_is_missing(cramps, done, why: str) -> None:
    assert kinds(guidance(cramps, done, TODAY)) == [], why


def test_the_week_boundary_decides_which_week_a_cramp_counts_in() -> None:
    """Three cramps Mon-Wed of the week of the 9th, a fourth on Sunday the 15th or Monday 16th."""
    base = [record(d, cid=i) for i, d in enumerate([*week(9, 3), *week(16, 4)])]
    done = [*week(9, 7), *week(16, 7)]
    sunday = guidance([*base, record(nov(15), cid=99)], done, TODAY)
    monday = guidance([*base, record(nov(16), hour=22, cid=99)], done, TODAY)
    assert kinds(sunday) == ["frequent"]
    assert kinds(monday) == []


def test_this_week_counts_once_it_has_reached_both_thresholds() -> None:
    thursday = nov(26)
    done = [*week(16, 7), *week(23, 4)]
    assert kinds(guidance(four_a_week(16, 23), done, thursday)) == ["frequent"]
    assert kinds(guidance(four_a_week(16, 23)[:-1], done, thursday)) == []  # 3 so far
    # The next week it still shows (last week and the week before), and then it goes.
    assert kinds(guidance(four_a_week(16, 23), done, date(2026, 12, 2))) == ["frequent"]
    assert kinds(guidance(four_a_week(16, 23), done, date(2026, 12, 7))) == []


def test_a_cramp_of_ten_minutes_or_more() -> None:
    (found,) = guidance([record(nov(24), minutes=10)], [], TODAY)
    assert found.kind == "long"
    assert found.text.startswith("The cramp on Tue 24 Nov lasted 10 minutes.")
    assert "rarely as long as 10" in found.text and "see a doctor" in found.text
    assert '"What to do if you cramp your leg?"' in found.source
    assert guidance([record(nov(24), minutes=9.9)], [], TODAY) == []
    assert guidance([record(nov(24))], [], TODAY) == []  # no duration given


def test_long_cramps_from_last_monday_on_count_and_are_summed_up() -> None:
    last_monday, sunday_before = nov(16), nov(15)
    assert kinds(guidance([record(last_monday, minutes=30)], [], TODAY)) == ["long"]
    assert guidance([record(sunday_before, minutes=30)], [], TODAY) == []
    (two,) = guidance([record(nov(17), 12, cid=1), record(nov(24), 15, cid=2)], [], TODAY)
    assert two.text.startswith(
        "2 cramps since Mon 16 Nov lasted 10 minutes or more (the longest 15 minutes)."
    )


def test_a_night_cramp_is_named_by_its_calendar_date() -> None:
    small_hours = replace(record(nov(23), minutes=12), at=datetime(2026, 11, 24, 3, tzinfo=BERLIN))
    (found,) = guidance([small_hours], [], TODAY)
    assert found.text.startswith("The cramp on Tue 24 Nov lasted 12 minutes.")


def test_the_pregnancy_note_is_always_there_when_the_profile_says_pregnant() -> None:
    (note,) = guidance([], [], TODAY, pregnant=True)
    assert note.kind == "pregnancy"
    for sign in ("high blood pressure", "severe swelling", "eclampsia", "convulsion"):
        assert sign in note.text.lower()
    # A fit is urgent care, not an appointment: emergency services or hospital, now.
    fit = note.text[note.text.index("A fit") :].split(". ")[0]
    assert "emergency" in fit and "call emergency services or go to hospital now" in fit
    assert "pregnant women" in note.source
    assert guidance([], [], TODAY, pregnant=False) == []


def test_all_three_come_in_a_fixed_order() -> None:
    cramps = [*four_a_week(9, 16), record(nov(24), minutes=11, cid=77)]
    found = guidance(cramps, [*week(9, 7), *week(16, 4)], TODAY, pregnant=True)
    assert kinds(found) == ["long", "frequent", "pregnancy"]


DRUGS = re.compile(
    r"\b(quinine|magnesium|potassium|calcium|vitamin|ibuprofen|acetaminophen|paracetamol|naproxen|"
    r"tylenol|advil|motrin|aleve|valparin|difenin|xanax|panangin|keppra|heparin|troxevasin|"
    r"diosmin|folic|tablet|pill|supplement|ointment|medicine|medication|drug)s?\b",
    re.IGNORECASE,
)


def test_no_advice_names_a_medicine() -> None:
    cramps = [*four_a_week(9, 16), record(nov(24), minutes=11, cid=77)]
    found = guidance(cramps, [*week(9, 7), *week(16, 7)], TODAY, pregnant=True)
    assert len(found) == 3
    for text in [*(g.text for g in found), *(s.text for s in FOLLOW_UP)]:
        assert not DRUGS.search(text), text


# -- the diary over the store -------------------------------------------------------------------


def test_done_days_use_the_daily_routine_rule(store: Store) -> None:
    done_on(store, at(2026, 11, 23), at(2026, 11, 24, 2, 30))  # 02:30 counts for the 23rd
    store.merge([timed(DAILY, at(2026, 11, 20), [1, 0, 0, 0])])  # partial: not done
    store.add_session(hand_entry(DAILY, nov(18), NOW))
    assert done_days(store, CATALOG, Config(), TODAY) == {nov(18), nov(23)}
    active = Config(profile=Profile(activity="active"))  # another daily routine
    assert done_days(store, CATALOG, active, TODAY) == set()


def test_cramp_view_puts_it_together(store: Store) -> None:
    done_on(store, *(at(2026, 11, d) for d in range(16, 22)))
    for typed in ("2026-11-10 21:00", "2026-11-11 21:00", "2026-11-18 21:00", "2026-11-24 23:00"):
        entry = new_cramp(muscle="calf", now=NOW, day_starts_at=4, at=typed)
        log_cramp(store, CATALOG, Config(), entry, NOW)
    view = cramp_view(store, CATALOG, Config(), NOW, weeks=3)
    assert view.today == TODAY
    assert [c.day for c in view.cramps] == days(24, 18, 11, 10)
    assert [(w.monday, w.cramps, w.done_days) for w in view.series] == [
        (MON[9], 2, 0),
        (MON[16], 1, 6),
        (MON[23], 1, 0),
    ]
    assert view.comparison.sentence.startswith(
        "In 1 week with 5 or more routine days you logged 1.0 cramps a week on average; "
        "in 1 week with fewer, 2.0."
    )
    assert view.guidance == ()
    pregnant = Config(profile=Profile(pregnant=True))
    assert kinds(cramp_view(store, CATALOG, pregnant, NOW).guidance) == ["pregnancy"]


def test_log_cramp_stores_once_and_says_what_happened(store: Store) -> None:
    entry = new_cramp(
        muscle="calf",
        now=NOW,
        day_starts_at=4,
        at="2026-11-20 03:10",
        side="left",
        severity="6",
        minutes="2",
    )
    first = log_cramp(store, CATALOG, Config(), entry, NOW)
    assert first.added and first.message == (
        "Logged a calf cramp (left, severity 6/10, 2 minutes) at 03:10 on Fri 20 Nov 2026, "
        "at night."
    )
    again = log_cramp(store, CATALOG, Config(), entry, NOW)
    assert not again.added and again.cramp_id == first.cramp_id
    assert again.message == (
        "A calf cramp at 03:10 on Fri 20 Nov 2026 is already in your diary; nothing changed."
    )
    assert len(store.cramps()) == 1


def test_log_cramp_returns_the_guidance_as_it_now_stands(store: Store) -> None:
    long = new_cramp(muscle="front thigh", now=NOW, day_starts_at=4, minutes="12")
    logged = log_cramp(store, CATALOG, Config(), long, NOW)
    assert logged.message.startswith("Logged a cramp in the front of the thigh (12 minutes) at")
    assert kinds(logged.guidance) == ["long"]


def test_describe_and_json_of_a_stored_cramp(store: Store) -> None:
    entry = new_cramp(
        muscle="foot", now=NOW, day_starts_at=4, minutes="1", note="toes", when="exercise"
    )
    cid = store.add_cramp(entry)
    (stored,) = store.cramps()
    assert describe(stored) == (
        "a cramp in the foot or toes (1 minute) at 10:00 on Wed 25 Nov 2026, during exercise"
    )
    assert cramp_json(stored) == {
        "id": cid,
        "at": "2026-11-25T10:00:00+01:00",
        "day": "2026-11-25",
        "muscle": "foot",
        "side": None,
        "severity": None,
        "when": "exercise",
        "minutes": 1,
        "note": "toes",
        "logged_at": "2026-11-25T10:00:00+01:00",
    }
    assert json.dumps(cramp_json(stored))  # plain JSON types only


def test_the_cramp_modules_import_no_textual() -> None:
    code = (
        "import json, sys\nimport coach.cramps, coach.commands.cramp, coach.transfer\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    loaded = set(json.loads(out.stdout))
    assert "coach.cramps" in loaded
    assert not {m for m in loaded if m == "textual" or m.startswith("textual.")}


def test_log_cramp_says_a_finding_once_not_after_every_new_cramp(store: Store) -> None:
    first_long = new_cramp(
        muscle="calf", now=NOW, day_starts_at=4, minutes="12", at="2026-11-24 23:00"
    )
    assert kinds(log_cramp(store, CATALOG, Config(), first_long, NOW).new_guidance) == ["long"]
    short = new_cramp(muscle="calf", now=NOW, day_starts_at=4, minutes="1")
    logged = log_cramp(store, CATALOG, Config(), short, NOW)
    assert kinds(logged.guidance) == ["long"]  # still true, still on home
    assert logged.new_guidance == ()  # but nothing new to say
    again = log_cramp(store, CATALOG, Config(), short, NOW)  # the same cramp twice
    assert again.new_guidance == ()
    second_long = new_cramp(muscle="foot", now=NOW, day_starts_at=4, minutes="15")
    assert kinds(log_cramp(store, CATALOG, Config(), second_long, NOW).new_guidance) == ["long"]
