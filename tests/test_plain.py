"""`coach start --plain`: the exact lines printed, driven by a fake clock that sleeps instantly."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from coach.context import AppContext, open_context
from coach.model import Exercise, Phase, Routine
from coach.paths import AppPaths
from coach.plain import run_plain
from tests.clocks import FakeClock

TOE = Exercise(
    name="Toe lift",
    position="Seated.",
    instructions="Lift the toes.",
    reps_min=2,
    reps_max=3,
    phases=(Phase("Lift", 1), Phase("Hold", 2)),
    source="test",
    setup_seconds=2,
    rest_seconds=3,
)
CALF = Exercise(
    name="Calf hold",
    position="Standing.",
    instructions="Lean into the wall.",
    reps_min=1,
    reps_max=2,
    phases=(Phase("Stretch", 21),),
    source="test",
    setup_seconds=0,
    rest_seconds=20,
)
ROUTINE = Routine(
    id="tiny",
    title="Tiny routine",
    purpose="Testing.",
    audience="Tests.",
    exercises=(TOE, CALF),
)
TARGETS = [2, 1]

HEADER = (
    "Tiny routine: 2 exercises, about 32 s. Press Ctrl+C to end early; what you have done is saved."
)
TOE_LINES = [
    "Exercise 1 of 2: Toe lift (2 reps)",
    "  Position: Seated.",
    "  Lift the toes.",
    "  Get into position: 2 s",
    "    1",
    "  Rep 1 of 2: Lift, 1 s",
    "  Rep 1 of 2: Hold, 2 s",
    "    1",
    "  Rep 1 done.",
    "  Rep 2 of 2: Lift, 1 s",
    "  Rep 2 of 2: Hold, 2 s",
    "    1",
    "  Rep 2 done.",
    "  Rest: 3 s",
    "    2",
    "    1",
]
CALF_LINES = [
    "Exercise 2 of 2: Calf hold (1 rep)",
    "  Position: Standing.",
    "  Lean into the wall.",
    "  Rep 1 of 1: Stretch, 21 s",
    "    20",
    "    10",
    "    3",
    "    2",
    "    1",
    "  Rep 1 done.",
]


class SleepingClock(FakeClock):
    """`sleep` moves the fake clock; optionally Ctrl+C once `interrupt_at` seconds have passed."""

    def __init__(self, interrupt_at: float | None = None) -> None:
        super().__init__()
        self.sleeps: list[float] = []
        self.interrupt_at = interrupt_at

    def sleep(self, seconds: float) -> None:
        if self.interrupt_at is not None and self.now - self._start >= self.interrupt_at:
            raise KeyboardInterrupt
        assert seconds > 0
        self.sleeps.append(seconds)
        self.advance(seconds)


class FakeSpeaker:
    available = True

    def __init__(self) -> None:
        self.said: list[str] = []

    def say(self, text: str) -> bool:
        self.said.append(text)
        return True


@pytest.fixture
def clock() -> SleepingClock:
    return SleepingClock()


def make_context(tmp_path: Path, clock: FakeClock) -> AppContext:
    root = tmp_path / "home"
    paths = AppPaths(config=root / "config", data=root / "data", state=root / "state")
    return open_context(paths, clock=clock, wall_now=clock.wall_now)


def one_exercise(*phases: Phase, setup_seconds: float = 0) -> Routine:
    """A routine "R" of one exercise done once, with the given phases."""
    exercise = Exercise(
        name="Ankle",
        position="Seated.",
        instructions="Circle.",
        reps_min=1,
        reps_max=1,
        phases=phases,
        source="test",
        setup_seconds=setup_seconds,
    )
    return Routine(id="r", title="R", purpose="", audience="", exercises=(exercise,))


def run(tmp_path: Path, clock: SleepingClock, routine=ROUTINE, targets=TARGETS, **kw):
    context = make_context(tmp_path, clock)
    out = io.StringIO()
    assert run_plain(context, routine, list(targets), out=out, sleep=clock.sleep, **kw) == 0
    sessions = context.store.sessions_between(context.today(), context.today())
    context.close()
    return out.getvalue().splitlines(), sessions


def test_prints_one_line_per_cue_and_the_countdowns(tmp_path: Path, clock) -> None:
    lines, _ = run(tmp_path, clock)
    assert lines == [
        HEADER,
        *TOE_LINES,
        *CALF_LINES,
        "",
        "Well done: session complete.",
        "",
        "Time taken: 32 s",
        "Repetitions done: 3",
        "Exercises completed: 2",
        "  ✓ Toe lift: 2 of 2 reps",
        "  ✓ Calf hold: 1 of 1 rep",  # never "1 reps"
        "Today does not count as done: days count by your daily routine, Daily prevention.",
        "Streak: 0 days",
    ]
    assert clock.now - 1000.0 == pytest.approx(32.0)


def test_stores_a_completed_session_with_every_rep(tmp_path: Path, clock) -> None:
    _, sessions = run(tmp_path, clock)
    [record] = sessions
    assert record.routine_id == "tiny"
    assert record.status == "completed"
    assert record.reps_total == 3
    assert record.targets == (2, 1)
    assert [(e.idx, e.name, e.reps_done, e.target, e.skipped) for e in record.exercises] == [
        (0, "Toe lift", 2, 2, False),
        (1, "Calf hold", 1, 1, False),
    ]
    assert record.started_at == clock.wall_now().replace(minute=0, second=0)
    assert (record.ended_at - record.started_at).total_seconds() == 32.0
    assert record.active_seconds == 32.0
    assert record.paused_seconds == 0.0


def test_ctrl_c_ends_early_and_saves_a_partial_session(tmp_path: Path) -> None:
    clock = SleepingClock(interrupt_at=6)  # during the second rep's Hold
    lines, sessions = run(tmp_path, clock)
    assert lines == [
        HEADER,
        *TOE_LINES[:10],
        "  Rep 2 of 2: Hold, 2 s",
        "",
        "Ended early.",
        "",
        "Session ended. What you did is saved.",
        "",
        "Time taken: 6 s",
        "Repetitions done: 1",
        "Exercises completed: 0 · stopped: 1",  # Ctrl+C stopped it; nothing was skipped
        "  ◐ Toe lift: 1 of 2 reps (stopped)",
        "Today does not count as done: days count by your daily routine, Daily prevention.",
        "Streak: 0 days",
    ]
    [record] = sessions
    assert record.status == "partial"
    assert record.reps_total == 1
    assert [(e.idx, e.reps_done, e.target, e.skipped) for e in record.exercises] == [
        (0, 1, 2, True)
    ]
    assert record.stopped_idx == 0  # the record says stopped too, not only this summary
    assert (record.ended_at - record.started_at).total_seconds() == 6.0


def test_ctrl_c_before_any_rep_sets_the_session_aside(tmp_path: Path) -> None:
    clock = SleepingClock(interrupt_at=0)
    lines, sessions = run(tmp_path, clock)
    assert lines == [
        HEADER,
        *TOE_LINES[:4],
        "",
        "Ended early.",
        "",
        "Session ended before the first repetition was finished.",
        "",
        "Time taken: 0 s",
        "Repetitions done: 0",
        "Exercises completed: 0 · stopped: 1",
        "  – Toe lift: 0 of 2 reps (stopped)",
        "Today does not count as done: days count by your daily routine, Daily prevention.",
        "Streak: 0 days",
    ]
    [record] = sessions
    assert (record.status, record.reps_total) == ("abandoned", 0)


def test_speaks_cues_and_the_last_three_seconds(tmp_path: Path, clock) -> None:
    context = make_context(tmp_path, clock)
    context.speech = True
    speaker = FakeSpeaker()
    run_plain(context, ROUTINE, TARGETS, out=io.StringIO(), sleep=clock.sleep, speaker=speaker)
    context.close()
    assert speaker.said == [
        "Get into position",
        "one",
        "Lift",
        "Hold",
        "one",
        "Lift",
        "Hold",
        "one",
        "Rest",
        "two",
        "one",
        "Stretch",
        "three",
        "two",
        "one",
    ]


def test_speech_switched_off_says_nothing(tmp_path: Path, clock) -> None:
    context = make_context(tmp_path, clock)
    assert context.speech is False  # the default config
    speaker = FakeSpeaker()
    run_plain(context, ROUTINE, TARGETS, out=io.StringIO(), sleep=clock.sleep, speaker=speaker)
    context.close()
    assert speaker.said == []


def test_wakes_on_whole_seconds_of_fractional_steps(tmp_path: Path, clock) -> None:
    routine = one_exercise(Phase("Circle", 2.5))
    lines, sessions = run(tmp_path, clock, routine=routine, targets=[1])
    assert lines[:7] == [
        "R: 1 exercise, about 2 s. Press Ctrl+C to end early; what you have done is saved.",
        "Exercise 1 of 1: Ankle (1 rep)",
        "  Position: Seated.",
        "  Circle.",
        "  Rep 1 of 1: Circle, 2.5 s",
        "    2",
        "    1",
    ]
    assert clock.sleeps == [0.5, 1.0, 1.0]
    assert sessions[0].status == "completed"


def test_coach_start_plain_before_a_profile_begins_with_the_safety_line(
    tmp_path: Path, clock: SleepingClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`coach start FILE --plain` as typed, in-process, with the session's waits on the fake
    clock (the real-time runs of `--plain` are tests/faults/test_kill.py's)."""
    import coach.plain
    from tests.cli import run_coach
    from tests.conftest import ROOT

    real_run_plain = coach.plain.run_plain

    def on_the_fake_clock(context: AppContext, *args, **kwargs) -> int:
        context.clock = clock
        return real_run_plain(context, *args, **{**kwargs, "sleep": clock.sleep})

    monkeypatch.setattr(coach.plain, "run_plain", on_the_fake_clock)
    routine = ROOT / "tests" / "data" / "three-quick.yaml"
    out = run_coach("start", str(routine), "--plain", home=tmp_path / "h")
    assert out.returncode == 0, out.stderr
    assert clock.sleeps  # the session ran through its countdown
    first = out.stdout.splitlines()[0]
    assert first.startswith("Note: coach is not medical advice") and "stop if pain" in first
    assert "A fit (convulsion) in pregnancy is an emergency: call emergency services" in first
    assert "Well done: session complete." in out.stdout


def test_a_one_sided_phase_prints_and_says_its_leg(tmp_path: Path, clock) -> None:
    routine = one_exercise(
        Phase("Lower slowly", 2, "left"), Phase("Lower slowly", 2, "right"), Phase("Rest", 1)
    )
    context = make_context(tmp_path, clock)
    context.speech = True
    speaker, out = FakeSpeaker(), io.StringIO()
    run_plain(context, routine, [1], out=out, sleep=clock.sleep, speaker=speaker)
    context.close()
    reps = [line for line in out.getvalue().splitlines() if line.startswith("  Rep 1 of 1")]
    assert reps == [
        "  Rep 1 of 1, left leg: Lower slowly, 2 s",
        "  Rep 1 of 1, right leg: Lower slowly, 2 s",
        "  Rep 1 of 1: Rest, 1 s",
    ]
    assert [t for t in speaker.said if t[0].isupper()] == [
        "Lower slowly, left leg",
        "Lower slowly, right leg",
        "Rest",
    ]


def test_seconds_alone_under_a_minute_and_minutes_from_sixty(tmp_path: Path, clock) -> None:
    """A 70 s hold reads `1 min 10 s`, its countdown `1:00` then `50`; never `0:01`."""
    routine = one_exercise(Phase("Rest quietly", 70), setup_seconds=60)
    lines, _ = run(tmp_path, clock, routine=routine, targets=[1])
    assert "  Get into position: 1 min" in lines
    assert "  Rep 1 of 1: Rest quietly, 1 min 10 s" in lines
    hold = lines[lines.index("  Rep 1 of 1: Rest quietly, 1 min 10 s") + 1 :]
    assert hold[:6] == ["    1:00", "    50", "    40", "    30", "    20", "    10"]
    assert not any(":0" in line and line.strip().startswith("0:") for line in lines)


def test_speak_without_a_speech_program_says_so_once(tmp_path: Path, clock) -> None:
    from coach.speech import NO_SPEECH, Speaker

    context = make_context(tmp_path, clock)
    context.speech = True  # `--speak`
    out = io.StringIO()
    run_plain(context, ROUTINE, TARGETS, out=out, sleep=clock.sleep, speaker=Speaker(None))
    context.close()
    lines = out.getvalue().splitlines()
    assert lines.count(NO_SPEECH) == 1
    assert lines[1] == NO_SPEECH  # right under the routine's first line, before any cue


def test_a_routines_notes_are_printed_before_it_starts(tmp_path: Path, clock) -> None:
    from dataclasses import replace

    noted = replace(ROUTINE, notes=("If you are pregnant, ask first.", "March [on] the spot."))
    lines, _ = run(tmp_path, clock, routine=noted)
    assert lines[:5] == [
        HEADER,
        "Before you start:",
        "  - If you are pregnant, ask first.",
        "  - March [on] the spot.",
        "",
    ]
    assert lines[5] == TOE_LINES[0]


def test_first_aid_plain_is_one_stretch_then_the_steps_after_it(tmp_path: Path, clock) -> None:
    from coach.plain import run_first_aid

    context = make_context(tmp_path, clock)
    out = io.StringIO()
    assert run_first_aid(context, "calf", out=out, sleep=clock.sleep) == 0
    text = out.getvalue()
    sessions = context.store.sessions_between(context.today(), context.today())
    context.close()
    assert text.startswith("First aid for a cramp in the calf.\n")
    assert "Exercise 1 of 1: Calf and foot stretch (3 reps)" in text
    assert "Front of thigh" not in text and "Walk it off" not in text  # not all four
    assert "reps today" not in text and "Streak" not in text  # not training
    assert "Before you start" not in text
    assert "After the stretch:\n  1. Walk a little" in text
    assert text.rstrip().endswith("coach cramp log --muscle calf")
    assert [(s.routine_id, s.reps_total) for s in sessions] == [("first-aid", 3)]


def test_start_first_aid_needs_a_muscle_when_it_cannot_ask(tmp_path: Path) -> None:
    from tests.cli import run_coach

    home = tmp_path / "h"
    out = run_coach("start", "first-aid", "--plain", home=home)  # stdin is no terminal
    assert out.returncode == 2
    assert out.stderr.strip().endswith(
        "which muscle is cramping? add --muscle calf, foot, front-thigh or back-thigh"
    )
    assert len(out.stderr.strip().splitlines()) == 1
    bad = run_coach("start", "first-aid", "--plain", "--muscle", "knee", home=home)
    assert bad.returncode == 2 and "--muscle:" in bad.stderr and "Traceback" not in bad.stderr
