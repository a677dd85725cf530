"""`coach paths`: where coach keeps its config, routines, data and logs."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse


def register(commands: argparse._SubParsersAction) -> None:
    paths = commands.add_parser(
        "paths", help="where coach keeps its config, routines, data and logs"
    )
    paths.add_argument("--json", action="store_true", help="print them as JSON")
    paths.set_defaults(func=cmd_paths)


def cmd_paths(args: argparse.Namespace) -> int:
    from coach.paths import app_paths

    paths = app_paths().as_dict()
    if args.json:
        print(json.dumps(paths, indent=2))
    else:
        for key, value in paths.items():
            print(f"{key + ':':10} {value}")
    return 0
