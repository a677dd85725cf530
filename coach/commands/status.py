"""`coach status`: one line (or JSON) about today, for status bars that poll it every few seconds.

Imported whenever the parser is built, so only argparse is imported at the top. The answer is
kept (coach.status_cache) until a file it was read from changes or it stops being true, so a
status bar's repeated question costs little more than `coach --version`.
"""

from __future__ import annotations

import argparse

from coach.commands.common import run_with_context

FORMATS = ("line", "json", "waybar")


def register(commands: argparse._SubParsersAction) -> None:
    status = commands.add_parser(
        "status",
        help="today in one line for a status bar (tmux, waybar, polybar, i3blocks)",
        description="One line of at most 60 characters about today: done, started, rest day or "
        "open, your streak and the next reminder. See docs/status.md for status-bar snippets.",
    )
    status.add_argument(
        "--json", action="store_true", help="the same as JSON (the same as --format json)"
    )
    status.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="line (the default), json, or waybar (a waybar custom-module object)",
    )
    status.set_defaults(func=cmd_status)


def cmd_status(args: argparse.Namespace) -> int:
    import time

    from coach import status_cache
    from coach.paths import folders

    form = args.format or ("json" if args.json else "line")
    where = folders()
    before = status_cache.fingerprint(where)
    kept = status_cache.cached(where, before, time.time())
    if kept is not None:
        print(kept[form])
        return 0
    found = []

    def action(context) -> int:
        from coach.journal import Journal
        from coach.reminders.zones import local_zone
        from coach.status import answers, build_status

        status = build_status(Journal.of(context), local_zone())
        found.append((status, answers(status)))
        print(found[0][1][form])
        return 0

    code = run_with_context(action)
    # Kept only if nothing changed while it was read (the app may be saving a rep right now).
    if found and status_cache.fingerprint(where) == before:
        status, texts = found[0]
        status_cache.keep(where, before, status.changes_at.timestamp(), texts)
    return code
