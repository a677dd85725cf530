"""`coach routines list | show | validate`: the routines, built-in and yours."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

from coach.commands.common import EXIT_USAGE, UsageError

if TYPE_CHECKING:
    import argparse

    from coach.model import Phase
    from coach.routines import Catalog


def register(commands: argparse._SubParsersAction) -> None:
    routines = commands.add_parser("routines", help="list, show and check routines")
    actions = routines.add_subparsers(dest="routines_command", metavar="ACTION", required=True)
    listing = actions.add_parser(
        "list", help="every routine: id, title, exercises, minutes, where it came from"
    )
    listing.set_defaults(func=cmd_routines_list)
    show = actions.add_parser("show", help="one routine in full")
    show.add_argument("id", help="the routine's id (see `coach routines list`)")
    show.add_argument("--json", action="store_true", help="print it as JSON")
    show.set_defaults(func=cmd_routines_show)
    validate = actions.add_parser("validate", help="check routine files; exit 2 if any is invalid")
    validate.add_argument("paths", nargs="+", metavar="PATH", help="YAML routine files")
    validate.set_defaults(func=cmd_routines_validate)


def _catalog() -> Catalog:
    from coach.paths import app_paths
    from coach.routines import load_catalog

    return load_catalog(app_paths().routines)


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:.0f} min" if seconds >= 90 else f"{seconds:.0f} s"


def cmd_routines_list(args: argparse.Namespace) -> int:
    catalog = _catalog()
    rows = [("ID", "TITLE", "EXERCISES", "TIME", "FROM")]
    for r in catalog:
        where = "built-in"
        if r.origin == "user":
            where = (
                f"yours, replaces built-in ({r.path})"
                if r.id in catalog.overridden
                else f"yours ({r.path})"
            )
        rows.append((r.id, r.title, str(len(r.exercises)), _minutes(r.estimated_seconds), where))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        cells = (cell.ljust(w) for cell, w in zip(row[:4], widths, strict=True))
        print("  ".join(cells) + "  " + row[4])
    for path, error in catalog.broken:
        print(f"\nNot loaded: {path}", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
    return 0


def cmd_routines_show(args: argparse.Namespace) -> int:
    from coach.routines import routine_as_json
    from coach.wording import plural

    routine = _catalog().get(args.id)
    if routine is None:
        raise UsageError(f"no routine with id `{args.id}`; `coach routines list` shows the ids")
    if args.json:
        print(json.dumps(routine_as_json(routine), indent=2, ensure_ascii=False))
        return 0
    about = _minutes(routine.estimated_seconds)
    print(f"{routine.title}  ({routine.id}, {routine.origin}, about {about})")
    print(f"\n{routine.purpose}\nFor: {routine.audience}")
    for n, e in enumerate(routine.exercises, start=1):
        phases = " → ".join(_phase_text(p) for p in e.phases)
        reps = f"{e.reps_min}-{e.reps_max} reps"
        if e.reps_min == e.reps_max:
            reps = plural(e.reps_min, "rep")
        print(f"\n{n}. {e.name}  ({reps})")
        print(f"   Position: {e.position}")
        print(f"   {e.instructions}")
        print(f"   One rep: {phases}")
        print(f"   Source: {e.source}")
    if routine.notes:
        print("\nNotes:")
        for note in routine.notes:
            print(f"  - {note}")
    return 0


def _phase_text(phase: Phase) -> str:
    """One phase for `routines show`: the cue whole (commas and all), then side and time in
    brackets, so `Spread, pull back, hold (6 s)` cannot be misread as three steps."""
    from coach.model import side_words
    from coach.wording import span

    details = [side_words(phase.side)] if phase.side else []
    return f"{phase.cue} ({', '.join([*details, span(phase.seconds)])})"


def cmd_routines_validate(args: argparse.Namespace) -> int:
    from pathlib import Path

    from coach.routines import load_many

    paths = [Path(p) for p in args.paths]
    loaded, broken = load_many(paths, "user")
    for _path, error in broken:
        for problem in error.problems:
            print(problem)
    for routine in loaded:
        count = len(routine.exercises)
        print(f"{routine.path}: ok ({routine.id}, {count} exercise{'' if count == 1 else 's'})")
    return EXIT_USAGE if broken else 0
