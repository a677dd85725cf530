"""What every command shares: the usage error and opening the app's files with clear errors.

Kept free of heavy imports: command modules are imported when the parser is built.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from coach.context import AppContext

EXIT_USAGE = 2
EXIT_STORE = 1  # the data folder failed us (full, read-only, damaged): not the user's input


class UsageError(Exception):
    """Bad input from the user: printed as one line, exit code 2, never a traceback."""


def open_context_or_exit() -> AppContext:
    """Open config, routines and the store, turning their errors into exit codes.

    What happened on the way (`context.notices`) is printed to stderr, one line each.
    """
    from coach.context import open_context

    try:
        context = open_context()
    except Exception as exc:  # noqa: BLE001 - worded, or raised again as it was
        opening_failed(exc)
    print_notices(context)
    return context


def opening_failed(exc: Exception) -> NoReturn:
    """A mistake in config.yaml: its lines, then exit 2; a store that failed: one line, exit 1;
    anything else (a folder that cannot be made) goes on up as it was."""
    from coach.config import ConfigError
    from coach.store import StoreError

    if isinstance(exc, ConfigError):
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        raise UsageError("fix config.yaml as shown above, then try again") from None
    if isinstance(exc, StoreError):
        print(f"coach: {exc}", file=sys.stderr)
        raise SystemExit(1) from None
    raise exc


def print_notices(context: AppContext) -> None:
    for notice in context.notices:  # e.g. a damaged data file set aside: say so, then go on
        print(f"coach: {notice}", file=sys.stderr)


def run_with_context(action: Callable[[AppContext], int]) -> int:
    """Open the context, run `action(context)`, and word a store failure instead of a traceback."""
    context = open_context_or_exit()
    try:
        return action(context)
    except Exception as exc:  # noqa: BLE001 - worded, or raised again as it was
        return store_failed(exc)
    finally:
        context.close()


def store_failed(exc: Exception) -> int:
    """One line and the exit status for a failure of the store; anything else is raised again."""
    from coach.store import DateRefused, StoreError

    if isinstance(exc, DateRefused):  # a date outside any real life: the input's fault
        print(f"coach: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if isinstance(exc, StoreError):
        print(f"coach: {exc}", file=sys.stderr)
        return EXIT_STORE
    raise exc
