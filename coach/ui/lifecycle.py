"""Running the app in a terminal: the signals that end it, and the exit status for the shell."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coach.ui.app import CoachApp


def exit_on_signals(app: CoachApp) -> None:
    """SIGTERM, SIGHUP and SIGINT (`kill -INT`; ctrl+c is a key here) end the app through
    Textual, which puts the terminal back (main screen, no mouse tracking, cooked mode);
    Python's default for SIGTERM would leave it in the app's modes."""
    import asyncio
    import contextlib
    import signal

    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(sig, app.exit, None, 128 + sig)


def run_app(app: CoachApp) -> int:
    """Run the app in this terminal until it ends; the exit status for the shell.

    0 when the user quits, 128+N after signal N (SIGTERM: 143), and 70 after an unexpected
    error, with one line on stderr saying where its traceback was written.
    """
    from coach.crash import EXIT_CRASH, crash_line

    app.exit_on_signals = True
    app.run()
    if app.crash is not None:
        print(crash_line(*app.crash), file=sys.stderr)
        return EXIT_CRASH
    return app.return_code or 0
