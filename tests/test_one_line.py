"""Bad input and hostile surroundings: one line and a non-zero exit, never a traceback (issue 11,
points 9 and 10). The commands run in this process, with the real argument parser."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from coach.cli import main
from tests.conftest import ROOT

QUICK = ROOT / "tests" / "data" / "three-quick.yaml"


def run(argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as exc:
        return int(exc.code or 0)


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


@pytest.fixture
def export_file(coach_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert main(["log", "yesterday"]) == 0
    assert main(["cramp", "log", "--muscle", "calf", "--note", "hi"]) == 0
    path = tmp_path / "export.json"
    assert main(["export", "--format", "json", "--output", str(path)]) == 0
    capsys.readouterr()
    return path


# -- a full standard output: every command that prints ---------------------------------------

PRINTING = [
    ["paths"],
    ["paths", "--json"],
    ["routines", "list"],
    ["routines", "show", "daily-prevention"],
    ["routines", "show", "daily-prevention", "--json"],
    ["routines", "validate", str(QUICK)],
    ["history"],
    ["history", "--json"],
    ["log", "yesterday"],
    ["rest", "today"],
    ["rest", "today", "--undo"],
    ["export", "--format", "csv"],
    ["export", "--format", "json"],
    ["export", "--format", "json", "--output", "{tmp}/out.json"],
    ["import", "{export}"],
    ["cramp", "log", "--muscle", "calf"],
    ["cramp", "list"],
    ["remind", "--list"],
    ["remind", "--ics", "-"],
    ["remind", "--ics", "{tmp}/cal.ics"],
    ["remind", "--install"],
    ["remind", "--uninstall"],
    ["start", "--plain", str(QUICK)],
    ["status"],
    ["status", "--json"],
    ["status", "--format", "waybar"],
    ["report", "--output", "{tmp}/report.html"],
    ["--version"],
    ["--help"],
]


@pytest.mark.parametrize("argv", PRINTING, ids=" ".join)
def test_a_full_standard_output_is_one_line(
    argv: list[str],
    export_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    argv = [w.format(tmp=tmp_path, export=export_file) for w in argv]
    with open("/dev/full", "w", encoding="utf-8") as full:  # noqa: SIM117
        monkeypatch.setattr(sys, "stdout", full)
        try:
            status = main(argv)
        except SystemExit as exc:  # argparse's --help and --version
            status = exc.code
        monkeypatch.undo()
    assert status == 1
    assert one_line(capsys.readouterr().err) == (
        "coach: could not write the output: No space left on device"
    )


# -- text that is not text -------------------------------------------------------------------


def test_a_note_typed_on_a_latin1_terminal_is_one_line(
    coach_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    typed = b"\xe9t\xe9".decode("utf-8", "surrogateescape")  # what Python makes of the bytes
    assert main(["cramp", "log", "--muscle", "calf", "--note", typed]) == 2
    line = one_line(capsys.readouterr().err)
    assert "note" in line and "not UTF-8 text" in line and r"b'\xe9t\xe9'" in line
    assert main(["cramp", "list"]) == 0
    assert "no cramps" in capsys.readouterr().out.lower()


def test_lone_surrogates_in_an_import_are_refused_naming_the_field(
    export_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = export_file.read_text().replace('"hi"', '"h\\udce9"')
    bad = tmp_path / "bad.json"
    bad.write_text(text)
    assert main(["import", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert f"{bad}: cramps[0].note: holds a lone surrogate" in err


def test_a_latin1_terminal_gets_question_marks_not_a_traceback(
    coach_home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import io

    raw = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw, encoding="latin-1"))
    assert main(["history"]) == 0  # its glyphs (● ◐ –) are not Latin-1
    sys.stdout.flush()
    assert b"Key: ? done" in raw.getvalue()


def test_deeply_nested_json_is_one_problem(
    coach_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 200_000 + "]" * 200_000)
    assert main(["import", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}: file: nested far too deeply to be a coach export" in err
    assert "Traceback" not in err and "Recursion" not in err


def test_a_huge_number_gets_no_advice_for_programmers(
    coach_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "big.json"
    path.write_text('{"format": "coach-export", "version": ' + "9" * 5000 + "}")
    assert main(["import", str(path)]) == 2
    err = capsys.readouterr().err
    assert "set_int_max_str_digits" not in err and "digits long" in err
    path.write_text(
        '{"format": "coach-export", "sessions": [], "rest_days": [], "version": ' + "9" * 4000 + "}"
    )
    assert main(["import", str(path)]) == 2
    err = capsys.readouterr().err
    assert "a number 4000 digits long" in err and len(err) < 400


# -- the calendar's edges --------------------------------------------------------------------


@pytest.mark.parametrize("command", ["rest", "log"])
@pytest.mark.parametrize("day", ["0001-01-01", "0001-01-07", "9999-12-31", "9999-12-25"])
def test_a_day_at_the_edge_of_the_calendar_is_one_line(
    coach_home: Path, capsys: pytest.CaptureFixture[str], command: str, day: str
) -> None:
    assert main([command, day]) == 2
    assert day in one_line(capsys.readouterr().err)  # coach.record_dates: 1900 to today
    assert main(["history"]) == 0  # and nothing stored that history cannot show


def test_an_import_from_the_edge_of_the_calendar_is_refused(
    export_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = json.loads(export_file.read_text())
    doc["rest_days"] = [{"day": "0001-01-01", "marked_at": "0001-01-01T09:00:00+00:00"}]
    bad = tmp_path / "old.json"
    bad.write_text(json.dumps(doc))
    assert main(["import", str(bad)]) == 2
    assert "rest_days[0].day" in capsys.readouterr().err
    assert main(["history"]) == 0


# -- folders that are files, folders coach may not write --------------------------------------


@pytest.mark.parametrize("name", ["state", "config"])
@pytest.mark.parametrize("argv", [["history"], ["cramp", "list"], ["remind", "--list"]])
def test_a_folder_that_is_a_file_is_one_line(
    coach_home: Path, capsys: pytest.CaptureFixture[str], name: str, argv: list[str]
) -> None:
    coach_home.mkdir()
    (coach_home / name).write_text("not a folder")
    status = run(argv)
    err = capsys.readouterr().err
    if argv[0] == "remind":  # --list writes nothing: it reads what it can, without a traceback
        assert status == 0 and "Traceback" not in err
        return
    assert status != 0
    assert f"{coach_home / name} is a file where coach needs a folder" in one_line(err)


def test_data_being_a_file_is_named_not_blamed_on_the_disk(
    coach_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    coach_home.mkdir()
    (coach_home / "data").write_text("not a folder")
    assert run(["history"]) == 1
    line = one_line(capsys.readouterr().err)
    assert f"{coach_home / 'data'} is a file" in line and "disk reported" not in line


def test_a_read_only_config_folder_before_config_yaml_exists_is_one_line(
    coach_home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """As root the folder's mode binds nobody, so the refusal comes from mkstemp itself."""
    import errno
    import tempfile

    def refused(*args, dir=None, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", f"{dir}/.config.yaml.x.tmp")

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    assert main(["history"]) == 1
    line = one_line(capsys.readouterr().err)
    assert f"coach may not use {coach_home / 'config'} (permission denied)" in line
    assert f"sudo chown -R $USER {coach_home / 'config'}" in line


def test_a_root_owned_config_after_sudo_is_one_line(
    coach_home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """After `sudo coach` the folder is root's 0700: even looking at config.yaml is refused."""
    import errno

    assert main(["paths"]) == 0
    real = {name: getattr(os, name) for name in ("stat", "lstat", "open")}
    config = str(coach_home / "config") + os.sep  # inside it; the folder itself can be seen

    def refusing(name):
        def call(path, *args, **kwargs):
            if str(path).startswith(config):
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
            return real[name](path, *args, **kwargs)

        return call

    for name in real:
        monkeypatch.setattr(os, name, refusing(name))
    try:
        status = run(["history"])
    finally:
        monkeypatch.undo()
    assert status == 1
    line = one_line(capsys.readouterr().err)
    assert f"coach may not use {coach_home / 'config'} (permission denied)" in line


def test_a_config_of_just_three_dashes_means_the_defaults(
    coach_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (coach_home / "config").mkdir(parents=True)
    for text in ("---\n", "--- ~\n", "---\n# nothing yet\n", ""):
        (coach_home / "config" / "config.yaml").write_text(text)
        assert main(["remind", "--list"]) == 0, capsys.readouterr().err
        assert "daily-prevention" in capsys.readouterr().out  # the profile's default


def test_a_folder_named_like_a_routine_id_does_not_shadow_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coach.routines import find_routine, load_catalog

    monkeypatch.chdir(tmp_path)
    (tmp_path / "daily-prevention").mkdir()
    (tmp_path / "my-routine").write_text(QUICK.read_text())  # a file, no id of that name
    catalog = load_catalog(None)
    assert find_routine(catalog, "daily-prevention", "x").origin == "built-in"
    assert find_routine(catalog, str(QUICK), "x").id == "quick-test"
    assert find_routine(catalog, "my-routine", "x").id == "quick-test"
    assert find_routine(catalog, None, "calf-relief").id == "calf-relief"


# -- sizes -------------------------------------------------------------------------------------


def test_a_huge_routine_file_is_not_quoted_whole(
    coach_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = coach_home / "config" / "routines"
    folder.mkdir(parents=True)
    (folder / "huge.yaml").write_text("title: " + "x" * 3_000_000 + " [\n")
    (folder / "long.yaml").write_text("title: ok\nexercises: " + "z" * 500_000 + "\n")
    assert main(["routines", "list"]) == 0
    err = capsys.readouterr().err
    assert "Not loaded" in err and len(err) < 2000
    assert "too big to be a coach file" in err and "zzzz…" in err


def test_at_most_300_reminders(coach_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (coach_home / "config").mkdir(parents=True)
    entry = '  - {routine: daily-prevention, at: "09:%02d"}\n'
    config = coach_home / "config" / "config.yaml"
    config.write_text("reminders:\n" + "".join(entry % (i % 60) for i in range(300)))
    assert main(["remind", "--list"]) == 0
    capsys.readouterr()
    config.write_text("reminders:\n" + "".join(entry % (i % 60) for i in range(301)))
    assert main(["remind", "--list"]) == 2
    err = capsys.readouterr().err
    assert f"{config}:2:3: reminders: 301 reminders; coach keeps at most 300" in err
    config.write_text("reminders:\n" + entry * 20_000)  # ~900 KB: refused before parsing
    assert main(["remind", "--list"]) == 2
    assert "too big to be a coach file" in capsys.readouterr().err
