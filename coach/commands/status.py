"""`coach status`: one line (or JSON) about today, for status bars that poll it every few seconds.

Imported whenever the parser is built, so only argparse is imported at the top.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from coach.commands.common import run_with_context

if TYPE_CHECKING:
    from coach.context import AppContext

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
    form = args.format or ("json" if args.json else "line")

    def action(context: AppContext) -> int:
        import json

        from coach.reminders.schedule import local_zone
        from coach.status import build_status, status_json, status_line, waybar_json

        status = build_status(
            context.store, context.catalog, context.config, context.wall_now(), local_zone()
        )
        if form == "line":
            print(status_line(status))
        elif form == "json":
            print(json.dumps(status_json(status), ensure_ascii=False))
        else:
            print(json.dumps(waybar_json(status), ensure_ascii=False))
        return 0

    return run_with_context(action)
