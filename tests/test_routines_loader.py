"""The loader accepts good routines and names file, line, column and field for bad ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.routines import RoutineError, load_catalog, load_many, load_routine_file

GOOD = """\
id: tiny
title: Tiny
purpose: A test routine.
audience: Testers.
exercises:
  - name: Toe lift
    position: Seated.
    instructions: Lift the toes.
    reps_min: 2
    reps_max: 3
    phases:
      - {cue: Lift, seconds: 1}
      - {cue: Lower, seconds: 1.5}
    source: test
"""


def write(tmp_path: Path, text: str | bytes, name: str = "r.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(RoutineError) as info:
        load_routine_file(path)
    return [str(p) for p in info.value.problems]


def test_good_routine_loads_with_defaults(tmp_path: Path) -> None:
    routine = load_routine_file(write(tmp_path, GOOD))
    ex = routine.exercises[0]
    assert (routine.id, ex.reps_min, ex.reps_max) == ("tiny", 2, 3)
    assert [p.seconds for p in ex.phases] == [1.0, 1.5]
    assert (ex.setup_seconds, ex.rest_seconds) == (10.0, 20.0)
    # one exercise: setup 10 + 2 reps x 2.5 s, no rest after the last exercise
    assert routine.estimated_seconds == 15.0


# Ten kinds of broken file, each with the exact location and field it must name.
BROKEN = [
    (
        "unknown key",
        GOOD.replace("    reps_max: 3", "    reps_maxx: 3"),
        ":10:5: exercises[0].reps_maxx: unknown key; did you mean `reps_max`?",
    ),
    (
        "wrong type",
        GOOD.replace("reps_min: 2", "reps_min: two"),
        ":9:15: exercises[0].reps_min: expected a whole number, found text `two`",
    ),
    (
        "min above max",
        GOOD.replace("reps_min: 2", "reps_min: 5"),
        ":9:15: exercises[0].reps_min: reps_min (5) is greater than reps_max (3); ",
    ),
    (
        "zero seconds",
        GOOD.replace("seconds: 1}", "seconds: 0}"),
        ":12:30: exercises[0].phases[0].seconds: 0 is out of range; use a number above 0",
    ),
    (
        "absurd seconds",
        GOOD.replace("seconds: 1.5}", "seconds: 9000}"),
        ":13:31: exercises[0].phases[1].seconds: 9000 is out of range;",
    ),
    (
        "empty exercises",
        GOOD.split("exercises:")[0] + "exercises: []\n",
        ":5:12: exercises: the list is empty; give at least one of exercises",
    ),
    ("not yaml", GOOD.replace("title: Tiny", "title: [Tiny"), ": not valid YAML:"),
    (
        "not utf-8",
        GOOD.encode("utf-8").replace(b"Testers.", b"Test\xe9rs."),
        ":4:15: the file is not UTF-8 text; save it as UTF-8",
    ),
    ("empty file", "", ":1:1: the file is empty;"),
    (
        "missing key",
        GOOD.replace("audience: Testers.\n", ""),
        ":1:1: audience: missing required key; add `audience:`",
    ),
    (
        "python tag",
        GOOD.replace("title: Tiny", "title: !!python/object/apply:os.system ['true']"),
        ":2:8: the tag `tag:yaml.org,2002:python/object/apply:os.system` is not allowed",
    ),
    (
        "bad id",
        GOOD.replace("id: tiny", "id: My Routine"),
        ":1:5: id: `My Routine` is not a valid id; use lowercase letters",
    ),
    ("top level list", "- a\n- b\n", ":1:1: (top level): expected a mapping of keys, found a list"),
]


@pytest.mark.parametrize(("kind", "text", "expected"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_file_gives_one_precise_line(tmp_path: Path, kind: str, text, expected: str) -> None:
    path = write(tmp_path, text)
    lines = problems(path)
    assert len(lines) == 1, lines
    assert lines[0].startswith(str(path) + ":")
    assert expected in lines[0]


def test_several_problems_are_all_reported(tmp_path: Path) -> None:
    text = GOOD.replace("reps_min: 2", "reps_min: -1").replace("cue: Lower", "cue: ''")
    lines = problems(write(tmp_path, text))
    assert len(lines) == 2
    assert "reps_min" in lines[0] and "phases[1].cue" in lines[1]


def test_duplicate_ids_are_flagged_and_the_first_file_still_loads(tmp_path: Path) -> None:
    a = write(tmp_path, GOOD, "a.yaml")
    b = write(tmp_path, GOOD, "b.yaml")
    loaded, broken = load_many([a, b], "user")
    assert [r.path for r in loaded] == [a]
    assert len(broken) == 1 and broken[0][0] == b
    assert f"{b}:1:1: id: the id `tiny` is already used by {a}" in str(broken[0][1])


def test_one_broken_user_routine_never_hides_the_others(tmp_path: Path) -> None:
    write(tmp_path, GOOD, "good.yaml")
    write(tmp_path, "id: [", "bad.yaml")
    catalog = load_catalog(tmp_path)
    assert "tiny" in catalog.routines
    assert [p.name for p, _ in catalog.broken] == ["bad.yaml"]


def test_user_routine_with_builtin_id_replaces_it(tmp_path: Path) -> None:
    write(tmp_path, GOOD.replace("id: tiny", "id: daily-prevention"), "mine.yaml")
    catalog = load_catalog(tmp_path)
    routine = catalog.get("daily-prevention")
    assert routine.origin == "user" and routine.title == "Tiny"
    assert catalog.overridden == {"daily-prevention"}


def test_every_shipped_routine_is_valid() -> None:
    catalog = load_catalog(None)
    assert catalog.broken == []
    assert set(catalog.routines) == {
        "daily-prevention",
        "calf-relief",
        "first-aid",
        "evening-relaxation",
    }


def test_a_phase_may_name_the_leg_it_works(tmp_path: Path) -> None:
    text = GOOD.replace("{cue: Lift, seconds: 1}", "{cue: Lift, seconds: 1, side: left}")
    text = text.replace("{cue: Lower, seconds: 1.5}", "{cue: Lower, side: right, seconds: 1.5}")
    phases = load_routine_file(write(tmp_path, text)).exercises[0].phases
    assert [(p.cue, p.side) for p in phases] == [("Lift", "left"), ("Lower", "right")]
    assert load_routine_file(write(tmp_path, GOOD, "both.yaml")).exercises[0].phases[0].side is None


@pytest.mark.parametrize(
    ("side", "expected"),
    [
        (
            "middle",
            ":12:39: exercises[0].phases[0].side: text `middle` is not a choice here; "
            "use one of: left, right",
        ),
        (
            "Left",
            ":12:39: exercises[0].phases[0].side: text `Left` is not a choice here; "
            "did you mean `left`?",
        ),
        ("both", ":12:39: exercises[0].phases[0].side: text `both` is not a choice here;"),
        ("[left]", ":12:39: exercises[0].phases[0].side: a list is not a choice here;"),
    ],
)
def test_a_side_other_than_left_or_right_is_one_precise_line(
    tmp_path: Path, side: str, expected: str
) -> None:
    text = GOOD.replace("{cue: Lift, seconds: 1}", f"{{cue: Lift, seconds: 1, side: {side}}}")
    path = write(tmp_path, text)
    lines = problems(path)
    assert len(lines) == 1, lines
    assert lines[0].startswith(str(path) + ":") and expected in lines[0], lines[0]


def test_the_shipped_one_leg_exercises_say_which_leg() -> None:
    """Calf relief 2 (rise on one leg, then the other) and the knee lifts of daily prevention."""
    catalog = load_catalog(None)
    calf = catalog.get("calf-relief").exercises[1]
    assert [(p.cue, p.side) for p in calf.phases][:2] == [
        ("Up on your toes", "left"),
        ("Lower slowly", "left"),
    ]
    assert [p.side for p in calf.phases] == ["left"] * 3 + ["right"] * 3
    knees = catalog.get("daily-prevention").exercises[3]
    assert [p.side for p in knees.phases] == ["left", "right", None]
    both = [
        e.name
        for r in catalog
        for e in r.exercises
        if e is not calf and e is not knees and any(p.side for p in e.phases)
    ]
    assert both == []  # the rest work both legs at once, or the leg that cramped


def test_a_file_saved_again_within_one_clock_tick_is_read_as_it_is_now(tmp_path: Path) -> None:
    """Parsed routines are kept by their bytes: an edit that keeps the size and the modification
    time (an editor saving twice within one tick of the file system's clock) is still seen, and
    so is an edit that breaks the file."""
    import os

    path = write(tmp_path, GOOD)
    first = load_routine_file(path)
    stamp = path.stat().st_mtime_ns
    write(tmp_path, GOOD.replace("title: Tiny", "title: Tony"))
    os.utime(path, ns=(stamp, stamp))
    assert load_routine_file(path).title == "Tony"
    write(tmp_path, GOOD.replace("    reps_max: 3", "    reps_maxx: 3"))
    os.utime(path, ns=(stamp, stamp))
    assert problems(path) == [
        f"{path}:10:5: exercises[0].reps_maxx: unknown key; did you mean `reps_max`?"
    ]
    write(tmp_path, GOOD)
    assert load_routine_file(path) == first


def test_an_unchanged_file_is_not_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reminder service reads the catalogue at every reminder: unchanged files cost a read."""
    import coach.routines.reader as reader

    path = write(tmp_path, GOOD)
    first = load_routine_file(path, "user")
    assert load_routine_file(path, "built-in").origin == "built-in"  # not the user's copy
    monkeypatch.setattr(reader, "compose_file", lambda *args, **kwargs: pytest.fail("parsed"))
    assert load_routine_file(path, "user") is first


def test_a_file_just_loaded_stays_kept_when_many_others_were_loaded_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The keeper holds the newest files: loading the 65th must not drop the one just loaded (it
    once emptied itself when full, just after keeping the newest, in a process that had loaded
    64 routines before: a test process)."""
    import coach.routines.reader as reader

    paths = [
        write(tmp_path, GOOD.replace("id: tiny", f"id: tiny-{n}"), f"r{n}.yaml") for n in range(70)
    ]
    loaded = [load_routine_file(path) for path in paths]
    monkeypatch.setattr(reader, "compose_file", lambda *args, **kwargs: pytest.fail("parsed"))
    assert [load_routine_file(path) for path in paths[-reader._PARSED_KEPT :]] == loaded[-64:]
    assert len(reader._PARSED) == reader._PARSED_KEPT
