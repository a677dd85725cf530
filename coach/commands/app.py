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
    """Home is painted first and the record opened after (coach.ui.startup): what goes wrong
    while opening is worded here, once the terminal is back, as for every other command."""
    from coach.commands.common import opening_failed, print_notices, store_failed
    from coach.paths import app_paths
    from coach.ui.app import CoachApp, run_app
    from coach.ui.startup import theme_hint

    paths = app_paths()

    def opener() -> AppContext:
        from coach.context import open_context

        return open_context(paths)

    app = CoachApp(opener=opener, theme=theme_hint(paths.config_file))
    try:
        status = run_app(app)
    except Exception as exc:  # noqa: BLE001 - a store failure in one line; others raised again
        status = store_failed(exc)
    finally:
        if app.record_open:
            app.context.close()
    if app.open_error is not None:
        opening_failed(app.open_error)
    if app.record_open:  # also shown in the app; kept on the terminal after it
        print_notices(app.context)
    return status
