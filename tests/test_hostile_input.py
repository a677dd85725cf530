"""Control characters are refused where text enters: routine files, config.yaml and imports.

One line names the file, the place and the field, the command exits 2 and nothing is stored.
Before, an escape in a routine title or an imported session passed every check and reached the
terminal from `coach history` or `routines list`. Line breaks and tabs are text, and stay so.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.cli import main
from coach.config import ConfigError, load_config
from coach.paths import app_paths
from coach.routines import RoutineError, load_routine_file
from coach.store import Store
from tests.test_routines_loader import GOOD

# A YAML double-quoted string writes each of these as an escape: the file itself is clean text.
ESCAPES = {
    "\\e": "\\u001b",
    "\\x9b": "\\u009b",
    "\\r": "\\u000d",
    "\\0": "\\u0000",
    "\\a": "\\u0007",
}


@pytest.mark.parametrize(("written", "shown"), ESCAPES.items())
def test_routine_text_with_a_control_character_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], written: str, shown: str
) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(GOOD.replace("title: Tiny", f'title: "Tiny{written}[2J"'), encoding="utf-8")
    assert main(["routines", "validate", str(path)]) == 2
    out = capsys.readouterr().out
    assert out == (
        f"{path}:2:8: title: the text holds a control character ({shown}); remove it; text may "
        "hold line breaks and tabs, no other control characters\n"
    )


def test_every_text_field_of_a_routine_is_checked(tmp_path: Path) -> None:
    text = GOOD.replace("Toe lift", '"Toe\\e lift"').replace("{cue: Lift,", '{cue: "Li\\x85ft",')
    path = tmp_path / "r.yaml"
    path.write_text(text.replace("Testers.", '"Test\\x7fers"'), encoding="utf-8")
    with pytest.raises(RoutineError) as info:
        load_routine_file(path)
    fields = [p.field for p in info.value.problems]
    assert fields == ["audience", "exercises[0].name", "exercises[0].phases[0].cue"]


def test_line_breaks_and_tabs_are_text(tmp_path: Path) -> None:
    text = GOOD.replace(
        "    instructions: Lift the toes.",
        "    instructions: |\n      Lift the toes.\n      Then\tlower them.",
    )
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_routine_file(path).exercises[0].instructions == "Lift the toes.\nThen\tlower them."


def test_a_config_routine_id_with_an_escape_is_refused(
    coach_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = app_paths().config_file
    config.parent.mkdir(parents=True)
    config.write_text('reminders:\n  - {routine: "daily\\e]0;x\\a", at: "09:00"}\n')
    with pytest.raises(ConfigError) as info:
        load_config(config)
    (problem,) = info.value.problems
    assert (problem.line, problem.field) == (2, "reminders[0].routine")
    assert main(["history"]) == 2
    err = capsys.readouterr().err
    assert "reminders[0].routine: the text holds a control character (\\u001b)" in err
    assert "\x1b" not in err


def export_with(title: str, name: str = "Calf raise") -> dict:
    start, end = "2026-11-20T21:00:00+01:00", "2026-11-20T21:05:00+01:00"
    session = {
        "routine_id": "daily-prevention",
        "routine_title": title,
        "day": "2026-11-20",
        "started_at": start,
        "ended_at": end,
        "status": "completed",
        "planned_seconds": 300,
        "active_seconds": 300,
        "paused_seconds": 0,
        "targets": [1],
        "entered_by_hand": False,
        "exercises": [
            {
                "idx": 0,
                "name": name,
                "reps_done": 1,
                "target": 1,
                "skipped": False,
                "started_at": start,
                "ended_at": end,
            }
        ],
        "reps": [],
    }
    return {"format": "coach-export", "version": 1, "sessions": [session], "rest_days": []}


def test_an_import_with_control_characters_is_refused_and_changes_nothing(
    coach_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "other.json"
    path.write_text(json.dumps(export_with("Daily\x1b[2J", name="Calf\u009b31m raise")))
    assert main(["import", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.splitlines()[:2] == [
        f"{path}: sessions[0].routine_title: the text holds a control character (\\u001b); "
        "text may hold line breaks and tabs, no other control characters",
        f"{path}: sessions[0].exercises[0].name: the text holds a control character (\\u009b); "
        "text may hold line breaks and tabs, no other control characters",
    ]
    with Store.open(app_paths().database) as store:
        assert store.all_sessions() == []


def test_an_import_keeps_brackets_emoji_and_line_breaks(
    coach_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    title = "Daily [/b] [@click=app.quit]x[/] 😀 漢字\n\tעברית"
    path = tmp_path / "other.json"
    path.write_text(json.dumps(export_with(title)))
    assert main(["import", str(path)]) == 0
    with Store.open(app_paths().database) as store:
        assert [s.routine_title for s in store.all_sessions()] == [title]


@given(st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30))
def test_text_the_loader_accepts_is_kept_and_prints_as_written(tmp_path_factory, text) -> None:
    """Any title the loader takes comes back as written (the loader may join its lines), and
    one that holds a control character is refused, never loaded."""
    from coach.text import for_terminal

    path = tmp_path_factory.mktemp("r") / "r.yaml"
    quoted = "".join(c if c.isprintable() and c not in '"\\' else f"\\U{ord(c):08x}" for c in text)
    path.write_text(GOOD.replace("title: Tiny", f'title: "{quoted}"'), encoding="utf-8")
    controls = [c for c in text if c not in "\n\t" and (ord(c) < 32 or 0x7F <= ord(c) <= 0x9F)]
    try:
        routine = load_routine_file(path)
    except RoutineError as exc:
        assert controls or not text.strip(), exc
        return
    assert not controls
    assert routine.title.split() == text.split()  # every word as written; only spacing may change
    assert for_terminal(routine.title) == routine.title
