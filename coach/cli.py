"""The `coach` command line: argument parsing and one small function per command.

Start-up time matters (the app should open about as fast as an empty Textual app), so this module
imports only argparse at the top; each command imports what it needs when it runs.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING

from coach import __version__
from coach.commands import remind as remind_commands
from coach.commands.common import UsageError, run_with_context

if TYPE_CHECKING:
    import argparse

EXIT_USAGE = 2


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole parser; with `command="remind"` only that command's (the reminder service runs
    all day, so it does not carry every other command's parser and modules: bench_remind)."""
    import argparse

    if command == "remind":
        parser = argparse.ArgumentParser(prog="coach")
        remind_commands.register(parser.add_subparsers(dest="command", metavar="COMMAND"))
        return parser
    from coach.commands import cramp as cramp_commands
    from coach.commands import history as history_commands
    from coach.commands import report as report_commands
    from coach.commands import status as status_commands

    parser = argparse.ArgumentParser(
        prog="coach",
        description="A calm daily coach for leg-cramp prevention exercises. "
        "Run without a command to open the app.",
        epilog="Undo: `coach log DATE --undo` removes a day you logged by hand, "
        "`coach rest DATE --undo` a rest day, `coach cramp delete ID` a cramp "
        "(ids from `coach cramp list`).",
    )
    parser.add_argument("--version", action="version", version=f"coach {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")

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

    routines = commands.add_parser("routines", help="list, show and check routines")
    rsub = routines.add_subparsers(dest="routines_command", metavar="ACTION", required=True)
    rsub.add_parser("list", help="every routine: id, title, exercises, minutes, where it came from")
    show = rsub.add_parser("show", help="one routine in full")
    show.add_argument("id", help="the routine's id (see `coach routines list`)")
    show.add_argument("--json", action="store_true", help="print it as JSON")
    validate = rsub.add_parser("validate", help="check routine files; exit 2 if any is invalid")
    validate.add_argument("paths", nargs="+", metavar="PATH", help="YAML routine files")

    history_commands.register(commands)
    cramp_commands.register(commands)
    remind_commands.register(commands)
    status_commands.register(commands)
    report_commands.register(commands)

    paths = commands.add_parser(
        "paths", help="where coach keeps its config, routines, data and logs"
    )
    paths.add_argument("--json", action="store_true", help="print them as JSON")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # A terminal whose encoding lacks a character (a Latin-1 locale and the history's glyphs)
    # shows a `?` instead of ending the command with a traceback.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure") and stream.errors == "strict":
            stream.reconfigure(errors="replace")
    from coach.text import terminal_output

    # Whatever a command prints (titles, names, notes, paths, argparse's own messages), no
    # control character reaches the terminal raw.
    with terminal_output():
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    try:
        try:
            args = parse(list(sys.argv[1:] if argv is None else argv))
        except SystemExit:  # --help, --version, a usage error: argparse printed and exits
            sys.stdout.flush()
            raise
        _check_text_arguments(args)
        status = _dispatch(args)
        sys.stdout.flush()  # a closed pipe must fail here, where it is handled, not at exit
        return status
    except UsageError as exc:
        print(f"coach: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `coach history | head`: the reader left; stop quietly, as other tools do.
        _drop_stdout()
        return 141
    except OSError as exc:
        # A full disk behind `> file`, /dev/full, a file that vanished: one line, not a traceback.
        from coach.files import folder_error

        _drop_stdout()
        print(f"coach: {folder_error(exc)}", file=sys.stderr)
        return 1
    except Exception as exc:  # coach's own fault: logged, said in one line, never status 0
        return _report_crash(exc)


def _drop_stdout() -> None:
    """Point stdout at /dev/null, so the text still buffered cannot fail again at exit."""
    import os

    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _check_text_arguments(args: argparse.Namespace) -> None:
    """Bytes the terminal sent that are not text in its encoding (a Latin-1 terminal under a
    UTF-8 locale) arrive as lone surrogates, which can be neither stored nor printed."""
    for name, value in vars(args).items():
        for word in value if isinstance(value, list) else [value]:
            if isinstance(word, str) and not word.isascii():
                try:
                    word.encode("utf-8")
                except UnicodeEncodeError:
                    encoding = sys.getfilesystemencoding().upper()
                    sent = word.encode(sys.getfilesystemencoding(), "surrogateescape")
                    raise UsageError(
                        f"the {name} you typed is not {encoding} text (the terminal sent {sent!r}):"
                        f" set the terminal's character set to {encoding} and type it again"
                    ) from None


def parse(words: list[str]) -> argparse.Namespace | SimpleNamespace:
    """The arguments; the two commands that run longest need no parser at all: `coach` (the
    app: start-up time) and `coach remind` (the all-day service: memory). Their namespaces are
    what the parser would give (a test compares them)."""
    if not words:
        return SimpleNamespace(command=None)
    if words == ["remind"]:
        return SimpleNamespace(
            command="remind",
            func=remind_commands.cmd_remind,
            list=False,
            install=False,
            uninstall=False,
            ics=None,
        )
    return build_parser(words[0]).parse_args(words)


def _report_crash(error: Exception) -> int:
    from coach.crash import report_crash

    try:
        from coach.paths import app_paths

        log_file = app_paths().log_file
    except Exception:
        log_file = None
    return report_crash(error, log_file)


def _dispatch(args: argparse.Namespace) -> int:
    if getattr(args, "func", None) is not None:
        return args.func(args)
    if args.command == "routines":
        return {
            "list": cmd_routines_list,
            "show": cmd_routines_show,
            "validate": cmd_routines_validate,
        }[args.routines_command](args)
    if args.command == "paths":
        return cmd_paths(args)
    if args.command == "start":
        return cmd_start(args)
    return cmd_app(args)


def _catalog():
    from coach.paths import app_paths
    from coach.routines import load_catalog

    return load_catalog(app_paths().routines)


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:.0f} min" if seconds >= 90 else f"{seconds:.0f} s"


def cmd_routines_list(args: argparse.Namespace) -> int:
    catalog = _catalog()
    rows = [("ID", "TITLE", "EXERCISES", "TIME", "FROM")]
    for r in catalog:
        where = "built-in"
        if r.origin == "user":
            where = (
                f"yours, replaces built-in ({r.path})"
                if r.id in catalog.overridden
                else f"yours ({r.path})"
            )
        rows.append((r.id, r.title, str(len(r.exercises)), _minutes(r.estimated_seconds), where))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        cells = (cell.ljust(w) for cell, w in zip(row[:4], widths, strict=True))
        print("  ".join(cells) + "  " + row[4])
    for path, error in catalog.broken:
        print(f"\nNot loaded: {path}", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
    return 0


def cmd_routines_show(args: argparse.Namespace) -> int:
    from coach.routines import routine_as_json
    from coach.wording import plural

    routine = _catalog().get(args.id)
    if routine is None:
        raise UsageError(f"no routine with id `{args.id}`; `coach routines list` shows the ids")
    if args.json:
        print(json.dumps(routine_as_json(routine), indent=2, ensure_ascii=False))
        return 0
    about = _minutes(routine.estimated_seconds)
    print(f"{routine.title}  ({routine.id}, {routine.origin}, about {about})")
    print(f"\n{routine.purpose}\nFor: {routine.audience}")
    for n, e in enumerate(routine.exercises, start=1):
        phases = " → ".join(_phase_text(p) for p in e.phases)
        reps = f"{e.reps_min}-{e.reps_max} reps"
        if e.reps_min == e.reps_max:
            reps = plural(e.reps_min, "rep")
        print(f"\n{n}. {e.name}  ({reps})")
        print(f"   Position: {e.position}")
        print(f"   {e.instructions}")
        print(f"   One rep: {phases}")
        print(f"   Source: {e.source}")
    if routine.notes:
        print("\nNotes:")
        for note in routine.notes:
            print(f"  - {note}")
    return 0


def _phase_text(phase) -> str:
    """One phase for `routines show`: the cue whole (commas and all), then side and time in
    brackets, so `Spread, pull back, hold (6 s)` cannot be misread as three steps."""
    from coach.model import side_words
    from coach.wording import span

    details = [side_words(phase.side)] if phase.side else []
    return f"{phase.cue} ({', '.join([*details, span(phase.seconds)])})"


def cmd_routines_validate(args: argparse.Namespace) -> int:
    from pathlib import Path

    from coach.routines import load_many

    paths = [Path(p) for p in args.paths]
    loaded, broken = load_many(paths, "user")
    for _path, error in broken:
        for problem in error.problems:
            print(problem)
    for routine in loaded:
        count = len(routine.exercises)
        print(f"{routine.path}: ok ({routine.id}, {count} exercise{'' if count == 1 else 's'})")
    return EXIT_USAGE if broken else 0


def cmd_paths(args: argparse.Namespace) -> int:
    from coach.paths import app_paths

    paths = app_paths().as_dict()
    if args.json:
        print(json.dumps(paths, indent=2))
    else:
        for key, value in paths.items():
            print(f"{key + ':':10} {value}")
    return 0


def _resolve_routine(context, name: str | None):
    import os
    from pathlib import Path

    from coach.routines import RoutineError, load_routine_file

    if name is None:
        routine = context.catalog.get(context.config.profile.daily_routine)
        if routine is None:
            raise UsageError("your daily routine is missing; `coach routines list` shows the ids")
        return routine
    path = Path(name)
    # An id wins unless the argument looks like a path: a folder `daily-prevention` in the
    # current directory must not shadow the routine of that name.
    looks_like_path = path.suffix in (".yaml", ".yml") or "/" in name or os.sep in name
    if looks_like_path or (context.catalog.get(name) is None and path.is_file()):
        try:
            return load_routine_file(path)
        except RoutineError as exc:
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            raise UsageError(f"{name} is not a usable routine (see above)") from None
    routine = context.catalog.get(name)
    if routine is None:
        raise UsageError(f"no routine with id `{name}`; `coach routines list` shows the ids")
    return routine


def cmd_start(args: argparse.Namespace) -> int:
    # A store error mid-session (the disk filled up, say) becomes one line: every rep saved
    # before is kept, and the session can be resumed.
    def action(context) -> int:
        from coach.cramps import FIRST_AID_ROUTINE

        routine = _resolve_routine(context, args.routine)
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


def _start_first_aid(context, args: argparse.Namespace, first_time: bool) -> int:
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
        raise UsageError(
            "which muscle is cramping? add --muscle calf, foot, front-thigh or back-thigh"
        )
    choices = ", ".join(f"{n} {MUSCLE_LABELS[m]}" for n, m in enumerate(MUSCLES, 1))
    print(f"Which muscle is cramping? {choices}.", flush=True)
    for _ in range(3):
        try:
            answer = input("Muscle (1-4): ").strip()
        except EOFError:
            break
        if answer in ("1", "2", "3", "4"):
            return MUSCLES[int(answer) - 1]
        try:
            return parse_muscle(answer)
        except CrampInputError as exc:
            print(exc, flush=True)
    raise UsageError("no muscle chosen; try `coach start first-aid --muscle calf`")


def cmd_app(args: argparse.Namespace) -> int:
    def action(context) -> int:
        from coach.ui.app import CoachApp, run_app

        return run_app(CoachApp(context))

    return run_with_context(action)
