"""Which routine a user means: an id from the catalogue, or a path to a routine file."""

from __future__ import annotations

import os
from pathlib import Path

from coach.model import Routine
from coach.routines.catalog import Catalog
from coach.routines.reader import load_routine_file


class UnknownRoutine(LookupError):
    """No routine by that name; the message says what to do."""


def find_routine(catalog: Catalog, name: str | None, daily_routine: str) -> Routine:
    """The routine `name` means, or the daily routine when it is None.

    An id wins unless `name` looks like a path: a folder `daily-prevention` in the current
    directory must not shadow the routine of that name. Raises UnknownRoutine, or RoutineError
    (every problem of the file) for a file that is not a usable routine.
    """
    if name is None:
        routine = catalog.get(daily_routine)
        if routine is None:
            raise UnknownRoutine(
                "your daily routine is missing; `coach routines list` shows the ids"
            )
        return routine
    path = Path(name)
    looks_like_path = path.suffix in (".yaml", ".yml") or "/" in name or os.sep in name
    if looks_like_path or (catalog.get(name) is None and path.is_file()):
        return load_routine_file(path)
    routine = catalog.get(name)
    if routine is None:
        raise UnknownRoutine(f"no routine with id `{name}`; `coach routines list` shows the ids")
    return routine
