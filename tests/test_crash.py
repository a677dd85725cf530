"""An error coach did not expect: exit status 70, one line saying where the traceback is.

Issue 10: the app died on an error and the shell saw status 0, with the traceback printed over
the terminal and kept nowhere.
"""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from textual.app import App

from coach import cli
from coach.ui.app import CoachApp

EXIT_CRASH = 70  # EX_SOFTWARE: documented in README.md


def boom() -> None:
    raise RuntimeError("something coach did not expect")


def log_of(home: Path) -> Path:
    return home / "state" / "coach.log"


def test_a_command_that_fails_unexpectedly_says_where_the_details_are(
    coach_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A bug inside a command: `coach paths` fails while it gathers what it prints.
    monkeypatch.setattr("coach.paths.AppPaths.as_dict", lambda self: boom())
    assert cli.main(["paths"]) == EXIT_CRASH
    err = capsys.readouterr().err
    assert err == (
        "coach stopped after an unexpected error (RuntimeError). "
        f"The details are in {log_of(coach_home)}\n"
    )
    log = log_of(coach_home).read_text()
    assert "Traceback (most recent call last)" in log
    assert "RuntimeError: something coach did not expect" in log
    assert stat.S_IMODE(log_of(coach_home).stat().st_mode) == 0o600


def test_an_error_in_an_app_timer_ends_the_app_with_status_70(
    coach_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The path defect 1 took: an exception inside a Textual timer, with the full app running."""
    mount = CoachApp.on_mount

    def mount_then_fail(self: CoachApp) -> None:
        mount(self)
        self.failing = self.set_timer(0.5, boom)

    monkeypatch.setattr(CoachApp, "on_mount", mount_then_fail)
    monkeypatch.setattr(CoachApp, "run", lambda self: App.run(self, headless=True, size=(80, 24)))
    assert cli.main([]) == EXIT_CRASH
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "coach stopped after an unexpected error (RuntimeError). "
        f"The details are in {log_of(coach_home)}"
    ]
    assert "RuntimeError: something coach did not expect" in log_of(coach_home).read_text()


def test_crashes_are_appended_and_the_log_is_rotated(tmp_path: Path) -> None:
    from coach.crash import write_crash_log

    log = tmp_path / "state" / "coach.log"
    for n in range(2):
        try:
            raise ValueError(f"crash {n}")
        except ValueError as exc:
            assert write_crash_log(log, exc) == log
    text = log.read_text()
    assert text.index("ValueError: crash 0") < text.index("ValueError: crash 1")
    assert stat.S_IMODE(log.parent.stat().st_mode) == 0o700
    log.write_text("x" * (600 * 1024))
    write_crash_log(log, ValueError("after rotation"))
    assert log.with_name("coach.log.1").stat().st_size == 600 * 1024
    assert log.read_text().startswith("==== ") and "after rotation" in log.read_text()


def test_without_a_writable_state_folder_the_traceback_goes_to_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from coach.crash import report_crash

    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    try:
        boom()
    except RuntimeError as exc:
        assert report_crash(exc, blocked / "coach.log") == EXIT_CRASH
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err
    assert err.splitlines()[-1] == (
        "coach stopped after an unexpected error (RuntimeError); "
        "its details could not be written to a log file (see above)."
    )
