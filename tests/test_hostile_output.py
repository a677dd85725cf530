"""No command prints a control character raw: stored and routine text is shown, never obeyed.

The text is put where the entry checks cannot see it (straight into the database; a routine and
a config read with the control-character check switched off), as an old record or another
program could leave it. Before the fix `coach history`, `routines list/show`, the CSV export and
the rest passed clear-screen, window-title and hyperlink sequences, C1 controls and bare
carriage returns straight to the terminal.
"""

from __future__ import annotations

import copy
import json
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import yaml

from coach.adherence import day_of
from coach.cli import main
from coach.paths import app_paths
from coach.store import NewCramp, Store
from tests.hostile import CONTROL, ROUTINE, store_session, write_routine

# Any C0 control but tab and newline, DEL, any C1 control; a CR only as part of a CRLF line end.
RAW = re.compile(r"\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
ARGV_CONTROL = CONTROL.replace("\x00", "")  # argv cannot hold a NUL
SHOWN = "A\\u001b[2J"  # how the start of CONTROL reads once made harmless


def hostile_routine() -> dict:
    routine = copy.deepcopy(ROUTINE)
    routine["title"] = f"Title {CONTROL}"
    routine["notes"] = [f"Note {CONTROL}"]
    exercise = routine["exercises"][0]
    for key in ("name", "position", "instructions", "source"):
        exercise[key] = f"{key} {CONTROL}"
    exercise["phases"] = [{"cue": f"Cue {CONTROL}", "seconds": 0.1}]
    return routine


@pytest.fixture
def hostile_home(coach_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A record, a routine and a config holding control characters, behind the checks' back."""
    monkeypatch.setattr("coach.yamlfile.control_character", lambda text: None, raising=False)
    write_routine(coach_home, hostile_routine())
    config = coach_home / "config" / "config.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "profile": {"activity": "sitting", "pregnant": False},
                "reminders": [
                    {"routine": "daily-prevention", "at": "09:00"},
                    {"routine": f"gone {CONTROL}", "at": "10:00"},
                ],
            }
        )
    )
    now = datetime.now().astimezone()
    with Store.open(app_paths().database) as store:
        store_session(
            store,
            now - timedelta(hours=2),
            title=f"Session {CONTROL}",
            exercise=f"Exercise {CONTROL}",
            routine_id=f"id-{CONTROL}",
        )
        store.add_cramp(
            NewCramp(
                at=now - timedelta(hours=3),
                day=day_of(now - timedelta(hours=3)),  # the app's day, at any hour
                muscle="calf",
                when_kind="day",
                logged_at=now - timedelta(hours=3),
                note=f"Note {CONTROL}",
            )
        )
    return coach_home


def run(capfd: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse's own refusals
        code = exc.code
    out, err = capfd.readouterr()
    return code, out + err


def assert_harmless(output: str, *, crlf: bool = False) -> None:
    raw = RAW.findall(output if crlf else output.replace("\r\n", "\r"))
    assert not raw, f"raw control characters {raw!r} in:\n{output!r}"


@pytest.mark.parametrize(
    "argv",
    [
        ["history"],
        ["history", "--json"],
        ["routines", "list"],
        ["routines", "show", "daily-prevention"],
        ["routines", "show", "daily-prevention", "--json"],
        ["cramp", "list"],
        ["cramp", "list", "--json"],
        ["export", "--format", "json"],
        ["log", "yesterday"],
        ["remind", "--list"],
        ["start", "--plain"],
    ],
    ids=" ".join,
)
def test_printing_commands_show_stored_text_without_its_control_characters(
    hostile_home: Path, capfd: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    code, output = run(capfd, *argv)
    assert code == 0, output
    assert_harmless(output)
    assert SHOWN in output  # the text itself is there, written so it can be read


@pytest.mark.parametrize("form", ["line", "json", "waybar"])
def test_status_for_a_bar_is_harmless_too(
    hostile_home: Path, capfd: pytest.CaptureFixture[str], form: str
) -> None:
    code, output = run(capfd, "status", "--format", form)
    assert code == 0, output
    assert_harmless(output)
    if form != "json":  # the JSON names routines by id
        assert "Title A" in output  # the daily routine's title, its controls written out


@pytest.mark.parametrize("argv", [["export", "--format", "csv"], ["remind", "--ics", "-"]])
def test_csv_and_icalendar_keep_crlf_line_ends_and_nothing_else(
    hostile_home: Path, capfd: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    code, output = run(capfd, *argv)
    assert code == 0, output
    assert_harmless(output, crlf=True)
    assert "\r\n" in output
    if argv[0] == "export":  # the CSV writes the control out; the calendar drops it (RFC 5545)
        assert SHOWN in output


def test_json_outputs_stay_valid_and_give_back_the_stored_text(
    hostile_home: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """C1 controls are escaped as JSON escapes them, so the JSON still reads as it was."""
    _, output = run(capfd, "export", "--format", "json")
    doc = json.loads(output)
    assert doc["sessions"][0]["routine_title"] == f"Session {CONTROL}"
    assert doc["cramps"][0]["note"] == f"Note {CONTROL}"
    _, output = run(capfd, "routines", "show", "daily-prevention", "--json")
    loaded = " ".join(f"Title {CONTROL}".split())  # the loader joins lines as for any title
    assert json.loads(output)["title"] == loaded


@pytest.mark.parametrize(
    "argv",
    [
        ["start", f"no-such-{ARGV_CONTROL}"],
        ["routines", "show", f"no-such-{ARGV_CONTROL}"],
        ["log", "yesterday", f"no-such-{ARGV_CONTROL}"],
        ["cramp", "log", "--muscle", ARGV_CONTROL],
        ["cramp", "log", "--muscle", "calf", "--side", ARGV_CONTROL],
        ["rest", ARGV_CONTROL],
        [ARGV_CONTROL],
    ],
    ids=lambda argv: argv[0],
)
def test_refusals_quote_what_was_typed_harmlessly(
    coach_home: Path, capfd: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    code, output = run(capfd, *argv)
    assert code == 2, output
    assert_harmless(output)


def test_paths_under_a_hostile_folder_name(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACH_HOME", str(tmp_path / "a\x1b]0;title\x07b\x9b2J"))
    code, output = run(capfd, "paths")
    assert code == 0
    assert_harmless(output)
    assert "a\\u001b]0;title\\u0007b\\u009b2J" in output
