"""Reading one routine file, with errors a user can act on.

We walk the YAML node tree ourselves (composed by PyYAML's safe loader, so no Python tags can
construct anything) instead of validating a plain dict: every node keeps its line and column, so
every error can say `FILE:LINE:COLUMN: field.path: what is wrong; what is allowed`.
"""

from __future__ import annotations

import re
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from coach.model import SIDES, Exercise, Phase, Routine
from coach.yamlfile import InputFileError, NodeReader, Problem, compose_file, kind, read_file

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
        low, high = reps.get("reps_min"), reps.get("reps_max")
        if low and high and low > high:
            self.problem(
                keys["reps_min"],
                f"{fld}.reps_min",
                f"reps_min ({low}) is greater than reps_max ({high})",
                "reps_min must be at most reps_max",
            )
        timing: dict[str, float] = {}
        for key in ("setup_seconds", "rest_seconds"):
            if key in keys:
                seconds = self.number(keys[key], f"{fld}.{key}", 0, MAX_SECONDS, integer=False)
                if seconds is not None:  # else a problem is said, and no exercise made
                    timing[key] = float(seconds)
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
        name, position = texts.get("name"), texts.get("position")
        instructions, source = texts.get("instructions"), texts.get("source")
        if (
            len(self.problems) > before
            # each of these is missing only with a problem said, so this is for the type checker
            or name is None
            or position is None
            or instructions is None
            or source is None
            or low is None
            or high is None
        ):
            return None
        return Exercise(
            name=name,
            position=position,
            instructions=instructions,
            source=source,
            reps_min=int(low),
            reps_max=int(high),
            phases=tuple(phases),
            setup_seconds=timing.get("setup_seconds", DEFAULT_SETUP_SECONDS),
            rest_seconds=timing.get("rest_seconds", DEFAULT_REST_SECONDS),
        )


def load_routine_file(path: Path, origin: str = "user") -> Routine:
    """Load one routine file; raise RoutineError listing every problem found in it.

    A file whose bytes are the same as when it was last loaded here gives the same Routine
    without being parsed again (~1.5 ms each): the reminder service reads the catalogue at
    every reminder, and a process that runs many commands (the tests) once per command. The
    bytes decide, not the modification time: an editor can save twice within one tick of the
    file system's clock."""
    raw = read_file(path, RoutineError)
    key = (path, origin)
    kept = _PARSED.get(key)
    if kept is not None and kept[0] == raw:
        return kept[1]
    routine = _parse_routine(path, raw, origin)
    with _PARSED_LOCK:  # routines can be loaded from more than one thread at once
        _PARSED.pop(key, None)
        _PARSED[key] = (raw, routine)
        while len(_PARSED) > _PARSED_KEPT:  # the oldest go first
            del _PARSED[next(iter(_PARSED))]
    return routine


# What load_routine_file parsed last, by (path, origin): the file's bytes and its Routine (frozen,
# so it can be handed out again). The 64 newest: more files than a user's catalogue holds.
_PARSED: dict[tuple[Path, str], tuple[bytes, Routine]] = {}
_PARSED_KEPT = 64
_PARSED_LOCK = threading.Lock()


def _parse_routine(path: Path, raw: bytes, origin: str) -> Routine:
    hint = "a routine needs id, title, purpose, audience and exercises"
    root = compose_file(path, RoutineError, hint, raw=raw)
    if root is None:  # compose_file refuses an empty file itself when given a hint, as here
        raise RoutineError([Problem(path, 1, 1, "", "the file is empty", hint)])
    reader = _Reader(path)
    routine = reader.routine(root)
    if routine is None:
        raise RoutineError(reader.problems)
    return replace(routine, origin=origin)


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
