"""Loading routines from YAML, with errors a user can act on.

We walk the YAML node tree ourselves (composed by PyYAML's safe loader, so no Python tags can
construct anything) instead of validating a plain dict: every node keeps its line and column, so
every error can say `FILE:LINE:COLUMN: field.path: what is wrong; what is allowed`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from coach.model import SIDES, Exercise, Phase, Routine
from coach.yamlfile import InputFileError, NodeReader, Problem, compose_file, kind

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SECONDS = 600
MAX_REPS = 100
DEFAULT_SETUP_SECONDS = 10.0
DEFAULT_REST_SECONDS = 20.0

ROUTINE_KEYS = ("id", "title", "purpose", "audience", "notes", "exercises")
ROUTINE_REQUIRED = ("id", "title", "purpose", "audience", "exercises")
EXERCISE_KEYS = (
    "name",
    "position",
    "instructions",
    "reps_min",
    "reps_max",
    "setup_seconds",
    "rest_seconds",
    "phases",
    "source",
)
EXERCISE_REQUIRED = ("name", "position", "instructions", "reps_min", "reps_max", "phases", "source")
PHASE_KEYS = ("cue", "seconds", "side")
PHASE_REQUIRED = ("cue", "seconds")

RoutineProblem = Problem


class RoutineError(InputFileError):
    """A routine file that cannot be used; carries every problem found in it."""


def builtin_dir() -> Path:
    """The shipped routines: inside the installed package, or `routines/` in a source checkout."""
    packaged = Path(__file__).resolve().parent / "builtin_routines"  # importlib.resources: ~5 ms
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "routines"


def routine_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


# -- reading ---------------------------------------------------------------------------------


class _Reader(NodeReader):
    """Turns one routine file's node tree into a Routine, collecting every problem."""

    def routine(self, root: yaml.Node) -> Routine | None:
        keys = self.mapping(root, "", ROUTINE_KEYS, ROUTINE_REQUIRED)
        if keys is None:
            return None
        values: dict[str, Any] = {}
        for name in ("id", "title", "purpose", "audience"):
            if name in keys:
                values[name] = self.text(keys[name], name)
        rid = values.get("id")
        if rid is not None and not ID_PATTERN.match(rid):
            self.problem(
                keys["id"],
                "id",
                f"`{rid}` is not a valid id",
                "use lowercase letters, digits and single hyphens, e.g. `my-routine`",
            )
        notes: list[str] = []
        if "notes" in keys:
            notes_node = keys["notes"]
            if self.is_null(notes_node):
                pass
            elif not isinstance(notes_node, yaml.SequenceNode):
                self.problem(
                    notes_node,
                    "notes",
                    f"expected a list of text, found {kind(notes_node)}",
                    "write one `- note` per line",
                )
            else:
                for i, item in enumerate(notes_node.value):
                    note = self.text(item, f"notes[{i}]")
                    if note:
                        notes.append(note)
        exercises = []
        items = (
            self.sequence(keys["exercises"], "exercises", "exercises")
            if "exercises" in keys
            else None
        )
        for i, item in enumerate(items or []):
            exercise = self.exercise(item, f"exercises[{i}]")
            if exercise:
                exercises.append(exercise)
        if self.problems:
            return None
        return Routine(
            id=values["id"],
            title=values["title"],
            purpose=values["purpose"],
            audience=values["audience"],
            notes=tuple(notes),
            exercises=tuple(exercises),
            path=self.path,
        )

    def exercise(self, node: yaml.Node, fld: str) -> Exercise | None:
        before = len(self.problems)
        keys = self.mapping(node, fld, EXERCISE_KEYS, EXERCISE_REQUIRED)
        if keys is None:
            return None
        texts = {
            name: self.text(keys[name], f"{fld}.{name}")
            for name in ("name", "position", "instructions", "source")
            if name in keys
        }
        reps = {
            name: self.number(keys[name], f"{fld}.{name}", 1, MAX_REPS, integer=True)
            for name in ("reps_min", "reps_max")
            if name in keys
        }
        if reps.get("reps_min") and reps.get("reps_max") and reps["reps_min"] > reps["reps_max"]:
            self.problem(
                keys["reps_min"],
                f"{fld}.reps_min",
                f"reps_min ({reps['reps_min']}) is greater than reps_max ({reps['reps_max']})",
                "reps_min must be at most reps_max",
            )
        timing = {
            name: self.number(keys[name], f"{fld}.{name}", 0, MAX_SECONDS, integer=False)
            for name in ("setup_seconds", "rest_seconds")
            if name in keys
        }
        phases = []
        items = (
            self.sequence(keys["phases"], f"{fld}.phases", "phases") if "phases" in keys else None
        )
        for i, item in enumerate(items or []):
            where = f"{fld}.phases[{i}]"
            pkeys = self.mapping(item, where, PHASE_KEYS, PHASE_REQUIRED)
            if pkeys is None:
                continue
            cue = self.text(pkeys["cue"], f"{where}.cue") if "cue" in pkeys else None
            secs = (
                self.number(
                    pkeys["seconds"],
                    f"{where}.seconds",
                    0,
                    MAX_SECONDS,
                    integer=False,
                    low_open=True,
                )
                if "seconds" in pkeys
                else None
            )
            side = self.choice(pkeys["side"], f"{where}.side", SIDES) if "side" in pkeys else None
            if cue and secs:
                phases.append(Phase(cue=cue, seconds=float(secs), side=side))
        if len(self.problems) > before:
            return None
        return Exercise(
            name=texts["name"],
            position=texts["position"],
            instructions=texts["instructions"],
            source=texts["source"],
            reps_min=int(reps["reps_min"]),
            reps_max=int(reps["reps_max"]),
            phases=tuple(phases),
            setup_seconds=float(timing.get("setup_seconds", DEFAULT_SETUP_SECONDS)),
            rest_seconds=float(timing.get("rest_seconds", DEFAULT_REST_SECONDS)),
        )


def load_routine_file(path: Path, origin: str = "user") -> Routine:
    """Load one routine file; raise RoutineError listing every problem found in it."""
    root = compose_file(
        path, RoutineError, "a routine needs id, title, purpose, audience and exercises"
    )
    reader = _Reader(path)
    routine = reader.routine(root)
    if routine is None:
        raise RoutineError(reader.problems)
    return replace(routine, origin=origin)


# -- the catalogue ---------------------------------------------------------------------------


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


def routine_as_json(routine: Routine) -> dict[str, Any]:
    """The `routines show --json` object: the YAML keys, one spelling everywhere."""
    return {
        "id": routine.id,
        "title": routine.title,
        "purpose": routine.purpose,
        "audience": routine.audience,
        "notes": list(routine.notes),
        "estimated_seconds": routine.estimated_seconds,
        "origin": routine.origin,
        "exercises": [
            {
                "name": e.name,
                "position": e.position,
                "instructions": e.instructions,
                "reps_min": e.reps_min,
                "reps_max": e.reps_max,
                "setup_seconds": e.setup_seconds,
                "phases": [{"cue": p.cue, "seconds": p.seconds, "side": p.side} for p in e.phases],
                "rest_seconds": e.rest_seconds,
                "source": e.source,
            }
            for e in routine.exercises
        ],
    }
