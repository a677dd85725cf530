"""`coach start [ROUTINE]`: a guided session now, in the app or as plain lines; `coach start
first-aid` is the cramp's stretch instead."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from coach.commands.common import UsageError, run_with_context

if TYPE_CHECKING:
    import argparse

    from coach.context import AppContext
    from coach.model import Routine


def register(commands: argparse._SubParsersAction) -> None:
    start = commands.add_parser("start", help="start a guided session now")
    start.add_argument(
        "routine",
        nargs="?",
        help="a routine id or a path to a routine file (default: your daily routine)",
    )
    start.add_argument(
        "--plain",
        action="store_true",
        help="no full-screen UI: one line per cue and countdown step",
    )
    start.add_argument("--speak", action="store_true", help="speak the cues aloud")
    start.add_argument(
        "--muscle",
        help="with first-aid: the cramping muscle (calf, foot, front-thigh or back-thigh); "
        "asked if not given",
    )
    start.set_defaults(func=cmd_start)


def resolve_routine(context: AppContext, name: str | None) -> Routine:
    """The routine `name` means (coach.routines.find_routine), or a usage error saying why not;
    a file's problems are printed first, one a line."""
    from coach.routines import RoutineError, UnknownRoutine, find_routine

    try:
        return find_routine(context.catalog, name, context.config.profile.daily_routine)
    except UnknownRoutine as exc:
        raise UsageError(str(exc)) from None
    except RoutineError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        raise UsageError(f"{name} is not a usable routine (see above)") from None


def cmd_start(args: argparse.Namespace) -> int:
    # A store error mid-session (the disk filled up, say) becomes one line: every rep saved
    # before is kept, and the session can be resumed.
    def action(context: AppContext) -> int:
        from coach.cramps import FIRST_AID_ROUTINE

        routine = resolve_routine(context, args.routine)
        if args.speak:
            context.speech = True
        first_time = not context.config.profile_chosen  # the note, without blocking the start
        if routine.id == FIRST_AID_ROUTINE:
            return _start_first_aid(context, args, first_time)
        if args.muscle is not None:
            raise UsageError("--muscle goes with `coach start first-aid`")
        if args.plain:
            from coach.progression import targets_for
            from coach.text import SAFETY_LINE

            if first_time:
                print(SAFETY_LINE, flush=True)
            from coach.plain import run_plain
            from coach.speech import Speaker, find_speech_command

            targets = [t.reps for t in targets_for(context.store, routine, context.today())]
            speaker = Speaker(find_speech_command()) if context.speech else None
            return run_plain(context, routine, targets, out=sys.stdout, speaker=speaker)
        from coach.ui.app import CoachApp, run_app

        app = CoachApp(context, start=routine)
        app.first_run_line = first_time
        return run_app(app)

    return run_with_context(action)


def _start_first_aid(context: AppContext, args: argparse.Namespace, first_time: bool) -> int:
    """First aid is not a training session: one stretch for the cramping muscle, then the
    follow-up steps; the muscle comes from --muscle, or is asked."""
    from coach.cramps import CrampInputError, parse_muscle

    muscle = None
    if args.muscle is not None:
        try:
            muscle = parse_muscle(args.muscle)
        except CrampInputError as exc:
            raise UsageError(f"--muscle: {exc}") from None
    if not args.plain:
        from coach.ui.app import CoachApp

        app = CoachApp(context, start_cramp=muscle or True)
        app.first_run = False  # a cramp is no time for the first-run note
        app.run()
        return 0
    from coach.plain import run_first_aid

    if muscle is None:
        muscle = _ask_muscle()
    if first_time:
        from coach.text import SAFETY_LINE

        print(SAFETY_LINE, flush=True)
    from coach.speech import Speaker, find_speech_command

    speaker = Speaker(find_speech_command()) if context.speech else None
    return run_first_aid(context, muscle, out=sys.stdout, speaker=speaker)


def _ask_muscle() -> str:
    from coach.cramps import MUSCLE_LABELS, MUSCLES, CrampInputError, parse_muscle

    if not sys.stdin.isatty():
        names = f"{', '.join(MUSCLES[:-1])} or {MUSCLES[-1]}"
        raise UsageError(f"which muscle is cramping? add --muscle {names}")
    choices = ", ".join(f"{n} {MUSCLE_LABELS[m]}" for n, m in enumerate(MUSCLES, 1))
    numbers = [str(n) for n in range(1, len(MUSCLES) + 1)]
    print(f"Which muscle is cramping? {choices}.", flush=True)
    for _ in range(3):
        try:
            answer = input(f"Muscle (1-{len(MUSCLES)}): ").strip()
        except EOFError:
            break
        if answer in numbers:
            return MUSCLES[int(answer) - 1]
        try:
            return parse_muscle(answer)
        except CrampInputError as exc:
            print(exc, flush=True)
    raise UsageError("no muscle chosen; try `coach start first-aid --muscle calf`")
