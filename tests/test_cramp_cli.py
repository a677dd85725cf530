"""`coach cramp` as a user meets it: exit codes, output, and never a traceback.

The commands run in-process (tests/cli.py) on the real clock in Europe/Berlin, so times typed
here are either well in the past (2025) or well in the future (2999); "now" is only used where
any moment will do.
"""

from __future__ import annotations

import json
import re
import sys
import types
from pathlib import Path

import pytest

from coach.cli import main
from tests.cli import Ran, run_coach


def coach(*args: str, home: Path) -> Ran:
    done = run_coach(*args, home=home, tz="Europe/Berlin")
    assert "Traceback" not in done.stderr, done.stderr
    return done


def diary(home: Path) -> list[dict]:
    out = coach("cramp", "list", "--json", home=home)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_help_lists_cramp_and_its_actions(coach_home: Path) -> None:
    assert "cramp" in coach("--help", home=coach_home).stdout
    text = coach("cramp", "--help", home=coach_home).stdout
    assert "log" in text and "list" in text


def test_log_then_list_as_json(coach_home: Path) -> None:
    out = coach(
        "cramp", "log", "--muscle", "calf", "--side", "left", "--severity", "6",
        "--at", "2025-11-20 03:10", "--minutes", "2", "--note", "woke up", home=coach_home,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0] == (
        "Logged a calf cramp (left, severity 6/10, 2 minutes) at 03:10 on Thu 20 Nov 2025, "
        "at night."
    )
    coach("cramp", "log", "--muscle", "toes", "--at", "2025-11-21T15:00", home=coach_home)
    newest, oldest = diary(coach_home)
    assert oldest == {
        "id": oldest["id"],
        "at": "2025-11-20T03:10:00+01:00",
        "day": "2025-11-19",
        "muscle": "calf",
        "side": "left",
        "severity": 6,
        "when": "night",
        "minutes": 2,
        "note": "woke up",
        "logged_at": oldest["logged_at"],
    }
    assert (newest["muscle"], newest["when"], newest["at"]) == (
        "foot",
        "day",
        "2025-11-21T15:00:00+01:00",
    )


def test_list_as_text_is_a_table_then_the_weeks(coach_home: Path) -> None:
    empty = coach("cramp", "list", home=coach_home)
    assert empty.returncode == 0
    assert empty.stdout.startswith("No cramps in your diary yet.")
    coach("cramp", "log", "--muscle", "back-thigh", "--at", "2025-06-01 14:05", home=coach_home)
    lines = coach("cramp", "list", home=coach_home).stdout.splitlines()
    assert lines[0].split() == ["ID", "AT", "MUSCLE", "SIDE", "SEVERITY", "MINUTES", "WHEN", "NOTE"]
    assert lines[1].split() == ["1", "2025-06-01", "14:05", "back-thigh", "-", "-", "-", "day"]
    assert "Week of      Cramps  Routine days" in lines
    # One cramp, long ago, and no routine since: nothing to compare, and it says so.
    assert re.fullmatch(
        r"None of the \d+ weeks of your diary had 5 or more routine days \(0\.\d cramps a week "
        r"on average\), so there is nothing to compare with yet\.",
        lines[-1],
    )


def test_summer_and_winter_times_get_their_own_offsets(coach_home: Path) -> None:
    coach("cramp", "log", "--muscle", "calf", "--at", "2025-07-01T03:10", home=coach_home)
    coach("cramp", "log", "--muscle", "calf", "--at", "2025-01-10 03:10", home=coach_home)
    assert [c["at"] for c in diary(coach_home)] == [
        "2025-07-01T03:10:00+02:00",
        "2025-01-10T03:10:00+01:00",
    ]


def test_a_long_cramp_now_prints_the_doctor_guidance(coach_home: Path) -> None:
    out = coach("cramp", "log", "--muscle", "calf", "--minutes", "12", home=coach_home)
    assert out.returncode == 0, out.stderr
    assert "lasted 12 minutes" in out.stdout and "see a doctor" in out.stdout
    assert "From the article:" in out.stdout


def test_the_pregnancy_note_follows_every_log(coach_home: Path) -> None:
    config = coach_home / "config" / "config.yaml"
    config.parent.mkdir(parents=True)
    config.write_text("profile:\n  activity: sitting\n  pregnant: true\n")
    out = coach("cramp", "log", "--muscle", "foot", "--at", "2025-05-05 22:30", home=coach_home)
    assert out.returncode == 0, out.stderr
    assert "high blood pressure" in out.stdout and "severe swelling" in out.stdout
    assert "call emergency services or go to hospital now" in out.stdout  # a fit is urgent


def test_the_same_cramp_twice_is_stored_once(coach_home: Path) -> None:
    args = ("cramp", "log", "--muscle", "calf", "--at", "2025-11-20 03:10")
    coach(*args, home=coach_home)
    again = coach(*args, home=coach_home)
    assert again.returncode == 0
    assert again.stdout.strip() == (
        "A calf cramp at 03:10 on Thu 20 Nov 2025 is already in your diary; nothing changed."
    )
    assert len(diary(coach_home)) == 1


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--muscle", "calf", "--severity", "11"), "severity must be a whole number from 1"),
        (("--muscle", "calff"), "did you mean `calf`?"),
        (("--muscle", "calf", "--at", "2999-01-01 03:00"), "is in the future"),
        (("--muscle", "calf", "--minutes", "0"), "minutes must be more than 0"),
        (("--muscle", "calf", "--at", "last night"), "the time must look like"),
        (("--muscle", "calf", "--side", "up"), "side must be left, right or both"),
        (("--muscle", "calf", "--when", "dawn"), "when must be night, day or exercise"),
    ],
)
def test_bad_values_exit_2_with_one_line_and_store_nothing(
    coach_home: Path, args: tuple[str, ...], words: str
) -> None:
    out = coach("cramp", "log", *args, home=coach_home)
    assert out.returncode == 2, (out.stdout, out.stderr)
    assert out.stdout == ""
    (line,) = out.stderr.strip().splitlines()
    assert line.startswith("coach: ") and words in line, line
    assert diary(coach_home) == []


def test_the_diary_travels_in_the_export(coach_home: Path, tmp_path: Path) -> None:
    coach("cramp", "log", "--muscle", "calf", "--at", "2025-11-20 03:10", home=coach_home)
    path = tmp_path / "coach.json"
    assert (
        coach("export", "--format", "json", "--output", str(path), home=coach_home).returncode == 0
    )
    other = tmp_path / "other-home"
    assert coach("import", str(path), home=other).returncode == 0
    assert coach("import", str(path), home=other).returncode == 0
    mine, theirs = diary(coach_home), diary(other)
    assert [{**c, "id": 0} for c in mine] == [{**c, "id": 0} for c in theirs]
    csv_out = coach("export", "--format", "csv", home=coach_home).stdout
    assert "\ncramp,2025-11-19," in csv_out


# -- `coach cramp` without an action: the cramp screen ----------------------------------------
# Run in this process with a stand-in app module, so no test ever opens the real full screen.


class FakeApp:
    def __init__(self, calls: list) -> None:
        self.calls = calls
        self.context = types.SimpleNamespace(close=lambda: calls.append("closed"))

    def run(self) -> None:
        self.calls.append("run")


def fake_ui(monkeypatch: pytest.MonkeyPatch, make_app) -> None:
    module = types.ModuleType("coach.ui.make_app")
    module.make_app = make_app
    monkeypatch.setitem(sys.modules, "coach.ui.make_app", module)


def test_the_cramp_screen_opens_when_the_app_has_it(monkeypatch) -> None:
    calls: list = []

    def make_app(home=None, *, start_cramp: bool = False) -> FakeApp:
        calls.append(("make_app", start_cramp))
        return FakeApp(calls)

    fake_ui(monkeypatch, make_app)
    assert main(["cramp"]) == 0
    assert calls == [("make_app", True), "run", "closed"]
