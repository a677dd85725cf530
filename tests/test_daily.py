"""What today looks like: done days, the home state and today's targets, from stored sessions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from coach.adherence import DayFacts, DayStatus, routine_done
from coach.config import Config, Profile
from coach.home import home_state
from coach.model import Exercise, Phase, Routine
from coach.progression import targets_for
from coach.routines import Catalog
from coach.store import ExerciseRecord, SessionRecord, Store
from tests.clocks import BERLIN
from tests.record_rules import day_facts

TODAY = date(2026, 3, 20)
NOW = datetime(2026, 3, 20, 10, 0, tzinfo=BERLIN)


def exercise(name: str, reps_min: int, reps_max: int | None = None) -> Exercise:
    return Exercise(
        name=name,
        position="Seated.",
        instructions="Move.",
        reps_min=reps_min,
        reps_max=reps_max or reps_min + 2,
        phases=(Phase("Move", 2),),
        source="test",
    )


def routine(rid: str, *exercises: Exercise) -> Routine:
    return Routine(id=rid, title=rid.title(), purpose="", audience="", exercises=exercises)


DAILY = routine("daily-prevention", exercise("Roll", 3), exercise("Bend", 3))
EVENING = routine("evening-relaxation", exercise("Legs up", 1))
CALF = routine("calf-relief", exercise("Stretch", 2), exercise("Rise", 2))
CATALOG = Catalog(routines={r.id: r for r in (CALF, DAILY, EVENING)})


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=BERLIN)


def record(
    reps: dict[int, int],
    *,
    day: date = TODAY,
    routine_id: str = "daily-prevention",
    status: str = "completed",
    by_hand: bool = False,
    sid: int = 1,
) -> SessionRecord:
    exercises = tuple(
        ExerciseRecord(sid, i, f"ex{i}", n, n, False, at(day), at(day), 60) for i, n in reps.items()
    )
    return SessionRecord(
        id=sid,
        routine_id=routine_id,
        routine_title=routine_id,
        day=day,
        started_at=at(day),
        utc_offset_minutes=60,
        ended_at=at(day),
        status=status,
        planned_seconds=60.0,
        active_seconds=60.0,
        paused_seconds=0.0,
        targets=tuple(reps.values()),
        entered_by_hand=by_hand,
        exercises=exercises,
        reps_total=sum(reps.values()),
    )


def save(
    store: Store,
    r: Routine,
    day: date,
    reps: Sequence[int | None],
    *,
    status: str = "completed",
    skipped: Sequence[bool] = (),
    names: Sequence[str] = (),
) -> int:
    """A session as the recorder would save it; None in `reps` leaves that exercise out."""
    sid = store.start_session(
        routine_id=r.id,
        routine_title=r.title,
        day=day,
        started_at=at(day),
        planned_seconds=r.planned_seconds(),
        targets=[e.reps_min for e in r.exercises],
    )
    for i, n in enumerate(reps):
        if n is None:
            continue
        for rep in range(1, n + 1):
            store.record_rep(sid, i, rep, at(day))
        store.record_exercise(
            sid,
            idx=i,
            name=names[i] if names else r.exercises[i].name,
            reps_done=n,
            target=max(n, r.exercises[i].reps_min),
            skipped=bool(skipped and skipped[i]),
            started_at=at(day),
            ended_at=at(day),
        )
    if status != "in_progress":
        store.finish_session(
            sid, status=status, ended_at=at(day, 11), active_seconds=60.0, paused_seconds=0.0
        )
    return sid


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "coach.sqlite3") as s:
        yield s


# -- routine_done --------------------------------------------------------------------------------


def test_done_when_every_exercise_reaches_its_minimum() -> None:
    assert routine_done([record({0: 3, 1: 4})], DAILY) is True
    assert routine_done([record({0: 3, 1: 2})], DAILY) is False
    assert routine_done([record({0: 5})], DAILY) is False  # the second exercise is missing
    assert routine_done([], DAILY) is False


def test_done_across_several_sessions_of_the_day() -> None:
    morning = record({0: 3}, status="partial", sid=1)
    evening = record({1: 3}, status="partial", sid=2)
    assert routine_done([morning, evening], DAILY) is True
    assert routine_done([morning], DAILY) is False


def test_reps_of_one_exercise_are_not_added_up_across_sessions() -> None:
    # The best effort counts: two short tries are still short.
    sessions = [record({0: 2, 1: 3}, sid=1), record({0: 2, 1: 3}, sid=2)]
    assert routine_done(sessions, DAILY) is False


def test_an_entry_made_by_hand_counts_as_done() -> None:
    assert routine_done([record({}, by_hand=True, status="completed")], DAILY) is True
    assert routine_done([record({0: 1}), record({}, by_hand=True, sid=2)], DAILY) is True


def test_without_the_routine_only_a_completed_session_counts() -> None:
    assert routine_done([record({0: 1}, status="completed")], None) is True
    assert routine_done([record({0: 9, 1: 9}, status="partial")], None) is False


# -- day_facts -----------------------------------------------------------------------------------


def test_day_facts_one_per_day_of_the_daily_routine() -> None:
    monday, tuesday, wednesday, thursday = (TODAY - timedelta(days=n) for n in (3, 2, 1, 0))
    sessions = [
        record({0: 3, 1: 3}, day=monday, sid=1),
        record({0: 1}, day=tuesday, status="partial", sid=2),
        record({}, day=wednesday, by_hand=True, sid=3),
        record({0: 9, 1: 9}, day=thursday, routine_id="calf-relief", sid=4),
        record({}, day=thursday, status="abandoned", sid=5),
    ]
    facts = sorted(
        day_facts(sessions, "daily-prevention", DAILY, rest_days=[tuesday, TODAY - timedelta(9)]),
        key=lambda f: f.day,
    )
    assert facts == [
        DayFacts(TODAY - timedelta(9), done=False, partial=False, rest=True, by_hand=False),
        DayFacts(monday, done=True, partial=True, rest=False, by_hand=False),
        DayFacts(tuesday, done=False, partial=True, rest=True, by_hand=False),
        DayFacts(wednesday, done=True, partial=True, rest=False, by_hand=True),
        DayFacts(thursday, done=False, partial=False, rest=False, by_hand=False),
    ]


# -- home_state ----------------------------------------------------------------------------------


def test_daily_routine_comes_first_by_profile(store: Store) -> None:
    state = home_state(store, CATALOG, Config(profile=Profile("sitting")), NOW)
    assert [r.routine.id for r in state.routines] == [
        "daily-prevention",
        "calf-relief",
        "evening-relaxation",
    ]
    assert [r.is_daily for r in state.routines] == [True, False, False]
    assert state.daily is not None and state.daily.routine is DAILY

    state = home_state(store, CATALOG, Config(profile=Profile("active")), NOW)
    assert [r.routine.id for r in state.routines] == [
        "evening-relaxation",
        "calf-relief",
        "daily-prevention",
    ]
    assert state.daily is not None and state.daily.routine is EVENING


def test_without_its_daily_routine_there_is_no_daily(store: Store) -> None:
    catalog = Catalog(routines={"calf-relief": CALF})
    state = home_state(store, catalog, Config(), NOW)
    assert state.daily is None
    assert [(r.routine.id, r.is_daily) for r in state.routines] == [("calf-relief", False)]


def test_todays_routines_show_done_and_partial(store: Store) -> None:
    save(store, DAILY, TODAY, [3, None], status="partial")
    save(store, DAILY, TODAY, [None, 3], status="partial")  # finished in a second session
    save(store, CALF, TODAY, [2, 1], status="partial")
    save(store, EVENING, TODAY - timedelta(days=1), [1])  # yesterday: not today's
    state = home_state(store, CATALOG, Config(), NOW)
    assert state.today == TODAY
    by_id = {r.routine.id: (r.done, r.partial) for r in state.routines}
    assert by_id == {
        "daily-prevention": (True, True),
        "calf-relief": (False, True),
        "evening-relaxation": (False, False),
    }
    assert state.summary.today is DayStatus.DONE


def test_streak_counts_consecutive_done_days(store: Store) -> None:
    for n in (9, 8, 6, 5, 4, 3, 2, 1):  # 7 days ago is missed
        save(store, DAILY, TODAY - timedelta(days=n), [3, 3])
    save(store, DAILY, TODAY - timedelta(days=3), [3, 3])  # two sessions on one day count once
    save(store, DAILY, TODAY - timedelta(days=2), [3, 1], status="partial")  # not enough...
    state = home_state(store, CATALOG, Config(rest_days_per_week=0), NOW)
    # ...but that day also had a full session, so the run from 6 days ago is unbroken.
    assert state.summary.current_streak == 6
    assert state.summary.longest_streak == 6
    assert state.summary.today is DayStatus.OPEN
    assert state.summary.at_risk is True
    assert state.last7 == tuple(
        (TODAY - timedelta(days=n), DayStatus.DONE) for n in (6, 5, 4, 3, 2, 1)
    ) + ((TODAY, DayStatus.OPEN),)

    save(store, DAILY, TODAY, [3, 3])
    state = home_state(store, CATALOG, Config(rest_days_per_week=0), NOW)
    assert (state.summary.current_streak, state.summary.today) == (7, DayStatus.DONE)
    assert state.summary.at_risk is False


def test_a_missed_or_partial_day_breaks_the_streak(store: Store) -> None:
    for n in (10, 9, 8, 7, 5, 4):  # 6 days ago missed
        save(store, DAILY, TODAY - timedelta(days=n), [3, 3])
    save(store, DAILY, TODAY - timedelta(days=3), [3, 2], status="partial")
    for n in (2, 1):
        save(store, DAILY, TODAY - timedelta(days=n), [3, 3])
    save(store, CALF, TODAY - timedelta(days=6), [2, 2])  # another routine does not fill the gap
    state = home_state(store, CATALOG, Config(rest_days_per_week=0), NOW)
    assert (state.summary.current_streak, state.summary.longest_streak) == (2, 4)
    assert [status for _, status in state.last7] == [
        DayStatus.MISSED,
        DayStatus.DONE,
        DayStatus.DONE,
        DayStatus.PARTIAL,
        DayStatus.DONE,
        DayStatus.DONE,
        DayStatus.OPEN,
    ]
    assert [d for d, _ in state.last7] == [TODAY - timedelta(days=n) for n in range(6, -1, -1)]


def test_the_day_starts_at_the_configured_hour(store: Store) -> None:
    save(store, DAILY, TODAY, [3, 3])
    late = datetime(2026, 3, 21, 2, 30, tzinfo=BERLIN)  # still "today" before 04:00
    state = home_state(store, CATALOG, Config(), late)
    assert state.today == TODAY
    assert state.routines[0].done is True
    state = home_state(store, CATALOG, Config(day_starts_at=2), late)
    assert state.today == TODAY + timedelta(days=1)
    assert state.routines[0].done is False


def test_only_todays_unfinished_session_is_offered(store: Store) -> None:
    save(store, DAILY, TODAY - timedelta(days=1), [3, None], status="in_progress")
    save(store, CALF, TODAY, [2, 2])
    assert home_state(store, CATALOG, Config(), NOW).unfinished is None

    first = save(store, CALF, TODAY, [2, None], status="in_progress")
    state = home_state(store, CATALOG, Config(), NOW)
    assert state.unfinished is not None
    assert (state.unfinished.id, state.unfinished.routine_id) == (first, "calf-relief")
    assert state.unfinished.next_exercise_idx == 1
    newest = save(store, DAILY, TODAY, [1, None], status="in_progress")
    assert home_state(store, CATALOG, Config(), NOW).unfinished.id == newest


# -- targets_for ---------------------------------------------------------------------------------


def test_targets_start_at_reps_min(store: Store) -> None:
    targets = targets_for(store, DAILY, TODAY)
    assert [(t.reps, t.streak_days) for t in targets] == [(3, 0), (3, 0)]


def test_targets_rise_after_a_steady_week_from_stored_history(store: Store) -> None:
    for n in range(7, 0, -1):
        skipped = [False, n == 4]
        save(store, DAILY, TODAY - timedelta(days=n), [3, 1 if n == 4 else 3], skipped=skipped)
    targets = targets_for(store, DAILY, TODAY)
    # The first exercise had 7 full days; the second was skipped 4 days ago, so 3 days count.
    assert [(t.reps, t.streak_days) for t in targets] == [(4, 0), (3, 3)]
    assert targets[0].reason == "earned by steady weeks; after 7 days in a row it goes up to 5."


def test_targets_ignore_other_routines_renamed_exercises_and_today(store: Store) -> None:
    for n in range(7, 0, -1):
        day = TODAY - timedelta(days=n)
        save(store, CALF, day, [3, 3])  # another routine
        save(store, DAILY, day, [3, 3], names=["Roll", "Old name"] if n == 2 else [])
    save(store, DAILY, TODAY, [5, 5])
    targets = targets_for(store, DAILY, TODAY)
    assert [(t.reps, t.streak_days) for t in targets] == [(4, 0), (3, 1)]
    assert [t.reps for t in targets_for(store, CALF, TODAY)] == [3, 3]
