"""Tests for the session engine, driven by a fake clock so every number can be checked exactly."""

from __future__ import annotations

import pytest

from coach.engine import (
    ExerciseDone,
    PhaseStarted,
    RepDone,
    SessionDone,
    SessionEngine,
    Step,
    StepKind,
)
from coach.model import Exercise, Phase, Routine

T0 = 1000.0


class FakeClock:
    def __init__(self, now: float = T0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def exercise(name: str, phases: tuple[Phase, ...], setup: float, rest: float) -> Exercise:
    return Exercise(
        name=name,
        position="lying",
        instructions="",
        reps_min=1,
        reps_max=10,
        phases=phases,
        source="test",
        setup_seconds=setup,
        rest_seconds=rest,
    )


# A: setup 5, reps of 3 + 2 = 5 s, rest 10.  B: setup 4, reps of 6 s (its rest 20 is never run).
ROUTINE = Routine(
    id="calves",
    title="Calves",
    purpose="",
    audience="",
    exercises=(
        exercise("A", (Phase("Lift", 3), Phase("Hold", 2)), setup=5, rest=10),
        exercise("B", (Phase("Stretch", 6),), setup=4, rest=20),
    ),
)
TARGETS = (2, 3)
PLANNED = 5 + 2 * 5 + 10 + 4 + 3 * 6  # 47


def make(targets=TARGETS, start_exercise: int = 0, routine: Routine = ROUTINE):
    clock = FakeClock()
    return SessionEngine(routine, targets, clock=clock, start_exercise=start_exercise), clock


def run_to_end(engine: SessionEngine, clock: FakeClock) -> list:
    events = []
    while engine.state != "finished":
        clock.advance(engine.remaining())
        events += engine.tick()
    return events


def started(events) -> list[tuple]:
    return [
        (e.step.kind, e.step.exercise_index, e.step.rep, e.step.phase_index, e.step.cue, e.at)
        for e in events
        if isinstance(e, PhaseStarted)
    ]


def of_type(events, kind) -> list:
    return [e for e in events if isinstance(e, kind)]


EXPECTED_STARTS = [
    (StepKind.SETUP, 0, 0, -1, "Get into position", T0),
    (StepKind.PHASE, 0, 1, 0, "Lift", T0 + 5),
    (StepKind.PHASE, 0, 1, 1, "Hold", T0 + 8),
    (StepKind.PHASE, 0, 2, 0, "Lift", T0 + 10),
    (StepKind.PHASE, 0, 2, 1, "Hold", T0 + 13),
    (StepKind.REST, 0, 0, -1, "Rest", T0 + 15),
    (StepKind.SETUP, 1, 0, -1, "Get into position", T0 + 25),
    (StepKind.PHASE, 1, 1, 0, "Stretch", T0 + 29),
    (StepKind.PHASE, 1, 2, 0, "Stretch", T0 + 35),
    (StepKind.PHASE, 1, 3, 0, "Stretch", T0 + 41),
]


def test_full_step_sequence_and_events_in_order():
    engine, clock = make()
    assert engine.state == "ready" and engine.current is None
    events = engine.start()
    assert engine.state == "running"
    assert engine.current == Step(StepKind.SETUP, 0, 0, -1, "Get into position", 5)
    events += run_to_end(engine, clock)
    assert started(events) == EXPECTED_STARTS
    assert [(e.exercise_index, e.rep, e.at) for e in of_type(events, RepDone)] == [
        (0, 1, T0 + 10),
        (0, 2, T0 + 15),
        (1, 1, T0 + 35),
        (1, 2, T0 + 41),
        (1, 3, T0 + 47),
    ]
    assert of_type(events, ExerciseDone) == [
        ExerciseDone(0, 2, 2, False, T0, T0 + 15),
        ExerciseDone(1, 3, 3, False, T0 + 25, T0 + 47),
    ]
    assert events[-1] == SessionDone("completed", PLANNED, 0.0, T0 + PLANNED)
    # RepDone and ExerciseDone come before the next step's PhaseStarted.
    i = events.index(ExerciseDone(0, 2, 2, False, T0, T0 + 15))
    assert isinstance(events[i - 1], RepDone) and started(events[i + 1 : i + 2])[0][0] == "rest"
    assert engine.current is None and engine.remaining() == 0.0


@pytest.mark.parametrize("steps", [[0.37], [50.0], [0.37, 50.0, 3.1, 11.9]])
def test_late_irregular_ticks_keep_exact_deadlines(steps):
    engine, clock = make()
    events = engine.start()
    k = 0
    while engine.state != "finished":
        clock.advance(steps[k % len(steps)])
        k += 1
        events += engine.tick()
    assert started(events) == EXPECTED_STARTS
    done = events[-1]
    assert isinstance(done, SessionDone)
    assert done.at == T0 + PLANNED
    assert done.active_seconds == ROUTINE.planned_seconds(list(TARGETS)) == PLANNED
    assert engine.active_seconds() == PLANNED
    assert len(of_type(events, RepDone)) == 5


def test_one_huge_jump_emits_everything_in_one_tick():
    engine, clock = make()
    engine.start()
    clock.advance(1000)
    events = engine.tick()
    assert started(events) == EXPECTED_STARTS[1:]
    assert isinstance(events[-1], SessionDone) and events[-1].at == T0 + PLANNED
    assert engine.tick() == [] and engine.state == "finished"


def test_remaining_counts_down_and_never_goes_negative():
    engine, clock = make()
    engine.start()
    clock.advance(1.5)
    assert engine.remaining() == 3.5
    clock.advance(10)  # overdue, not ticked yet
    assert engine.remaining() == 0.0


def test_pause_freezes_remaining_and_counts_paused_time():
    engine, clock = make()
    engine.start()
    clock.advance(2)
    assert engine.pause() == []
    assert engine.state == "paused"
    clock.advance(30)
    assert engine.remaining() == 3
    assert engine.tick() == []
    assert engine.paused_seconds == 30
    assert engine.active_seconds() == 2
    engine.resume()
    assert engine.state == "running" and engine.remaining() == 3
    clock.advance(3)
    assert started(engine.tick()) == [(StepKind.PHASE, 0, 1, 0, "Lift", T0 + 35)]
    engine.toggle_pause()
    assert engine.state == "paused"
    clock.advance(4.5)
    engine.toggle_pause()
    events = run_to_end(engine, clock)
    assert events[-1] == SessionDone("completed", PLANNED, 34.5, T0 + PLANNED + 34.5)
    assert engine.paused_seconds == 34.5


def test_pause_after_missed_deadlines_reports_them_at_their_deadlines():
    engine, clock = make()
    engine.start()
    clock.advance(9)
    events = engine.pause()
    assert started(events) == [
        (StepKind.PHASE, 0, 1, 0, "Lift", T0 + 5),
        (StepKind.PHASE, 0, 1, 1, "Hold", T0 + 8),
    ]
    assert engine.remaining() == 1


def test_skip_mid_exercise_reports_reps_and_goes_straight_to_next_setup():
    engine, clock = make()
    engine.start()
    clock.advance(11)  # rep 1 done at 10, now in rep 2
    engine.tick()
    assert engine.reps_done(0) == 1
    events = engine.skip_exercise()
    assert events == [
        ExerciseDone(0, 1, 2, True, T0, T0 + 11),
        PhaseStarted(Step(StepKind.SETUP, 1, 0, -1, "Get into position", 4), T0 + 11),
    ]
    assert engine.exercise_index == 1 and engine.remaining() == 4
    events = run_to_end(engine, clock)
    assert events[-1] == SessionDone("partial", 33, 0.0, T0 + 33)


def test_skip_during_rest_only_ends_the_rest():
    engine, clock = make()
    engine.start()
    clock.advance(17)
    engine.tick()
    assert engine.current.kind is StepKind.REST
    events = engine.skip_exercise()
    assert started(events) == [(StepKind.SETUP, 1, 0, -1, "Get into position", T0 + 17)]
    assert of_type(events, ExerciseDone) == []
    assert run_to_end(engine, clock)[-1].status == "completed"


def test_skip_last_exercise_finishes_partial():
    engine, clock = make()
    engine.start()
    clock.advance(30)
    engine.tick()
    events = engine.skip_exercise()
    assert events == [
        ExerciseDone(1, 0, 3, True, T0 + 25, T0 + 30),
        SessionDone("partial", 30, 0.0, T0 + 30),
    ]
    assert engine.state == "finished" and engine.skip_exercise() == []


def test_actions_first_catch_up_on_missed_deadlines():
    engine, clock = make()
    engine.start()
    clock.advance(12)  # no tick since the start
    events = engine.skip_exercise()
    assert started(events) == [
        (StepKind.PHASE, 0, 1, 0, "Lift", T0 + 5),
        (StepKind.PHASE, 0, 1, 1, "Hold", T0 + 8),
        (StepKind.PHASE, 0, 2, 0, "Lift", T0 + 10),
        (StepKind.SETUP, 1, 0, -1, "Get into position", T0 + 12),
    ]
    assert of_type(events, RepDone) == [RepDone(0, 1, T0 + 10)]
    assert of_type(events, ExerciseDone) == [ExerciseDone(0, 1, 2, True, T0, T0 + 12)]


def test_redoing_a_skipped_exercise_can_still_complete_the_session():
    engine, clock = make()
    engine.start()
    clock.advance(6)
    engine.skip_exercise()
    clock.advance(1)
    engine.back()  # from B's setup back to A
    events = run_to_end(engine, clock)
    assert of_type(events, ExerciseDone)[0] == ExerciseDone(0, 2, 2, False, T0 + 7, T0 + 22)
    assert events[-1] == SessionDone("completed", PLANNED + 7, 0.0, T0 + PLANNED + 7)


def test_back_from_rest_restarts_the_finished_exercise():
    engine, clock = make()
    engine.start()
    clock.advance(20)
    engine.tick()
    events = engine.back()
    assert started(events) == [(StepKind.SETUP, 0, 0, -1, "Get into position", T0 + 20)]
    assert engine.reps_done(0) == 0 and engine.exercise_index == 0
    events = run_to_end(engine, clock)
    assert of_type(events, ExerciseDone)[0] == ExerciseDone(0, 2, 2, False, T0 + 20, T0 + 35)
    assert events[-1] == SessionDone("completed", PLANNED + 20, 0.0, T0 + PLANNED + 20)


def test_back_mid_exercise_goes_to_previous_exercise():
    engine, clock = make()
    engine.start()
    clock.advance(36)  # B rep 1 done at 35
    engine.tick()
    assert engine.reps_done(1) == 1
    events = engine.back()
    assert events == [PhaseStarted(Step(StepKind.SETUP, 0, 0, -1, "Get into position", 5), T0 + 36)]
    assert engine.reps_done(0) == 0 and engine.reps_done(1) == 0
    assert engine.remaining_total() == PLANNED


def test_back_in_first_exercise_restarts_it():
    engine, clock = make()
    engine.start()
    clock.advance(12)
    engine.tick()
    events = engine.back()
    assert started(events) == [(StepKind.SETUP, 0, 0, -1, "Get into position", T0 + 12)]
    assert engine.remaining() == 5 and engine.reps_done(0) == 0


def test_back_in_first_exercise_of_a_resumed_run_stays_there():
    engine, clock = make(start_exercise=1)
    engine.start()
    clock.advance(11)
    engine.tick()
    events = engine.back()
    assert started(events) == [(StepKind.SETUP, 1, 0, -1, "Get into position", T0 + 11)]


def test_add_rep_extends_plan_and_session():
    engine, clock = make()
    engine.start()
    clock.advance(6)
    engine.tick()
    assert engine.add_rep() == []
    assert engine.targets == (3, 3)
    assert engine.planned_seconds() == PLANNED + 5
    events = run_to_end(engine, clock)
    assert of_type(events, ExerciseDone)[0] == ExerciseDone(0, 3, 3, False, T0, T0 + 20)
    assert events[-1].active_seconds == PLANNED + 5


def test_add_rep_caps_at_100():
    engine, _ = make(targets=(99, 1))
    engine.add_rep()
    engine.add_rep()
    assert engine.targets == (100, 1)


def test_drop_rep_shrinks_plan_but_never_below_one():
    engine, _ = make()
    engine.start()
    assert engine.drop_rep() == []
    assert engine.targets == (1, 3) and engine.planned_seconds() == PLANNED - 5
    assert engine.drop_rep() == []
    assert engine.targets == (1, 3)


def test_drop_rep_to_reps_done_finishes_the_exercise_now():
    engine, clock = make()
    engine.start()
    clock.advance(11)  # rep 1 finished, rep 2 in progress
    engine.tick()
    events = engine.drop_rep()
    assert events == [
        ExerciseDone(0, 1, 1, False, T0, T0 + 11),
        PhaseStarted(Step(StepKind.REST, 0, 0, -1, "Rest", 10), T0 + 11),
    ]
    assert engine.targets == (1, 3)
    assert run_to_end(engine, clock)[-1] == SessionDone("completed", 43, 0.0, T0 + 43)


def test_drop_rep_in_first_rep_keeps_that_rep():
    engine, clock = make()
    engine.start()
    clock.advance(6)
    engine.tick()
    assert engine.drop_rep() == [] and engine.targets == (1, 3)
    assert engine.drop_rep() == [] and engine.targets == (1, 3)
    assert engine.current.rep == 1


def test_add_and_drop_do_nothing_during_rest():
    engine, clock = make()
    engine.start()
    clock.advance(16)
    engine.tick()
    engine.add_rep()
    engine.drop_rep()
    assert engine.targets == TARGETS


def test_end_early_is_partial():
    engine, clock = make()
    engine.start()
    clock.advance(12.5)
    engine.tick()
    events = engine.end()
    assert events == [
        ExerciseDone(0, 1, 2, True, T0, T0 + 12.5),
        SessionDone("partial", 12.5, 0.0, T0 + 12.5),
    ]
    assert engine.state == "finished" and engine.tick() == [] and engine.end() == []


def test_end_during_rest_does_not_skip_the_done_exercise():
    engine, clock = make()
    engine.start()
    clock.advance(16)
    engine.tick()
    assert engine.end() == [SessionDone("partial", 16, 0.0, T0 + 16)]


def test_end_while_paused_counts_the_pause():
    engine, clock = make()
    engine.start()
    clock.advance(3)
    engine.pause()
    clock.advance(7)
    events = engine.end()
    assert events[-1] == SessionDone("partial", 3, 7, T0 + 10)
    assert engine.active_seconds() == 3 and engine.paused_seconds == 7


def test_skip_while_paused_stays_paused_with_full_next_step():
    engine, clock = make()
    engine.start()
    clock.advance(2)
    engine.pause()
    clock.advance(5)
    engine.skip_exercise()
    assert engine.state == "paused" and engine.remaining() == 4
    clock.advance(10)
    assert engine.remaining() == 4 and engine.paused_seconds == 15
    engine.resume()
    clock.advance(4)
    assert started(engine.tick()) == [(StepKind.PHASE, 1, 1, 0, "Stretch", T0 + 21)]
    assert engine.active_seconds() == 6


def test_resume_from_later_exercise_runs_only_that_part():
    engine, clock = make(start_exercise=1)
    assert engine.planned_seconds() == 22
    events = engine.start() + run_to_end(engine, clock)
    assert {e.step.exercise_index for e in of_type(events, PhaseStarted)} == {1}
    assert of_type(events, ExerciseDone) == [ExerciseDone(1, 3, 3, False, T0, T0 + 22)]
    assert events[-1] == SessionDone("completed", 22, 0.0, T0 + 22)


def test_remaining_total_and_progress():
    engine, clock = make()
    assert engine.remaining_total() == PLANNED and engine.progress() == 0.0
    assert engine.planned_seconds() == PLANNED
    engine.start()
    clock.advance(11)
    engine.tick()
    assert engine.remaining_total() == PLANNED - 11
    assert engine.progress() == pytest.approx(11 / PLANNED)
    engine.pause()
    clock.advance(100)
    assert engine.remaining_total() == PLANNED - 11
    engine.resume()
    run_to_end(engine, clock)
    assert engine.remaining_total() == 0.0 and engine.progress() == 1.0


def test_next_step():
    engine, clock = make()
    assert engine.next_step() == Step(StepKind.SETUP, 0, 0, -1, "Get into position", 5)
    engine.start()
    assert engine.next_step() == Step(StepKind.PHASE, 0, 1, 0, "Lift", 3)
    clock.advance(13)
    engine.tick()
    assert engine.next_step() == Step(StepKind.REST, 0, 0, -1, "Rest", 10)
    clock.advance(30)
    engine.tick()
    assert engine.current.rep == 3 and engine.next_step() is None


def test_zero_setup_and_rest_are_omitted():
    routine = Routine(
        id="r",
        title="R",
        purpose="",
        audience="",
        exercises=(
            exercise("A", (Phase("Point", 2),), setup=0, rest=0),
            exercise("B", (Phase("Flex", 3),), setup=0, rest=0),
        ),
    )
    engine, clock = make(targets=(1, 2), routine=routine)
    events = engine.start() + run_to_end(engine, clock)
    assert [(k, i, r, at) for k, i, r, _, _, at in started(events)] == [
        (StepKind.PHASE, 0, 1, T0),
        (StepKind.PHASE, 1, 1, T0 + 2),
        (StepKind.PHASE, 1, 2, T0 + 5),
    ]
    assert events[-1] == SessionDone("completed", 8, 0.0, T0 + 8)


@pytest.mark.parametrize(
    ("targets", "start"),
    [((2,), 0), ((2, 3, 1), 0), ((0, 3), 0), ((2, -1), 0), ((2, 3), 2), ((2, 3), -1)],
)
def test_bad_arguments_raise(targets, start):
    with pytest.raises(ValueError):
        SessionEngine(ROUTINE, targets, clock=FakeClock(), start_exercise=start)
