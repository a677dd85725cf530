"""`coach export` and `coach import`: the whole record out to a file, and back in (merged).

Like every command module it imports the store and the transfer code only when it runs.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from coach.commands.common import UsageError, run_with_context
from coach.wording import plural

if TYPE_CHECKING:
    from coach.context import AppContext


def register(commands: argparse._SubParsersAction) -> None:
    """Add this area's subcommands; each sets `func` to the function that runs it."""
    export = commands.add_parser("export", help="write your whole record as CSV or JSON")
    export.add_argument("--format", required=True, choices=("csv", "json"))
    export.add_argument("--output", metavar="FILE", help="write to FILE (default: standard output)")
    export.set_defaults(func=cmd_export)

    imp = commands.add_parser("import", help="merge a JSON export into this machine's record")
    imp.add_argument("file", metavar="FILE", help="a file written by `coach export --format json`")
    imp.set_defaults(func=cmd_import)


def cmd_export(args: argparse.Namespace) -> int:
    def action(context: AppContext) -> int:
        from coach.files import report_stream, write_error, write_private
        from coach.transfer import export_csv, export_json

        text = export_csv(context.store) if args.format == "csv" else export_json(context.store)
        if args.output is None:
            sys.stdout.write(text)
            return 0
        try:
            write_private(args.output, text)
        except OSError as exc:
            raise UsageError(write_error(args.output, exc)) from None
        print(f"Wrote {args.output}.", file=report_stream(args.output))
        return 0

    return run_with_context(action)


def cmd_import(args: argparse.Namespace) -> int:
    def action(context: AppContext) -> int:
        from coach.record_dates import clock_problem
        from coach.transfer import ImportFileError, import_export

        if problem := clock_problem(context.wall_now()):
            raise UsageError(f"{args.file} was not imported: {problem}")
        try:
            result = import_export(context.store, args.file, context.today())
        except ImportFileError as exc:
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            raise UsageError(f"{args.file} was not imported; nothing was changed") from None
        print(
            f"Imported {args.file}: {plural(result.sessions_added, 'session')} added, "
            f"{result.sessions_present} already here; "
            f"{plural(result.rest_days_added, 'rest day')} added, "
            f"{result.rest_days_present} already here; "
            f"{plural(result.cramps_added, 'cramp')} added, "
            f"{result.cramps_present} already here."
        )
        return 0

    return run_with_context(action)
