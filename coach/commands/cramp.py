"""The cramp diary on the command line: `coach cramp` (the cramp screen), `log` and `list`.

Imported whenever the parser is built, so only argparse is imported at the top; each command
imports the store and the domain (coach.cramps) when it runs. Every value is checked by
coach.cramps rather than by argparse, so a bad one is a single line and exit 2, as elsewhere.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from coach.commands.common import EXIT_STORE, UsageError, run_with_context

if TYPE_CHECKING:
    from coach.context import AppContext
    from coach.cramps import CrampView, Guidance
    from coach.store import CrampRecord


def register(commands: argparse._SubParsersAction) -> None:
    """Add `coach cramp` and its actions; each sets `func` to the function that runs it."""
    cramp = commands.add_parser(
        "cramp",
        help="a cramp now: open the cramp screen; `log` and `list` keep your cramp diary",
        description="Without an action, open the app on the cramp screen: first aid for the "
        "muscle that is cramping, then a note in your diary.",
    )
    cramp.set_defaults(func=cmd_cramp)
    actions = cramp.add_subparsers(dest="cramp_command", metavar="ACTION", title="actions")

    log = actions.add_parser("log", help="add a cramp to your diary")
    log.add_argument(
        "--muscle", required=True, help="calf, foot (the toes too), front-thigh or back-thigh"
    )
    log.add_argument("--side", help="left, right or both")
    log.add_argument("--severity", metavar="1-10", help="1 mild .. 10 the worst")
    log.add_argument(
        "--at",
        metavar="TIME",
        help='when it began, local time: "2026-11-20 03:10", or "03:10" for the last time the '
        "clock showed it (default: now)",
    )
    log.add_argument("--minutes", help="how long it lasted; 0.5 is half a minute")
    log.add_argument("--note", help="anything worth remembering, up to 500 characters")
    log.add_argument(
        "--when",
        help="night, day or exercise (default: night from 22:00 to 06:59, else day; "
        "exercise during a session)",
    )
    log.set_defaults(func=cmd_log)

    listing = actions.add_parser("list", help="your cramps, newest first, and what they show")
    listing.add_argument("--json", action="store_true", help="a JSON array, one object per cramp")
    listing.set_defaults(func=cmd_list)

    delete = actions.add_parser("delete", help="remove one cramp from your diary (undo a log)")
    delete.add_argument("id", metavar="ID", help="the cramp's id, as `coach cramp list` shows it")
    delete.set_defaults(func=cmd_delete)


# -- the cramp screen -------------------------------------------------------------------------


def cmd_cramp(args: argparse.Namespace) -> int:
    return open_cramp_app()


def open_cramp_app() -> int:
    """Run the app on the cramp-now flow."""
    from coach.config import ConfigError
    from coach.store import StoreError
    from coach.ui.make_app import make_app

    try:
        app = make_app(start_cramp=True)
    except ConfigError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        raise UsageError("fix config.yaml as shown above, then try again") from None
    except StoreError as exc:
        print(f"coach: {exc}", file=sys.stderr)
        return EXIT_STORE
    try:
        app.run()
    finally:
        context = getattr(app, "context", None)
        if context is not None:
            context.close()
    return 0


# -- log --------------------------------------------------------------------------------------


def cmd_log(args: argparse.Namespace) -> int:
    def action(context: AppContext) -> int:
        from coach.cramps import CrampInputError, new_cramp, session_in_progress
        from coach.journal import Journal

        now = context.wall_now()
        starts = context.config.day_starts_at
        try:
            cramp = new_cramp(
                muscle=args.muscle,
                now=now,
                day_starts_at=starts,
                at=args.at,
                side=args.side,
                severity=args.severity,
                minutes=args.minutes,
                note=args.note,
                when=args.when,
                in_session=args.at is None and session_in_progress(context.store, now, starts),
            )
        except CrampInputError as exc:
            raise UsageError(str(exc)) from None
        logged = Journal.of(context).at(now).log_cramp(cramp)
        print(logged.message)
        print_guidance(logged.guidance)
        return 0

    return run_with_context(action)


def print_guidance(items: tuple[Guidance, ...] | list[Guidance]) -> None:
    for item in items:
        print()
        print(item.text)
        print(f"  From the article: {item.source}.")


# -- list -------------------------------------------------------------------------------------


def cmd_list(args: argparse.Namespace) -> int:
    def action(context: AppContext) -> int:
        import json

        from coach.cramps import cramp_json
        from coach.journal import Journal

        if args.json:
            doc = [cramp_json(c) for c in context.store.cramps()]
            print(json.dumps(doc, indent=2, ensure_ascii=False))
            return 0
        view = Journal.of(context).cramps()
        print("\n".join(diary_text(view)))
        print_guidance(view.guidance)
        return 0

    return run_with_context(action)


# -- delete -----------------------------------------------------------------------------------


def cmd_delete(args: argparse.Namespace) -> int:
    def action(context: AppContext) -> int:
        from coach.cramps import describe
        from coach.text import printable

        text = args.id.strip()
        if not text.isdigit() or not text.isascii():
            raise UsageError(
                f"`{printable(args.id)}` is not a cramp id; `coach cramp list` shows the ids"
            )
        removed = context.store.delete_cramp(int(text))
        if removed is None:
            raise UsageError(f"no cramp with id {int(text)}; `coach cramp list` shows the ids")
        print(f"Removed from your diary: {describe(removed)} (id {removed.id}).")
        return 0

    return run_with_context(action)


HEADINGS = ("ID", "AT", "MUSCLE", "SIDE", "SEVERITY", "MINUTES", "WHEN", "NOTE")


def _row(c: CrampRecord) -> tuple[str, ...]:
    return (
        str(c.id),
        f"{c.at.year:04d}-{c.at:%m-%d %H:%M}",  # %Y gives "1", not "0001", for year 1
        c.muscle,
        c.side or "-",
        "-" if c.severity is None else f"{c.severity}/10",
        "-" if c.minutes is None else f"{c.minutes:g}",
        c.when_kind,
        c.note or "",
    )


def diary_text(view: CrampView) -> list[str]:
    """The diary as a table (newest first), cramps per week, and the weekly comparison."""
    if not view.cramps:
        return ["No cramps in your diary yet. `coach cramp log --muscle calf` adds one."]
    rows = [HEADINGS, *(_row(c) for c in view.cramps)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADINGS) - 1)]
    lines = [
        (
            "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)) + "  " + row[-1]
        ).rstrip()
        for row in rows
    ]
    lines += ["", "Week of      Cramps  Routine days"]
    for week in view.series:
        mark = "" if week.complete else "  (this week, so far)"
        lines.append(f"{week.monday.isoformat():<13}{week.cramps:>6}  {week.done_days:>12}{mark}")
    lines += ["", view.comparison.sentence]
    return lines
