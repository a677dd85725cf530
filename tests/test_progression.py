"""Progression: start at reps_min, one more rep after 7 steady days, never above reps_max."""

from __future__ import annotations

from datetime import date, timedelta

from coach.model import Exercise, Phase
from coach.progression import DAYS_TO_LEVEL_UP, ExerciseDay, target_for

TODAY = date(2026, 3, 20)

EXERCISE = Exercise(
    name="Toe lift",
    position="Seated.",
    instructions="Lift the toes.",
    reps_min=5,
    reps_max=7,
    phases=(Phase("Lift", 3), Phase("Lower", 3)),
    source="test",
)


def days_before(n: int, reps: int | list[int], *, end: date = TODAY) -> list[ExerciseDay]:
    """`n` consecutive days ending the day before `end`, oldest first."""
    counts = reps if isinstance(reps, list) else [reps] * n
    assert len(counts) == n
    first = end - timedelta(days=n)
    return [ExerciseDay(first + timedelta(days=i), counts[i], False) for i in range(n)]


def test_no_history_starts_at_reps_min() -> None:
    target = target_for(EXERCISE, [], TODAY)
    assert (target.reps, target.streak_days) == (5, 0)
    assert target.reason == "the starting number; after 7 days in a row it goes up to 6."


def test_six_steady_days_count_but_do_not_level_up() -> None:
    target = target_for(EXERCISE, days_before(6, 5), TODAY)
    assert (target.reps, target.streak_days) == (5, 6)
    assert target.reason == (
        "the starting number; 6 of 7 days in a row done, 1 more day and it goes up to 6."
    )


def test_reason_uses_plural_days_when_more_than_one_is_left() -> None:
    target = target_for(EXERCISE, days_before(2, 5), TODAY)
    assert target.streak_days == 2
    assert target.reason == (
        "the starting number; 2 of 7 days in a row done, 5 more days and it goes up to 6."
    )


def test_seven_steady_days_earn_one_more_rep() -> None:
    assert DAYS_TO_LEVEL_UP == 7
    target = target_for(EXERCISE, days_before(7, 5), TODAY)
    assert (target.reps, target.streak_days) == (6, 0)
    assert target.reason == "earned by steady weeks; after 7 days in a row it goes up to 7."


def test_doing_more_than_the_target_still_earns_only_one_rep() -> None:
    target = target_for(EXERCISE, days_before(7, 7), TODAY)
    assert target.reps == 6


def test_count_restarts_at_the_new_target() -> None:
    # 7 days at 5 level up to 6; the next 3 days at 6 count toward 7.
    target = target_for(EXERCISE, days_before(10, [5] * 7 + [6] * 3), TODAY)
    assert (target.reps, target.streak_days) == (6, 3)
    assert target.reason == (
        "earned by steady weeks; 3 of 7 days in a row done, 4 more days and it goes up to 7."
    )


def test_never_above_reps_max() -> None:
    target = target_for(EXERCISE, days_before(60, 7), TODAY)
    assert target.reps == 7
    assert target.streak_days == 60 - 14
    assert target.reason == "the most this exercise asks for; keep it steady."


def test_reps_min_equal_to_reps_max_stays_there() -> None:
    fixed = Exercise(
        name="Rest",
        position="Lying.",
        instructions="Legs up.",
        reps_min=1,
        reps_max=1,
        phases=(Phase("Relax", 60),),
        source="test",
    )
    target = target_for(fixed, days_before(10, 1), TODAY)
    assert target.reps == 1
    assert target.reason == "the most this exercise asks for; keep it steady."


def test_a_gap_restarts_the_count() -> None:
    # 5 steady days, one missing day, then 4 steady days up to yesterday.
    history = days_before(5, 5, end=TODAY - timedelta(days=5)) + days_before(4, 5)
    assert TODAY - timedelta(days=5) not in {h.day for h in history}
    target = target_for(EXERCISE, history, TODAY)
    assert (target.reps, target.streak_days) == (5, 4)


def test_a_gap_right_before_today_resets_the_streak() -> None:
    history = days_before(5, 5, end=TODAY - timedelta(days=1))  # ends the day before yesterday
    target = target_for(EXERCISE, history, TODAY)
    assert (target.reps, target.streak_days) == (5, 0)
    assert target.reason == "the starting number; after 7 days in a row it goes up to 6."


def test_a_short_day_restarts_the_count() -> None:
    target = target_for(EXERCISE, days_before(6, [5, 5, 5, 4, 5, 5]), TODAY)
    assert (target.reps, target.streak_days) == (5, 2)


def test_a_gap_or_short_day_never_lowers_an_earned_target() -> None:
    earned = days_before(7, 5, end=TODAY - timedelta(days=10))  # target 6 from here on
    short = [ExerciseDay(TODAY - timedelta(days=3), 2, False)]  # after a 6-day gap
    target = target_for(EXERCISE, earned + short, TODAY)
    assert (target.reps, target.streak_days) == (6, 0)
    # A day at the old target is short for the new one.
    target = target_for(EXERCISE, days_before(9, [5] * 7 + [5, 6]), TODAY)
    assert (target.reps, target.streak_days) == (6, 1)


def test_today_and_future_days_are_ignored() -> None:
    history = days_before(6, 5) + [
        ExerciseDay(TODAY, 5, False),
        ExerciseDay(TODAY + timedelta(days=1), 5, False),
        ExerciseDay(TODAY + timedelta(days=2), 5, False),
    ]
    target = target_for(EXERCISE, history, TODAY)
    assert (target.reps, target.streak_days) == (5, 6)


def test_skipped_entries_do_not_count_and_the_best_of_a_day_wins() -> None:
    yesterday = TODAY - timedelta(days=1)
    history = days_before(6, 5, end=yesterday) + [
        ExerciseDay(yesterday, 2, False),
        ExerciseDay(yesterday, 6, True),  # skipped: ignored even with many reps
        ExerciseDay(yesterday, 5, False),
    ]
    target = target_for(EXERCISE, history, TODAY)
    assert target.reps == 6  # the 7th day counted with its best non-skipped effort (5)

    only_skipped = days_before(6, 5, end=yesterday) + [ExerciseDay(yesterday, 9, True)]
    target = target_for(EXERCISE, only_skipped, TODAY)
    assert (target.reps, target.streak_days) == (5, 0)  # yesterday is a gap


def test_history_order_does_not_matter() -> None:
    history = days_before(9, [5] * 7 + [6, 6])
    forward = target_for(EXERCISE, history, TODAY)
    backward = target_for(EXERCISE, list(reversed(history)), TODAY)
    assert forward == backward
    assert (forward.reps, forward.streak_days) == (6, 2)
