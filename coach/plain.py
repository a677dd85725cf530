"""`coach start --plain`: the same session as the full-screen UI, as plain lines.

For screen readers, slow terminals and logs: one line per cue and per countdown step, nothing
redrawn. The engine's deadlines keep the time; we only sleep until the next thing to say.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import TextIO

from coach.context import AppContext
from coach.engine import Event, PhaseStarted, RepDone, SessionEngine, Step, StepKind
from coach.journal import Journal
from coach.model import Routine, side_words
from coach.present.session_end import duration, summary_lines
from coach.speech import NO_SPEECH, NUMBER_WORDS, Speaker
from coach.wording import clock, plural, span


def _step_line(engine: SessionEngine, step: Step) -> str:
    i = step.exercise_index
    exercise = engine.routine.exercises[i]
    n = len(engine.routine.exercises)
    header = (
        f"Exercise {i + 1} of {n}: {exercise.name} ({plural(engine.targets[i], 'rep')})\n"
        f"  Position: {exercise.position}\n  {exercise.instructions}\n"
    )
    if step.kind is StepKind.SETUP:
        return f"{header}  Get into position: {span(step.seconds)}"
    if step.kind is StepKind.REST:
        return f"  Rest: {span(step.seconds)}"
    side = f", {side_words(step.side)}" if step.side else ""
    line = f"  Rep {step.rep} of {engine.targets[i]}{side}: {step.cue}, {span(step.seconds)}"
    if step.rep == 1 and step.phase_index == 0 and exercise.setup_seconds <= 0:
        return header + line  # no set-up step: the exercise starts straight at its first rep
    return line


def _countdown_due(second: int, step_seconds: float) -> bool:
    """Which seconds to announce: the last three always, and every ten in long holds."""
    if second <= 0 or second >= step_seconds:
        return False
    return second <= 3 or (step_seconds > 15 and second % 10 == 0)


def run_plain(
    context: AppContext,
    routine: Routine,
    targets: list[int],
    *,
    out: TextIO,
    sleep: Callable[[float], None] = time.sleep,
    speaker: Speaker | None = None,
    summary: bool = True,
) -> int:
    """`summary=False` (first aid): a stretch, not training; no notes, no summary or streak."""
    engine, recorder = context.new_session(routine, targets)
    recorder.anchor(context.clock())
    say = speaker.say if (speaker and context.speech) else (lambda text: False)
    print(
        f"{routine.title}: {plural(len(routine.exercises), 'exercise')}, about "
        f"{duration(engine.planned_seconds())}. Press Ctrl+C to end early; "
        "what you have done is saved.",
        file=out,
        flush=True,
    )
    if context.speech and (speaker is None or not speaker.available):
        print(NO_SPEECH, file=out, flush=True)  # once, before the session, not per cue
    if summary and routine.notes:
        print("Before you start:", file=out)
        for note in routine.notes:
            print(f"  - {note}", file=out)
        print(file=out, flush=True)

    def handle(events: list[Event]) -> None:
        recorder.handle(events)
        if recorder.error is not None:  # no screen to say it on while the session goes on
            raise recorder.error
        for event in events:
            if isinstance(event, PhaseStarted):
                print(_step_line(engine, event.step), file=out, flush=True)
                say(event.step.spoken)
            elif isinstance(event, RepDone):
                print(f"  Rep {event.rep} done.", file=out, flush=True)

    try:
        handle(engine.start())
        announced: tuple[Step, int] | None = None  # per step: a 2 s step still says its "1"
        while engine.state != "finished":
            remaining = engine.remaining()
            # Wake at the next whole second of the countdown (or the step's end).
            frac = remaining - math.floor(remaining)
            sleep(frac if frac > 0.001 else min(1.0, max(remaining, 0.001)))
            handle(engine.tick())
            step = engine.current
            if step is None or engine.state == "finished":
                break
            second = math.ceil(engine.remaining() - 1e-6)
            if (step, second) != announced and _countdown_due(second, step.seconds):
                announced = (step, second)
                print(f"    {clock(second)}", file=out, flush=True)
                if second in NUMBER_WORDS and second <= 3:
                    say(NUMBER_WORDS[second])
    except KeyboardInterrupt:
        handle(engine.end())
        print("\nEnded early.", file=out)
    sid = recorder.session_id  # set by the first step's save; `handle` raised if that failed
    record = context.store.session(sid) if summary and sid is not None else None
    if record is None:
        return 0
    journal = Journal.of(context)
    lines = summary_lines(
        record,
        journal.summary().current_streak,
        routine=routine,
        today=journal.day_count(record),
        stopped=engine.stopped_exercise,
    )
    print("\n" + "\n".join(lines), file=out)
    return 0


def run_first_aid(
    context: AppContext,
    muscle: str,
    *,
    out: TextIO,
    sleep: Callable[[float], None] = time.sleep,
    speaker: Speaker | None = None,
) -> int:
    """`coach start first-aid --plain`: the one stretch for `muscle`, then what to do after."""
    from dataclasses import replace

    from coach.cramps import MUSCLE_LABELS, first_aid

    aid = first_aid(context.catalog, muscle)
    print(f"First aid for a cramp in the {MUSCLE_LABELS[aid.muscle]}.", file=out, flush=True)
    if aid.exercise is not None and aid.routine is not None:
        stretch = replace(aid.routine, exercises=(aid.exercise,))
        run_plain(
            context,
            stretch,
            [aid.exercise.reps_min],
            out=out,
            sleep=sleep,
            speaker=speaker,
            summary=False,
        )
    print("\nAfter the stretch:", file=out)
    for n, step in enumerate(aid.follow_up, 1):
        print(f"  {n}. {step.text}", file=out)
    print(
        f"\nTo note it in your diary: coach cramp log --muscle {aid.muscle}", file=out, flush=True
    )
    return 0
