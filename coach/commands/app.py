"""`coach` with no command: the app.

Imported on every run of `coach`, before anything else, so it imports nothing at the top: the
app's start-up time is a feature.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse
    from types import SimpleNamespace

    from coach.context import AppContext


def register(parser: argparse.ArgumentParser) -> None:
    """The app is what runs when no command is given."""
    parser.set_defaults(func=cmd_app)


def cmd_app(args: argparse.Namespace | SimpleNamespace) -> int:
    from coach.commands.common import run_with_context

    def action(context: AppContext) -> int:
        from coach.ui.app import CoachApp, run_app

        return run_app(CoachApp(context))

    return run_with_context(action)
