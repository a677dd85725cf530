"""`coach report`: a printable HTML report of the last weeks, to take to a doctor.

Imported whenever the parser is built, so only argparse is imported at the top; Jinja2 and the
report package load only when the command runs.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from coach.commands.common import UsageError, run_with_context
from coach.text import printable

if TYPE_CHECKING:
    from coach.context import AppContext

DEFAULT_WEEKS = 12  # the same as coach.report.data's, which is too heavy to import here


def register(commands: argparse._SubParsersAction) -> None:
    report = commands.add_parser(
        "report",
        help="a printable report of the last 12 weeks to take to your doctor (HTML)",
        description="Write one self-contained HTML file: your streaks, the days you did your "
        "routine, cramps per week beside routine days, your cramp diary and today's "
        "repetitions. Open it in a browser and print it (A4 or Letter, about two pages).",
    )
    report.add_argument(
        "--weeks", default=str(DEFAULT_WEEKS), metavar="N", help="how many weeks (default 12)"
    )
    report.add_argument(
        "--output",
        metavar="FILE",
        help="where to write it (default: coach-report-YYYY-MM-DD.html in this folder)",
    )
    report.add_argument("--open", action="store_true", help="open it in your web browser")
    report.set_defaults(func=cmd_report)


def parse_weeks(text: str) -> int:
    from coach.report.data import MAX_WEEKS

    word = text.strip()
    if word.isdigit() and 1 <= int(word) <= MAX_WEEKS:
        return int(word)
    raise UsageError(
        f"--weeks must be a whole number from 1 to {MAX_WEEKS}, not `{printable(text)}`"
    )


def cmd_report(args: argparse.Namespace) -> int:
    weeks = parse_weeks(args.weeks)

    def action(context: AppContext) -> int:
        from pathlib import Path

        from coach.files import report_stream, write_error, write_private
        from coach.journal import Journal
        from coach.report.data import build_report
        from coach.report.render import render_html

        data = build_report(Journal.of(context), weeks)
        path = Path(args.output or f"coach-report-{data.today.isoformat()}.html")
        try:
            write_private(path, render_html(data))
        except OSError as exc:
            raise UsageError(write_error(printable(str(path)), exc)) from None
        from coach.wording import plural

        what = plural(weeks, "week")
        print(
            f"Wrote {printable(str(path))}: {what}, ready to print (A4 or Letter).",
            file=report_stream(path),
        )
        if args.open:
            import webbrowser

            if not webbrowser.open(path.resolve().as_uri()):
                print("No web browser was found; open the file yourself.", file=sys.stderr)
        return 0

    return run_with_context(action)
