"""Routines: reading one file (reader), the catalogue of them all (catalog), and which one a
user means (lookup). Everything is importable from `coach.routines`."""

from coach.routines.catalog import Catalog, builtin_dir, load_catalog, load_many, routine_files
from coach.routines.lookup import UnknownRoutine, find_routine
from coach.routines.reader import (
    RoutineError,
    RoutineProblem,
    load_routine_file,
    routine_as_json,
)

__all__ = [
    "Catalog",
    "RoutineError",
    "RoutineProblem",
    "UnknownRoutine",
    "builtin_dir",
    "find_routine",
    "load_catalog",
    "load_many",
    "load_routine_file",
    "routine_as_json",
    "routine_files",
]
