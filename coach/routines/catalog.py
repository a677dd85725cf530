"""The catalogue: every routine the app can offer (built-in and the user's), and what went wrong
finding them. One broken file never hides the others.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from coach.model import Routine
from coach.routines.reader import RoutineError, RoutineProblem, load_routine_file


def builtin_dir() -> Path:
    """The shipped routines: inside the installed package, or `routines/` in a source checkout."""
    packaged = (
        Path(__file__).resolve().parents[1] / "builtin_routines"
    )  # importlib.resources: ~5 ms
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "routines"


def routine_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


@dataclass
class Catalog:
    """Every routine the app can offer, plus what went wrong finding them."""

    routines: dict[str, Routine] = field(default_factory=dict)
    overridden: set[str] = field(default_factory=set)
    broken: list[tuple[Path, RoutineError]] = field(default_factory=list)

    def get(self, routine_id: str) -> Routine | None:
        return self.routines.get(routine_id)

    def __iter__(self) -> Iterator[Routine]:
        return iter(self.routines.values())


def load_many(
    paths: Iterable[Path], origin: str
) -> tuple[list[Routine], list[tuple[Path, RoutineError]]]:
    """Load files independently (one broken file never hides the others) and flag duplicate ids."""
    loaded: list[Routine] = []
    broken: list[tuple[Path, RoutineError]] = []
    first_seen: dict[str, Path] = {}
    for path in paths:
        try:
            routine = load_routine_file(path, origin)
        except RoutineError as exc:
            broken.append((path, exc))
            continue
        rid = routine.id
        if rid in first_seen:
            line = _id_line(path)
            broken.append(
                (
                    path,
                    RoutineError(
                        [
                            RoutineProblem(
                                path,
                                line,
                                1,
                                "id",
                                f"the id `{routine.id}` is already used by {first_seen[rid]}",
                                "give each routine its own id",
                            )
                        ]
                    ),
                )
            )
            continue
        first_seen[routine.id] = path
        loaded.append(routine)
    return loaded, broken


def _id_line(path: Path) -> int:
    try:
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            if line.startswith("id:"):
                return number
    except (OSError, UnicodeDecodeError):
        pass
    return 1


def load_catalog(user_dir: Path | None) -> Catalog:
    catalog = Catalog()
    builtins, broken = load_many(routine_files(builtin_dir()), "built-in")
    catalog.broken.extend(broken)
    for routine in builtins:
        catalog.routines[routine.id] = routine
    if user_dir is not None:
        users, broken = load_many(routine_files(user_dir), "user")
        catalog.broken.extend(broken)
        for routine in users:
            if routine.id in catalog.routines:
                catalog.overridden.add(routine.id)
            catalog.routines[routine.id] = routine
    return catalog
