"""What every command shares: the usage error and opening the app's files with clear errors.

Kept free of heavy imports: command modules are imported when the parser is built.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

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
    from coach.config import ConfigError
    from coach.context import open_context
    from coach.store import StoreError

    try:
        context = open_context()
    except ConfigError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        raise UsageError("fix config.yaml as shown above, then try again") from None
    except StoreError as exc:
        print(f"coach: {exc}", file=sys.stderr)
        raise SystemExit(1) from None
    for notice in context.notices:  # e.g. a damaged data file set aside: say so, then go on
        print(f"coach: {notice}", file=sys.stderr)
    return context


def run_with_context(action: Callable[[AppContext], int]) -> int:
    """Open the context, run `action(context)`, and word a store failure instead of a traceback."""
    from coach.store import DateRefused, StoreError

    context = open_context_or_exit()
    try:
        return action(context)
    except DateRefused as exc:  # a date outside any real life: the input's fault, not the disk's
        print(f"coach: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except StoreError as exc:
        print(f"coach: {exc}", file=sys.stderr)
        return EXIT_STORE
    finally:
        context.close()
