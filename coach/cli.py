"""The `coach` command line: the parser assembled from the command modules (coach/commands/),
and the one place where errors become exit codes and one-line messages.

Start-up time matters (the app should open about as fast as an empty Textual app), so `coach` and
`coach remind` run without argparse at all, and each command imports what it needs when it runs.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING

from coach import __version__
from coach.commands import app as app_commands
from coach.commands import remind as remind_commands
from coach.commands.common import EXIT_USAGE, UsageError

if TYPE_CHECKING:
    import argparse


# The command modules, in the order `coach --help` lists them. Each one's `register(commands)`
# adds its subparser(s) and sets `func`, the function that runs it; they import nothing heavy at
# their top, since building the parser imports them all.
COMMANDS = (
    "start",
    "routines",
    "history",
    "transfer",
    "cramp",
    "remind",
    "status",
    "report",
    "paths",
)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole parser; with `command="remind"` only that command's (the reminder service runs
    all day, so it does not carry every other command's parser and modules: bench_remind).

    Built once per process and kept (~8 ms, half of it argparse looking up translations): a
    process that runs several commands, as the tests and the fault suite's writers do, pays
    once. The parser holds no state between parses."""
    lean = command == "remind"
    if lean not in _PARSERS:
        _PARSERS[lean] = _remind_parser() if lean else _full_parser()
    return _PARSERS[lean]


_PARSERS: dict[bool, argparse.ArgumentParser] = {}


def _remind_parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(prog="coach")
    remind_commands.register(parser.add_subparsers(dest="command", metavar="COMMAND"))
    return parser


def _full_parser() -> argparse.ArgumentParser:
    import argparse
    from importlib import import_module

    parser = argparse.ArgumentParser(
        prog="coach",
        description="A calm daily coach for leg-cramp prevention exercises. "
        "Run without a command to open the app.",
        epilog="Undo: `coach log DATE --undo` removes a day you logged by hand, "
        "`coach rest DATE --undo` a rest day, `coach cramp delete ID` a cramp "
        "(ids from `coach cramp list`).",
    )
    parser.add_argument("--version", action="version", version=f"coach {__version__}")
    app_commands.register(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    for name in COMMANDS:
        import_module(f"coach.commands.{name}").register(commands)
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
        status: int = args.func(args)  # each command module set its own `func`
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


def _check_text_arguments(args: argparse.Namespace | SimpleNamespace) -> None:
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
        return SimpleNamespace(command=None, func=app_commands.cmd_app)
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
