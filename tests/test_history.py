"""Table tests for coach.history: the view `coach history` and the History screen both show.

Every case writes sessions the way the recorder does (the day fixed from the local wall clock
when saved), builds the view with a fake `now`, and reads the days as one letter each, oldest
first: D done, P partial, R rest, M missed, O open (today).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.adherence import DayFacts, DayStatus, classify, day_of, summary_of
from coach.config import Config
from coach.history import (
    HistoryError,
    HistoryView,
    build_history,
    hand_entry,
    log_by_hand,
    mark_rest,
    toggle_rest,
    unmark_rest,
    week_rows,
)
from coach.model import Routine
from coach.present.glyphs import GLYPHS
from coach.present.record_json import history_json
from coach.routines import load_catalog
from coach.store import NewExercise, NewRep, NewSession, Store
from tests.clocks import BERLIN, FakeClock
from tests.record_rules import summarize

NEW_YORK = ZoneInfo("America/New_York")
CATALOG = load_catalog(None)
DAILY = CATALOG.get("daily-prevention")
CALF = CATALOG.get("calf-relief")
CONFIG = Config()


def at(y: int, m: int, d: int, hh: int = 21, mm: int = 0, tz=BERLIN, fold: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=tz, fold=fold)


def timed(routine: Routine, start: datetime, reps: list[int] | None = None) -> NewSession:
    """What the recorder saves for a session begun at `start`: its day, exercises and reps."""
    reps = [e.reps_min for e in routine.exercises] if reps is None else reps
    moment, exercises, rep_rows = start, [], []
    for idx, n in enumerate(reps):
        began = moment
        for rep in range(1, n + 1):
            moment += timedelta(seconds=10)
            rep_rows.append(NewRep(idx, rep, moment))
        target = routine.exercises[idx].reps_min
        exercises.append(
            NewExercise(idx, routine.exercises[idx].name, n, target, n < target, began, moment)
        )
    done = len(reps) == len(routine.exercises) and all(
        n >= e.reps_min for n, e in zip(reps, routine.exercises, strict=False)
    )
    return NewSession(
        routine_id=routine.id,
        routine_title=routine.title,
        day=day_of(start, CONFIG.day_starts_at),
        started_at=start,
        status="completed" if done else "partial" if any(reps) else "abandoned",
        targets=tuple(e.reps_min for e in routine.exercises),
        ended_at=moment,
        active_seconds=(moment - start).total_seconds(),
        paused_seconds=0.0,
        exercises=tuple(exercises),
        reps=tuple(rep_rows),
    )


@pytest.fixture
def store(tmp_path: Path):
    s = Store.open(tmp_path / "coach.db")
    yield s
    s.close()


def view(store: Store, now: datetime, config: Config = CONFIG, **kw) -> HistoryView:
    return build_history(store, CATALOG, config, FakeClock(now).wall_now(), **kw)


def letters(v: HistoryView) -> str:
    return "".join(d.status.name[0] for d in v.days)


def done_on(store: Store, *starts: datetime) -> None:
    store.merge([timed(DAILY, s) for s in starts])


# -- the day a session belongs to ---------------------------------------------------------------


def test_empty_record_is_just_today_open(store: Store) -> None:
    v = view(store, at(2026, 11, 25, 10))
    assert letters(v) == "O" and v.days[0].date == date(2026, 11, 25)
    s = v.summary
    assert (s.current_streak, s.longest_streak, s.strength, s.at_risk) == (0, 0, 0.0, False)
    assert s.rates == {7: None, 30: None, 365: None}


def test_0130_counts_for_the_evening_before_and_0430_for_the_new_day(store: Store) -> None:
    done_on(store, at(2026, 11, 20, 1, 30), at(2026, 11, 20, 4, 30))
    v = view(store, at(2026, 11, 21, 10))
    assert [d.date.day for d in v.days] == [19, 20, 21]
    assert letters(v) == "DDO"
    assert v.summary.current_streak == 2 and v.summary.at_risk


def test_dst_forward_night_keeps_every_day_once(store: Store) -> None:
    # Berlin, 29 Mar 2026: 02:00 becomes 03:00. 03:30 that night is still the 28th's session.
    done_on(store, at(2026, 3, 27), at(2026, 3, 29, 3, 30), at(2026, 3, 29))
    v = view(store, at(2026, 3, 30, 10))
    assert [d.date for d in v.days] == [date(2026, 3, d) for d in (27, 28, 29, 30)]
    assert letters(v) == "DDDO"
    assert v.summary.current_streak == 3


def test_dst_back_night_puts_both_0230s_on_the_evening_before(store: Store) -> None:
    # Berlin, 25 Oct 2026: 03:00 CEST becomes 02:00 CET, so 02:30 happens twice.
    first = at(2026, 10, 25, 2, 30, fold=0)
    second = at(2026, 10, 25, 2, 30, fold=1)
    assert (first.utcoffset(), second.utcoffset()) == (timedelta(hours=2), timedelta(hours=1))
    store.merge([timed(DAILY, first, [5, 5, 0, 0]), timed(DAILY, second, [0, 0, 5, 5])])
    done_on(store, at(2026, 10, 25))
    v = view(store, at(2026, 10, 26, 10))
    assert letters(v) == "DDO"  # the two halves of the 24th add up to done
    oct24 = v.days[0]
    assert oct24.date == date(2026, 10, 24) and len(oct24.sessions) == 2
    assert oct24.sessions[0].started_at.utcoffset() == timedelta(hours=2)  # CEST came first


def test_moving_timezone_between_two_days_moves_nothing(store: Store) -> None:
    # 21:00 in New York on the 21st is 03:00 on the 22nd in Berlin: it is still the 21st's.
    done_on(store, at(2026, 11, 20), at(2026, 11, 21, tz=NEW_YORK))
    v = view(store, at(2026, 11, 22, 10, tz=NEW_YORK))
    assert [d.date.day for d in v.days] == [20, 21, 22] and letters(v) == "DDO"
    assert v.summary.current_streak == 2


def test_leap_day_is_a_day_like_any_other(store: Store) -> None:
    done_on(store, at(2028, 2, 28), at(2028, 2, 29), at(2028, 3, 1))
    v = view(store, at(2028, 3, 2, 10))
    assert [d.date for d in v.days][1] == date(2028, 2, 29)
    assert letters(v) == "DDDO" and v.summary.current_streak == 3


def test_the_saved_day_holds_even_after_day_starts_at_changes(store: Store) -> None:
    done_on(store, at(2026, 11, 20, 1, 30))  # saved as the 19th with the 04:00 boundary
    midnight = replace(CONFIG, day_starts_at=0)
    v = view(store, at(2026, 11, 20, 10), midnight)
    assert [(d.date.day, d.status.name[0]) for d in v.days] == [(19, "D"), (20, "O")]


# -- how days went ------------------------------------------------------------------------------


def test_partial_day_breaks_the_streak(store: Store) -> None:
    done_on(store, at(2026, 11, 20), at(2026, 11, 22))
    store.merge([timed(DAILY, at(2026, 11, 21), [5, 5, 2])])
    v = view(store, at(2026, 11, 23, 10))
    assert letters(v) == "DPDO"
    assert (v.summary.current_streak, v.summary.longest_streak) == (1, 1)


def test_gap_of_missed_days_shows_every_missed_day(store: Store) -> None:
    done_on(store, at(2026, 11, 16), at(2026, 11, 17), at(2026, 11, 20))
    v = view(store, at(2026, 11, 21, 10))
    assert letters(v) == "DDMMDO"
    assert (v.summary.current_streak, v.summary.longest_streak) == (1, 2)
    assert v.summary.rates[7] == pytest.approx(3 / 5)


def test_rest_days_beyond_the_limit_count_as_missed(store: Store) -> None:
    done_on(store, at(2026, 11, 16), at(2026, 11, 18), at(2026, 11, 20))
    store.mark_rest_day(date(2026, 11, 17), at(2026, 11, 17, 8))
    store.mark_rest_day(date(2026, 11, 19), at(2026, 11, 19, 8))  # two in 7 days: one too many
    v = view(store, at(2026, 11, 21, 10))
    assert letters(v) == "DRDMDO"
    assert [d.rest_marked for d in v.days] == [False, True, False, True, False, False]
    assert (v.summary.current_streak, v.summary.longest_streak) == (1, 2)


def test_two_rest_days_allowed_when_configured(store: Store) -> None:
    done_on(store, at(2026, 11, 16), at(2026, 11, 18), at(2026, 11, 20))
    store.mark_rest_day(date(2026, 11, 17), at(2026, 11, 17, 8))
    store.mark_rest_day(date(2026, 11, 19), at(2026, 11, 19, 8))
    v = view(store, at(2026, 11, 21, 10), replace(CONFIG, rest_days_per_week=2))
    assert letters(v) == "DRDRDO" and v.summary.current_streak == 3


def test_today_open_keeps_the_streak_and_says_so(store: Store) -> None:
    done_on(store, at(2026, 11, 23), at(2026, 11, 24))
    v = view(store, at(2026, 11, 25, 10))
    assert letters(v) == "DDO"
    assert v.summary.today is DayStatus.OPEN and v.summary.at_risk
    assert v.summary.current_streak == 2


def test_today_done_adds_to_the_streak(store: Store) -> None:
    done_on(store, at(2026, 11, 23), at(2026, 11, 24), at(2026, 11, 25, 8))
    v = view(store, at(2026, 11, 25, 10))
    assert letters(v) == "DDD"
    assert v.summary.today is DayStatus.DONE and not v.summary.at_risk
    assert v.summary.current_streak == 3


def test_today_partial_is_not_held_against_anyone_yet(store: Store) -> None:
    done_on(store, at(2026, 11, 24))
    store.merge([timed(DAILY, at(2026, 11, 25, 8), [5])])
    v = view(store, at(2026, 11, 25, 10))
    assert letters(v) == "DP" and v.summary.current_streak == 1 and v.summary.at_risk


def test_hand_entry_counts_as_done_and_is_marked(store: Store) -> None:
    done_on(store, at(2026, 11, 23))
    store.add_session(hand_entry(DAILY, date(2026, 11, 24), at(2026, 11, 25, 10)))
    v = view(store, at(2026, 11, 25, 10))
    assert letters(v) == "DDO"
    assert [d.by_hand for d in v.days] == [False, True, False]
    assert v.summary.current_streak == 2


def test_another_routine_alone_does_not_make_a_day_done(store: Store) -> None:
    store.merge([timed(CALF, at(2026, 11, 22))])
    done_on(store, at(2026, 11, 24))
    v = view(store, at(2026, 11, 25, 10))
    # The days start with the first record of any routine; the rates start with the daily one.
    assert letters(v) == "MMDO"
    assert v.summary.rates[7] == 1.0
    assert [s.routine_id for s in v.days[0].sessions] == ["calf-relief"]


# -- hand entries ---------------------------------------------------------------------------------


def test_hand_entry_is_the_routine_at_its_minimum_at_noon_of_that_day() -> None:
    entry = hand_entry(DAILY, date(2026, 7, 1), at(2026, 11, 25, 10))
    assert entry.started_at == datetime(2026, 7, 1, 12, tzinfo=BERLIN)
    assert entry.started_at.utcoffset() == timedelta(hours=2)  # summer time on that day
    assert entry.entered_by_hand and entry.status == "completed" and entry.reps == ()
    assert [e.reps_done for e in entry.exercises] == [e.reps_min for e in DAILY.exercises]
    assert day_of(entry.started_at, 12) == date(2026, 7, 1)  # inside the day at any boundary


# -- what the view carries ----------------------------------------------------------------------


def test_sessions_are_loaded_only_from_the_day_asked(store: Store) -> None:
    done_on(store, *(at(2026, 11, d) for d in range(10, 25)))
    v = view(store, at(2026, 11, 25, 10), sessions_since=date(2026, 11, 22))
    assert [len(d.sessions) for d in v.days][-5:] == [0, 1, 1, 1, 0]
    assert all(not d.sessions for d in v.days[:-4])
    assert letters(v) == "D" * 15 + "O"


def test_totals_per_routine_and_exercise(store: Store) -> None:
    done_on(store, at(2026, 11, 23), at(2026, 11, 24))
    store.merge([timed(CALF, at(2026, 11, 24, 22), [8, 0])])
    t = view(store, at(2026, 11, 25, 10)).totals
    assert [(r.routine_id, r.sessions, r.done, r.partial) for r in t.routines] == [
        ("daily-prevention", 2, 2, 0),
        ("calf-relief", 1, 0, 1),
    ]
    reps = {e.name: (e.reps, e.sessions) for e in t.exercises}
    assert reps[DAILY.exercises[0].name] == (10, 2)
    assert reps[CALF.exercises[0].name] == (8, 1)
    assert CALF.exercises[1].name not in reps


def test_history_json_has_exactly_the_promised_keys(store: Store) -> None:
    done_on(store, at(2026, 11, 23))
    store.mark_rest_day(date(2026, 11, 24), at(2026, 11, 24, 8))
    doc = history_json(view(store, at(2026, 11, 25, 10)))
    assert set(doc) == {"current_streak", "longest_streak", "strength", "rates", "days", "totals"}
    assert set(doc["rates"]) == {"7", "30", "365"}
    assert [(d["date"], d["status"]) for d in doc["days"]] == [
        ("2026-11-23", "done"),
        ("2026-11-24", "rest"),
        ("2026-11-25", "open"),
    ]
    (session,) = doc["days"][0]["sessions"]
    assert set(session) == {
        "id",
        "routine_id",
        "routine_title",
        "started_at",
        "status",
        "entered_by_hand",
        "exercises",
    }
    assert set(session["exercises"][0]) == {"name", "reps_done", "target", "skipped", "stopped"}
    assert session["started_at"] == "2026-11-23T21:00:00+01:00"
    assert set(doc["totals"]) == {"routines", "exercises"}


def test_history_json_rates_are_null_without_data(store: Store) -> None:
    doc = history_json(view(store, at(2026, 11, 25, 10)))
    assert doc["rates"] == {"7": None, "30": None, "365": None}
    assert doc["days"] == [{"date": "2026-11-25", "status": "open", "sessions": []}]


def test_every_status_has_its_own_glyph() -> None:
    glyphs = [g for g, _ in GLYPHS.values()]
    assert set(GLYPHS) == set(DayStatus) and len(set(glyphs)) == len(glyphs)


# -- weeks ----------------------------------------------------------------------------------------


def test_week_rows_run_monday_to_sunday_ending_this_week(store: Store) -> None:
    done_on(store, *(at(2026, 11, d) for d in range(1, 25)))
    v = view(store, at(2026, 11, 25, 10))  # a Wednesday
    rows = week_rows(v.days, weeks=4)
    assert [r.monday for r in rows] == [date(2026, 11, d) for d in (2, 9, 16, 23)]
    last = rows[-1].days
    assert [d.date.day if d else None for d in last] == [23, 24, 25, None, None, None, None]
    assert all(d is not None for r in rows[:-1] for d in r.days)


def test_week_rows_leave_days_before_the_record_empty(store: Store) -> None:
    done_on(store, at(2026, 11, 19))
    rows = week_rows(view(store, at(2026, 11, 25, 10)).days, weeks=2)
    assert [d is None for d in rows[0].days] == [True, True, True, False, False, False, False]


def test_week_rows_of_nothing_is_nothing() -> None:
    assert week_rows([], weeks=4) == []


# -- one classification, the same numbers ---------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(pattern=st.text(alphabet="DPRQ.", min_size=1, max_size=40), limit=st.integers(0, 3))
def test_summary_of_agrees_with_summarize(pattern: str, limit: int) -> None:
    kinds = {"D": (True, False, False), "P": (False, True, False), "R": (False, False, True)}
    kinds["Q"] = (False, True, True)
    first = date(2026, 1, 5)
    facts = [
        DayFacts(first + timedelta(days=i), *kinds[c]) for i, c in enumerate(pattern) if c != "."
    ]
    today = first + timedelta(days=len(pattern) - 1)
    start = min((f.day for f in facts), default=today)
    statuses = classify(facts, start, today, rest_limit=limit)
    assert summary_of(statuses, today) == summarize(facts, start, today, rest_limit=limit)


# -- log and rest, as the CLI and the History screen run them -------------------------------------

NOW = at(2026, 11, 25, 10)  # a Wednesday


def test_log_by_hand_records_the_daily_routine_once(store: Store) -> None:
    said = log_by_hand(store, CATALOG, CONFIG, date(2026, 11, 24), None, NOW)
    assert said == "Logged Daily prevention for Tue 24 Nov 2026 (entered by hand)."
    again = log_by_hand(store, CATALOG, CONFIG, date(2026, 11, 24), None, NOW)
    assert again == "Daily prevention is already logged for Tue 24 Nov 2026; nothing changed."
    (entry,) = store.all_sessions()
    assert entry.entered_by_hand and entry.routine_id == "daily-prevention"


def test_log_by_hand_refuses_the_future_and_unknown_routines(store: Store) -> None:
    with pytest.raises(HistoryError, match="2026-11-26 is in the future"):
        log_by_hand(store, CATALOG, CONFIG, date(2026, 11, 26), None, NOW)
    with pytest.raises(HistoryError, match="no routine with id `nope`"):
        log_by_hand(store, CATALOG, CONFIG, date(2026, 11, 24), "nope", NOW)
    assert store.all_sessions() == []


def test_log_by_hand_judges_today_by_the_day_boundary(store: Store) -> None:
    # At 02:00 on the 26th it is still the 25th: the 26th has not happened yet.
    with pytest.raises(HistoryError, match="future"):
        log_by_hand(store, CATALOG, CONFIG, date(2026, 11, 26), None, at(2026, 11, 26, 2))


def test_mark_rest_follows_the_rule_and_says_why_not(store: Store) -> None:
    said = mark_rest(store, CATALOG, CONFIG, date(2026, 11, 22), NOW)
    assert said == "Sun 22 Nov 2026 is a rest day: it keeps your streak without adding to it."
    with pytest.raises(HistoryError, match="You already have a rest day on Sun 22 Nov"):
        mark_rest(store, CATALOG, CONFIG, date(2026, 11, 25), NOW)
    assert mark_rest(store, CATALOG, CONFIG, date(2026, 11, 29), NOW).startswith("Sun 29 Nov")
    assert mark_rest(store, CATALOG, CONFIG, date(2026, 11, 22), NOW).endswith(
        "That day is already a rest day."
    )
    assert [r.day for r in store.rest_days()] == [date(2026, 11, 22), date(2026, 11, 29)]


def test_mark_rest_refuses_a_day_already_done(store: Store) -> None:
    done_on(store, at(2026, 11, 24))
    with pytest.raises(HistoryError, match="already done"):
        mark_rest(store, CATALOG, CONFIG, date(2026, 11, 24), NOW)
    assert store.rest_days() == []


def test_a_partial_day_may_still_become_rest(store: Store) -> None:
    store.merge([timed(DAILY, at(2026, 11, 24), [5])])
    mark_rest(store, CATALOG, CONFIG, date(2026, 11, 24), NOW)
    assert letters(view(store, NOW)) == "RO"


def test_toggle_rest_marks_then_unmarks(store: Store) -> None:
    day = date(2026, 11, 24)
    assert "is a rest day" in toggle_rest(store, CATALOG, CONFIG, day, NOW)
    assert (
        toggle_rest(store, CATALOG, CONFIG, day, NOW) == "Tue 24 Nov 2026 is no longer a rest day."
    )
    assert store.rest_days() == []
    assert unmark_rest(store, day) == "Tue 24 Nov 2026 was not a rest day; nothing changed."


def test_rest_refused_when_switched_off(store: Store) -> None:
    off = replace(CONFIG, rest_days_per_week=0)
    with pytest.raises(HistoryError, match="switched off"):
        toggle_rest(store, CATALOG, off, date(2026, 11, 24), NOW)
