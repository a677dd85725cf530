"""When coach itself fails: the traceback goes to a log file, the user gets one calm line.

An error nobody expected is coach's fault, not the user's: it must not look like success
(exit status 70, EX_SOFTWARE in sysexits.h), must not bury the terminal under a traceback, and
must leave enough behind to fix it: the whole traceback, appended to `coach.log` in the state
folder (`coach paths` shows it).
"""

from __future__ import annotations

import os
import sys
import traceback
from datetime import datetime
from pathlib import Path

from coach import __version__
from coach.text import printable

EXIT_CRASH = 70


def write_crash_log(path: Path, error: BaseException) -> Path | None:
    """Append `error`'s traceback to `path`; the path, or None if it could not be written."""
    from coach.files import append_log

    stamp = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S %Z")
    head = (
        f"==== {stamp}  coach {__version__}  Python {sys.version.split()[0]}  pid {os.getpid()}\n"
        f"command: {' '.join(sys.argv)}\n"
    )
    body = "".join(traceback.format_exception(error))
    try:
        append_log(path, head + body + "\n")
    except OSError:
        return None
    return path


def crash_line(error: BaseException, log: Path | None) -> str:
    """The one line the user sees: what happened, and where the details are."""
    what = f"coach stopped after an unexpected error ({type(error).__name__})"
    if log is None:
        return f"{what}; its details could not be written to a log file (see above)."
    return f"{what}. The details are in {printable(str(log))}"


def report_crash(error: BaseException, log_file: Path | None) -> int:
    """Log `error`, say so on stderr in one line (the traceback too if no log could be written),
    and return the exit status for it."""
    log = write_crash_log(log_file, error) if log_file is not None else None
    if log is None:
        traceback.print_exception(error, file=sys.stderr)
    print(crash_line(error, log), file=sys.stderr)
    return EXIT_CRASH
