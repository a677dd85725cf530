"""Running the app in a terminal: the signals that end it, and the exit status for the shell."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coach.ui.app import CoachApp


# How long an ending by signal may take before the process ends without the app's help.
SIGNAL_GRACE_SECONDS = 5.0


def exit_on_signals(app: CoachApp) -> None:
    """SIGTERM, SIGHUP and SIGINT (`kill -INT`; ctrl+c is a key here) end the app through
    Textual, which puts the terminal back (main screen, no mouse tracking, cooked mode);
    Python's default for SIGTERM would leave it in the app's modes.

    The handlers are Python's own (`signal.signal`), not the event loop's: when nobody reads
    the terminal any more (its window was closed, tmux was killed), Textual's output thread
    blocks on the full terminal, the loop blocks behind it, and a handler that waits for the
    loop never runs: coach would live on without a terminal. A Python handler runs even then.
    It asks the loop to end the app, and gives it SIGNAL_GRACE_SECONDS; after that the process
    ends at once. Nothing is lost that way: every saved step is already on disk (SQLite, WAL),
    exactly as after a SIGKILL.
    """
    import asyncio
    import contextlib
    import signal

    loop = asyncio.get_running_loop()

    def ended_by(signum: int, _frame: object) -> None:
        code = 128 + signum
        _end_soon_regardless(code)
        with contextlib.suppress(RuntimeError):  # the loop already closed: the timer ends it
            loop.call_soon_threadsafe(app.exit, None, code)

    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        with contextlib.suppress(ValueError, OSError):
            signal.signal(sig, ended_by)


def _end_soon_regardless(code: int) -> None:
    """A daemon timer that ends the process with `code` if it is still running by then."""
    import os
    import threading

    timer = threading.Timer(SIGNAL_GRACE_SECONDS, os._exit, (code,))
    timer.daemon = True  # a normal exit does not wait for it
    timer.start()


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
